//! The table of the annual report's editorial texts.

use urbis_domain::report::ReportText;

use crate::table::{Stored, Value};

impl Stored for ReportText {
    const COLUMNS: &'static [&'static str] = &["year", "section", "placement", "position"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::int(self.year),
            Value::name(&self.section),
            Value::name(&self.placement),
            Value::int(self.position),
        ]
    }
}
