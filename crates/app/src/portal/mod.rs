//! The information portal's deadline reminders: a visitor subscribes to a funding call with an
//! email address, confirms through a mailed link (double opt-in), and is reminded a few days
//! before each deadline; every mail carries the link that ends the subscription.

use jiff::Timestamp;
use jiff::civil::Date;
use urbis_domain::portal::FundingCall;
use urbis_domain::{Access, Lang, Problems};
use urbis_mail::Mail;
use urbis_store::{DeadlineSubscription, StoreError};

use crate::App;
use crate::AppError;
use crate::accounts::secrets;
use crate::i18n::Tr;

pub mod feeds;
pub mod list;

/// Whether a deadline subscription with this token exists (confirmed or not).
pub async fn subscription_exists(app: &App, token: &str) -> Result<bool, AppError> {
    Ok(app.store().deadline_subscription(token).await?.is_some())
}

/// Confirms the deadline subscription of `token`: reminders are sent from now on. False for an
/// unknown token.
pub async fn confirm_subscription(
    app: &App,
    token: &str,
    now: Timestamp,
) -> Result<bool, AppError> {
    Ok(app.store().confirm_deadlines(token, now).await?)
}

/// Ends the deadline subscription of `token`; the address is forgotten. False for an unknown
/// token.
pub async fn unsubscribe(app: &App, token: &str) -> Result<bool, AppError> {
    Ok(app.store().unsubscribe_deadlines(token).await?)
}

/// How many days before a deadline the reminder goes out when nothing else is configured.
pub const DEFAULT_REMINDER_DAYS: i64 = 7;

/// The reminder lead time from `URBIS_DEADLINE_REMINDER_DAYS` (1 to 90), else the default.
pub fn configured_reminder_days() -> Result<i64, AppError> {
    match std::env::var("URBIS_DEADLINE_REMINDER_DAYS") {
        Err(_) => Ok(DEFAULT_REMINDER_DAYS),
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=90).contains(d))
            .ok_or_else(|| {
                let mut problems = Problems::new();
                problems.push(
                    "URBIS_DEADLINE_REMINDER_DAYS",
                    format!("must be a number of days from 1 to 90, not `{text}`"),
                );
                AppError::Invalid(problems)
            }),
    }
}

fn links(base_url: &str, token: &str) -> (String, String) {
    let base = base_url.trim_end_matches('/');
    (
        format!("{base}/portal/reminders/{token}/confirm"),
        format!("{base}/portal/reminders/{token}/unsubscribe"),
    )
}

/// Subscribes an address to a public call's deadline reminders and mails the confirmation
/// link; nothing is reminded before it is used.
pub async fn subscribe(
    app: &App,
    call: &FundingCall,
    email: &str,
    lang: Lang,
    base_url: &str,
    now: Timestamp,
) -> Result<DeadlineSubscription, AppError> {
    let store = app.store();
    let t = Tr::new(lang);
    let email = email.trim();
    if !urbis_domain::validation::is_email(email) || email.len() > 254 {
        let mut problems = Problems::new();
        problems.push("email", t.get("portal-remind-error-email"));
        return Err(AppError::Invalid(problems));
    }
    if call.access != Access::Public {
        return Err(AppError::Forbidden);
    }
    let token = secrets::new_token()?;
    let subscription = store
        .subscribe_deadlines(&call.forum, &call.id, email, lang, &token, now)
        .await?;
    let (confirm, unsubscribe) = links(base_url, &token);
    let title = call.title.localize(lang).text;
    let text = format!(
        "{}\n\n{confirm}\n\n{}\n{unsubscribe}",
        t.args("portal-remind-confirm-intro", &[("call", title)]),
        t.get("portal-remind-unsubscribe-line"),
    );
    Mail::from_text(email, lang, t.get("portal-remind-confirm-subject"), text)
        .forum(call.forum.clone())
        .enqueue(store)
        .await
        .map_err(|e| AppError::Mail(e.to_string()))?;
    Ok(subscription)
}

/// How many days ahead a deadline makes a call "closing soon".
pub const CLOSING_SOON_DAYS: i32 = 14;

/// True when one of the call's deadlines is from `today` to [`CLOSING_SOON_DAYS`] days ahead.
pub fn closing_soon(call: &FundingCall, today: Date) -> bool {
    call.deadlines
        .iter()
        .filter_map(|d| d.date.deadline_day())
        .any(|day| {
            let ahead = (day - today).get_days();
            (0..=CLOSING_SOON_DAYS).contains(&ahead)
        })
}

/// True when the call has a deadline from `today` on.
pub fn open_deadlines(call: &FundingCall, today: Date) -> bool {
    call.deadlines
        .iter()
        .filter_map(|d| d.date.deadline_day())
        .any(|day| day >= today)
}

/// Queues a reminder for every confirmed subscription whose call has a deadline from `today`
/// to `days` days ahead; each (subscription, deadline) is reminded once (the dedupe key).
/// Calls no longer public are skipped. Returns how many reminders were queued.
pub async fn queue_reminders(
    app: &App,
    addresses: &crate::forums::Addresses,
    today: Date,
    days: i64,
) -> Result<usize, AppError> {
    let store = app.store();
    let mut queued = 0;
    let mut call: Option<FundingCall> = None;
    for subscription in store.confirmed_deadline_subscriptions().await? {
        if call.as_ref().is_none_or(|c| c.id != subscription.call) {
            call = match store.get::<FundingCall>(&subscription.call).await {
                Ok(found) => Some(found),
                Err(StoreError::NotFound { .. }) => None,
                Err(error) => return Err(error.into()),
            };
        }
        let Some(found) = call.as_ref().filter(|c| c.access == Access::Public) else {
            continue;
        };
        let lang = subscription.language;
        let t = Tr::new(lang);
        for deadline in &found.deadlines {
            let Some(day) = deadline.date.deadline_day() else {
                continue;
            };
            let ahead = (day - today).get_days();
            if !(0..=days).contains(&i64::from(ahead)) {
                continue;
            }
            let title = found.title.localize(lang).text;
            let when = urbis_domain::written::date(lang, &deadline.date);
            let base = addresses.of(&subscription.forum);
            let (_, unsubscribe) = links(base, &subscription.token);
            let mut text = t.args("portal-remind-intro", &[("call", title), ("date", &when)]);
            if let Some(label) = &deadline.label {
                text.push_str(&format!(" ({})", label.localize(lang).text));
            }
            text.push_str(&format!(
                "\n\n{base}/portal/calls/{}\n\n{}\n{unsubscribe}",
                found.id,
                t.get("portal-remind-unsubscribe-line")
            ));
            let subject = t.args("portal-remind-subject", &[("call", title), ("date", &when)]);
            let fresh = Mail::from_text(subscription.email.clone(), lang, subject, text)
                .forum(found.forum.clone())
                .dedupe_key(format!("deadline:{}:{day}", subscription.id))
                .enqueue(store)
                .await
                .map_err(|e| AppError::Mail(e.to_string()))?;
            if fresh.is_some() {
                queued += 1;
            }
        }
    }
    Ok(queued)
}
