//! Unit tests of reading forms and of the problems found in them.

use serde_json::{Map, Value};
use urbis_domain::{Kind, Lang};

use super::*;
use crate::admin::fields::spec;
use crate::i18n::Tr;

fn tr() -> Tr {
    Tr::new(Lang::En)
}

#[test]
fn a_form_becomes_the_record_json_and_skips_empty_list_rows() {
    let spec = spec(Kind::Event).unwrap();
    let form = FormData::parse(
        b"access=public&kind=webinar&title.de=Titel&title.en=&title.original=de&start=2022-06\
          &status=planned&speakers[0].name=Erika&speakers[0].function.de=&speakers[1].name=\
          &speakers[2].name=Max&topics=t1&topics=t2&portal=on&registration.opens=",
    );
    let (json, problems) = read(spec.fields, &form, Map::new(), &tr());
    assert!(problems.is_empty(), "{problems:?}");
    let json = Value::Object(json);
    assert_eq!(
        json["title"],
        serde_json::json!({"original": "de", "de": "Titel"})
    );
    assert_eq!(json["speakers"][1]["name"], "Max");
    assert_eq!(json["speakers"].as_array().unwrap().len(), 2);
    assert_eq!(json["topics"], serde_json::json!(["t1", "t2"]));
    assert_eq!(json["portal"], true);
    assert!(json.get("registration").is_none());
    let event: urbis_domain::events::Event = serde_json::from_value(json).unwrap();
    assert_eq!(event.speakers.len(), 2);
}

#[test]
fn unreadable_values_stay_as_written_with_a_problem_at_their_path() {
    let spec = spec(Kind::Event).unwrap();
    let form = FormData::parse(
        b"kind=webinar&title.de=T&start=2022-13&status=nope&capacity=abc&speakers[4].name=&speakers[5].person=&speakers[5].function.en=x&speakers[5].organisation=",
    );
    let (json, problems) = read(spec.fields, &form, Map::new(), &tr());
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["access", "start", "capacity", "status"]);
    assert_eq!(json["start"], "2022-13");
    let mut widgets = widgets(spec.fields, &json, &Options::new(), &tr());
    let more = vec![FieldProblem {
        path: "speakers[0]".into(),
        message: "needs a `person` or a `name`".into(),
    }];
    let summary = place_problems(&mut widgets, &[problems, more].concat());
    let start = widgets.iter().find(|w| w.name == "start").unwrap();
    assert_eq!(start.value, "2022-13");
    assert!(start.error.as_deref().unwrap().contains("not a date"));
    let item = widgets.iter().find(|w| w.name == "speakers[0]").unwrap();
    assert!(item.error.is_some());
    assert_eq!(summary[1].target, "f-start");
}
