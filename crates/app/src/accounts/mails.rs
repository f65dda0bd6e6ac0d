//! The mails of accounts: invitations and password resets, in the recipient's language.

use jiff::Timestamp;
use urbis_domain::accounts::User;
use urbis_mail::Mail;
use urbis_store::Store;

use super::users;
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
    store: &Store,
    user: &User,
    base_url: &str,
    now: Timestamp,
) -> Result<String, AppError> {
    let token = users::invite(store, user, now).await?;
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

/// Asks for a password reset: when the account exists and may log in, a link is mailed; the
/// caller answers the same either way.
pub async fn send_reset(
    store: &Store,
    email: &str,
    address: Option<&str>,
    base_url: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    if let Some((user, token)) = users::request_reset(store, email, address, now).await? {
        let link = format!("{}/password/reset/{token}", base_url.trim_end_matches('/'));
        queue_link_mail(
            &user,
            "mail-reset-subject",
            "mail-reset-intro",
            "mail-reset-outro",
            &link,
        )
        .enqueue(store)
        .await
        .map_err(|e| AppError::Mail(e.to_string()))?;
    }
    Ok(())
}
