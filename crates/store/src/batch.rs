//! Many records of one kind written together: all of them, or (on any problem) none.

use urbis_domain::Problems;

use crate::audit;
use crate::error::{Result, StoreError};
use crate::records::{check_refs, insert_row, update_row};
use crate::store::{Store, json_of};
use crate::table::Stored;

impl Store {
    /// Stores new records and changes stored ones of one kind in one transaction, each with
    /// its audit entry. Every record's rules are checked first (problems named by the record's
    /// place, `[3].email`, new ones first); one failing write undoes all of them.
    pub async fn save_all<R: Stored>(&self, new: &[R], changed: &mut [R]) -> Result<()> {
        let mut problems = Problems::new();
        for (i, record) in new.iter().enumerate() {
            if let Err(found) = record.check() {
                problems.extend_at(&format!("[{i}]"), found);
            }
        }
        for (i, record) in changed.iter_mut().enumerate() {
            record.touch();
            if let Err(found) = record.check() {
                problems.extend_at(&format!("[{}]", new.len() + i), found);
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let mut tx = self.begin_write().await?;
        for record in new {
            check_refs(&mut tx, record).await?;
            insert_row(&mut tx, record).await?;
            let json = json_of(record)?;
            audit::record_change(&mut tx, self.actor.as_ref(), record, None, Some(&json)).await?;
        }
        for record in changed.iter() {
            check_refs(&mut tx, record).await?;
            let old = audit::stored_body::<R>(&mut tx, record.id()).await?;
            update_row(&mut tx, record).await?;
            let json = json_of(record)?;
            audit::record_change(
                &mut tx,
                self.actor.as_ref(),
                record,
                old.as_ref(),
                Some(&json),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
