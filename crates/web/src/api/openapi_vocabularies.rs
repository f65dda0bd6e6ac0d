//! The OpenAPI document lists the values of every enum exactly as the domain's vocabulary
//! names them (`urbis_domain::vocabulary`), so the document, the serde form and the store
//! cannot disagree.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use urbis_domain::Vocabulary;
use urbis_domain::advocacy::{AdvocacyKind, CooperationKind, OutreachKind};
use urbis_domain::events::{EventKind, EventStatus, Format, RegistrationStatus};
use urbis_domain::knowledge::EntryKind;
use urbis_domain::network::{MembershipStatus, OrganisationKind, Role};
use urbis_domain::portal::PublicationKind;
use urbis_domain::projects::{ApplicationStatus, PartnerRole, ProjectKind, ProjectStatus};
use urbis_domain::report::{Placement, ReportSection};
use urbis_domain::{Access, Kind, Lang, Shared};
use utoipa::ToSchema;

fn entry<T: Vocabulary + ToSchema>() -> (String, &'static [&'static str]) {
    (T::name().into_owned(), T::names())
}

/// Every vocabulary a record or a parameter of the API uses, by its schema name.
fn vocabularies() -> BTreeMap<String, &'static [&'static str]> {
    [
        entry::<Access>(),
        entry::<Shared>(),
        entry::<Kind>(),
        entry::<Lang>(),
        entry::<EventKind>(),
        entry::<Format>(),
        entry::<EventStatus>(),
        entry::<RegistrationStatus>(),
        entry::<EntryKind>(),
        entry::<MembershipStatus>(),
        entry::<OrganisationKind>(),
        entry::<Role>(),
        entry::<PublicationKind>(),
        entry::<ProjectKind>(),
        entry::<ProjectStatus>(),
        entry::<PartnerRole>(),
        entry::<ApplicationStatus>(),
        entry::<AdvocacyKind>(),
        entry::<CooperationKind>(),
        entry::<OutreachKind>(),
        entry::<ReportSection>(),
        entry::<Placement>(),
    ]
    .into_iter()
    .collect()
}

/// Every `enum` list in `value`, with the JSON pointer of the schema that holds it.
fn enums<'a>(value: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            if let Some(list) = map.get("enum") {
                out.push((path.clone(), list));
            }
            for (key, inner) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                enums(inner, format!("{path}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                enums(inner, format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_enum_of_the_openapi_document_lists_the_domains_names() {
    let doc: Value = serde_json::from_slice(super::openapi::json()).unwrap();
    let vocabularies = vocabularies();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for (name, names) in &vocabularies {
        let listed = &schemas
            .get(name)
            .unwrap_or_else(|| panic!("{name} is not in the document"))["enum"];
        assert_eq!(listed, &json!(names), "{name}");
    }
    let mut found = Vec::new();
    enums(&doc, String::new(), &mut found);
    assert!(found.len() >= vocabularies.len(), "{} enums", found.len());
    for (path, list) in found {
        if let Some(name) = path
            .strip_prefix("/components/schemas/")
            .and_then(|rest| rest.strip_suffix("/enum").or(Some(rest)))
            .filter(|name| !name.contains('/'))
        {
            let names = vocabularies.get(name).unwrap_or_else(|| {
                panic!("{name} lists values but is no vocabulary of the domain")
            });
            assert_eq!(list, &json!(names), "{path}");
            continue;
        }
        let sort = path.contains("/parameters/") && {
            let parameter = path.rsplit_once("/schema").map_or("", |(p, _)| p);
            let pointer = parameter.to_owned() + "/name";
            doc.pointer(&pointer) == Some(&json!("sort"))
        };
        assert!(
            sort || vocabularies.values().any(|names| list == &json!(names)),
            "{path} lists {list}, which is no vocabulary of the domain"
        );
    }
}

#[test]
fn every_access_parameter_lists_the_access_levels() {
    let doc: Value = serde_json::from_slice(super::openapi::json()).unwrap();
    let mut seen = 0;
    for item in doc["paths"].as_object().unwrap().values() {
        let parameters = item["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for parameter in parameters.iter().filter(|p| p["name"] == "access") {
            assert_eq!(
                parameter["schema"]["enum"],
                json!(Access::NAMES),
                "{parameter}"
            );
            seen += 1;
        }
    }
    assert!(seen > 10, "{seen} access parameters");
}
