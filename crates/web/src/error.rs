//! The one error type of the web layer, mapped once ([`WebError::answer`]) to a status, the
//! message of the error page and the API's problem type. Every error answer passes here: a
//! handler's `WebError`, and a bare error status (the router's 405, an extractor's rejection)
//! through [`WebError::from_status`]; the guard (`context.rs`) makes it the error page in the
//! reader's language, `api::problem` an RFC 9457 problem.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use urbis_app::AppError;
use urbis_domain::Problems;

/// What a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// A use case failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// The search failed.
    #[error(transparent)]
    Search(#[from] urbis_search::SearchError),
    /// The annual report could not be written.
    #[error("cannot write the report: {0}")]
    Report(String),
    /// The file storage failed.
    #[error("file storage: {0}")]
    Files(String),
    /// Nothing here (also for records the viewer may not see: no one learns they exist).
    #[error("not found")]
    NotFound,
    /// The viewer may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The request names no one the server knows (an API request without a valid token).
    #[error("authentication required")]
    Unauthorized,
    /// The request itself is wrong (a year of "abc"); the message id says how.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The page needs a login (or the second factor) first; then back to this address.
    #[error("log in first")]
    LoginFirst(String),
    /// An API request cannot be read (not JSON, a parameter of the wrong form); each problem
    /// names its field.
    #[error("{0}")]
    Unreadable(Problems),
    /// The request body is larger than the server takes.
    #[error("the request body is too large")]
    TooLarge,
    /// The route does not take this method (writing a read-only kind).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request body is in a format the server does not read.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A write with the session cookie came without the right CSRF token.
    #[error("the CSRF token is missing or wrong")]
    Csrf,
    /// The session has given only its password; the second factor is owed at this page.
    #[error("the second factor is owed at {0}")]
    SecondFactorOwed(&'static str),
    /// Something failed on our side (a page could not be rendered, an export written); the
    /// detail is for the log only.
    #[error("{0}")]
    Internal(String),
    /// An error status that came without its error (an extractor's rejection): answered with
    /// that status and the message of its class.
    #[error("answered {0}")]
    Status(StatusCode),
}

/// How an error is answered: status, the message of the error page, a short name for the
/// API's problem type, and the problems per field. The one mapping of every error.
#[derive(Debug)]
pub struct Answer<'a> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The Fluent id of the error page's message.
    pub message: &'static str,
    /// The problem type's short name (`not-found`, `invalid` …).
    pub slug: &'static str,
    /// What is wrong per field, for input errors.
    pub problems: Option<&'a Problems>,
    /// The one field and message of a conflict.
    pub conflict: Option<(&'a str, &'a str)>,
    /// For a refusal over a rate limit, the seconds to wait (the `Retry-After` header).
    pub retry_after: Option<i64>,
}

impl WebError {
    /// The error a bare error status stands for, when it comes without one (the router's 404
    /// and 405, a body refused by its size, an extractor's rejection of a malformed request).
    pub fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => WebError::NotFound,
            StatusCode::GONE => WebError::App(AppError::InvalidToken),
            StatusCode::FORBIDDEN => WebError::Forbidden,
            StatusCode::UNAUTHORIZED => WebError::Unauthorized,
            StatusCode::METHOD_NOT_ALLOWED => WebError::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => WebError::UnsupportedMediaType(
                "the request body is in a format this address does not take".to_owned(),
            ),
            StatusCode::BAD_REQUEST => WebError::BadRequest("error-bad-request"),
            other => WebError::Status(other),
        }
    }

    /// The answer to this error; server errors are logged here, their detail stays in the log.
    pub fn answer(&self) -> Answer<'_> {
        let answer = |status, message, slug| Answer {
            status,
            message,
            slug,
            problems: None,
            conflict: None,
            retry_after: None,
        };
        let invalid = |problems| Answer {
            problems: Some(problems),
            ..answer(StatusCode::UNPROCESSABLE_ENTITY, "error-invalid", "invalid")
        };
        match self {
            WebError::NotFound | WebError::App(AppError::NotFound { .. }) => {
                answer(StatusCode::NOT_FOUND, "error-not-found", "not-found")
            }
            WebError::Forbidden | WebError::App(AppError::Forbidden) => {
                answer(StatusCode::FORBIDDEN, "error-forbidden", "forbidden")
            }
            WebError::Csrf => answer(StatusCode::FORBIDDEN, "error-csrf", "csrf"),
            WebError::SecondFactorOwed(_) => answer(
                StatusCode::UNAUTHORIZED,
                "api-error-unauthorized",
                "second-factor-owed",
            ),
            WebError::App(AppError::UnknownUser { .. } | AppError::UnknownEvent) => {
                answer(StatusCode::NOT_FOUND, "error-not-found", "not-found")
            }
            WebError::App(AppError::NoRegistration) => answer(
                StatusCode::NOT_FOUND,
                "events-no-registration",
                "no-registration",
            ),
            WebError::App(AppError::RegistrationNotOpen | AppError::RegistrationClosed) => answer(
                StatusCode::CONFLICT,
                "register-closed",
                "registration-closed",
            ),
            WebError::App(AppError::EventFull) => {
                answer(StatusCode::CONFLICT, "register-full", "event-full")
            }
            WebError::App(AppError::AlreadyRegistered) => {
                answer(StatusCode::CONFLICT, "register-twice", "already-registered")
            }
            WebError::App(AppError::MembersOnly) => answer(
                StatusCode::FORBIDDEN,
                "register-members-only",
                "members-only",
            ),
            WebError::App(AppError::WrongCredentials) => {
                answer(StatusCode::UNAUTHORIZED, "login-wrong", "unauthorized")
            }
            WebError::App(AppError::WrongCode) => {
                answer(StatusCode::UNAUTHORIZED, "code-wrong", "unauthorized")
            }
            WebError::App(AppError::InvalidToken | AppError::LinkExpired) => {
                answer(StatusCode::GONE, "error-link-invalid", "link-invalid")
            }
            WebError::Search(
                urbis_search::SearchError::QueryTooLong { .. }
                | urbis_search::SearchError::Page { .. },
            ) => answer(StatusCode::BAD_REQUEST, "error-bad-request", "bad-request"),
            WebError::Unauthorized => answer(
                StatusCode::UNAUTHORIZED,
                "api-error-unauthorized",
                "unauthorized",
            ),
            WebError::BadRequest(message) => {
                answer(StatusCode::BAD_REQUEST, message, "bad-request")
            }
            WebError::Unreadable(problems) => Answer {
                problems: Some(problems),
                ..answer(StatusCode::BAD_REQUEST, "error-bad-request", "bad-request")
            },
            WebError::LoginFirst(_) => answer(
                StatusCode::UNAUTHORIZED,
                "api-error-unauthorized",
                "unauthorized",
            ),
            WebError::MethodNotAllowed => answer(
                StatusCode::METHOD_NOT_ALLOWED,
                "error-method-not-allowed",
                "method-not-allowed",
            ),
            WebError::App(AppError::Throttled { seconds }) => Answer {
                retry_after: Some(*seconds),
                ..answer(
                    StatusCode::TOO_MANY_REQUESTS,
                    "error-too-many",
                    "rate-limited",
                )
            },
            WebError::App(AppError::RateLimited { seconds }) => Answer {
                retry_after: Some(*seconds),
                ..answer(
                    StatusCode::TOO_MANY_REQUESTS,
                    "error-rate-limited",
                    "rate-limited",
                )
            },
            WebError::TooLarge => answer(
                StatusCode::PAYLOAD_TOO_LARGE,
                "error-too-large",
                "too-large",
            ),
            WebError::UnsupportedMediaType(_) => answer(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "api-error-media-type",
                "unsupported-media-type",
            ),
            WebError::App(AppError::Invalid(problems)) => invalid(problems),
            WebError::Status(status) if status.is_client_error() => {
                answer(*status, "error-bad-request", "bad-request")
            }
            WebError::App(AppError::Conflict { field, message }) => Answer {
                conflict: Some((field, message)),
                ..answer(StatusCode::CONFLICT, "error-conflict", "conflict")
            },
            _ => {
                tracing::error!(error = %self, "request failed");
                let status = match self {
                    WebError::Status(status) => *status,
                    _ => StatusCode::INTERNAL_SERVER_ERROR,
                };
                answer(status, "error-server", "server-error")
            }
        }
    }
}

/// Marks an error response so that the page guard renders it in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct ErrorMessage(pub &'static str);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::LoginFirst(next) = &self {
            let target = format!("/login?next={}", urlencoding(next));
            return axum::response::Redirect::to(&target).into_response();
        }
        let Answer {
            status,
            message,
            retry_after,
            ..
        } = self.answer();
        let mut response = status.into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds.max(1)),
            );
        }
        response.extensions_mut().insert(ErrorMessage(message));
        response
    }
}

/// The address as a query value (`/admin/report?year=1` → `%2Fadmin%2Freport%3Fyear%3D1`).
fn urlencoding(address: &str) -> String {
    form_urlencoded::byte_serialize(address.as_bytes()).collect()
}
