//! The organisation tree: companies, their units (a country or a brand) and their sites.

use serde::Serialize;

use super::{Store, now, unique_conflict};
use crate::domain::{Country, NodeKind, NodeName, NodePath, Visibility, search};
use crate::error::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Node {
    pub id: i64,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub company_id: Option<i64>,
    pub name: String,
    pub country: Option<String>,
    pub city: Option<String>,
    pub created_at: String,
}

impl Node {
    pub fn kind(&self) -> Option<NodeKind> {
        NodeKind::parse(&self.kind)
    }

    pub fn path(&self) -> NodePath {
        match self.kind() {
            Some(NodeKind::Site) => NodePath {
                company_id: self.company_id.unwrap_or_default(),
                unit_id: self.parent_id,
                site_id: Some(self.id),
            },
            Some(NodeKind::Unit) => NodePath {
                company_id: self.company_id.unwrap_or_default(),
                unit_id: Some(self.id),
                site_id: None,
            },
            _ => NodePath {
                company_id: self.id,
                unit_id: None,
                site_id: None,
            },
        }
    }
}

/// A site with the names of its unit and company, as lists and pages show it.
/// Fields in the order of [`SITE_COLUMNS`] (the packed form decodes by position).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, serde::Deserialize)]
pub struct Site {
    pub id: i64,
    pub name: String,
    pub city: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub country: String,
    pub company_id: i64,
    pub company_name: String,
}

impl Site {
    pub fn path(&self) -> NodePath {
        NodePath {
            company_id: self.company_id,
            unit_id: Some(self.unit_id),
            site_id: Some(self.id),
        }
    }
}

const NODE_COLUMNS: &str = "id, kind, parent_id, company_id, name, country, city, created_at";

/// What a list of sites may be narrowed to.
#[derive(Debug, Default, Clone)]
pub struct SiteFilter {
    pub company_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// ISO country code.
    pub country: Option<String>,
    pub name_contains: Option<String>,
}

/// A site's columns over `s` (the site), `u` (its unit) and `c` (its company).
pub(super) const SITE_COLUMNS: &[&str] = &[
    "s.id",
    "s.name",
    "COALESCE(s.city, '')",
    "u.id",
    "u.name",
    "COALESCE(s.country, u.country, '')",
    "c.id",
    "c.name",
];

const SITE_SELECT: &str = "SELECT s.id, s.name, COALESCE(s.city, '') AS city, \
     u.id AS unit_id, u.name AS unit_name, COALESCE(s.country, u.country, '') AS country, \
     c.id AS company_id, c.name AS company_name \
     FROM org_nodes s JOIN org_nodes u ON u.id = s.parent_id JOIN org_nodes c ON c.id = s.company_id \
     WHERE s.kind = 'site'";

/// SQL condition restricting node alias `n` to what `vis` allows; `$1` is the user id.
pub(super) fn visibility_sql(vis: Visibility, alias: &str) -> String {
    match vis {
        Visibility::All => "1 = 1".to_owned(),
        Visibility::Subtree(_) => format!(
            "EXISTS (SELECT 1 FROM user_scopes us WHERE us.user_id = $1 \
             AND (us.node_id = {alias}.id OR us.node_id = {alias}.parent_id OR us.node_id = {alias}.company_id))"
        ),
        Visibility::Companies(_) => format!(
            "EXISTS (SELECT 1 FROM user_scopes us WHERE us.user_id = $1 \
             AND (us.node_id = {alias}.company_id OR us.node_id = {alias}.id))"
        ),
    }
}

pub(super) fn visibility_user(vis: Visibility) -> i64 {
    match vis {
        Visibility::All => 0,
        Visibility::Subtree(u) | Visibility::Companies(u) => u,
    }
}

impl Store {
    async fn insert_node(
        &self,
        kind: NodeKind,
        parent: Option<&Node>,
        name: &NodeName,
        country: Option<&Country>,
        city: Option<&NodeName>,
    ) -> Result<Node> {
        let company_id = parent.map(|p| p.company_id.unwrap_or(p.id));
        let sql = format!(
            "INSERT INTO org_nodes (kind, parent_id, company_id, name, country, city, created_at, search_name) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {NODE_COLUMNS}"
        );
        sqlx::query_as::<_, Node>(sqlx::AssertSqlSafe(sql))
            .bind(kind.as_str())
            .bind(parent.map(|p| p.id))
            .bind(company_id)
            .bind(name.as_str())
            .bind(country.map(|c| c.as_str().to_owned()))
            .bind(city.map(|c| c.as_str().to_owned()))
            .bind(now())
            .bind(search::fold(name.as_str()))
            .fetch_one(&self.pool)
            .await
            .map_err(|e| unique_conflict(e, "duplicate-name"))
    }

    /// Writes the folded name that searches compare (`search_name`) on the rows that have
    /// none: those written before the column existed, and those a bulk load wrote.
    pub(crate) async fn fill_search_names(&self) -> Result<()> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM org_nodes WHERE search_name IS NULL")
                .fetch_all(&self.pool)
                .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        for (id, name) in rows {
            sqlx::query("UPDATE org_nodes SET search_name = $1 WHERE id = $2")
                .bind(search::fold(&name))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn create_company(&self, name: &NodeName) -> Result<Node> {
        self.insert_node(NodeKind::Company, None, name, None, None)
            .await
    }

    pub async fn create_unit(
        &self,
        company: &Node,
        name: &NodeName,
        country: &Country,
    ) -> Result<Node> {
        self.insert_node(NodeKind::Unit, Some(company), name, Some(country), None)
            .await
    }

    pub async fn create_site(&self, unit: &Node, name: &NodeName, city: &NodeName) -> Result<Node> {
        self.insert_node(NodeKind::Site, Some(unit), name, None, Some(city))
            .await
    }

    /// The names of the other nodes of `node`'s kind under the same parent (for a company:
    /// the other companies), to warn about look-alikes.
    pub async fn sibling_names(&self, node: &Node) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM org_nodes WHERE kind = $1 AND COALESCE(parent_id, 0) = $2 \
             AND id <> $3 ORDER BY name",
        )
        .bind(&node.kind)
        .bind(node.parent_id.unwrap_or(0))
        .bind(node.id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }

    pub async fn node(&self, id: i64) -> Result<Option<Node>> {
        let sql = format!("SELECT {NODE_COLUMNS} FROM org_nodes WHERE id = $1");
        Ok(sqlx::query_as::<_, Node>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The node if it exists and is of `kind`.
    pub async fn node_of_kind(&self, id: i64, kind: NodeKind) -> Result<Option<Node>> {
        Ok(self.node(id).await?.filter(|n| n.kind() == Some(kind)))
    }

    pub async fn site(&self, id: i64) -> Result<Option<Site>> {
        let sql = format!("{SITE_SELECT} AND s.id = $1");
        Ok(sqlx::query_as::<_, Site>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn count_sites(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM org_nodes WHERE kind = 'site'")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// The sites `vis` allows, by company, unit and name.
    pub async fn list_sites(&self, vis: Visibility) -> Result<Vec<Site>> {
        let sql = format!(
            "{SITE_SELECT} AND ($1 = $1) AND {} ORDER BY c.name, u.name, s.name",
            visibility_sql(vis, "s")
        );
        Ok(sqlx::query_as::<_, Site>(sqlx::AssertSqlSafe(sql))
            .bind(visibility_user(vis))
            .fetch_all(&self.pool)
            .await?)
    }

    /// One page of the sites `vis` allows that pass `filter`, by name then id, after the
    /// (name, id) of the previous page's last site.
    pub async fn sites_page(
        &self,
        vis: Visibility,
        filter: &SiteFilter,
        after: Option<&(String, i64)>,
        limit: usize,
    ) -> Result<Vec<Site>> {
        // Only the filters given become conditions, each with the next parameter number.
        let mut conditions = vec![visibility_sql(vis, "s")];
        let mut n = 1;
        let mut next = || {
            n += 1;
            n
        };
        if filter.company_id.is_some() {
            conditions.push(format!("s.company_id = ${}", next()));
        }
        if filter.unit_id.is_some() {
            conditions.push(format!("s.parent_id = ${}", next()));
        }
        if filter.country.is_some() {
            conditions.push(format!("COALESCE(s.country, u.country, '') = ${}", next()));
        }
        if filter.name_contains.is_some() {
            conditions.push(format!("s.search_name LIKE ${} ESCAPE '\\'", next()));
        }
        if after.is_some() {
            let (a, b) = (next(), next());
            conditions.push(format!(
                "(s.name > ${a} OR (s.name = ${a} AND s.id > ${b}))"
            ));
        }
        let limit_param = next();
        let sql = format!(
            "{SITE_SELECT} AND ($1 = $1) AND {} ORDER BY s.name, s.id LIMIT ${limit_param}",
            conditions.join(" AND ")
        );
        let mut query =
            sqlx::query_as::<_, Site>(sqlx::AssertSqlSafe(sql)).bind(visibility_user(vis));
        if let Some(id) = filter.company_id {
            query = query.bind(id);
        }
        if let Some(id) = filter.unit_id {
            query = query.bind(id);
        }
        if let Some(country) = &filter.country {
            query = query.bind(country.clone());
        }
        if let Some(q) = &filter.name_contains {
            let escaped = search::fold(q)
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            query = query.bind(format!("%{escaped}%"));
        }
        if let Some((name, id)) = after {
            query = query.bind(name.clone()).bind(*id);
        }
        Ok(query.bind(limit as i64).fetch_all(&self.pool).await?)
    }

    /// Companies and units `vis` allows, and the units above visible sites, in tree order.
    pub async fn list_nodes(&self, vis: Visibility, kind: NodeKind) -> Result<Vec<Node>> {
        let sql = format!(
            "SELECT {NODE_COLUMNS} FROM org_nodes n WHERE kind = $2 AND ($1 = $1) AND ({} \
             OR EXISTS (SELECT 1 FROM org_nodes d WHERE (d.parent_id = n.id OR d.company_id = n.id) AND {})) \
             ORDER BY name",
            visibility_sql(vis, "n"),
            visibility_sql(vis, "d")
        );
        Ok(sqlx::query_as::<_, Node>(sqlx::AssertSqlSafe(sql))
            .bind(visibility_user(vis))
            .bind(kind.as_str())
            .fetch_all(&self.pool)
            .await?)
    }
}
