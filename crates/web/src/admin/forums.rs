//! The installation's forums in the back office: the list, and a form to create one. Only the
//! installation's administrators (administrators of a forum without an umbrella, see
//! `urbis_app::forums`) reach it.

use askama::Template;
use axum::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use urbis_app::AppError;
use urbis_app::forums::{self, NewForum};
use urbis_domain::network::Forum;

use crate::error::WebError;
use crate::pages::{Frame, render};
use crate::site::Site;
use crate::visitor::Visitor;

const HERE: &str = "/admin/forums";

/// One forum as listed.
pub struct ForumRow {
    short_name: String,
    name: String,
    hosts: String,
    languages: String,
    time_zone: String,
}

/// The forums page.
#[derive(Template)]
#[template(path = "admin/forums.html")]
pub struct ForumsPage {
    frame: Frame,
    forums: Vec<ForumRow>,
    errors: Vec<(String, String)>,
    form: ForumForm,
}

/// What the form for a new forum sends.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ForumForm {
    short_name: String,
    name: String,
    country: String,
    umbrella: String,
    hosts: String,
    languages: String,
    colour: String,
    time_zone: String,
}

/// The forums of the store, when the visitor administers the installation.
async fn allowed(state: &Site, visitor: &Visitor) -> Result<Vec<Forum>, WebError> {
    let Some(user) = visitor.user.as_ref() else {
        return Err(WebError::LoginFirst(HERE.to_owned()));
    };
    let all = urbis_app::forums::all(&state.app).await?;
    if forums::is_installation_admin(user, &all) && visitor.viewer.may_administer(&state.forum) {
        Ok(all)
    } else {
        Err(WebError::Forbidden)
    }
}

fn page(
    visitor: &Visitor,
    all: &[Forum],
    errors: Vec<(String, String)>,
    form: ForumForm,
) -> ForumsPage {
    let lang = visitor.lang();
    ForumsPage {
        frame: visitor.frame(),
        forums: all
            .iter()
            .map(|f| ForumRow {
                short_name: f.short_name.clone(),
                name: f.name.localize(lang).text.to_owned(),
                hosts: f.hosts.join(", "),
                languages: f
                    .languages
                    .iter()
                    .map(|l| l.code())
                    .collect::<Vec<_>>()
                    .join(", "),
                time_zone: forums::time_zone_name(f),
            })
            .collect(),
        errors,
        form,
    }
}

/// The list of forums and the form for a new one.
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let all = allowed(&state, &visitor).await?;
    Ok(render(&page(
        &visitor,
        &all,
        Vec::new(),
        ForumForm::default(),
    )))
}

/// Creates a forum from the form, or shows the form again with every problem.
pub async fn create(
    state: Site,
    visitor: Visitor,
    Form(form): Form<ForumForm>,
) -> Result<Response, WebError> {
    let all = allowed(&state, &visitor).await?;
    let split = |list: &str| -> Vec<String> {
        list.split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let some = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let new = NewForum {
        short_name: form.short_name.clone(),
        name: form.name.clone(),
        country: some(&form.country),
        umbrella: some(&form.umbrella),
        hosts: split(&form.hosts),
        languages: split(&form.languages),
        colour: some(&form.colour),
        time_zone: some(&form.time_zone),
    };
    match forums::add(&state.app, new).await {
        Ok(_) => {
            state.forums_changed();
            Ok(Redirect::to(HERE).into_response())
        }
        Err(AppError::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| (p.field.clone(), p.message.clone()))
                .collect();
            let page = page(&visitor, &all, errors, form);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
