//! Editorial texts of the annual report.

use super::{ACCESS, Field, Input, opt, req};
use urbis_domain::report::{Placement, ReportSection};

/// A report text.
pub const REPORT_TEXT: &[Field] = &[
    ACCESS,
    req("year", Input::Int(1900, 2200)),
    req("section", Input::Choice(ReportSection::NAMES)),
    req("placement", Input::Choice(Placement::NAMES)),
    opt("heading", Input::Text),
    req("body", Input::LongText),
    opt("position", Input::Int(-100_000, 100_000)),
];
