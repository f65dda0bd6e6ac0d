//! `/api/v1/{kind}` and `/api/v1/{kind}/{id}`: list, read, create, replace, patch and delete
//! records of every kind through `urbis_app::records` (the access policy and the domain's
//! rules), always within the forum this server presents. Forums are read only.

use crate::site::Site;
use axum::Json;
use axum::extract::{FromRequest, Path, Request};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value as Json_, json};
use urbis_app::records;
use urbis_domain::{Id, Problems};

use super::auth::Caller;
use super::body::JsonBody;
use super::kinds::{self, KindSpec};
use super::problem::ApiError;
use super::query::ListParams;
use crate::error::WebError;
use crate::events::register::site;

fn not_found() -> ApiError {
    ApiError(WebError::NotFound)
}

/// The kind a URL names, or 404.
fn spec_of(kind: &str) -> Result<&'static KindSpec, ApiError> {
    kinds::named(kinds::specs(), kind).ok_or_else(not_found)
}

/// A kind that can be written, or 405 for forums (404 for what is no kind at all).
fn writable(kind: &str) -> Result<&'static KindSpec, ApiError> {
    let spec = spec_of(kind)?;
    if spec.writable {
        Ok(spec)
    } else {
        Err(ApiError(WebError::MethodNotAllowed))
    }
}

/// Ids are UUIDs; anything else names no record.
fn record_id(id: &str) -> Result<Id, ApiError> {
    let id = Id::from_text(id);
    if id.is_uuid() {
        Ok(id)
    } else {
        Err(not_found())
    }
}

/// The record with this id in the presented forum, as the caller may see it (one query with
/// the access level inside), or 404.
async fn find(state: &Site, caller: &Caller, spec: &KindSpec, id: &Id) -> Result<Json_, ApiError> {
    records::find(&state.app, &caller.viewer, &state.forum, spec.kind, id)
        .await?
        .ok_or_else(not_found)
}

/// Every string of a body must be storable on both databases: no NUL character.
fn check_strings(value: &Json_, path: &str, problems: &mut Problems) {
    match value {
        Json_::String(s) if s.contains('\0') => {
            problems.push(path, "must not contain the NUL character");
        }
        Json_::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_strings(item, &format!("{path}[{i}]"), problems);
            }
        }
        Json_::Object(fields) => {
            for (key, item) in fields {
                if key.contains('\0') {
                    problems.push(path, "a field name must not contain the NUL character");
                }
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                check_strings(item, &at, problems);
            }
        }
        _ => {}
    }
}

/// Reads the JSON body (after the caller was found allowed to write).
async fn body(request: Request) -> Result<Json_, ApiError> {
    let JsonBody(value) = JsonBody::from_request(request, &()).await?;
    let mut problems = Problems::new();
    check_strings(&value, "", &mut problems);
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(ApiError(WebError::App(urbis_app::AppError::Invalid(
            problems,
        ))))
    }
}

/// `GET /api/v1/{kind}`: one page of the records the caller may see.
pub async fn list(
    state: Site,
    caller: Caller,
    Path(kind): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let spec = spec_of(&kind)?;
    let params =
        ListParams::parse(spec, uri.query()).map_err(|p| ApiError(WebError::Unreadable(p)))?;
    let limit = usize::try_from(params.limit).unwrap_or(0);
    let mut items = records::list(
        &state.app,
        &caller.viewer,
        &state.forum,
        spec.kind,
        &params.query(),
    )
    .await?;
    let more = items.len() > limit;
    items.truncate(limit);
    let next = more.then(|| params.next_cursor());
    let link = next.as_deref().map(|cursor| next_page(&uri, cursor));
    let mut response =
        Json(json!({ "items": items, "next_cursor": next, "next": link })).into_response();
    if let Some(value) = link
        .as_deref()
        .and_then(|l| HeaderValue::from_str(&format!("<{l}>; rel=\"next\"")).ok())
    {
        response.headers_mut().insert(header::LINK, value);
    }
    Ok(response)
}

/// The address of the next page: this one's path and query with the cursor replaced.
fn next_page(uri: &Uri, cursor: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        if name != "cursor" {
            query.append_pair(&name, &value);
        }
    }
    query.append_pair("cursor", cursor);
    format!("{}?{}", uri.path(), query.finish())
}

/// `GET /api/v1/{kind}/{id}`: one record.
pub async fn show(
    state: Site,
    caller: Caller,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let spec = spec_of(&kind)?;
    let id = record_id(&id)?;
    Ok(Json(find(&state, &caller, spec, &id).await?).into_response())
}

/// `POST /api/v1/{kind}`: a new record of the presented forum; 201 with its address.
pub async fn create(
    state: Site,
    caller: Caller,
    Path(kind): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    caller.may_write()?;
    let spec = writable(&kind)?;
    let fields = body(request).await?;
    let store = state.app.acting_as(caller.user.as_ref().map(|u| &u.id));
    let record = records::create(&store, &caller.viewer, &state.forum, spec.kind, fields).await?;
    let location = record
        .get("id")
        .and_then(Json_::as_str)
        .map(|id| format!("/api/v1/{}/{id}", spec.kind.plural()));
    let mut response = (StatusCode::CREATED, Json(record)).into_response();
    if let Some(value) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// `PUT /api/v1/{kind}/{id}`: replaces a record with the body's fields.
pub async fn replace(
    state: Site,
    caller: Caller,
    Path((kind, id)): Path<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    caller.may_write()?;
    let spec = writable(&kind)?;
    let id = record_id(&id)?;
    find(&state, &caller, spec, &id).await?;
    let fields = body(request).await?;
    let store = state.app.acting_as(caller.user.as_ref().map(|u| &u.id));
    let record = records::update(
        &store,
        &caller.viewer,
        spec.kind,
        &id,
        fields,
        &site(&state),
    )
    .await?;
    Ok(Json(record).into_response())
}

/// `PATCH /api/v1/{kind}/{id}`: changes the fields a JSON merge patch (RFC 7396) names.
pub async fn patch(
    state: Site,
    caller: Caller,
    Path((kind, id)): Path<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    caller.may_write()?;
    let spec = writable(&kind)?;
    let id = record_id(&id)?;
    let mut current = find(&state, &caller, spec, &id).await?;
    let patch = body(request).await?;
    if !patch.is_object() {
        let mut problems = Problems::new();
        problems.push("", "a merge patch is a JSON object of the fields to change");
        return Err(ApiError(WebError::App(urbis_app::AppError::Invalid(
            problems,
        ))));
    }
    merge(&mut current, patch);
    let store = state.app.acting_as(caller.user.as_ref().map(|u| &u.id));
    let record = records::update(
        &store,
        &caller.viewer,
        spec.kind,
        &id,
        current,
        &site(&state),
    )
    .await?;
    Ok(Json(record).into_response())
}

/// `DELETE /api/v1/{kind}/{id}`: deletes a record nothing refers to; 204.
pub async fn remove(
    state: Site,
    caller: Caller,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    caller.may_write()?;
    let spec = writable(&kind)?;
    let id = record_id(&id)?;
    find(&state, &caller, spec, &id).await?;
    let store = state.app.acting_as(caller.user.as_ref().map(|u| &u.id));
    records::delete(&store, &caller.viewer, spec.kind, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Applies a JSON merge patch (RFC 7396): objects merge, `null` removes, anything else
/// replaces.
fn merge(target: &mut Json_, patch: Json_) {
    match patch {
        Json_::Object(fields) => {
            if !target.is_object() {
                *target = Json_::Object(Map::new());
            }
            if let Json_::Object(existing) = target {
                for (key, value) in fields {
                    if value.is_null() {
                        existing.remove(&key);
                    } else {
                        merge(existing.entry(key).or_insert(Json_::Null), value);
                    }
                }
            }
        }
        other => *target = other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patches_follow_rfc_7396() {
        let mut doc = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge(&mut doc, json!({"a": "z", "c": {"f": null}}));
        assert_eq!(doc, json!({"a": "z", "c": {"d": "e"}}));
        let mut doc = json!({"a": [1, 2]});
        merge(&mut doc, json!({"a": [3], "n": {"x": 1}}));
        assert_eq!(doc, json!({"a": [3], "n": {"x": 1}}));
    }

    #[test]
    fn nul_characters_are_refused_with_their_path() {
        let mut problems = Problems::new();
        check_strings(
            &json!({"title": "a\u{0}b", "topics": ["ok", "\u{0}"]}),
            "",
            &mut problems,
        );
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, vec!["title", "topics[1]"]);
    }
}
