//! The JSON API (`/api/v1/…`): every record kind with list, read, create, update and delete
//! under the same validation and access policy as the pages; personal tokens; errors as
//! problem details; the OpenAPI document made from the same code.

pub mod auth;
pub mod body;
pub mod kinds;
pub mod openapi;
pub mod problem;
pub mod query;
pub mod records;

#[cfg(test)]
mod openapi_vocabularies;

/// True for the paths of the API, whose answers are JSON (errors as problem details).
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}
