//! The training figures each site's row shows (staff required and trained, overdue), kept in
//! the database: refreshed when records change (training) and when they age (dashboard).

use std::collections::HashMap;

use crate::AppState;
use crate::criteria::CriteriaVersion;
use crate::domain::coverage;
use crate::error::Result;

/// Recomputes and stores the training figures of `sites` as of `today`.
pub async fn refresh_training(
    state: &AppState,
    version: &CriteriaVersion,
    sites: &[i64],
    today: time::Date,
) -> Result<HashMap<i64, (u64, u64)>> {
    let mut out = HashMap::new();
    let day = today.to_string();
    for &site in sites {
        let (staff, completions) = state.store.coverage_inputs(site).await?;
        let cov = coverage::coverage(&version.training_modules, &staff, &completions, today);
        let mut overdue: Vec<&str> = cov
            .overdue
            .iter()
            .map(|a| a.employee_ref.as_str())
            .collect();
        overdue.sort_unstable();
        overdue.dedup();
        state
            .store
            .put_site_training(
                site,
                cov.overall.required as i64,
                cov.overall.trained as i64,
                overdue.len() as i64,
                &day,
            )
            .await?;
        out.insert(
            site,
            (cov.overall.required as u64, cov.overall.trained as u64),
        );
    }
    Ok(out)
}
