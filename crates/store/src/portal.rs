//! Tables of the information portal: publications and funding calls.

use urbis_domain::portal::{FundingCall, Publication};

use crate::table::{Stored, Value};

impl Stored for Publication {
    const COLUMNS: &'static [&'static str] = &["kind", "published", "project_id", "event_id"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::name(&self.kind),
            Value::date(self.published.as_ref()),
            Value::opt_id(self.project.as_ref()),
            Value::opt_id(self.event.as_ref()),
        ]
    }
}

impl Stored for FundingCall {
    const COLUMNS: &'static [&'static str] = &["funder_id", "next_deadline"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::opt_id(self.funder.as_ref()),
            Value::date(self.deadlines.last().map(|d| &d.date)),
        ]
    }
}
