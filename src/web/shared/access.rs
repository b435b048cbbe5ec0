//! Who may reach which object: the site, the assessment behind a route, the group-wide views.
//! Every resource asks here, so the rule is written once: an object the caller may not see
//! answers 404 (its id reveals nothing), one they may see but not change answers 403.

use crate::AppState;
use crate::domain::{Principal, Role};
use crate::error::{Error, Result};
use crate::store::assessments::Assessment;
use crate::store::org::Site;
use crate::web::context::Auth;

/// The site if the caller may see it; 404 otherwise, so ids of others reveal nothing.
pub async fn visible_site(state: &AppState, who: &Principal, id: i64) -> Result<Site> {
    let site = state.store.site(id).await?.ok_or(Error::NotFound)?;
    if !who.can_view(&site.path()) {
        return Err(Error::NotFound);
    }
    Ok(site)
}

/// The site for someone who records its data (answers, training, evidence, procedure):
/// 404 if they may not see it, 403 if they may see it but not record for it.
pub async fn site_to_record(state: &AppState, who: &Principal, id: i64) -> Result<Site> {
    let site = visible_site(state, who, id).await?;
    if !who.can_answer(&site.path()) {
        return Err(Error::Forbidden);
    }
    Ok(site)
}

/// The site, if the caller may see it; `write` also asks that they may record for it.
pub async fn site_for(state: &AppState, auth: &Auth, id: i64, write: bool) -> Result<Site> {
    let who = auth.principal();
    if write {
        site_to_record(state, &who, id).await
    } else {
        visible_site(state, &who, id).await
    }
}

/// The assessment, if the caller may see its site (404 otherwise) and holds one of `roles`
/// (403 otherwise).
pub async fn assessment_for(
    state: &AppState,
    who: &Principal,
    id: i64,
    roles: &[Role],
) -> Result<Assessment> {
    let assessment = state.store.assessment(id).await?.ok_or(Error::NotFound)?;
    visible_site(state, who, assessment.site_id).await?;
    if !roles.contains(&who.role) {
        return Err(Error::Forbidden);
    }
    Ok(assessment)
}

/// Who may see group-wide views (dashboard, exports, roll-up reports, certificate bundles):
/// the company's admins, its auditors, the platform admin. Which sites they see is then
/// their visibility's business.
pub fn may_see(who: &Principal) -> Result<()> {
    if matches!(who.role, Role::CompanyAdmin | Role::Auditor | Role::Admin) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
