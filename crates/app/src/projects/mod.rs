//! Funding applications between the office and the calls they answer: the office is reminded
//! before a linked call's deadline while an application is still being written.

use std::collections::HashMap;

use jiff::civil::Date;
use urbis_domain::accounts::ForumRole;
use urbis_domain::portal::FundingCall;
use urbis_domain::projects::{ApplicationStatus, FundingApplication};
use urbis_domain::{Access, Id};
use urbis_mail::Mail;
use urbis_store::{ListQuery, Value};

use crate::App;
use crate::AppError;
use crate::i18n::Tr;

pub mod list;
pub mod show;

/// How many days before a deadline the office is reminded, unless configured otherwise.
pub const REMINDER_DAYS: i64 = 14;

/// An application still in preparation whose call has a deadline within `days` from `today`.
pub struct DueApplication {
    /// The application.
    pub application: FundingApplication,
    /// The call it answers.
    pub call: FundingCall,
    /// The deadline that comes next.
    pub deadline: Date,
}

/// The applications in preparation with a deadline of their call between `today` and
/// `today + days`, soonest first.
pub async fn due_applications(
    app: &App,
    forum: &Id,
    today: Date,
    days: i64,
) -> Result<Vec<DueApplication>, AppError> {
    let store = app.store();
    let query = ListQuery::new(forum, Access::Staff)
        .filter("status", Value::name(&ApplicationStatus::InPreparation));
    let applications: Vec<FundingApplication> = store.list(&query).await?;
    let call_ids: Vec<Id> = applications.iter().filter_map(|a| a.call.clone()).collect();
    let calls: HashMap<Id, FundingCall> = store
        .get_many::<FundingCall>(&call_ids)
        .await?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let last = today
        .checked_add(jiff::Span::new().days(days))
        .unwrap_or(today);
    let mut due: Vec<DueApplication> = applications
        .into_iter()
        .filter_map(|application| {
            let call = calls.get(application.call.as_ref()?)?;
            let deadline = call
                .deadlines
                .iter()
                .filter_map(|d| d.date.deadline_day())
                .filter(|d| *d >= today && *d <= last)
                .min()?;
            Some(DueApplication {
                call: call.clone(),
                application,
                deadline,
            })
        })
        .collect();
    due.sort_by_key(|d| d.deadline);
    Ok(due)
}

/// Mails every staff member and admin of the forum once per application and deadline that
/// falls within `days` from `today` (a dedupe key per person, application and deadline makes
/// a second run send nothing). Returns how many mails were queued.
pub async fn remind_deadlines(
    app: &App,
    forum: &Id,
    today: Date,
    days: i64,
    base_url: &str,
) -> Result<usize, AppError> {
    let store = app.store();
    let due = due_applications(app, forum, today, days).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let office: Vec<_> = store
        .users_of_forum(forum)
        .await?
        .into_iter()
        .filter(|(user, role)| {
            matches!(role, ForumRole::Staff | ForumRole::Admin)
                && user.status == urbis_domain::accounts::UserStatus::Active
        })
        .map(|(user, _)| user)
        .collect();
    let board = format!("{}/admin/applications", base_url.trim_end_matches('/'));
    let mut queued = 0;
    for item in &due {
        for user in &office {
            let t = Tr::new(user.language);
            let title = item.call.title.localize(user.language).text;
            let subject = format!(
                "{}: {} – {}",
                t.get("projects-deadline-subject"),
                item.application.acronym,
                item.deadline
            );
            let body = format!(
                "{}\n\n{} ({})\n{}: {}\n\n{board}\n",
                t.get("projects-deadline-intro"),
                item.application.acronym,
                item.application.title.localize(user.language).text,
                title,
                item.deadline,
            );
            let mail = Mail::from_text(user.email.clone(), user.language, subject, body)
                .forum(forum.clone())
                .dedupe_key(format!(
                    "application-deadline:{}:{}:{}",
                    item.application.id, item.deadline, user.id
                ));
            if mail
                .enqueue(store)
                .await
                .map_err(|e| AppError::Mail(e.to_string()))?
                .is_some()
            {
                queued += 1;
            }
        }
    }
    Ok(queued)
}
