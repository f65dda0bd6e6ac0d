//! The OpenAPI 3.1 document of the API (`/api/openapi.json`), made from the record types'
//! schemas and the same list of kinds and columns the handlers use, so it cannot drift.

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use utoipa::PartialSchema;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ComponentsBuilder, ObjectBuilder, OneOfBuilder, Schema,
    Type,
};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Ref, RefOr, Required,
    ResponseBuilder,
};

use super::kinds::{self, KindSpec, ParamType};
use super::problem::{FieldProblem, PROBLEM_JSON, Problem};

/// The largest page a list gives.
pub const MAX_LIMIT: i64 = 200;
/// The page size when none is asked for.
pub const DEFAULT_LIMIT: i64 = 50;

const BEARER: &str = "token";
const SESSION: &str = "session";
const CSRF: &str = "csrf";

fn schema_ref(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

fn problem(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(schema_ref("Problem")))
                .build(),
        )
        .build()
}

fn json_response(description: &str, schema: RefOr<Schema>) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}

/// Who may call an operation: anyone (reads), or a token or a session with its CSRF token.
fn security(read: bool) -> Vec<SecurityRequirement> {
    let none = Vec::<String>::new;
    if read {
        vec![
            SecurityRequirement::default(),
            SecurityRequirement::new(BEARER, none()),
            SecurityRequirement::new(SESSION, none()),
        ]
    } else {
        vec![
            SecurityRequirement::new(BEARER, none()),
            SecurityRequirement::new(SESSION, none()).add(CSRF, none()),
        ]
    }
}

fn errors(mut op: OperationBuilder, read: bool, has_id: bool, has_body: bool) -> OperationBuilder {
    op = op.response(
        "400",
        problem(
            "The request cannot be read (the address, a parameter or the JSON body is malformed)",
        ),
    );
    op = op.response(
        "401",
        problem("The API token is unknown or revoked, or a write comes without one"),
    );
    if !read {
        op = op
            .response("403", problem("The caller may not change this record, the token may only read, or a session write lacks its CSRF token"))
            .response("409", problem("The write clashes with what is stored (a value that must be unique, a record still referred to)"));
    }
    if has_id || !read {
        op = op.response(
            "404",
            problem("There is no such record, or the caller may not see it"),
        );
    }
    if has_body {
        op = op
            .response("413", problem("The body is larger than 256 KiB"))
            .response("415", problem("The body is not JSON"))
            .response(
                "422",
                problem("The record breaks a rule; `errors` names every field"),
            );
    }
    op.response(
        "500",
        problem("The server failed (never for bad input); details are in its log"),
    )
}

/// The answer to a create, with links from the new record's id to the operations on it (so
/// that clients and testers can follow them).
fn created_response(name: &str, schema: RefOr<Schema>) -> utoipa::openapi::Response {
    let mut response = ResponseBuilder::new()
        .description("The record as stored; `Location` is its address")
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        );
    for action in ["get", "update", "patch", "delete"] {
        response = response.link(
            format!("{action}_this"),
            LinkBuilder::new()
                .operation_id(format!("{action}_{name}"))
                .parameter("id", "$response.body#/id")
                .build(),
        );
    }
    response.build()
}

fn id_param() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some("The record's id (a UUID)"))
        .schema(Some(String::schema()))
        .build()
}

fn query(
    name: &str,
    description: &str,
    schema: impl Into<RefOr<Schema>>,
) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

fn list_parameters(spec: &KindSpec) -> Vec<utoipa::openapi::path::Parameter> {
    let limit = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_LIMIT))
        .default(Some(json!(DEFAULT_LIMIT)));
    let mut sorts = Vec::new();
    for column in &spec.columns {
        sorts.push(column.name.to_owned());
        sorts.push(format!("-{}", column.name));
    }
    let mut params = vec![
        query("limit", "How many records a page holds at most", limit),
        query(
            "cursor",
            "Where the page starts: the `next_cursor` of the page before (opaque)",
            String::schema(),
        ),
        query(
            "sort",
            "The order: a column, descending with a leading `-`; the id breaks ties",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(sorts)),
        ),
    ];
    for column in spec
        .columns
        .iter()
        .filter(|c| !matches!(c.name, "created" | "updated"))
    {
        let schema: RefOr<Schema> = match column.ty {
            ParamType::Int => ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(i64::MIN))
                .maximum(Some(i64::MAX))
                .into(),
            ParamType::Bool => ObjectBuilder::new().schema_type(Type::Boolean).into(),
            ParamType::Access => urbis_domain::Access::schema(),
            ParamType::Text | ParamType::Lower => String::schema(),
        };
        params.push(query(
            column.name,
            &format!("Only records whose `{}` is this", column.name),
            schema,
        ));
    }
    if spec.kind == urbis_domain::Kind::Event {
        let day = || {
            ObjectBuilder::new().schema_type(Type::String).format(Some(
                utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Date),
            ))
        };
        params.push(query(
            "from",
            "Only events that last to this day or later (a day, 2026-12-07)",
            day(),
        ));
        params.push(query(
            "to",
            "Only events that begin on this day or earlier (a day, 2026-12-07)",
            day(),
        ));
    }
    params
}

fn operations(spec: &KindSpec) -> (PathItem, PathItem) {
    let plural = spec.kind.plural();
    let name = spec.kind.name();
    let tag = plural;
    let list_schema = format!("{}List", spec.schema_name);
    let record = || schema_ref(&spec.schema_name);
    let input = || schema_ref(&format!("{}Input", spec.schema_name));
    let body = |media: &str, schema: RefOr<Schema>| {
        Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(media, ContentBuilder::new().schema(Some(schema)).build())
                .build(),
        )
    };
    let op = |id: &str, summary: String| {
        OperationBuilder::new()
            .operation_id(Some(id))
            .summary(Some(summary))
            .tag(tag)
    };
    let list = errors(
        op(
            &format!("list_{plural}"),
            format!("List the {} the caller may see", plural.replace('_', " ")),
        )
        .parameters(Some(list_parameters(spec)))
        .securities(Some(security(true)))
        .response(
            "200",
            json_response("One page of records", schema_ref(&list_schema)),
        ),
        true,
        false,
        false,
    );
    let read = errors(
        op(
            &format!("get_{name}"),
            format!("Read one {}", name.replace('_', " ")),
        )
        .parameter(id_param())
        .securities(Some(security(true)))
        .response("200", json_response("The record", record())),
        true,
        true,
        false,
    );
    let mut collection = PathItem::new(HttpMethod::Get, list.build());
    let mut single = PathItem::new(HttpMethod::Get, read.build());
    if spec.writable {
        let create: Operation = errors(
            op(
                &format!("create_{name}"),
                format!("Create a {}", name.replace('_', " ")),
            )
            .request_body(body("application/json", input()))
            .securities(Some(security(false)))
            .response("201", created_response(name, record())),
            false,
            false,
            true,
        )
        .build();
        collection.merge_operations(PathItem::new(HttpMethod::Post, create));
        let update = errors(
            op(
                &format!("update_{name}"),
                format!("Replace a {}", name.replace('_', " ")),
            )
            .parameter(id_param())
            .request_body(body("application/json", input()))
            .securities(Some(security(false)))
            .response("200", json_response("The record as stored", record())),
            false,
            true,
            true,
        )
        .build();
        let merge_patch = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "A JSON merge patch (RFC 7396) of the record: given fields replace, null removes",
            ));
        let patch = errors(
            op(
                &format!("patch_{name}"),
                format!("Change some fields of a {}", name.replace('_', " ")),
            )
            .parameter(id_param())
            .request_body(body("application/merge-patch+json", merge_patch.into()))
            .securities(Some(security(false)))
            .response("200", json_response("The record as stored", record())),
            false,
            true,
            true,
        )
        .build();
        let delete = errors(
            op(
                &format!("delete_{name}"),
                format!("Delete a {}", name.replace('_', " ")),
            )
            .parameter(id_param())
            .securities(Some(security(false)))
            .response("204", ResponseBuilder::new().description("Deleted").build()),
            false,
            true,
            false,
        )
        .build();
        single.merge_operations(PathItem::new(HttpMethod::Put, update));
        single.merge_operations(PathItem::new(HttpMethod::Patch, patch));
        single.merge_operations(PathItem::new(HttpMethod::Delete, delete));
    }
    (collection, single)
}

/// Fields urbis sets itself: a body leaves them out (a different `id` is refused).
const SET_BY_URBIS: [&str; 3] = ["id", "created", "updated"];

/// What a create or replace body holds: the record without the fields urbis sets.
fn input_schema(spec: &KindSpec) -> RefOr<Schema> {
    let mut schema = spec.schema.clone();
    if let RefOr::T(Schema::Object(object)) = &mut schema {
        for field in SET_BY_URBIS {
            object.properties.remove(field);
        }
        object
            .required
            .retain(|r| !SET_BY_URBIS.contains(&r.as_str()));
        object.description = Some(format!(
            "A {} as written by a client: urbis sets `id`, `created` and `updated`",
            spec.kind.name().replace('_', " ")
        ));
    }
    schema
}

fn list_schema(spec: &KindSpec) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(format!(
            "A page of {}",
            spec.kind.plural().replace('_', " ")
        )))
        .property(
            "items",
            ArrayBuilder::new().items(schema_ref(&spec.schema_name)),
        )
        .required("items")
        .property(
            "next_cursor",
            OneOfBuilder::new()
                .item(ObjectBuilder::new().schema_type(Type::Null))
                .item(String::schema())
                .description(Some(
                    "Give it as `cursor` for the next page; null on the last page",
                )),
        )
        .required("next_cursor")
        .property(
            "next",
            OneOfBuilder::new()
                .item(ObjectBuilder::new().schema_type(Type::Null))
                .item(String::schema())
                .description(Some(
                    "The address of the next page (also in the `Link` header, `rel=\"next\"`); \
                     null on the last page",
                )),
        )
        .required("next")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .into()
}

/// Builds the document.
pub fn document() -> OpenApi {
    let specs = kinds::all();
    let mut paths = PathsBuilder::new();
    let mut components = ComponentsBuilder::new()
        .schema_from::<Problem>()
        .schema_from::<FieldProblem>()
        .security_scheme(
            BEARER,
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal API token, made on the account page (read, or read and write)",
                    ))
                    .build(),
            ),
        )
        .security_scheme(
            SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::visitor::SESSION_COOKIE,
                "The session cookie of a logged-in browser",
            ))),
        )
        .security_scheme(
            CSRF,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "The CSRF token (the `urbis_csrf` cookie's value), needed by every write with a session cookie",
            ))),
        );
    let mut tags = Vec::new();
    for spec in &specs {
        let (collection, single) = operations(spec);
        paths = paths
            .path(format!("/api/v1/{}", spec.kind.plural()), collection)
            .path(format!("/api/v1/{}/{{id}}", spec.kind.plural()), single);
        components = components
            .schema(spec.schema_name.clone(), spec.schema.clone())
            .schema(format!("{}List", spec.schema_name), list_schema(spec))
            .schema(format!("{}Input", spec.schema_name), input_schema(spec))
            .schemas_from_iter(spec.nested.clone());
        tags.push(
            TagBuilder::new()
                .name(spec.kind.plural())
                .description(Some(if spec.writable {
                    format!("{} records", spec.kind.name().replace('_', " "))
                } else {
                    format!("{} records (read only)", spec.kind.name().replace('_', " "))
                }))
                .build(),
        );
    }
    let document = OperationBuilder::new()
        .operation_id(Some("openapi"))
        .summary(Some("This document"))
        .tag("meta")
        .securities(Some(vec![SecurityRequirement::default()]))
        .response(
            "200",
            json_response(
                "The OpenAPI 3.1 document of the API",
                ObjectBuilder::new().schema_type(Type::Object).into(),
            ),
        )
        .build();
    paths = paths.path(
        "/api/openapi.json",
        PathItem::new(HttpMethod::Get, document),
    );
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("urbis API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Every record kind of an urbis forum: list (filters, sort, cursor pages), read, \
                     create, replace, patch, delete, under the same validation and access policy \
                     as the pages. Anonymous callers read public records; a personal token acts \
                     with its user's roles. Errors are RFC 9457 problem details.",
                ))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components.build()))
        .tags(Some(tags))
        .build()
}

/// The document as JSON, made once.
pub fn json() -> &'static [u8] {
    static JSON: OnceLock<Vec<u8>> = OnceLock::new();
    JSON.get_or_init(|| serde_json::to_vec(&document()).unwrap_or_default())
}

/// `GET /api/openapi.json`.
pub async fn show() -> Response {
    let mut response = json().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                    out.push(r.clone());
                }
                map.values().for_each(|v| refs(v, out));
            }
            serde_json::Value::Array(list) => list.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn the_document_covers_every_kind_and_every_reference_resolves() {
        let doc: serde_json::Value = serde_json::from_slice(json()).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        for kind in urbis_domain::Kind::ALL {
            let list = &doc["paths"][format!("/api/v1/{}", kind.plural())];
            let one = &doc["paths"][format!("/api/v1/{}/{{id}}", kind.plural())];
            assert!(list["get"].is_object(), "{kind}");
            assert!(one["get"].is_object(), "{kind}");
            let writable = *kind != urbis_domain::Kind::Forum;
            assert_eq!(list["post"].is_object(), writable, "{kind}");
            for method in ["put", "patch", "delete"] {
                assert_eq!(one[method].is_object(), writable, "{kind} {method}");
            }
        }
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 100);
        for r in found {
            let name = r.trim_start_matches("#/components/schemas/");
            assert!(
                doc["components"]["schemas"][name].is_object(),
                "{r} does not resolve"
            );
        }
        let event = &doc["components"]["schemas"]["Event"];
        assert_eq!(event["additionalProperties"], false);
        assert!(
            event["required"]
                .as_array()
                .unwrap()
                .contains(&"start".into())
        );
        let schemas = &doc["components"]["schemas"];
        let statuses = schemas["RegistrationStatus"].to_string();
        assert!(statuses.contains("\"unconfirmed\""), "{statuses}");
        let rules = &schemas["RegistrationRules"];
        assert!(rules["properties"]["confirm_guests"].is_object(), "{rules}");
        assert!(
            !rules["required"]
                .as_array()
                .is_some_and(|r| r.contains(&"confirm_guests".into())),
            "old records without the flag stay valid"
        );
    }
}
