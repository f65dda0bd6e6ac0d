//! What the about page shows: the forum's current appointments (board and office) with their
//! people, and the forums of its umbrella.

use std::collections::HashMap;

use urbis_domain::network::{Appointment, Forum, Person};
use urbis_domain::{Id, PartialDate, Viewer};
use urbis_store::ListQuery;

use crate::visible;
use crate::{App, AppError};

/// How many appointments the page lists at most (a board and an office are far smaller).
pub const APPOINTMENTS: i64 = 200;

/// The records of the about page.
#[derive(Debug, Clone)]
pub struct About {
    /// The appointments not yet ended on `today`, in their order.
    pub appointments: Vec<Appointment>,
    /// Their people, by id (those the viewer may see).
    pub people: HashMap<Id, Person>,
    /// Every forum of the installation, umbrellas first.
    pub forums: Vec<Forum>,
}

/// Reads the about page of `forum` for the viewer on `today`.
pub async fn about(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    today: &PartialDate,
) -> Result<About, AppError> {
    let level = viewer.reads(forum);
    let appointments: Vec<Appointment> = app
        .store()
        .list(
            &ListQuery::new(forum, level)
                .order_by("position", false)
                .page(APPOINTMENTS, 0),
        )
        .await?;
    let appointments: Vec<Appointment> = appointments
        .into_iter()
        .filter(|a| {
            !a.end
                .as_ref()
                .is_some_and(|end| end.compare_known(today).is_lt())
        })
        .collect();
    let ids: Vec<Id> = appointments.iter().map(|a| a.person.clone()).collect();
    let people = visible::by_id::<Person>(app, viewer, forum, &ids).await?;
    Ok(About {
        appointments,
        people,
        forums: crate::forums::all(app).await?,
    })
}
