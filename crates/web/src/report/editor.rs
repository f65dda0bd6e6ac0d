//! `/admin/report/editor`: the office writes the annual report's editorial texts beside the
//! parts urbis composes from the records, so it always sees what it writes and what the
//! records say — and that only the first is its to change here.

use crate::site::Site;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Map, Value as Json, json};
use urbis_app::AppError;
use urbis_app::records;
use urbis_domain::report::{Placement, ReportSection, ReportText};
use urbis_domain::{Access, Id, Kind, Lang, Problems};
use urbis_report::Options;

use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// Which year and language the editor shows.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditorQuery {
    year: Option<String>,
    lang: Option<String>,
}

/// What a text's form sends.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TextForm {
    year: String,
    section: String,
    placement: String,
    position: String,
    heading_de: String,
    heading_en: String,
    body_de: String,
    body_en: String,
    /// French, when the form sent it (a form without the French fields leaves them as stored).
    heading_fr: Option<String>,
    /// French, when the form sent it.
    body_fr: Option<String>,
    access: String,
}

/// One editorial text with its form values.
pub struct TextSlot {
    /// The record's id, or empty for the form that adds a text.
    id: String,
    /// The values shown in the form.
    form: TextForm,
    /// Problems of the last submission of this form, by field.
    errors: Vec<(String, String)>,
}

/// One section of the report in the editor.
pub struct SectionView {
    title: String,
    anchor: &'static str,
    opening: Vec<TextSlot>,
    generated: String,
    closing: Vec<TextSlot>,
    new_opening: TextSlot,
    new_closing: TextSlot,
}

/// The editor page.
#[derive(Template)]
#[template(path = "report/editor.html")]
pub struct EditorPage {
    frame: Frame,
    year: i16,
    report_lang: &'static str,
    sections: Vec<SectionView>,
    error_summary: Vec<(String, String)>,
}

const EDITOR: &str = "/admin/report/editor";

fn year_of(text: Option<&str>) -> Result<i16, WebError> {
    let year = match text.filter(|y| !y.is_empty()) {
        Some(text) => text
            .parse::<i16>()
            .map_err(|_| WebError::BadRequest("report-bad-year"))?,
        None => this_year(),
    };
    if (1900..=2200).contains(&year) {
        Ok(year)
    } else {
        Err(WebError::BadRequest("report-bad-year"))
    }
}

fn this_year() -> i16 {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .year()
}

impl TextForm {
    fn blank(year: i16, section: ReportSection, placement: Placement) -> Self {
        Self {
            year: year.to_string(),
            section: section.as_str().to_owned(),
            placement: placement.as_str().to_owned(),
            position: "0".into(),
            access: Access::Public.as_str().into(),
            heading_fr: Some(String::new()),
            body_fr: Some(String::new()),
            ..Self::default()
        }
    }

    fn of(text: &ReportText) -> Self {
        let heading = |lang| {
            text.heading
                .as_ref()
                .and_then(|h| h.get(lang))
                .unwrap_or_default()
                .to_owned()
        };
        Self {
            year: text.year.to_string(),
            section: text.section.as_str().to_owned(),
            placement: text.placement.as_str().to_owned(),
            position: text.position.to_string(),
            heading_de: heading(Lang::De),
            heading_en: heading(Lang::En),
            body_de: text.body.get(Lang::De).unwrap_or_default().to_owned(),
            body_en: text.body.get(Lang::En).unwrap_or_default().to_owned(),
            heading_fr: Some(heading(Lang::Fr)),
            body_fr: Some(text.body.get(Lang::Fr).unwrap_or_default().to_owned()),
            access: text.access.as_str().to_owned(),
        }
    }

    /// The record's fields as JSON, over `stored` (so languages the form does not show stay as
    /// they are). A field that cannot be read is reported with its name.
    fn to_json(&self, stored: Option<Json>) -> Result<Json, Problems> {
        let mut problems = Problems::new();
        let mut fields = match stored {
            Some(Json::Object(fields)) => fields,
            _ => Map::new(),
        };
        let year: Option<i64> = self.year.trim().parse().ok();
        if year.is_none() {
            problems.push("year", "must be a year such as 2023");
        }
        let position: Option<i64> = self.position.trim().parse().ok();
        if position.is_none() {
            problems.push("position", "must be a whole number");
        }
        problems.into_result()?;
        fields.insert("year".into(), json!(year));
        fields.insert("position".into(), json!(position));
        fields.insert("section".into(), json!(self.section));
        fields.insert("placement".into(), json!(self.placement));
        fields.insert("access".into(), json!(self.access));
        let body = text_json(
            fields.get("body"),
            &[
                ("de", Some(&self.body_de)),
                ("en", Some(&self.body_en)),
                ("fr", self.body_fr.as_ref()),
            ],
        );
        fields.insert("body".into(), body.unwrap_or_else(|| json!({})));
        let heading = text_json(
            fields.get("heading"),
            &[
                ("de", Some(&self.heading_de)),
                ("en", Some(&self.heading_en)),
                ("fr", self.heading_fr.as_ref()),
            ],
        );
        match heading {
            Some(heading) => fields.insert("heading".into(), heading),
            None => fields.remove("heading"),
        };
        Ok(Json::Object(fields))
    }
}

/// A translatable text from its stored JSON with the languages the form sent set (an empty
/// input removes that language, one not sent stays as stored); `None` when no language is
/// left.
fn text_json(stored: Option<&Json>, sent: &[(&str, Option<&String>)]) -> Option<Json> {
    let mut text = match stored {
        Some(Json::Object(values)) => values.clone(),
        _ => Map::new(),
    };
    for &(code, value) in sent {
        let Some(value) = value.map(|v| v.trim()) else {
            continue;
        };
        if value.is_empty() {
            text.remove(code);
        } else {
            text.insert(code.into(), json!(value));
        }
    }
    if text
        .get("original")
        .and_then(Json::as_str)
        .is_some_and(|o| !text.contains_key(o))
    {
        text.remove("original");
    }
    let languages = text.keys().filter(|k| k.as_str() != "original").count();
    (languages > 0).then_some(Json::Object(text))
}

/// Where a submitted form's problems are shown: the text's id, or the add form of a place.
struct Failed {
    slot: String,
    form: TextForm,
    errors: Vec<(String, String)>,
}

async fn page(
    state: &Site,
    visitor: &Visitor,
    year: i16,
    lang: Lang,
    failed: Option<Failed>,
) -> Result<EditorPage, WebError> {
    let (_forum, report) =
        urbis_app::report::compose(&state.app, &state.forum, &Options::new(year, lang)).await?;
    let texts: Vec<ReportText> = urbis_app::report::texts(&state.app, &state.forum, year).await?;
    let slot_of = |id: String, form: TextForm| match &failed {
        Some(f) if f.slot == id => TextSlot {
            id,
            form: f.form.clone(),
            errors: f.errors.clone(),
        },
        _ => TextSlot {
            id,
            form,
            errors: Vec::new(),
        },
    };
    let slots = |section: ReportSection, placement: Placement| -> Vec<TextSlot> {
        texts
            .iter()
            .filter(|t| t.section == section && t.placement == placement)
            .map(|t| slot_of(t.id.to_string(), TextForm::of(t)))
            .collect()
    };
    let sections = report
        .sections
        .iter()
        .map(|section| {
            let new = |placement: Placement| {
                let slot = format!("new-{}-{}", section.anchor(), placement.as_str());
                slot_of(slot, TextForm::blank(year, section.kind, placement))
            };
            SectionView {
                title: section.title.clone(),
                anchor: section.anchor(),
                opening: slots(section.kind, Placement::Opening),
                generated: urbis_report::html::generated(section, 3),
                closing: slots(section.kind, Placement::Closing),
                new_opening: new(Placement::Opening),
                new_closing: new(Placement::Closing),
            }
        })
        .collect();
    Ok(EditorPage {
        frame: visitor.frame(),
        year,
        report_lang: lang.code(),
        sections,
        error_summary: failed.map(|f| f.errors).unwrap_or_default(),
    })
}

fn report_lang(text: Option<&str>) -> Lang {
    match text {
        Some("en") => Lang::En,
        Some("fr") => Lang::Fr,
        _ => Lang::De,
    }
}

/// The editor: every section with its editorial texts (editable) around the part composed
/// from the records (shown, marked as generated).
pub async fn show(
    state: Site,
    visitor: Visitor,
    Query(query): Query<EditorQuery>,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, EDITOR)?;
    let year = year_of(query.year.as_deref())?;
    let lang = report_lang(query.lang.as_deref());
    Ok(render(&page(&state, &visitor, year, lang, None).await?))
}

fn back(form: &TextForm, lang: Lang, anchor: &str) -> Response {
    let year: String = form.year.chars().filter(char::is_ascii_digit).collect();
    Redirect::to(&format!(
        "{EDITOR}?year={year}&lang={}#{anchor}",
        lang.code()
    ))
    .into_response()
}

/// Saves a text (a new one without `id`), then back to its section; on a problem the editor
/// comes back with the form as sent and each message beside its field.
async fn save(
    state: &Site,
    visitor: &Visitor,
    id: Option<Id>,
    form: TextForm,
    lang: Lang,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, EDITOR)?;
    let stored = match &id {
        Some(id) => Some(records::get(&state.app, &visitor.viewer, Kind::ReportText, id).await?),
        None => None,
    };
    let store = state.app.acting_as(visitor.user.as_ref().map(|u| &u.id));
    let written = match form.to_json(stored) {
        Err(problems) => Err(AppError::Invalid(problems)),
        Ok(body) => match &id {
            Some(id) => {
                records::update(
                    &store,
                    &visitor.viewer,
                    Kind::ReportText,
                    id,
                    body,
                    &crate::events::register::site(state),
                )
                .await
            }
            None => {
                records::create(
                    &store,
                    &visitor.viewer,
                    &state.forum,
                    Kind::ReportText,
                    body,
                )
                .await
            }
        },
    };
    let anchor = urbis_report::model::anchor(
        ReportSection::parse(&form.section).unwrap_or(ReportSection::Introduction),
    );
    let errors: Vec<(String, String)> = match written {
        Ok(_) => return Ok(back(&form, lang, anchor)),
        Err(AppError::Invalid(problems)) => problems
            .iter()
            .map(|p| (p.field.clone(), p.message.clone()))
            .collect(),
        Err(AppError::Conflict { field, message }) => {
            vec![(field, message)]
        }
        Err(other) => return Err(other.into()),
    };
    let slot = match &id {
        Some(id) => id.to_string(),
        None => format!("new-{anchor}-{}", form.placement),
    };
    let year = year_of(Some(&form.year)).unwrap_or_else(|_| this_year());
    let failed = Failed { slot, form, errors };
    let page = page(state, visitor, year, lang, Some(failed)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// Adds an editorial text.
pub async fn create(
    state: Site,
    visitor: Visitor,
    Query(query): Query<EditorQuery>,
    Form(form): Form<TextForm>,
) -> Result<Response, WebError> {
    save(
        &state,
        &visitor,
        None,
        form,
        report_lang(query.lang.as_deref()),
    )
    .await
}

/// Changes an editorial text.
pub async fn update(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    Query(query): Query<EditorQuery>,
    Form(form): Form<TextForm>,
) -> Result<Response, WebError> {
    let id = Id::from_text(id);
    save(
        &state,
        &visitor,
        Some(id),
        form,
        report_lang(query.lang.as_deref()),
    )
    .await
}

/// Deletes an editorial text.
pub async fn delete(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    Query(query): Query<EditorQuery>,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, EDITOR)?;
    let id = Id::from_text(id);
    let text = records::get(&state.app, &visitor.viewer, Kind::ReportText, &id).await?;
    let store = state.app.acting_as(visitor.user.as_ref().map(|u| &u.id));
    records::delete(&store, &visitor.viewer, Kind::ReportText, &id).await?;
    let form = TextForm {
        year: text["year"].to_string(),
        ..TextForm::default()
    };
    let anchor = urbis_report::model::anchor(
        text["section"]
            .as_str()
            .and_then(ReportSection::parse)
            .unwrap_or(ReportSection::Introduction),
    );
    Ok(back(&form, report_lang(query.lang.as_deref()), anchor))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(body_fr: Option<&str>) -> TextForm {
        TextForm {
            year: "2022".into(),
            section: "introduction".into(),
            placement: "opening".into(),
            position: "1".into(),
            body_de: "Deutsch".into(),
            body_en: "English".into(),
            body_fr: body_fr.map(str::to_owned),
            access: "public".into(),
            ..TextForm::default()
        }
    }

    #[test]
    fn french_is_written_when_sent_and_kept_when_not() {
        let stored = json!({"body": {"original": "de", "de": "Alt", "fr": "Ancien"}});
        let sent = form(Some(" Français "))
            .to_json(Some(stored.clone()))
            .unwrap();
        assert_eq!(sent["body"]["fr"], "Français");
        assert_eq!(sent["body"]["de"], "Deutsch");
        let kept = form(None).to_json(Some(stored.clone())).unwrap();
        assert_eq!(kept["body"]["fr"], "Ancien");
        let removed = form(Some("")).to_json(Some(stored)).unwrap();
        assert!(removed["body"].get("fr").is_none(), "{removed}");
        assert!(removed.get("heading").is_none(), "{removed}");
    }
}
