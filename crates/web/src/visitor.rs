//! Who is asking: the viewer the access policy judges, taken from the session cookie.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::CookieJar;
use jiff::Timestamp;
use urbis_app::accounts::login::{self, Stage};
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

/// A session that has been given the password but still owes its second factor: it counts
/// as nobody anywhere but on the code (or setup) page (see `accounts::gate`).
#[derive(Debug, Clone)]
pub struct Pending {
    /// Whose password was given.
    pub user: User,
    /// What the session still owes: [`Stage::CodeOwed`] or [`Stage::SetupOwed`].
    pub stage: Stage,
}

/// The session of a request as the store knows it, looked up once per request (by
/// `accounts::gate`, which needs it first) and kept in the request's extensions.
#[derive(Debug, Clone)]
pub struct SessionLookup(pub Option<(User, Stage)>);

/// The current visitor: anonymous, or a user whose session is live.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// What the access policy sees: roles only once the second factor is given.
    pub viewer: Viewer,
    /// The logged-in user of a complete session (never one that still owes its second factor).
    pub user: Option<User>,
    /// A session that still owes its second factor.
    pub pending: Option<Pending>,
    /// The session token, when there is a live session (complete or pending).
    pub token: Option<String>,
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
            office: self.user.as_ref().is_some_and(|u| {
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
        if self.user.is_none() {
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
        let found = match parts.extensions.get::<SessionLookup>() {
            Some(SessionLookup(found)) => found.clone(),
            None => lookup(state, token.as_deref()).await?,
        };
        let anonymous = |token, pending| Visitor {
            viewer: Viewer::anonymous(),
            user: None,
            pending,
            token,
            context: context.clone(),
            site: site.clone(),
        };
        Ok(match found {
            Some((user, Stage::Complete)) => Visitor {
                viewer: Viewer::user(&user),
                user: Some(user),
                pending: None,
                token,
                context,
                site,
            },
            Some((user, stage)) => anonymous(token, Some(Pending { user, stage })),
            None => anonymous(None, None),
        })
    }
}

/// The live session a session cookie's token names, and where it stands.
pub async fn lookup(
    state: &AppState,
    token: Option<&str>,
) -> Result<Option<(User, Stage)>, WebError> {
    match token {
        Some(token) if token.len() == 43 => {
            Ok(login::session_user(&state.app, token, Timestamp::now()).await?)
        }
        _ => Ok(None),
    }
}
