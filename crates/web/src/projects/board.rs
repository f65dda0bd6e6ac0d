//! `/admin/applications`: the office's board of funding applications, one column per stage
//! (in preparation → submitted → approved / rejected / withdrawn), with the next deadline of
//! each application's call and a quick way to move an application on.

use crate::site::Site;
use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use urbis_app::projects::list::ApplicationBoard;
use urbis_app::records;
use urbis_domain::projects::ApplicationStatus;
use urbis_domain::{Id, Kind};

use crate::error::WebError;
use crate::format::{self, Shown};
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// The stages, in the order of the board's columns.
const STAGES: [ApplicationStatus; 5] = [
    ApplicationStatus::InPreparation,
    ApplicationStatus::Submitted,
    ApplicationStatus::Approved,
    ApplicationStatus::Rejected,
    ApplicationStatus::Withdrawn,
];

/// One application as a card.
pub struct Card {
    id: String,
    acronym: String,
    title: Shown,
    call: Option<Shown>,
    deadline: Option<String>,
    funder: Option<String>,
    lead: Option<String>,
    partners: Vec<String>,
    submitted: Option<String>,
    decided: Option<String>,
    project: Option<(String, String)>,
    status: String,
}

/// One column of the board.
pub struct Column {
    name: String,
    heading: String,
    cards: Vec<Card>,
}

/// The board.
#[derive(Template)]
#[template(path = "projects/board.html")]
pub struct BoardPage {
    frame: Frame,
    columns: Vec<Column>,
    stages: Vec<(String, String)>,
}

const BOARD: &str = "/admin/applications";

/// Shows every application of the forum in its stage's column.
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, BOARD)?;
    let t = visitor.t();
    let lang = t.lang;
    let ApplicationBoard {
        applications,
        calls,
        organisations,
        projects,
    } = urbis_app::projects::list::board(&state.app, &state.forum).await?;
    let names: HashMap<Id, String> = organisations
        .into_iter()
        .map(|(id, o)| (id, o.name.localize(lang).text.to_owned()))
        .collect();
    let projects: HashMap<Id, String> = projects
        .into_iter()
        .map(|(id, p)| (id, p.acronym))
        .collect();
    let today = format::day_of(state.info.today());
    let name = |id: &Option<Id>| id.as_ref().and_then(|id| names.get(id)).cloned();

    let columns = STAGES
        .iter()
        .map(|stage| Column {
            name: format::name_of(stage),
            heading: format::label(&t, "application-status", stage),
            cards: applications
                .iter()
                .filter(|a| a.status == *stage)
                .map(|a| {
                    let call = a.call.as_ref().and_then(|id| calls.get(id));
                    let deadline = call.and_then(|c| {
                        c.deadlines
                            .iter()
                            .filter(|d| d.date.compare_known(&today).is_ge())
                            .min_by(|x, y| x.date.compare_known(&y.date))
                            .map(|d| urbis_domain::written::date(lang, &d.date))
                    });
                    Card {
                        id: a.id.to_string(),
                        acronym: a.acronym.clone(),
                        title: Shown::new(&t, &a.title),
                        call: call.map(|c| Shown::new(&t, &c.title)),
                        deadline,
                        funder: name(&a.funder).or_else(|| a.programme.clone()),
                        lead: name(&a.lead),
                        partners: a
                            .partners
                            .iter()
                            .filter_map(|p| names.get(&p.organisation).cloned())
                            .collect(),
                        submitted: a
                            .submitted
                            .as_ref()
                            .map(|d| urbis_domain::written::date(lang, d)),
                        decided: a
                            .decided
                            .as_ref()
                            .map(|d| urbis_domain::written::date(lang, d)),
                        project: a.project.as_ref().and_then(|id| {
                            projects
                                .get(id)
                                .map(|acronym| (id.to_string(), acronym.clone()))
                        }),
                        status: format::name_of(&a.status),
                    }
                })
                .collect(),
        })
        .collect();
    let stages = STAGES
        .iter()
        .map(|s| {
            (
                format::name_of(s),
                format::label(&t, "application-status", s),
            )
        })
        .collect();
    Ok(render(&BoardPage {
        frame: visitor.frame(),
        columns,
        stages,
    }))
}

/// What the move form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    status: String,
}

/// Moves an application to another stage (the domain's rules apply: a decided application
/// needs its decision date, say), then back to the board.
pub async fn move_to(
    state: Site,
    visitor: Visitor,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response, WebError> {
    visitor.require_office(&state.forum, BOARD)?;
    let Some(status) = format::parse_name::<ApplicationStatus>(&form.status) else {
        return Err(WebError::BadRequest("error-choose-from-list"));
    };
    let id = Id::from_text(id);
    let mut body = records::get(&state.app, &visitor.viewer, Kind::FundingApplication, &id).await?;
    body["status"] = json!(status);
    let store = state.app.acting_as(visitor.user.as_ref().map(|u| &u.id));
    let site = crate::events::register::site(&state);
    records::update(
        &store,
        &visitor.viewer,
        Kind::FundingApplication,
        &id,
        body,
        &site,
    )
    .await?;
    Ok(Redirect::to(&format!("{BOARD}#application-{id}")).into_response())
}
