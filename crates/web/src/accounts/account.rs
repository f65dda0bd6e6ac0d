//! The own account: who I am, my roles, my second factor, logging out everywhere.

use crate::site::Site;
use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use urbis_domain::accounts::ForumRole;

use crate::error::WebError;
use crate::pages::{Frame, MessagePage, render};
use crate::visitor::Visitor;

/// The account page.
#[derive(Template)]
#[template(path = "accounts/account.html")]
pub struct AccountPage {
    frame: Frame,
    name: String,
    email: String,
    roles: Vec<String>,
    second_factor: bool,
    profile: Option<String>,
    api_tokens: Vec<super::api_tokens::TokenRow>,
}

/// Shows the own account (a session owing its second factor never gets here: `gate`).
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let Some(user) = &visitor.user else {
        return Ok(Redirect::to("/login?next=/account").into_response());
    };
    let second_factor = urbis_app::accounts::second_factor::is_set_up(&state.app, &user.id).await?;
    let t = visitor.t();
    let forums = urbis_app::forums::all(&state.app).await?;
    let roles = user
        .grants
        .iter()
        .map(|g| {
            let forum = forums
                .iter()
                .find(|f| f.id == g.forum)
                .map_or(g.forum.to_string(), |f| f.short_name.clone());
            format!("{forum}: {}", t.get(&format!("role-{}", g.role.as_str())))
        })
        .collect();
    Ok(render(&AccountPage {
        frame: visitor.frame(),
        name: user.name.clone(),
        email: user.email.clone(),
        roles,
        second_factor,
        profile: user
            .grants
            .iter()
            .find(|g| g.forum == state.forum && g.role == ForumRole::OrganisationEditor)
            .and_then(|g| g.organisation.as_ref())
            .map(|org| format!("/members/{org}/edit")),
        api_tokens: super::api_tokens::rows(
            &t,
            &urbis_app::accounts::api_tokens::list(&state.app, user).await?,
        ),
    }))
}

/// Ends every session of the user, this one included.
pub async fn logout_everywhere(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let Some(user) = &visitor.user else {
        return Ok(Redirect::to("/login").into_response());
    };
    urbis_app::accounts::login::logout_everywhere(&state.app, &user.id).await?;
    let t = visitor.t();
    let mut frame = visitor.frame();
    frame.user_name = None;
    Ok(render(&MessagePage {
        frame,
        title: t.get("account-title"),
        message: t.get("account-logged-out-everywhere"),
    }))
}
