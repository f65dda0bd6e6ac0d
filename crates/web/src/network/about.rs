//! About the forum: `/about` — its board and office from the appointments, the umbrella it
//! belongs to and its sibling forums.

use crate::site::Site;

use askama::Template;
use axum::response::Response;
use urbis_domain::network::Forum;

use crate::error::WebError;
use crate::format::{self, Shown};
use crate::pages::{Frame, render};
use crate::visitor::Visitor;
use urbis_app::network::about::About;

/// A person with their role.
pub struct AppointmentRow {
    /// The name as printed.
    pub name: String,
    /// The title, or the role's label.
    pub title: Shown,
    /// The month they started, printed ("April 2022"), or empty.
    pub since: String,
    /// A remark.
    pub note: Shown,
}

/// A forum of the umbrella network.
pub struct ForumRow {
    /// Name.
    pub name: Shown,
    /// Short name.
    pub short_name: String,
    /// Country code.
    pub country: String,
    /// Website.
    pub website: Option<String>,
    /// Self-description.
    pub description: Shown,
}

/// The about page.
#[derive(Template)]
#[template(path = "network/about.html")]
pub struct AboutPage {
    frame: Frame,
    forum: ForumRow,
    board: Vec<AppointmentRow>,
    staff: Vec<AppointmentRow>,
    umbrella: Option<ForumRow>,
    siblings: Vec<ForumRow>,
}

fn forum_row(t: &crate::i18n::Tr, forum: &Forum) -> ForumRow {
    ForumRow {
        name: Shown::new(t, &forum.name),
        short_name: forum.short_name.clone(),
        country: forum.country.clone().unwrap_or_default(),
        website: forum.website.clone(),
        description: Shown::opt_block(t, forum.description.as_ref()),
    }
}

/// Shows the forum, its board and office (current appointments the visitor may see), its
/// umbrella and the other forums under it.
pub async fn show(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let t = visitor.t();
    let today = format::day_of(state.info.today());
    let About {
        appointments,
        people,
        forums,
    } = urbis_app::network::about::about(&state.app, &visitor.viewer, &state.forum, &today).await?;
    let (mut board, mut staff) = (Vec::new(), Vec::new());
    for appointment in &appointments {
        let Some(person) = people.get(&appointment.person) else {
            continue;
        };
        let row = AppointmentRow {
            name: person.display_name(),
            title: match &appointment.title {
                Some(title) => Shown::new(&t, title),
                None => Shown {
                    text: format::label(&t, "appointment-role", &appointment.role),
                    ..Shown::default()
                },
            },
            since: appointment
                .start
                .map(|d| format::date(t.lang, &d))
                .unwrap_or_default(),
            note: Shown::opt(&t, appointment.note.as_ref()),
        };
        if appointment.role.is_board() {
            board.push(row);
        } else {
            staff.push(row);
        }
    }
    let visible = |f: &&Forum| visitor.viewer.may_read(*f);
    let Some(forum) = forums.iter().find(|f| f.id == state.forum) else {
        return Err(WebError::NotFound);
    };
    let umbrella = forum
        .umbrella
        .as_ref()
        .and_then(|u| forums.iter().filter(visible).find(|f| &f.id == u));
    let siblings = forums
        .iter()
        .filter(visible)
        .filter(|f| f.id != forum.id && f.umbrella.is_some() && f.umbrella == forum.umbrella)
        .map(|f| forum_row(&t, f))
        .collect();
    Ok(render(&AboutPage {
        frame: visitor.frame(),
        forum: forum_row(&t, forum),
        board,
        staff,
        umbrella: umbrella.map(|u| forum_row(&t, u)),
        siblings,
    }))
}
