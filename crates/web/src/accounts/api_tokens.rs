//! The "API tokens" section of the own account: make a personal token for the JSON API (shown
//! once), see one's tokens, revoke one.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use urbis_app::accounts::api_tokens;
use urbis_domain::Id;
use urbis_domain::accounts::User;
use urbis_domain::accounts::{ApiScope, ApiToken};

use crate::error::WebError;
use crate::i18n::Tr;
use crate::pages::{Frame, MessagePage, message_page, render};
use crate::state::AppState;
use crate::visitor::Visitor;

/// A token as the account page lists it.
#[derive(Debug, Clone)]
pub struct TokenRow {
    /// The id, for the revoke form.
    pub id: String,
    /// The owner's name for it.
    pub name: String,
    /// What it may do, in words.
    pub scope: String,
    /// When it was made (date).
    pub created: String,
}

/// The rows of the account page's token list.
pub fn rows(t: &Tr, tokens: &[ApiToken]) -> Vec<TokenRow> {
    tokens
        .iter()
        .map(|token| TokenRow {
            id: token.id.to_string(),
            name: token.name.clone(),
            scope: t.get(match token.scope {
                ApiScope::Read => "api-tokens-scope-read",
                ApiScope::Write => "api-tokens-scope-write",
            }),
            created: token.created.strftime("%Y-%m-%d").to_string(),
        })
        .collect()
}

/// The form that makes a token.
#[derive(Debug, Deserialize)]
pub struct CreateForm {
    /// The name.
    #[serde(default)]
    name: String,
    /// `read` or `write`.
    #[serde(default)]
    scope: String,
}

/// The page that shows a new token once.
#[derive(Template)]
#[template(path = "accounts/api_token.html")]
pub struct CreatedPage {
    frame: Frame,
    name: String,
    scope: String,
    secret: String,
}

/// The logged-in user with the second factor given.
fn owner(visitor: &Visitor) -> Option<&User> {
    visitor.user.as_ref()
}

/// Where someone without a full login goes.
fn login() -> Response {
    Redirect::to("/login?next=/account").into_response()
}

/// `POST /account/api-tokens`: makes a token and shows it once.
pub async fn create(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<CreateForm>,
) -> Result<Response, WebError> {
    let Some(user) = owner(&visitor) else {
        return Ok(login());
    };
    let t = visitor.t();
    let made = match ApiScope::parse(&form.scope) {
        Some(scope) => api_tokens::create(&state.app, user, &form.name, scope).await,
        None => {
            let mut problems = urbis_domain::Problems::new();
            problems.push("scope", "must be read or write");
            Err(urbis_app::AppError::Invalid(problems))
        }
    };
    let made = match made {
        Ok(made) => made,
        Err(urbis_app::AppError::Invalid(problems)) => {
            return Ok(message_page(
                &visitor,
                StatusCode::UNPROCESSABLE_ENTITY,
                "api-tokens-title",
                problems.to_string(),
            ));
        }
        Err(error) => return Err(error.into()),
    };
    let mut response = render(&CreatedPage {
        frame: visitor.frame(),
        name: made.token.name.clone(),
        scope: rows(&t, std::slice::from_ref(&made.token))
            .pop()
            .map(|r| r.scope)
            .unwrap_or_default(),
        secret: made.secret,
    });
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `POST /account/api-tokens/{id}/revoke`: revokes one of the own tokens.
pub async fn revoke(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Some(user) = owner(&visitor) else {
        return Ok(login());
    };
    if !api_tokens::revoke(&state.app, user, &Id::from_text(id)).await? {
        return Err(WebError::NotFound);
    }
    let t = visitor.t();
    Ok(render(&MessagePage {
        frame: visitor.frame(),
        title: t.get("api-tokens-title"),
        message: t.get("api-tokens-revoked"),
    }))
}

#[cfg(test)]
mod tests {
    use urbis_domain::Lang;

    use crate::i18n::Tr;

    #[test]
    fn every_text_of_the_api_exists_in_both_languages() {
        let ids = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with(' ') && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap_or_default().to_owned())
                .collect()
        };
        let de = ids(include_str!("../../../i18n/locales/de/api.ftl"));
        let en = ids(include_str!("../../../i18n/locales/en/api.ftl"));
        assert_eq!(de, en);
        assert!(de.len() > 10);
        for id in de {
            for lang in [Lang::De, Lang::En] {
                let text = Tr::new(lang).get(&id);
                assert!(
                    !text.starts_with("Unknown localization key"),
                    "{id}: {text}"
                );
            }
        }
    }
}
