//! Tables of events, series and registrations.

use urbis_domain::events::{Event, Registration, Series};

use crate::table::{Stored, Value};

impl Stored for Series {
    const COLUMNS: &'static [&'static str] = &["project_id", "shared"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::opt_id(self.project.as_ref()),
            Value::text(self.shared.as_str()),
        ]
    }
}

impl Stored for Event {
    const COLUMNS: &'static [&'static str] = &[
        "kind",
        "status",
        "start_date",
        "start_year",
        "capacity",
        "series_id",
        "host_id",
        "project_id",
        "portal",
        "shared",
        "last_day",
    ];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::name(&self.kind),
            Value::name(&self.status),
            Value::date(Some(&self.start)),
            Value::int(self.start.year_number()),
            Value::Int(self.capacity.map(i64::from)),
            Value::opt_id(self.series.as_ref()),
            Value::opt_id(self.host.as_ref()),
            Value::opt_id(self.project.as_ref()),
            Value::flag(self.portal),
            Value::text(self.shared.as_str()),
            Value::day(self.last_day()),
        ]
    }
}

impl Stored for Registration {
    const COLUMNS: &'static [&'static str] =
        &["event_id", "person_id", "guest_email_key", "status"];
    const UNIQUE: &'static [(&'static str, &'static str)] =
        &[("person_id", "person"), ("guest_email_key", "guest.email")];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::id(&self.event),
            Value::opt_id(self.person.as_ref()),
            Value::Text(self.guest.as_ref().map(|g| g.email.to_lowercase())),
            Value::name(&self.status),
        ]
    }
}
