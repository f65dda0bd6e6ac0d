//! Editorial texts of the annual report.

use super::{ACCESS, Field, Input, opt, req};

/// A report text.
pub const REPORT_TEXT: &[Field] = &[
    ACCESS,
    req("year", Input::Int(1900, 2200)),
    req(
        "section",
        Input::Choice(&[
            "introduction",
            "exchange",
            "knowledge",
            "projects",
            "communication",
            "umbrella",
            "outlook",
            "office",
        ]),
    ),
    req("placement", Input::Choice(&["opening", "closing"])),
    opt("heading", Input::Text),
    req("body", Input::LongText),
    opt("position", Input::Int(-100_000, 100_000)),
];
