//! Tables of the network: forums, organisations, memberships, people, appointments, topics.

use urbis_domain::network::{
    Appointment, Forum, Membership, Organisation, Person, Topic, TopicPlan,
};

use crate::table::{Stored, Value};

impl Stored for Forum {
    const COLUMNS: &'static [&'static str] = &["short_name_key", "umbrella_id"];
    const UNIQUE: &'static [(&'static str, &'static str)] = &[("short_name_key", "short_name")];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::text(self.short_name.to_lowercase()),
            Value::opt_id(self.umbrella.as_ref()),
        ]
    }
}

impl Stored for Topic {
    const COLUMNS: &'static [&'static str] = &["slug"];
    const UNIQUE: &'static [(&'static str, &'static str)] = &[("slug", "slug")];

    fn values(&self) -> Vec<Value> {
        vec![Value::text(&self.slug)]
    }
}

impl Stored for TopicPlan {
    const COLUMNS: &'static [&'static str] = &["year"];
    const UNIQUE: &'static [(&'static str, &'static str)] = &[("year", "year")];

    fn values(&self) -> Vec<Value> {
        vec![Value::int(self.year)]
    }
}

impl Stored for Organisation {
    const COLUMNS: &'static [&'static str] = &["kind", "country", "sort_name"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::name(&self.kind),
            Value::text(&self.country),
            Value::text(self.name.original_text().to_lowercase()),
        ]
    }
}

impl Stored for Membership {
    const COLUMNS: &'static [&'static str] = &["organisation_id", "status"];

    fn values(&self) -> Vec<Value> {
        vec![Value::id(&self.organisation), Value::name(&self.status)]
    }
}

impl Stored for Person {
    const COLUMNS: &'static [&'static str] = &["organisation_id", "sort_name", "email_key"];
    const UNIQUE: &'static [(&'static str, &'static str)] = &[("email_key", "email")];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::opt_id(self.organisation.as_ref()),
            Value::text(format!("{} {}", self.family_name, self.given_name).to_lowercase()),
            Value::Text(self.email.as_ref().map(|e| e.to_lowercase())),
        ]
    }
}

impl Stored for Appointment {
    const COLUMNS: &'static [&'static str] = &["person_id", "role", "position"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::id(&self.person),
            Value::name(&self.role),
            Value::int(self.position),
        ]
    }
}
