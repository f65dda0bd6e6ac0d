//! The JSON body of an API write, read with every check a bad body needs: its media type,
//! its size, UTF-8, JSON syntax and nesting depth; each failure is a problem, never a 5xx.

use axum::body::to_bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use serde_json::Value;
use urbis_domain::Problems;

use super::problem::ApiError;
use crate::error::WebError;

/// The most an API body may be.
pub const BODY_LIMIT: usize = 256 * 1024;

/// A JSON document sent to the API (`application/json`, or `application/merge-patch+json`
/// for PATCH).
#[derive(Debug)]
pub struct JsonBody(pub Value);

fn bad(message: impl Into<String>) -> ApiError {
    let mut problems = Problems::new();
    problems.push("", message);
    ApiError(WebError::Unreadable(problems))
}

/// True for `application/json` and `application/…+json`, with a UTF-8 charset if any.
fn is_json(content_type: &str) -> bool {
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    json && parts.all(|p| {
        let (name, value) = p.split_once('=').unwrap_or((p, ""));
        !name.trim().eq_ignore_ascii_case("charset")
            || value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
    })
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, ApiError> {
        let content_type = request
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        match &content_type {
            Some(ct) if is_json(ct) => {}
            Some(ct) => {
                return Err(ApiError(WebError::UnsupportedMediaType(format!(
                    "the body is `{ct}`; send JSON (Content-Type: application/json; charset=utf-8)"
                ))));
            }
            None => {
                return Err(ApiError(WebError::UnsupportedMediaType(
                    "the body needs Content-Type: application/json".to_owned(),
                )));
            }
        }
        let declared = request
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
            return Err(ApiError(WebError::TooLarge));
        }
        let bytes = to_bytes(request.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| ApiError(WebError::TooLarge))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            bad(format!(
                "the body is not valid UTF-8 (at byte {})",
                e.valid_up_to()
            ))
        })?;
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let what = if e.to_string().contains("recursion limit") {
                "the JSON is nested too deeply".to_owned()
            } else {
                let message = e.to_string();
                let message = match message.rfind(" at line ") {
                    Some(i) => message[..i].to_owned(),
                    None => message,
                };
                format!("not valid JSON: {message}")
            };
            bad(format!("line {}, column {}: {what}", e.line(), e.column()))
        })?;
        Ok(JsonBody(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_json_media_types_only() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("Application/JSON;charset=\"UTF-8\""));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("application/json; charset=latin1"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/x-www-form-urlencoded"));
        assert!(!is_json(""));
    }
}
