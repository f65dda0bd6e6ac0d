//! The mails of accounts: invitations and password resets, in the recipient's language.

use jiff::Timestamp;
use urbis_domain::accounts::User;
use urbis_mail::Mail;

use super::users;
use crate::App;
use crate::AppError;
use crate::i18n::Tr;

fn queue_link_mail(user: &User, subject: &str, intro: &str, outro: &str, link: &str) -> Mail {
    let t = Tr::new(user.language);
    Mail::from_text(
        user.email.clone(),
        user.language,
        t.get(subject),
        format!("{}\n\n{link}\n\n{}", t.get(intro), t.get(outro)),
    )
}

/// Gives an invited user a fresh invitation link (earlier ones stop working) and queues the
/// mail with it; returns the link.
pub async fn send_invitation(
    app: &App,
    user: &User,
    base_url: &str,
    now: Timestamp,
) -> Result<String, AppError> {
    let store = app.store();
    let token = users::invite(app, user, now).await?;
    let link = format!("{}/invitation/{token}", base_url.trim_end_matches('/'));
    queue_link_mail(
        user,
        "mail-invitation-subject",
        "mail-invitation-intro",
        "mail-invitation-outro",
        &link,
    )
    .enqueue(store)
    .await
    .map_err(|e| AppError::Mail(e.to_string()))?;
    Ok(link)
}

/// Asks for a password reset: the request is counted against its throttles now; then, off
/// the request path (in a task of its own), a link is mailed when the account exists and may
/// log in. The caller answers the same either way, after the same work either way, so
/// neither the answer nor its timing tells which addresses have accounts.
pub async fn send_reset(
    app: &App,
    email: &str,
    address: Option<&str>,
    base_url: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    users::count_reset_request(app, email, address, now).await?;
    let (app, email, base_url) = (app.clone(), email.to_owned(), base_url.to_owned());
    tokio::spawn(async move {
        if let Err(error) = mail_reset_link(&app, &email, &base_url, now).await {
            tracing::error!(%error, "a password reset link could not be queued");
        }
    });
    Ok(())
}

/// Queues the reset mail for the account of `email`, if there is one that may log in.
async fn mail_reset_link(
    app: &App,
    email: &str,
    base_url: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    if let Some((user, token)) = users::reset_token_for(app, email, now).await? {
        let link = format!("{}/password/reset/{token}", base_url.trim_end_matches('/'));
        queue_link_mail(
            &user,
            "mail-reset-subject",
            "mail-reset-intro",
            "mail-reset-outro",
            &link,
        )
        .enqueue(app.store())
        .await
        .map_err(|e| AppError::Mail(e.to_string()))?;
    }
    Ok(())
}
