//! Pagination shared by every list endpoint: `?limit=` (1 to [`MAX_LIMIT`], default
//! [`DEFAULT_LIMIT`]) and `?cursor=` (the `next_cursor` of the previous page, opaque). A list
//! answers with its items under their plural name and `next_cursor` (null on the last page).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Msg, Result};

pub const DEFAULT_LIMIT: usize = 50;
/// The hard maximum: a larger `limit` is refused, not silently cut.
pub const MAX_LIMIT: usize = 200;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page, as it came: opaque.
    #[param(pattern = "^[A-Za-z0-9_-]*$")]
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn limit(&self) -> Result<usize> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT as i64).contains(&n) => Ok(n as usize),
            Some(_) => Err(Error::invalid(
                "limit",
                Msg::new("error-limit").arg("max", MAX_LIMIT),
            )),
        }
    }

    /// The position the cursor carries, or `None` on the first page.
    pub fn position<T: DeserializeOwned>(&self) -> Result<Option<T>> {
        let Some(cursor) = self.cursor.as_deref().filter(|c| !c.is_empty()) else {
            return Ok(None);
        };
        URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .map(Some)
            .ok_or_else(|| Error::invalid("cursor", Msg::new("error-cursor")))
    }
}

/// The cursor that continues after `position`.
pub fn cursor<T: serde::Serialize>(position: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(position).unwrap_or_default())
}

/// One page of a list already in memory (the bounded lists: a site's assessments, a user's
/// tokens...): the cursor is the offset.
pub fn page_of<T>(items: Vec<T>, q: &PageQuery) -> Result<(Vec<T>, Option<String>)> {
    let limit = q.limit()?;
    let offset: usize = q.position()?.unwrap_or(0);
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(offset).take(limit).collect();
    let next = (offset + limit < total).then(|| cursor(&(offset + limit)));
    Ok((page, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(limit: Option<i64>, cursor: Option<String>) -> PageQuery {
        PageQuery { limit, cursor }
    }

    #[test]
    fn pages_cover_the_list_once_in_order() {
        let items: Vec<u32> = (0..7).collect();
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let (page, next) = page_of(items.clone(), &query(Some(3), cursor)).unwrap();
            seen.extend(page);
            match next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn limits_outside_the_range_and_forged_cursors_are_refused() {
        assert!(query(Some(0), None).limit().is_err());
        assert!(query(Some(201), None).limit().is_err());
        assert_eq!(query(Some(200), None).limit().unwrap(), 200);
        assert_eq!(query(None, None).limit().unwrap(), DEFAULT_LIMIT);
        assert!(page_of(vec![1], &query(None, Some("%%%".into()))).is_err());
        assert!(
            page_of(vec![1], &query(None, Some(cursor(&"text")))).is_err(),
            "a cursor of another list does not decode as an offset"
        );
    }
}
