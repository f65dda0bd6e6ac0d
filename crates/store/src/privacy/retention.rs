//! Guest data past its retention period: the candidates the app's retention rule judges.

use sqlx::{AssertSqlSafe, Row};
use urbis_domain::events::{Event, Registration};
use urbis_domain::{Id, Kind, Record};

use crate::error::Result;
use crate::records::from_row;
use crate::store::Store;

use super::corrupt;

impl Store {
    /// Guest registrations that still hold guest data, with their events, of events that start
    /// before `started_before` (a date as written, `2023-05-01`), in one forum or all. A
    /// superset of what a retention rule removes: the caller decides by each event's end.
    pub async fn guest_registrations_started_before(
        &self,
        forum: Option<&Id>,
        started_before: &str,
    ) -> Result<Vec<(Event, Registration)>> {
        let mut sql = String::from(
            "select e.forum_id, e.body, e.id, r.forum_id, r.body, r.id from registrations r \
             join events e on e.id = r.event_id \
             where r.guest_email_key is not null \
             and r.guest_email_key not like 'erased-%@erased.invalid' and e.start_date < $1",
        );
        if forum.is_some() {
            sql.push_str(" and r.forum_id = $2");
        }
        sql.push_str(" order by e.start_date, e.id, r.id");
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(started_before.to_owned());
        if let Some(forum) = forum {
            query = query.bind(forum.as_str());
        }
        let rows = query.fetch_all(&self.pools.read).await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let event: Event = from_row(row)?;
            let forum: String = row.try_get(3)?;
            let body: String = row.try_get(4)?;
            let id: String = row.try_get(5)?;
            let mut registration: Registration =
                serde_json::from_str(&body).map_err(|e| corrupt(Kind::Registration, &id, e))?;
            registration.set_forum(Id::from_text(forum));
            found.push((event, registration));
        }
        Ok(found)
    }
}
