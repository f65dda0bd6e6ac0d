//! Unit tests of the scrubbing and the erased addresses.

use urbis_domain::audit::FieldChange;

use super::scrub::{prepare_needles, scrub_changes};
use super::*;
use serde_json::json;

fn change(field: &str, old: serde_json::Value, new: serde_json::Value) -> FieldChange {
    FieldChange {
        field: field.into(),
        old,
        new,
    }
}

#[test]
fn personal_fields_go_whole_and_needles_anywhere() {
    let needles = prepare_needles(&[
        "Wilma Zorn".into(),
        "w.zorn@example.org".into(),
        "Zo".into(),
    ]);
    assert_eq!(
        needles,
        ["w.zorn@example.org", "wilma zorn"],
        "short needles are dropped"
    );
    let mut own = vec![
        change("given_name", json!("Wilma"), json!("Wilhelmina")),
        change("phone", json!(null), json!("0201 1234")),
        change("topics", json!(["t1"]), json!(["t1", "t2"])),
    ];
    assert!(scrub_changes(&mut own, true, &needles));
    assert_eq!(own[0].old, json!(ERASED));
    assert_eq!(own[0].new, json!(ERASED));
    assert_eq!(own[1].old, json!(null), "absent stays absent");
    assert_eq!(own[1].new, json!(ERASED));
    assert_eq!(own[2].new, json!(["t1", "t2"]), "not personal");
    let mut other = vec![change(
        "speakers",
        json!([{"name": "Dr. WILMA ZORN", "function": {"de": "Amtsleiterin"}}]),
        json!([{"person": "p1"}]),
    )];
    assert!(scrub_changes(&mut other, false, &needles));
    assert_eq!(
        other[0].old,
        json!([{"name": ERASED, "function": {"de": "Amtsleiterin"}}])
    );
    assert!(
        !scrub_changes(&mut other, false, &needles),
        "scrubbing twice changes nothing"
    );
}

#[test]
fn erased_addresses_are_valid_unique_and_recognised() {
    let id = Id::new();
    let email = erased_email(&id);
    assert!(urbis_domain::validation::is_email(&email), "{email}");
    assert!(is_erased_email(&email));
    assert_ne!(email, erased_email(&Id::new()));
    assert!(!is_erased_email("erased@example.org"));
}
