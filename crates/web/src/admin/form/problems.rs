//! The problems placed beside their fields, and the error summary at the top of the form.

use super::FieldProblem;
use super::widgets::Widget;

/// One line of the error summary: the message and the element it links to.
#[derive(Debug, Clone)]
pub struct SummaryLine {
    /// The element id to link to (empty for the record as a whole).
    pub target: String,
    /// The field's label.
    pub label: String,
    /// What is wrong.
    pub message: String,
}

/// Puts each problem beside its field (the closest enclosing one when the path names a part
/// the form has no input for) and returns the summary for the top of the form.
pub fn place_problems(widgets: &mut [Widget], problems: &[FieldProblem]) -> Vec<SummaryLine> {
    let mut summary = Vec::new();
    for p in problems {
        let mut path = p.path.as_str();
        let placed = loop {
            if let Some(i) = widgets
                .iter()
                .position(|w| w.name == path && w.kind != "close")
            {
                let w = &mut widgets[i];
                append(&mut w.error, &p.message);
                break Some((w.id.clone(), w.label.clone()));
            }
            if let Some(found) = widgets.iter_mut().find_map(|w| {
                let label = w.label.clone();
                w.langs
                    .iter_mut()
                    .find(|l| l.name == path)
                    .map(|l| (l, label))
            }) {
                let (lang, label) = found;
                append(&mut lang.error, &p.message);
                break Some((lang.id.clone(), format!("{label} ({})", lang.code)));
            }
            match path.rfind(['.', '[']) {
                Some(at) if at > 0 => path = &path[..at],
                _ => break None,
            }
        };
        let (target, label) = placed.unwrap_or_default();
        summary.push(SummaryLine {
            target,
            label: if label.is_empty() {
                p.path.clone()
            } else {
                label
            },
            message: p.message.clone(),
        });
    }
    summary
}

fn append(error: &mut Option<String>, message: &str) {
    match error {
        Some(existing) => {
            existing.push_str("; ");
            existing.push_str(message);
        }
        None => *error = Some(message.to_owned()),
    }
}
