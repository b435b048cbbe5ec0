//! The organisation tree and its users: companies, units, sites, accounts (API and pages).

use std::borrow::Borrow;
use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::context::Auth;
use super::extract::{ApiJson, CsrfForm, EmptyForm, PathParams, QueryParams};
use super::page::{FormErrors, Page, render};
use super::paging::{self, PageQuery};
use crate::AppState;
use crate::domain::values::look_alikes;
use crate::domain::{Country, Email, Lang, NodeKind, NodeName, Password, Principal, Role, search};
use crate::error::{Error, Msg, Problems, Result};
use crate::store::org::{Node, Site};
use crate::store::users::{EmailHolder, NewUser, User};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_list_companies, api_create_company))
        .routes(routes!(api_list_units, api_create_unit))
        .routes(routes!(api_create_site))
        .routes(routes!(api_list_users, api_create_user))
        .route("/org", get(org_page))
        .route("/org/companies", post(form_create_company))
        .route("/org/units", post(form_create_unit))
        .route("/org/sites", post(form_create_site))
        .route("/org/users", post(form_create_user))
        .routes(routes!(api_update_user))
        .routes(routes!(api_deactivate_user))
        .routes(routes!(api_reactivate_user))
        .route("/org/users/{id}/deactivate", post(form_deactivate_user))
        .route("/org/users/{id}/reactivate", post(form_reactivate_user))
}

// ---- the operations, shared by API and pages ----

/// A node the caller may see, of the expected kind; 404 for anything else.
async fn visible_node(state: &AppState, who: &Principal, id: i64, kind: NodeKind) -> Result<Node> {
    let node = state
        .store
        .node_of_kind(id, kind)
        .await?
        .ok_or(Error::NotFound)?;
    if !who.can_view(&node.path()) {
        return Err(Error::NotFound);
    }
    Ok(node)
}

async fn create_company(state: &AppState, who: &Principal, name: &str) -> Result<Node> {
    if !who.can_create_company() {
        return Err(Error::Forbidden);
    }
    let name = NodeName::parse(name).map_err(|e| Error::invalid("name", e))?;
    state.store.create_company(&name).await
}

async fn create_unit(
    state: &AppState,
    who: &Principal,
    company_id: i64,
    name: &str,
    country: &str,
) -> Result<Node> {
    let company = visible_node(state, who, company_id, NodeKind::Company).await?;
    if !who.can_create_unit(company.id) {
        return Err(Error::Forbidden);
    }
    let mut problems = Problems::default();
    let name = problems.check("name", NodeName::parse(name));
    let country = problems.check("country", Country::parse(country));
    problems.finish()?;
    match (name, country) {
        (Some(name), Some(country)) => state.store.create_unit(&company, &name, &country).await,
        _ => Err(anyhow::anyhow!("checked unit input is missing").into()),
    }
}

async fn create_site(
    state: &AppState,
    who: &Principal,
    unit_id: i64,
    name: &str,
    city: &str,
) -> Result<Node> {
    let unit = visible_node(state, who, unit_id, NodeKind::Unit).await?;
    if !who.can_create_site(&unit.path()) {
        return Err(Error::Forbidden);
    }
    let name = NodeName::parse(name).map_err(|e| Error::invalid("name", e))?;
    let city =
        NodeName::parse(city).map_err(|_| Error::invalid("city", Msg::new("city-required")))?;
    state.store.create_site(&unit, &name, &city).await
}

/// A warning about a name that was accepted: it looks like a sibling's (the same letters up
/// to case, invisible joiners, compatibility forms and confusable characters).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NameWarning {
    /// `name-lookalike`.
    #[schema(example = "name-lookalike")]
    code: &'static str,
    /// The field concerned: `name`.
    #[schema(example = "name")]
    field: &'static str,
    /// What to check, in the caller's language.
    message: String,
    /// The existing name it looks like.
    similar_to: String,
}

/// The look-alike warnings about `node`'s name, in `lang`.
async fn name_warnings(state: &AppState, node: &Node, lang: Lang) -> Result<Vec<NameWarning>> {
    let siblings = state.store.sibling_names(node).await?;
    Ok(look_alikes(&node.name, &siblings)
        .into_iter()
        .map(|similar| NameWarning {
            code: "name-lookalike",
            field: "name",
            message: crate::i18n::msg(lang, &Msg::new("name-lookalike").arg("value", similar)),
            similar_to: similar.to_owned(),
        })
        .collect())
}

/// Why `email` cannot be given to a new user by `who`, if it cannot. An address held by a
/// user the caller may see is a 409 "exists"; one held outside their reach gets the same 422
/// as the addresses no account may have (the app's own sender, a bare IP address as domain),
/// so a company admin cannot learn who has an account in another company.
async fn email_refusal(state: &AppState, who: &Principal, email: &Email) -> Result<Option<Error>> {
    let unusable = || Error::invalid("email", Msg::new("email-unusable"));
    let own_sender = state
        .settings
        .mail_from
        .rsplit_once('<')
        .map_or(state.settings.mail_from.as_str(), |(_, a)| {
            a.trim_end_matches('>')
        })
        .trim()
        .eq_ignore_ascii_case(email.as_str());
    let ip_domain = email
        .as_str()
        .rsplit_once('@')
        .is_some_and(|(_, d)| d.starts_with('['));
    if own_sender || ip_domain {
        return Ok(Some(unusable()));
    }
    Ok(
        match state.store.email_holder(email, who.visibility()).await? {
            None => None,
            Some(EmailHolder::Visible) => Some(Error::conflict("duplicate-email")),
            Some(EmailHolder::Elsewhere) => Some(unusable()),
        },
    )
}

/// A language as a form or body gives it: none, or `en`, `fr` or `nl`.
fn parse_language(code: Option<&str>) -> std::result::Result<Option<Lang>, Msg> {
    match code {
        None | Some("") => Ok(None),
        Some(code) => Lang::parse(code)
            .map(Some)
            .ok_or(Msg::new("error-language")),
    }
}

/// The paths of `scopes` for a user of `role`, each a node `who` sees of a kind the role
/// takes; what is wrong goes to `problems` under `scope_id`.
async fn scope_paths(
    state: &AppState,
    who: &Principal,
    role: Role,
    scopes: &[i64],
    problems: &mut Problems,
) -> Result<Vec<crate::domain::NodePath>> {
    let kinds = role.scope_kinds();
    if kinds.is_empty() && !scopes.is_empty() {
        problems.add("scope_id", Msg::new("scope-not-allowed"));
    }
    if role.scope_required() && scopes.is_empty() {
        problems.add("scope_id", Msg::new("scope-required"));
    }
    let mut paths = Vec::new();
    for id in scopes {
        // A node the caller cannot see is answered as one that does not exist.
        let node = state.store.node(*id).await?;
        match node
            .filter(|n| who.can_view(&n.path()) && n.kind().is_some_and(|k| kinds.contains(&k)))
        {
            Some(n) => paths.push(n.path()),
            None => problems.add("scope_id", Msg::new("scope-wrong-kind")),
        }
    }
    Ok(paths)
}

/// User `id` if `who` manages them: 404 for a user they cannot see, 403 for one they see but
/// do not manage (whoever could have created the account manages it).
async fn managed_user(state: &AppState, who: &Principal, id: i64) -> Result<User> {
    if !who.can_manage_org() {
        return Err(Error::Forbidden);
    }
    let user = state.store.user(id).await?.ok_or(Error::NotFound)?;
    let email = Email::parse(&user.email).map_err(|_| Error::NotFound)?;
    if state.store.email_holder(&email, who.visibility()).await? != Some(EmailHolder::Visible) {
        return Err(Error::NotFound);
    }
    let mut paths = Vec::new();
    for scope in &user.scopes {
        if let Some(node) = state.store.node(*scope).await? {
            paths.push(node.path());
        }
    }
    if !who.can_create_user(user.role, &paths) {
        return Err(Error::Forbidden);
    }
    Ok(user)
}

/// Changes user `id`'s role, scopes or language (`None`: kept) for `who`, who must manage
/// them before and after: a company admin never makes an admin, nor moves someone out of
/// their reach. The last active platform admin keeps the role (409).
async fn update_user(
    state: &AppState,
    who: &Principal,
    id: i64,
    change: UserChange<'_>,
) -> Result<User> {
    let user = managed_user(state, who, id).await?;
    let mut problems = Problems::default();
    let role = match change.role {
        None => Some(user.role),
        Some(r) => problems.check("role", Role::parse(r).ok_or(Msg::new("invalid-role"))),
    };
    let language = match change.language {
        None => Some(user.language),
        Some(code) => problems.check("language", parse_language(Some(code))),
    };
    let scopes = change.scopes.unwrap_or_else(|| user.scopes.clone());
    let paths = match role {
        Some(role) => scope_paths(state, who, role, &scopes, &mut problems).await?,
        None => Vec::new(),
    };
    problems.finish()?;
    let (Some(role), Some(language)) = (role, language) else {
        return Err(anyhow::anyhow!("checked user change is missing").into());
    };
    if !who.can_create_user(role, &paths) {
        return Err(Error::Forbidden);
    }
    state
        .store
        .update_user(id, role, &scopes, language, who.user_id)
        .await?;
    state.store.user(id).await?.ok_or(Error::NotFound)
}

struct UserChange<'a> {
    role: Option<&'a str>,
    scopes: Option<Vec<i64>>,
    language: Option<&'a str>,
}

/// Deactivates or reactivates user `id` for `who`, who must manage them.
async fn set_user_active(state: &AppState, who: &Principal, id: i64, active: bool) -> Result<User> {
    managed_user(state, who, id).await?;
    state.store.set_user_active(id, active, who.user_id).await?;
    state.store.user(id).await?.ok_or(Error::NotFound)
}

struct UserInput<'a> {
    email: &'a str,
    password: &'a str,
    role: &'a str,
    scopes: Vec<i64>,
    language: Option<&'a str>,
}

async fn create_user(state: &AppState, who: &Principal, input: UserInput<'_>) -> Result<User> {
    if !who.can_manage_org() {
        return Err(Error::Forbidden);
    }
    let mut problems = Problems::default();
    let email = problems.check("email", Email::parse(input.email));
    let password = problems.check(
        "password",
        Password::parse_for(input.password, &[input.email]),
    );
    let role = problems.check(
        "role",
        Role::parse(input.role).ok_or(Msg::new("invalid-role")),
    );
    let language = problems.check("language", parse_language(input.language));
    let paths = match role {
        Some(role) => scope_paths(state, who, role, &input.scopes, &mut problems).await?,
        None => Vec::new(),
    };
    problems.finish()?;
    let (Some(email), Some(password), Some(role), Some(language)) =
        (email, password, role, language)
    else {
        return Err(anyhow::anyhow!("checked user input is missing").into());
    };
    if !who.can_create_user(role, &paths) {
        return Err(Error::Forbidden);
    }
    // Before the hash, so that no refusal takes longer than another.
    if let Some(refusal) = email_refusal(state, who, &email).await? {
        return Err(refusal);
    }
    let password_hash = state.hashing.hash(&password).await?;
    let created = state
        .store
        .create_user(NewUser {
            email: &email,
            password_hash,
            role,
            scopes: &input.scopes,
            language,
        })
        .await;
    match created {
        // Taken meanwhile: answered as it would have been a moment later.
        Err(Error::Conflict(_)) => Err(email_refusal(state, who, &email)
            .await?
            .unwrap_or_else(|| Error::invalid("email", Msg::new("email-unusable")))),
        other => other,
    }
}

// ---- JSON ----

/// A company.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CompanyNodeView {
    id: i64,
    /// `company`.
    #[schema(example = "company")]
    kind: String,
    name: String,
    created_at: String,
}

/// A unit: a brand or region of a company.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitNodeView {
    id: i64,
    /// `unit`.
    #[schema(example = "unit")]
    kind: String,
    name: String,
    created_at: String,
    company_id: Option<i64>,
    /// ISO 3166-1 alpha-2 code.
    #[schema(example = "BE")]
    country: Option<String>,
}

/// A site (hotel, office) as a node of the organisation tree.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SiteNodeView {
    id: i64,
    /// `site`.
    #[schema(example = "site")]
    kind: String,
    name: String,
    created_at: String,
    company_id: Option<i64>,
    unit_id: Option<i64>,
    city: Option<String>,
}

/// A creation's answer: 201 and its body.
fn created<T>(body: T) -> (StatusCode, axum::Json<T>) {
    (StatusCode::CREATED, axum::Json(body))
}

impl From<&Node> for CompanyNodeView {
    fn from(n: &Node) -> CompanyNodeView {
        CompanyNodeView {
            id: n.id,
            kind: n.kind.clone(),
            name: n.name.clone(),
            created_at: n.created_at.clone(),
        }
    }
}

impl From<&Node> for UnitNodeView {
    fn from(n: &Node) -> UnitNodeView {
        UnitNodeView {
            id: n.id,
            kind: n.kind.clone(),
            name: n.name.clone(),
            created_at: n.created_at.clone(),
            company_id: n.company_id,
            country: n.country.clone(),
        }
    }
}

impl From<&Node> for SiteNodeView {
    fn from(n: &Node) -> SiteNodeView {
        SiteNodeView {
            id: n.id,
            kind: n.kind.clone(),
            name: n.name.clone(),
            created_at: n.created_at.clone(),
            company_id: n.company_id,
            unit_id: n.parent_id,
            city: n.city.clone(),
        }
    }
}

/// The answer of `POST /api/v1/companies`: the company and the warnings about its name.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewCompanyAnswer {
    #[serde(flatten)]
    company: CompanyNodeView,
    /// Other companies whose names look like this one's; empty when none. The company is
    /// created all the same.
    warnings: Vec<NameWarning>,
}

/// The answer of `POST /api/v1/companies/{id}/units`: the unit and the warnings about its name.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewUnitAnswer {
    #[serde(flatten)]
    unit: UnitNodeView,
    /// Other units of the company whose names look like this one's; empty when none. The
    /// unit is created all the same.
    warnings: Vec<NameWarning>,
}

/// The answer of `POST /api/v1/units/{id}/sites`: the site and the warnings about its name.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewSiteAnswer {
    #[serde(flatten)]
    site: SiteNodeView,
    /// Other sites of the unit whose names look like this one's; empty when none. The site
    /// is created all the same.
    warnings: Vec<NameWarning>,
}

/// A page of companies.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CompanyListAnswer {
    companies: Vec<CompanyNodeView>,
    /// The `cursor` of the next page; `null` on the last page.
    next_cursor: Option<String>,
}

/// A page of a company's units.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitListAnswer {
    units: Vec<UnitNodeView>,
    /// The `cursor` of the next page; `null` on the last page.
    next_cursor: Option<String>,
}

/// A user account, as those who manage the organisation see it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UserView {
    id: i64,
    email: String,
    /// `admin`, `company_admin`, `site_manager` or `auditor`.
    #[schema(value_type = String, example = "site_manager")]
    role: Role,
    /// The first of `scopes`, or `null` when there is none.
    scope_id: Option<i64>,
    /// The nodes (company, unit or site) the user works on; empty for a platform admin.
    scopes: Vec<i64>,
    /// `en`, `fr` or `nl`; `null`: none chosen, and the browser's language applies.
    #[schema(value_type = Option<String>, example = "fr")]
    language: Option<Lang>,
    created_at: String,
    /// When the account was deactivated; `null` while it is active.
    deactivated_at: Option<String>,
    /// When the user last logged in; `null` if never.
    last_login_at: Option<String>,
}

impl From<&User> for UserView {
    fn from(u: &User) -> UserView {
        UserView {
            id: u.id,
            email: u.email.clone(),
            role: u.role,
            scope_id: u.scope_id(),
            scopes: u.scopes.clone(),
            language: u.language,
            created_at: u.created_at.clone(),
            deactivated_at: u.deactivated_at.clone(),
            last_login_at: u.last_login_at.clone(),
        }
    }
}

/// A page of users.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UserListAnswer {
    users: Vec<UserView>,
    /// The `cursor` of the next page; `null` on the last page.
    next_cursor: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
struct NameBody {
    /// 1 to 200 characters, without control characters, bidi controls or invisible
    /// characters; stored in Unicode NFC.
    #[schema(min_length = 1, max_length = 200)]
    name: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
struct UnitBody {
    /// 1 to 200 characters, without control characters, bidi controls or invisible
    /// characters; stored in Unicode NFC.
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    /// ISO 3166-1 alpha-2 code.
    #[schema(pattern = "^[A-Z]{2}$", example = "BE")]
    country: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
struct SiteBody {
    /// 1 to 200 characters, without control characters, bidi controls or invisible
    /// characters; stored in Unicode NFC.
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    #[schema(min_length = 1, max_length = 200)]
    city: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
struct UserBody {
    #[schema(format = Email, max_length = 254)]
    email: String,
    /// At least 12 characters, and not easy to guess (zxcvbn score 3 or more).
    #[schema(min_length = 12, max_length = 256)]
    password: String,
    #[schema(pattern = "^(admin|company_admin|site_manager|auditor)$")]
    role: String,
    scope_id: Option<i64>,
    #[serde(default)]
    scope_ids: Vec<i64>,
    #[schema(pattern = "^(en|fr|nl)$")]
    language: Option<String>,
}

#[utoipa::path(
    operation_id = "org_list_companies",
    get,
    path = "/api/v1/companies",
    tag = "organisation",
    summary = "Companies the caller may see",
    description = "Any signed-in user may call it; the answer holds only the companies the caller may see (every one for the platform admin).",
    params(crate::web::paging::PageQuery),
    responses((status = 200, description = "The companies", body = CompanyListAnswer))
)]
async fn api_list_companies(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<CompanyListAnswer>> {
    let nodes = state
        .store
        .list_nodes(auth.principal().visibility(), NodeKind::Company)
        .await?;
    let (nodes, next) = paging::page_of(nodes, &p)?;
    Ok(axum::Json(CompanyListAnswer {
        companies: nodes.iter().map(CompanyNodeView::from).collect(),
        next_cursor: next,
    }))
}

#[utoipa::path(
    operation_id = "org_create_company",
    post,
    path = "/api/v1/companies",
    tag = "organisation",
    summary = "Create a company (admin)",
    description = "Only the platform admin may create companies. A name that looks like another company's (same letters up to case, accents or look-alike characters) is accepted, with a warning in `warnings`.",
    request_body = NameBody,
    responses((status = 201, description = "The company, with `warnings`: names of other companies that look like its own. It is created all the same", body = NewCompanyAnswer), (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody), (status = 409, description = "Another company already has this name, whatever its case (code `conflict`)", body = crate::web::openapi::ErrorBody), (status = 422, description = "A field is wrong (`field` says which): a name has 1 to 200 characters and no control, bidi or invisible characters", body = crate::web::openapi::ErrorBody))
)]
async fn api_create_company(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<NameBody>,
) -> Result<(StatusCode, axum::Json<NewCompanyAnswer>)> {
    let node = create_company(&state, &auth.principal(), &body.name).await?;
    Ok(created(NewCompanyAnswer {
        company: CompanyNodeView::from(&node),
        warnings: name_warnings(&state, &node, auth.lang()).await?,
    }))
}

#[utoipa::path(
    operation_id = "org_list_units",
    get,
    path = "/api/v1/companies/{id}/units",
    tag = "organisation",
    summary = "A company's units",
    description = "The units of the company that the caller may see; a company the caller may not see is a 404.",
    params(("id" = i64, Path, description = "The company"), crate::web::paging::PageQuery),
    responses((status = 200, description = "The units", body = UnitListAnswer))
)]
async fn api_list_units(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<UnitListAnswer>> {
    let who = auth.principal();
    let company = visible_node(&state, &who, id, NodeKind::Company).await?;
    let units: Vec<_> = state
        .store
        .list_nodes(who.visibility(), NodeKind::Unit)
        .await?
        .into_iter()
        .filter(|u| u.company_id == Some(company.id))
        .collect();
    let (units, next) = paging::page_of(units, &p)?;
    Ok(axum::Json(UnitListAnswer {
        units: units.iter().map(UnitNodeView::from).collect(),
        next_cursor: next,
    }))
}

#[utoipa::path(
    operation_id = "org_create_unit",
    post,
    path = "/api/v1/companies/{id}/units",
    tag = "organisation",
    summary = "Create a unit",
    description = "The platform admin and the admins of the company itself (not of one of its units) may add a unit (a brand or region) to it. A name that looks like a sibling's is accepted, with a warning in `warnings`.",
    params(("id" = i64, Path, description = "The company")),
    request_body = UnitBody,
    responses((status = 201, description = "The unit, with `warnings`: names of the company's other units that look like its own. It is created all the same", body = NewUnitAnswer), (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody), (status = 409, description = "Another unit of the company already has this name, whatever its case (code `conflict`)", body = crate::web::openapi::ErrorBody), (status = 422, description = "A field is wrong (`field` says which): a name has 1 to 200 characters and no control, bidi or invisible characters", body = crate::web::openapi::ErrorBody))
)]
async fn api_create_unit(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<UnitBody>,
) -> Result<(StatusCode, axum::Json<NewUnitAnswer>)> {
    let node = create_unit(&state, &auth.principal(), id, &body.name, &body.country).await?;
    Ok(created(NewUnitAnswer {
        unit: UnitNodeView::from(&node),
        warnings: name_warnings(&state, &node, auth.lang()).await?,
    }))
}

#[utoipa::path(
    operation_id = "org_create_site",
    post,
    path = "/api/v1/units/{id}/sites",
    tag = "organisation",
    summary = "Create a site (hotel)",
    description = "The platform admin and the company admins whose scope covers the unit may add a site to it. A name that looks like a sibling's is accepted, with a warning in `warnings`.",
    params(("id" = i64, Path, description = "The unit")),
    request_body = SiteBody,
    responses((status = 201, description = "The site, with `warnings`: names of the unit's other sites that look like its own. It is created all the same", body = NewSiteAnswer), (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody), (status = 409, description = "Another site of the unit already has this name, whatever its case (code `conflict`)", body = crate::web::openapi::ErrorBody), (status = 422, description = "A field is wrong (`field` says which): a name has 1 to 200 characters and no control, bidi or invisible characters", body = crate::web::openapi::ErrorBody))
)]
async fn api_create_site(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<SiteBody>,
) -> Result<(StatusCode, axum::Json<NewSiteAnswer>)> {
    let node = create_site(&state, &auth.principal(), id, &body.name, &body.city).await?;
    Ok(created(NewSiteAnswer {
        site: SiteNodeView::from(&node),
        warnings: name_warnings(&state, &node, auth.lang()).await?,
    }))
}

#[utoipa::path(
    operation_id = "org_list_users",
    get,
    path = "/api/v1/users",
    tag = "organisation",
    summary = "Users the caller may see",
    description = "For those who manage the organisation (the platform admin, company admins): the accounts within their reach, narrowed by role, state or part of the address.",
    params(UserQuery, PageQuery),
    responses((status = 200, description = "The users", body = UserListAnswer), (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody))
)]
async fn api_list_users(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<UserQuery>,
    QueryParams(p): QueryParams<PageQuery>,
) -> Result<axum::Json<UserListAnswer>> {
    let who = auth.principal();
    if !who.can_manage_org() {
        return Err(Error::Forbidden);
    }
    let role = match q.role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => Some(
            Role::parse(r).ok_or_else(|| Error::invalid("role", Msg::new("user-role-invalid")))?,
        ),
    };
    let active = match q.state.as_deref() {
        None => None,
        Some("active") => Some(true),
        Some("deactivated") => Some(false),
        Some(_) => return Err(Error::invalid("state", Msg::new("user-state-invalid"))),
    };
    let needle = q.q.as_deref().map(|s| s.trim().to_lowercase());
    let users: Vec<User> = state
        .store
        .list_users(who.visibility())
        .await?
        .into_iter()
        .filter(|u| role.is_none_or(|r| u.role == r))
        .filter(|u| active.is_none_or(|a| u.deactivated_at.is_none() == a))
        .filter(|u| needle.as_deref().is_none_or(|n| u.email.contains(n)))
        .collect();
    let (users, next) = paging::page_of(users, &p)?;
    Ok(axum::Json(UserListAnswer {
        users: users.iter().map(UserView::from).collect(),
        next_cursor: next,
    }))
}

/// Narrows `GET /api/v1/users`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct UserQuery {
    /// admin, company_admin, site_manager or auditor.
    role: Option<String>,
    /// Part of the e-mail address.
    q: Option<String>,
    /// `active` or `deactivated`.
    #[param(pattern = "^(active|deactivated)$")]
    state: Option<String>,
}

#[utoipa::path(
    operation_id = "org_create_user",
    post,
    path = "/api/v1/users",
    tag = "organisation",
    summary = "Create a user",
    description = "The platform admin may create any user; a company admin only site managers scoped within their own reach. An address that a user the caller may see already has is a 409. An address the caller cannot use for another reason (held by an account outside the caller's organisation, the app's own sender address, an IP address as domain) is one and the same 422 on `email`, so the answer does not tell whether an account exists elsewhere.",
    request_body = UserBody,
    responses((status = 201, description = "The user", body = UserView), (status = 403, description = "The caller's role or scope does not allow this (code `forbidden`)", body = crate::web::openapi::ErrorBody), (status = 409, description = "A user the caller may see already has this address (code `conflict`)", body = crate::web::openapi::ErrorBody), (status = 422, description = "A field is wrong (`field` says which), or the address cannot be used", body = crate::web::openapi::ErrorBody))
)]
async fn api_create_user(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<UserBody>,
) -> Result<(StatusCode, axum::Json<UserView>)> {
    let mut scopes: Vec<i64> = body.scope_id.into_iter().collect();
    for id in body.scope_ids {
        if !scopes.contains(&id) {
            scopes.push(id);
        }
    }
    let user = create_user(
        &state,
        &auth.principal(),
        UserInput {
            email: &body.email,
            password: &body.password,
            role: &body.role,
            scopes,
            language: body.language.as_deref(),
        },
    )
    .await?;
    Ok(created(UserView::from(&user)))
}

// ---- pages ----

pub struct UnitView {
    pub node: Node,
    pub sites: Vec<Site>,
}

pub struct CompanyView {
    pub node: Node,
    pub units: Vec<UnitView>,
    pub can_add_unit: bool,
}

/// A form that failed: which one (and for which parent), what was typed, what is wrong.
#[derive(Default)]
pub struct FailedForm {
    pub which: &'static str,
    pub parent: i64,
    pub values: HashMap<String, String>,
    pub errors: FormErrors,
}

impl FailedForm {
    /// What the user typed into `field` of form `which` under `parent`, to show it again.
    pub fn value(&self, which: &str, parent: impl Borrow<i64>, field: &str) -> &str {
        if self.which == which && self.parent == *parent.borrow() {
            self.values.get(field).map_or("", String::as_str)
        } else {
            ""
        }
    }

    pub fn error(&self, which: &str, parent: impl Borrow<i64>, field: &str) -> Option<&str> {
        (self.which == which && self.parent == *parent.borrow())
            .then(|| self.errors.of(field))
            .flatten()
    }
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    page: Page,
    companies: Vec<CompanyView>,
    users: Vec<User>,
    /// The users the caller manages (deactivates, reactivates), themselves excepted.
    manageable: Vec<i64>,
    nodes: HashMap<i64, String>,
    is_admin: bool,
    failed: FailedForm,
    roles: Vec<Role>,
    scope_choices: Vec<(i64, String)>,
    /// Look-alike warnings about the name just saved.
    warnings: Vec<NameWarning>,
    /// The site search, kept in the pager's links.
    q: String,
    /// Whether this is a page after the first (the pager then links back to the first).
    later_page: bool,
    /// The link to the next page of the tree, if there is one.
    next: Option<String>,
}

impl OrgPage {
    /// The day the user last logged in, in the page's language.
    fn last_login(&self, user: &User) -> Option<String> {
        let at = user.last_login_at.as_deref()?;
        let day = crate::store::training::parse_date(at.get(..10)?)?;
        Some(crate::i18n::format_date(self.page.lang, day))
    }

    fn scope_names(&self, user: &User) -> String {
        user.scopes
            .iter()
            .map(|id| {
                self.nodes
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| format!("#{id}"))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Lines of the tree shown per page of `/org`: a site, or a unit or company with nothing under it.
const ORG_PAGE_LINES: usize = 50;

/// One line of the organisation tree, in the order the page shows it.
struct TreeLine<'a> {
    company: &'a Node,
    unit: Option<&'a Node>,
    site: Option<&'a Site>,
}

/// Whether `site` matches the search `q` (already folded): by name or city, whatever their
/// case and accents.
fn site_matches(site: &Site, q: &str) -> bool {
    q.is_empty() || search::fold(&site.name).contains(q) || search::fold(&site.city).contains(q)
}

/// The tree as lines: each company, each of its units, each of their sites. A unit without sites
/// (a company without units) is a line of its own, except when searching: then only the sites
/// that match, under their unit and company.
fn tree_lines<'a>(
    companies: &'a [Node],
    units: &'a [Node],
    sites: &'a [Site],
    q: &str,
) -> Vec<TreeLine<'a>> {
    let mut lines = Vec::new();
    for company in companies {
        let before = lines.len();
        for unit in units.iter().filter(|u| u.company_id == Some(company.id)) {
            let mut any = false;
            for site in sites.iter().filter(|s| s.unit_id == unit.id) {
                any = true;
                if site_matches(site, q) {
                    lines.push(TreeLine {
                        company,
                        unit: Some(unit),
                        site: Some(site),
                    });
                }
            }
            if !any && q.is_empty() {
                lines.push(TreeLine {
                    company,
                    unit: Some(unit),
                    site: None,
                });
            }
        }
        if lines.len() == before && q.is_empty() {
            lines.push(TreeLine {
                company,
                unit: None,
                site: None,
            });
        }
    }
    lines
}

/// The page's companies, built back from its lines: each company and unit once, in order.
fn group_lines(lines: Vec<TreeLine<'_>>, who: &Principal) -> Vec<CompanyView> {
    let mut companies: Vec<CompanyView> = Vec::new();
    for line in lines {
        if companies
            .last()
            .is_none_or(|c| c.node.id != line.company.id)
        {
            companies.push(CompanyView {
                node: line.company.clone(),
                units: Vec::new(),
                can_add_unit: who.can_create_unit(line.company.id),
            });
        }
        let Some(company) = companies.last_mut() else {
            continue;
        };
        let Some(unit) = line.unit else {
            continue;
        };
        if company.units.last().is_none_or(|u| u.node.id != unit.id) {
            company.units.push(UnitView {
                node: unit.clone(),
                sites: Vec::new(),
            });
        }
        if let (Some(view), Some(site)) = (company.units.last_mut(), line.site) {
            view.sites.push(site.clone());
        }
    }
    companies
}

/// The address of a page of `/org`, keeping the search.
fn org_link(q: &str, cursor: Option<&str>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if !q.is_empty() {
        query.append_pair("q", q);
    }
    if let Some(c) = cursor {
        query.append_pair("cursor", c);
    }
    let query = query.finish();
    if query.is_empty() {
        "/org".to_owned()
    } else {
        format!("/org?{query}")
    }
}

/// Which part of the tree `/org` shows: the search and the page.
#[derive(Default)]
struct TreeView {
    q: String,
    cursor: Option<String>,
}

async fn org_view(
    state: &AppState,
    auth: &Auth,
    failed: FailedForm,
    warnings: Vec<NameWarning>,
    view: TreeView,
) -> Result<Response> {
    let who = auth.principal();
    if !who.can_manage_org() {
        return Err(Error::Forbidden);
    }
    let vis = who.visibility();
    let companies = state.store.list_nodes(vis, NodeKind::Company).await?;
    let units = state.store.list_nodes(vis, NodeKind::Unit).await?;
    let sites = state.store.list_sites(vis).await?;
    let users = state.store.list_users(vis).await?;
    // Who the caller manages, so that only their rows carry the buttons that act on them.
    let paths: HashMap<i64, crate::domain::NodePath> = companies
        .iter()
        .chain(&units)
        .map(|n| (n.id, n.path()))
        .chain(sites.iter().map(|s| (s.id, s.path())))
        .collect();
    let manageable = users
        .iter()
        .filter(|u| u.id != who.user_id)
        .filter(|u| {
            let scopes: Vec<_> = u
                .scopes
                .iter()
                .filter_map(|id| paths.get(id).cloned())
                .collect();
            scopes.len() == u.scopes.len() && who.can_create_user(u.role, &scopes)
        })
        .map(|u| u.id)
        .collect();
    let mut nodes: HashMap<i64, String> = HashMap::new();
    let mut scope_choices = Vec::new();
    for c in &companies {
        nodes.insert(c.id, c.name.clone());
        if who.role == Role::Admin {
            scope_choices.push((c.id, c.name.clone()));
        }
    }
    for u in &units {
        nodes.insert(u.id, u.name.clone());
        if who.role == Role::Admin {
            scope_choices.push((
                u.id,
                format!("  {} / {}", nodes_name(&nodes, u.company_id), u.name),
            ));
        }
    }
    for s in &sites {
        nodes.insert(s.id, s.name.clone());
        scope_choices.push((
            s.id,
            format!("{} / {} / {}", s.company_name, s.unit_name, s.name),
        ));
    }
    let q: String = view.q.trim().chars().take(200).collect();
    // A cursor that is not one (an edited link) starts again from the first page.
    let mut paging = PageQuery {
        limit: Some(ORG_PAGE_LINES as i64),
        cursor: view.cursor,
    };
    let offset = paging.position::<usize>().unwrap_or_else(|_| {
        paging.cursor = None;
        None
    });
    let lines = tree_lines(&companies, &units, &sites, &search::fold(&q));
    let (lines, next) = paging::page_of(lines, &paging)?;
    let later_page = offset.unwrap_or(0) > 0;
    let next = next.map(|c| org_link(&q, Some(&c)));
    let companies = group_lines(lines, &who);
    // The least powerful role first, so it is the one chosen unless someone picks another.
    let roles = if who.role == Role::Admin {
        let mut all = Role::ALL.to_vec();
        all.sort_by_key(|r| match r {
            Role::SiteManager => 0,
            Role::CompanyAdmin | Role::Auditor => 1,
            Role::Admin => 2,
        });
        all
    } else {
        vec![Role::SiteManager]
    };
    let status = if failed.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = render(&OrgPage {
        page: Page::titled(&auth.ctx, "org-title"),
        companies,
        users,
        manageable,
        nodes,
        is_admin: who.role == Role::Admin,
        failed,
        roles,
        scope_choices,
        warnings,
        q,
        later_page,
        next,
    })?;
    Ok((status, html).into_response())
}

fn nodes_name(nodes: &HashMap<i64, String>, id: Option<i64>) -> String {
    id.and_then(|i| nodes.get(&i).cloned()).unwrap_or_default()
}

#[derive(Debug, Default, Deserialize)]
struct OrgQuery {
    /// A node just created whose name looks like a sibling's: the page says so.
    lookalike: Option<i64>,
    /// Show only the sites whose name or city contains this.
    #[serde(default)]
    q: String,
    /// The page of the tree (the pager's `cursor`).
    cursor: Option<String>,
}

async fn org_page(
    State(state): State<AppState>,
    auth: Auth,
    QueryParams(q): QueryParams<OrgQuery>,
) -> Result<Response> {
    let mut warnings = Vec::new();
    if let Some(id) = q.lookalike {
        // Only about a node the caller may see; the warning is worked out again, not carried.
        if let Some(node) = state.store.node(id).await?
            && auth.principal().can_view(&node.path())
        {
            warnings = name_warnings(&state, &node, auth.lang()).await?;
        }
    }
    let view = TreeView {
        q: q.q,
        cursor: q.cursor,
    };
    org_view(&state, &auth, FailedForm::default(), warnings, view).await
}

/// Where to go after a node was created: the page, with the look-alike warning if there is one.
async fn saved_node(state: &AppState, node: Result<Node>) -> Result<String> {
    let node = node?;
    let siblings = state.store.sibling_names(&node).await?;
    Ok(if look_alikes(&node.name, &siblings).is_empty() {
        "/org?saved=1".to_owned()
    } else {
        format!("/org?saved=1&lookalike={}", node.id)
    })
}

/// After a form: to `outcome`'s page on success, the page with the error and the input otherwise.
async fn after_form(
    state: &AppState,
    auth: &Auth,
    outcome: Result<String>,
    which: &'static str,
    parent: i64,
    values: HashMap<String, String>,
) -> Result<Response> {
    match outcome {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e) => {
            let errors = FormErrors::from_result(auth.lang(), e)?;
            org_view(
                state,
                auth,
                FailedForm {
                    which,
                    parent,
                    values,
                    errors,
                },
                Vec::new(),
                TreeView::default(),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
struct OrgForm {
    #[serde(default)]
    parent: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    scope: Option<i64>,
    #[serde(default)]
    language: String,
}

impl OrgForm {
    /// What to show again if the form fails: everything but the password.
    fn kept(&self) -> HashMap<String, String> {
        [
            ("name", &self.name),
            ("country", &self.country),
            ("city", &self.city),
            ("email", &self.email),
            ("role", &self.role),
            ("language", &self.language),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .chain(self.scope.map(|s| ("scope".to_owned(), s.to_string())))
        .collect()
    }
}

async fn form_create_company(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(f): CsrfForm<OrgForm>,
) -> Result<Response> {
    let outcome = saved_node(
        &state,
        create_company(&state, &auth.principal(), &f.name).await,
    )
    .await;
    after_form(&state, &auth, outcome, "company", 0, f.kept()).await
}

async fn form_create_unit(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(f): CsrfForm<OrgForm>,
) -> Result<Response> {
    let created = create_unit(&state, &auth.principal(), f.parent, &f.name, &f.country).await;
    let outcome = saved_node(&state, created).await;
    after_form(&state, &auth, outcome, "unit", f.parent, f.kept()).await
}

async fn form_create_site(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(f): CsrfForm<OrgForm>,
) -> Result<Response> {
    let created = create_site(&state, &auth.principal(), f.parent, &f.name, &f.city).await;
    let outcome = saved_node(&state, created).await;
    after_form(&state, &auth, outcome, "site", f.parent, f.kept()).await
}

async fn form_create_user(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(f): CsrfForm<OrgForm>,
) -> Result<Response> {
    let input = UserInput {
        email: &f.email,
        password: &f.password,
        role: &f.role,
        scopes: f.scope.into_iter().collect(),
        language: Some(f.language.as_str()),
    };
    let outcome = create_user(&state, &auth.principal(), input)
        .await
        .map(|_| "/org?saved=1".to_owned());
    after_form(&state, &auth, outcome, "user", 0, f.kept()).await
}

#[utoipa::path(
    operation_id = "org_deactivate_user",
    post,
    path = "/api/v1/users/{id}/deactivate",
    tag = "organisation",
    summary = "Deactivate a user",
    description = "Whoever manages the user (the platform admin; a company admin for the site managers within their reach): the account can no longer log in (its login fails as a wrong password does), its sessions and tokens stop at once on every instance, and its name stays in the history. Deactivating a deactivated user changes nothing. The last active platform admin cannot be deactivated (409).",
    params(("id" = i64, Path, description = "The user")),
    responses((status = 200, description = "The user, deactivated", body = UserView), (status = 403, description = "The caller sees the user but does not manage them (code `forbidden`)", body = crate::web::openapi::ErrorBody), (status = 409, description = "The last active platform admin (code `conflict`)", body = crate::web::openapi::ErrorBody))
)]
async fn api_deactivate_user(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<UserView>> {
    let user = set_user_active(&state, &auth.principal(), id, false).await?;
    Ok(axum::Json(UserView::from(&user)))
}

#[utoipa::path(
    operation_id = "org_reactivate_user",
    post,
    path = "/api/v1/users/{id}/reactivate",
    tag = "organisation",
    summary = "Reactivate a user",
    description = "Whoever manages the user: the account may log in again (with its password; its old sessions and tokens stay ended). Reactivating an active user changes nothing.",
    params(("id" = i64, Path, description = "The user")),
    responses((status = 200, description = "The user, active", body = UserView), (status = 403, description = "The caller sees the user but does not manage them (code `forbidden`)", body = crate::web::openapi::ErrorBody))
)]
async fn api_reactivate_user(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
) -> Result<axum::Json<UserView>> {
    let user = set_user_active(&state, &auth.principal(), id, true).await?;
    Ok(axum::Json(UserView::from(&user)))
}

async fn form_deactivate_user(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response> {
    form_set_user_active(&state, &auth, id, false).await
}

async fn form_reactivate_user(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response> {
    form_set_user_active(&state, &auth, id, true).await
}

/// A user's button on `/org`: back to the page, or the page with the refusal on their row.
async fn form_set_user_active(
    state: &AppState,
    auth: &Auth,
    id: i64,
    active: bool,
) -> Result<Response> {
    let outcome = set_user_active(state, &auth.principal(), id, active)
        .await
        .map(|_| "/org?saved=1".to_owned());
    after_form(state, auth, outcome, "user-state", id, HashMap::new()).await
}

/// What `PATCH /api/v1/users/{id}` changes; an absent field keeps its value.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct UserPatch {
    #[schema(pattern = "^(admin|company_admin|site_manager|auditor)$")]
    role: Option<String>,
    /// The one node the role applies to; or give `scope_ids`.
    scope_id: Option<i64>,
    /// The nodes the role applies to (an auditor's companies).
    scope_ids: Option<Vec<i64>>,
    #[schema(pattern = "^(en|fr|nl)$")]
    language: Option<String>,
}

#[utoipa::path(
    operation_id = "org_update_user",
    patch,
    path = "/api/v1/users/{id}",
    tag = "organisation",
    summary = "Change a user's role, scope or language",
    description = "Whoever manages the user, within their own rights before and after: a company admin changes the site managers within their reach and never makes an admin or moves someone out of their company. It takes effect at the user's next request, on every instance. The last active platform admin keeps the role (409).",
    params(("id" = i64, Path, description = "The user")),
    request_body = UserPatch,
    responses((status = 200, description = "The user as changed", body = UserView), (status = 403, description = "The caller does not manage the user, or could not give them this role or scope (code `forbidden`)", body = crate::web::openapi::ErrorBody), (status = 409, description = "The last active platform admin would lose the role (code `conflict`)", body = crate::web::openapi::ErrorBody))
)]
async fn api_update_user(
    State(state): State<AppState>,
    auth: Auth,
    PathParams(id): PathParams<i64>,
    ApiJson(body): ApiJson<UserPatch>,
) -> Result<axum::Json<UserView>> {
    let scopes = match (body.scope_id, body.scope_ids) {
        (None, None) => None,
        (one, many) => {
            let mut all: Vec<i64> = one.into_iter().collect();
            for id in many.unwrap_or_default() {
                if !all.contains(&id) {
                    all.push(id);
                }
            }
            Some(all)
        }
    };
    let change = UserChange {
        role: body.role.as_deref(),
        scopes,
        language: body.language.as_deref(),
    };
    let user = update_user(&state, &auth.principal(), id, change).await?;
    Ok(axum::Json(UserView::from(&user)))
}
