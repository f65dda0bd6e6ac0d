//! Tables of projects and funding applications.

use urbis_domain::projects::{FundingApplication, Project};

use crate::table::{Stored, Value};

impl Stored for Project {
    const COLUMNS: &'static [&'static str] = &[
        "kind",
        "acronym_key",
        "status",
        "start_date",
        "end_date",
        "funder_id",
        "coordinator_id",
    ];
    const UNIQUE: &'static [(&'static str, &'static str)] = &[("acronym_key", "acronym")];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::name(&self.kind),
            Value::text(self.acronym.to_lowercase()),
            Value::name(&self.status),
            Value::date(self.start.as_ref()),
            Value::date(self.end.as_ref()),
            Value::opt_id(self.funder.as_ref()),
            Value::opt_id(self.coordinator.as_ref()),
        ]
    }
}

impl Stored for FundingApplication {
    const COLUMNS: &'static [&'static str] = &[
        "acronym_key",
        "status",
        "submitted",
        "call_id",
        "project_id",
    ];
    const UNIQUE: &'static [(&'static str, &'static str)] = &[("acronym_key", "acronym")];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::text(self.acronym.to_lowercase()),
            Value::name(&self.status),
            Value::date(self.submitted.as_ref()),
            Value::opt_id(self.call.as_ref()),
            Value::opt_id(self.project.as_ref()),
        ]
    }
}
