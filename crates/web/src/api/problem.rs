//! Errors of the JSON API as RFC 9457 problem details (`application/problem+json`), made from
//! the web layer's one error mapping ([`WebError::answer`]).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use urbis_domain::Problems;
use utoipa::ToSchema;

use crate::error::{Answer, WebError};

/// The media type of every error answer of the API.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// What kind of problem it is, as a URI (`urn:urbis:problem:invalid`).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong in this case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Every problem of the input, each with the field it concerns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One thing wrong with the input, and where.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's path in the record (`speakers[0].name`); empty for the input as a whole.
    pub field: String,
    /// The same place as a JSON pointer (`/speakers/0/name`).
    pub pointer: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

/// `speakers[0].name` → `/speakers/0/name` (RFC 6901 escaping of `~` and `/`).
pub fn pointer(path: &str) -> String {
    let mut out = String::new();
    for part in path.split(['.', '[']).filter(|p| !p.is_empty()) {
        out.push('/');
        out.push_str(
            &part
                .trim_end_matches(']')
                .replace('~', "~0")
                .replace('/', "~1"),
        );
    }
    out
}

fn field_problem(field: &str, message: &str) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        pointer: pointer(field),
        message: message.to_owned(),
    }
}

impl Problem {
    /// A problem of a status alone (made only here, from [`WebError::answer`]).
    fn status(status: StatusCode, slug: &str, detail: Option<String>) -> Self {
        Self {
            kind: format!("urn:urbis:problem:{slug}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            errors: Vec::new(),
        }
    }

    /// The problem an error is answered with; a server error says no more than that.
    pub fn of(error: &WebError) -> Self {
        let Answer {
            status,
            slug,
            problems,
            conflict,
            ..
        } = error.answer();
        let detail = match error {
            WebError::UnsupportedMediaType(message) => message.clone(),
            WebError::Csrf => "a write with the session cookie needs the CSRF token in the \
                               X-CSRF-Token header; programs use an API token instead"
                .to_owned(),
            WebError::SecondFactorOwed(page) => format!(
                "this session has not given its second factor yet: finish the login at {page}"
            ),
            _ => match conflict {
                Some((_, message)) => message.to_owned(),
                None => default_detail(status),
            },
        };
        let mut problem = Self::status(status, slug, Some(detail));
        if let Some(problems) = problems {
            problem.errors = fields(problems);
        }
        if let Some((field, message)) = conflict {
            problem.errors = vec![field_problem(field, message)];
        }
        problem
    }
}

/// What each status means for an API client, when the error says no more.
fn default_detail(status: StatusCode) -> String {
    let text = match status {
        StatusCode::NOT_FOUND => "there is no such record, or you may not see it",
        StatusCode::FORBIDDEN => "you may not do this",
        StatusCode::UNAUTHORIZED => {
            "this needs a valid API token (Authorization: Bearer …); the token is unknown, revoked or missing"
        }
        StatusCode::BAD_REQUEST => "the request cannot be read",
        StatusCode::UNPROCESSABLE_ENTITY => "the record breaks a rule",
        StatusCode::CONFLICT => "this clashes with what is stored",
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large",
        StatusCode::METHOD_NOT_ALLOWED => {
            "this address does not take this method (the Allow header names those it takes)"
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "the request body is in a format this address does not take"
        }
        StatusCode::GONE => "this link is no longer valid: it was used already or has expired",
        StatusCode::TOO_MANY_REQUESTS => {
            "too many requests: try again after the Retry-After seconds"
        }
        status if status.is_server_error() => {
            "something went wrong on our side; it has been logged"
        }
        _ => "the request cannot be answered",
    };
    text.to_owned()
}

/// The problems of an input as field problems.
pub fn fields(problems: &Problems) -> Vec<FieldProblem> {
    problems
        .iter()
        .map(|p| field_problem(&p.field, &p.message))
        .collect()
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"urbis\""),
            );
        }
        response
    }
}

/// An error of an API handler: answered as problem details, never as a page.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        Problem::of(&self.0).into_response()
    }
}

/// Makes an answer of the API a problem when it is an error without one (a fallback, a
/// method the route does not have), and keeps every API answer out of shared caches.
pub fn finish(mut response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if (status.is_client_error() || status.is_server_error()) && !is_problem {
        let kept = [header::ALLOW, header::RETRY_AFTER].map(|name| {
            response
                .headers()
                .get(&name)
                .cloned()
                .map(|value| (name, value))
        });
        response = Problem::of(&WebError::from_status(status)).into_response();
        for (name, value) in kept.into_iter().flatten() {
            response.headers_mut().insert(name, value);
        }
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_json_pointers() {
        assert_eq!(pointer("speakers[0].name"), "/speakers/0/name");
        assert_eq!(pointer("title"), "/title");
        assert_eq!(pointer(""), "");
        assert_eq!(pointer("a/b~c"), "/a~1b~0c");
    }
}
