//! Changing one's password: the current one is asked again (and throttled like a login), the
//! new one must be strong, and every other session of the user ends with the change, as does
//! every personal API token.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::domain::Password;
use crate::error::{Error, Msg, Problems, Result};
use crate::web::context::Auth;
use crate::web::extract::{ApiJson, CsrfForm, QueryParams};
use crate::web::page::{FormErrors, Page, render};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_change))
        .route("/account/password", get(page).post(form_change))
}

/// Checks the current password and the new one, then stores it, ends the other sessions and
/// revokes the API tokens.
async fn change(state: &AppState, auth: &Auth, current: &str, new: &str) -> Result<()> {
    let email = auth.user.email.clone();
    let checked = match super::authenticate(state, &email, current, &auth.ctx.address).await {
        Ok(_) => Ok(()),
        Err(Error::LoginFailed) => Err(Msg::new("password-current-wrong")),
        Err(e) => return Err(e),
    };
    let mut problems = Problems::default();
    let current_is_right = checked.is_ok();
    problems.check("current_password", checked);
    // A "change" to the same password would keep a password someone may have seen.
    let new = if current_is_right && new == current {
        problems.add("new_password", Msg::new("password-unchanged"));
        None
    } else {
        problems.check(
            "new_password",
            Password::parse_for(new, &[email.as_str()]).map_err(|e| Msg::new(e.0)),
        )
    };
    problems.finish()?;
    let Some(new) = new else {
        return Err(Error::Internal(anyhow::anyhow!("checked password missing")));
    };
    let hash = state.hashing.hash(&new).await?;
    state
        .store
        .change_password(auth.user.id, &hash, auth.ctx.token.as_deref())
        .await
}

#[derive(Deserialize, utoipa::ToSchema)]
struct ChangeBody {
    current_password: String,
    new_password: String,
}

#[utoipa::path(
    operation_id = "auth_change_password",
    put,
    path = "/api/v1/auth/password",
    tag = "auth",
    summary = "Change one's password; every other session and every API token of the user ends",
    description = "The current password is checked like a login (wrong ones count towards throttling). Every other session ends and every personal API token is revoked, in the same transaction as the change: a token made by someone who knew the old password stops working.",
    request_body = ChangeBody,
    responses((status = 204, description = "Changed"))
)]
async fn api_change(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<ChangeBody>,
) -> Result<StatusCode> {
    change(&state, &auth, &body.current_password, &body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    page: Page,
    errors: FormErrors,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn page(auth: Auth, QueryParams(q): QueryParams<DoneQuery>) -> Result<Response> {
    let page = Page::titled(&auth.ctx, "password-title");
    let notice = q.done.map(|_| page.t("password-changed"));
    Ok(render(&PasswordPage {
        page,
        errors: FormErrors::default(),
        notice,
    })?
    .into_response())
}

#[derive(Deserialize)]
struct ChangeForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

async fn form_change(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(form): CsrfForm<ChangeForm>,
) -> Result<Response> {
    let outcome = if form.new_password == form.confirm_password {
        change(&state, &auth, &form.current_password, &form.new_password).await
    } else {
        Err(Error::invalid(
            "confirm_password",
            Msg::new("password-confirm-mismatch"),
        ))
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/account/password?done=1").into_response()),
        // Passwords are never sent back into the form: the user types them again.
        Err(e) => {
            let (status, errors) = FormErrors::with_status(auth.lang(), e)?;
            let page = Page::titled(&auth.ctx, "password-title");
            Ok((
                status,
                render(&PasswordPage {
                    page,
                    errors,
                    notice: None,
                })?,
            )
                .into_response())
        }
    }
}
