//! Turning the store's notices into mail: a write transaction that changes someone's
//! situation (a seat from the waiting list) leaves a notice beside the change, and this
//! writes the mail for it into the outbox and settles the notice in one transaction. The
//! use cases deliver right after their change; the server delivers again on its rounds, so a
//! notice left by a node that stopped in between is still told.

use jiff::Timestamp;
use urbis_domain::events::Registration;
use urbis_store::{Notice, NoticeKind, StoreError};

use crate::events::{Site, promoted_mail};
use crate::{App, AppError};

/// How many notices one round delivers at most; the next round takes the rest.
const ROUND: u32 = 100;

/// Delivers the pending notices, oldest first: writes each one's mail (links from `site`)
/// and settles it. A notice about a record that is gone (erased meanwhile) is settled
/// without mail. Returns how many were settled; the first failure stops the round and is
/// returned, the notices after it stay for the next.
pub async fn deliver(app: &App, site: &Site<'_>, now: Timestamp) -> Result<usize, AppError> {
    let store = app.store();
    let mut settled = 0;
    for notice in store.pending_notices(ROUND).await? {
        let mail = match mail_for(app, &notice, site, now).await {
            Ok(mail) => mail,
            Err(StoreError::NotFound { .. }) => None,
            Err(error) => return Err(error.into()),
        };
        if store.settle_notice(&notice.id, mail.as_ref()).await? {
            settled += 1;
        }
    }
    Ok(settled)
}

/// Delivers the pending notices after a change, without failing the change: what cannot be
/// delivered now stays for the server's next round (and is logged).
pub(crate) async fn deliver_now(app: &App, site: &Site<'_>, now: Timestamp) {
    if let Err(error) = deliver(app, site, now).await {
        tracing::warn!(%error, "notices stay for the next round");
    }
}

async fn mail_for(
    app: &App,
    notice: &Notice,
    site: &Site<'_>,
    now: Timestamp,
) -> Result<Option<urbis_store::OutgoingMail>, StoreError> {
    match notice.kind {
        NoticeKind::RegistrationPromoted => {
            let promoted: Registration = app.store().get(&notice.record).await?;
            promoted_mail(app.store(), promoted, now, site).await
        }
    }
}
