//! Tables of advocacy actions, cooperations and outreach.

use urbis_domain::advocacy::{AdvocacyAction, Cooperation, Outreach};

use crate::table::{Stored, Value};

impl Stored for AdvocacyAction {
    const COLUMNS: &'static [&'static str] = &["kind", "action_date", "recipient_id"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::name(&self.kind),
            Value::date(self.date.as_ref()),
            Value::opt_id(self.recipient.as_ref()),
        ]
    }
}

impl Stored for Cooperation {
    const COLUMNS: &'static [&'static str] = &["kind", "partner_id", "since"];

    fn values(&self) -> Vec<Value> {
        vec![
            Value::name(&self.kind),
            Value::id(&self.partner),
            Value::date(self.since.as_ref()),
        ]
    }
}

impl Stored for Outreach {
    const COLUMNS: &'static [&'static str] = &["kind", "outreach_date"];

    fn values(&self) -> Vec<Value> {
        vec![Value::name(&self.kind), Value::date(self.date.as_ref())]
    }
}
