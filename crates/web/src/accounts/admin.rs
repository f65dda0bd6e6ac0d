//! The office's management of accounts: who has which role, invitations.

use crate::site::Site;
use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;
use urbis_app::AppError;
use urbis_app::accounts::{mails, users};
use urbis_domain::accounts::{ForumRole, UserStatus};
use urbis_domain::{Id, Lang};

use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// One account as listed.
pub struct UserRow {
    id: String,
    name: String,
    email: String,
    role: ForumRole,
    role_label: String,
    invited: bool,
}

/// The accounts page.
#[derive(Template)]
#[template(path = "accounts/admin.html")]
pub struct AdminPage {
    frame: Frame,
    users: Vec<UserRow>,
    roles: Vec<(ForumRole, String)>,
    notice: Option<String>,
    errors: Vec<(String, String)>,
    form: InviteForm,
}

/// What the invitation form sends.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    name: String,
    role: String,
    language: String,
}

/// What the role form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

/// The answer for anyone who may not manage accounts: to the login, or forbidden.
fn refuse_non_admins(state: &Site, visitor: &Visitor) -> Option<Response> {
    if visitor.user.is_none() {
        return Some(Redirect::to("/login?next=/admin/users").into_response());
    }
    if !visitor.viewer.may_administer(&state.forum) {
        return Some(WebError::Forbidden.into_response());
    }
    None
}

async fn page(
    state: &Site,
    visitor: &Visitor,
    notice: Option<String>,
    errors: Vec<(String, String)>,
    form: InviteForm,
) -> Result<AdminPage, WebError> {
    let t = visitor.t();
    let users = users::of_forum(&state.app, &state.forum)
        .await?
        .into_iter()
        .map(|(user, role)| UserRow {
            id: user.id.to_string(),
            name: user.name,
            email: user.email,
            role,
            role_label: t.get(&format!("role-{}", role.as_str())),
            invited: user.status == UserStatus::Invited,
        })
        .collect();
    Ok(AdminPage {
        frame: visitor.frame(),
        users,
        roles: ForumRole::ALL
            .iter()
            .filter(|r| **r != ForumRole::OrganisationEditor)
            .map(|r| (*r, t.get(&format!("role-{}", r.as_str()))))
            .collect(),
        notice,
        errors,
        form,
    })
}

/// Lists the forum's accounts with the forms to invite and to change roles.
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    if let Some(response) = refuse_non_admins(&state, &visitor) {
        return Ok(response);
    }
    let page = page(&state, &visitor, None, Vec::new(), InviteForm::default()).await?;
    Ok(render(&page))
}

/// Invites a person: creates the account with its role and mails the link.
pub async fn invite(
    state: Site,
    visitor: Visitor,
    Form(form): Form<InviteForm>,
) -> Result<Response, WebError> {
    if let Some(response) = refuse_non_admins(&state, &visitor) {
        return Ok(response);
    }
    let t = visitor.t();
    let mut errors = Vec::new();
    let role = ForumRole::parse(&form.role);
    if role.is_none() || role == Some(ForumRole::OrganisationEditor) {
        errors.push(("role".to_owned(), t.get("admin-role-invalid")));
    }
    let language = Lang::parse(&form.language)
        .filter(|l| crate::i18n::UI_LANGS.contains(l))
        .unwrap_or(Lang::De);
    let mut user = urbis_domain::accounts::User::new(&form.email, &form.name, language);
    if let Some(role) = role {
        user.grant(&state.forum, role, None);
    }
    let mut problems = urbis_domain::Problems::new();
    user.validate(&mut problems);
    errors.extend(
        problems
            .iter()
            .map(|p| (p.field.clone(), p.message.clone())),
    );
    if errors.is_empty() {
        let app = state.app.acting_as(visitor.user.as_ref().map(|u| &u.id));
        match users::insert(&app, &user).await {
            Ok(()) => {}
            Err(AppError::Conflict { field, message }) => errors.push((field, message)),
            Err(other) => return Err(other.into()),
        }
    }
    if !errors.is_empty() {
        let page = page(&state, &visitor, None, errors, form).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    mails::send_invitation(&state.app, &user, &state.base_url, Timestamp::now()).await?;
    let page = page(
        &state,
        &visitor,
        Some(t.get("admin-invited")),
        Vec::new(),
        InviteForm::default(),
    )
    .await?;
    Ok(render(&page))
}

/// Changes an account's role in the forum, or takes it away (`none`). Admins cannot take
/// their own administration away, so a forum is never left without one by mistake.
pub async fn set_role(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, WebError> {
    if let Some(response) = refuse_non_admins(&state, &visitor) {
        return Ok(response);
    }
    let t = visitor.t();
    let id = Id::from_text(id);
    let Some(mut user) = users::user(&state.app, &id).await? else {
        return Err(WebError::NotFound);
    };
    if user.role_in(&state.forum).is_none() {
        return Err(WebError::NotFound);
    }
    let role = match form.role.as_str() {
        "none" => None,
        name => match ForumRole::parse(name) {
            Some(ForumRole::OrganisationEditor) | None => {
                let page = page(
                    &state,
                    &visitor,
                    None,
                    vec![("role".into(), t.get("admin-role-invalid"))],
                    InviteForm::default(),
                )
                .await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
            }
            Some(role) => Some(role),
        },
    };
    let own = visitor.user.as_ref().is_some_and(|u| u.id == user.id);
    if own && role != Some(ForumRole::Admin) {
        let page = page(
            &state,
            &visitor,
            None,
            vec![("role".into(), t.get("admin-own-role"))],
            InviteForm::default(),
        )
        .await?;
        return Ok((StatusCode::CONFLICT, render(&page)).into_response());
    }
    users::set_role(&state.app, &mut user, &state.forum, role, None).await?;
    Ok(Redirect::to("/admin/users").into_response())
}
