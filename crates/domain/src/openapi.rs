//! OpenAPI schemas of the types whose JSON form is written by hand (ids, translatable texts,
//! partial dates, head counts), so that the derived schemas of the records describe exactly
//! what their serde form accepts. Only built with the `openapi` feature.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, OneOfBuilder, Schema, Type};

use utoipa::{PartialSchema, ToSchema};

use crate::date::PartialDate;
use crate::id::Id;
use crate::parts::Headcount;
use crate::text::{Lang, Text};

/// A UUID, or (only in import files) a local key.
const ID_PATTERN: &str =
    "^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9_.:-]{1,100})$";

/// `2022`, `2022-06`, `2022-06-15` or `2022-06-15T14:30`.
const DATE_PATTERN: &str =
    "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9])?)?)?$";

fn string(description: &str, pattern: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
        .into()
}

impl PartialSchema for Id {
    fn schema() -> RefOr<Schema> {
        string(
            "A record's id: a UUID (import files may use a key of lowercase letters, digits, - _ . :)",
            ID_PATTERN,
        )
        .into()
    }
}

impl ToSchema for Id {}

impl PartialSchema for PartialDate {
    fn schema() -> RefOr<Schema> {
        string(
            "A date known to the year, month, day or minute, in local time: 2022, 2022-06, 2022-06-15 or 2022-06-15T14:30",
            DATE_PATTERN,
        )
        .into()
    }
}

impl ToSchema for PartialDate {}

impl PartialSchema for Text {
    fn schema() -> RefOr<Schema> {
        let text = || ObjectBuilder::new().schema_type(Type::String);
        let mut translations = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "The text per language; `original` names the language it was written in",
            ))
            .property("original", Lang::schema())
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .min_properties(Some(1));
        for lang in Lang::ALL {
            translations = translations.property(lang.code(), text());
        }
        OneOfBuilder::new()
            .description(Some(
                "A translatable text: a string (German), or an object of language codes",
            ))
            .item(text())
            .item(translations)
            .into()
    }
}

impl ToSchema for Text {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Lang::name().into(), Lang::schema()));
    }
}

impl PartialSchema for Headcount {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .description(Some(
                "A number of people: exact, or a range written like \"30-55\"",
            ))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0))
                    .maximum(Some(u32::MAX)),
            )
            .item(string("A range", "^[0-9]{1,9}-[0-9]{1,9}$"))
            .into()
    }
}

impl ToSchema for Headcount {}
