//! Who is asking: the viewer the access policy judges, taken from the session cookie.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;
use jiff::Timestamp;
use urbis_app::accounts::login;
use urbis_domain::accounts::{ForumRole, User};
use urbis_domain::{Id, Lang, Viewer};

use crate::context::RequestContext;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::pages::{Brand, Frame};
use crate::site::ForumSite;
use crate::state::AppState;
use std::sync::Arc;

/// The cookie that holds the session token.
pub const SESSION_COOKIE: &str = "urbis_session";

/// The current visitor: anonymous, or a user whose session is live.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// What the access policy sees: roles only once the second factor is given.
    pub viewer: Viewer,
    /// The logged-in user, also while the second factor is still owed.
    pub user: Option<User>,
    /// The session token, when there is a live session.
    pub token: Option<String>,
    /// True while the session still owes its second factor.
    pub second_factor_pending: bool,
    /// Language and CSRF token.
    pub context: RequestContext,
    /// The forum the request addresses.
    pub site: Arc<ForumSite>,
}

impl Visitor {
    /// The frame of a page for this visitor.
    pub fn frame(&self) -> Frame {
        Frame {
            t: Tr::new(self.context.lang),
            csrf: self.context.csrf.clone(),
            user_name: self.user.as_ref().map(|u| u.name.clone()),
            office: !self.second_factor_pending
                && self.user.as_ref().is_some_and(|u| {
                    u.status == urbis_domain::accounts::UserStatus::Active
                        && u.grants
                            .iter()
                            .any(|g| g.forum == self.site.id && g.role.is_office())
                }),
            brand: Brand::of(&self.site, self.context.lang),
        }
    }

    /// The reader's language.
    pub fn lang(&self) -> Lang {
        self.context.lang
    }

    /// The interface texts.
    pub fn t(&self) -> Tr {
        Tr::new(self.context.lang)
    }

    /// Lets only the forum's office (staff and admins) through: anyone not logged in (or
    /// still owing the second factor) is sent to the login and then back to `here`, anyone
    /// else is refused.
    pub fn require_office(&self, forum: &Id, here: &str) -> Result<(), WebError> {
        if self.user.is_none() || self.second_factor_pending {
            return Err(WebError::LoginFirst(here.to_owned()));
        }
        match self.viewer.role(forum) {
            Some(ForumRole::Staff | ForumRole::Admin) => Ok(()),
            _ => Err(WebError::Forbidden),
        }
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let context = parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .unwrap_or(RequestContext {
                lang: Lang::De,
                csrf: String::new(),
                has_session: false,
            });
        let site = crate::site::of_request(parts, state).await?;
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
        let found = match &token {
            Some(token) if token.len() == 43 => {
                login::session_user(&state.store, token, Timestamp::now()).await?
            }
            _ => None,
        };
        Ok(match found {
            Some((user, done)) => Visitor {
                viewer: if done {
                    Viewer::user(&user)
                } else {
                    Viewer::anonymous()
                },
                user: Some(user),
                token,
                second_factor_pending: !done,
                context,
                site,
            },
            None => Visitor {
                viewer: Viewer::anonymous(),
                user: None,
                token: None,
                second_factor_pending: false,
                context,
                site,
            },
        })
    }
}
