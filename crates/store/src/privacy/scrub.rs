//! Scrubbing the audit log: personal fields of erased records and any value that names
//! the person become [`ERASED`], inside the writing transaction.

use std::collections::BTreeSet;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use urbis_domain::audit::{AuditEntry, FieldChange};
use urbis_domain::{Id, Kind, UnknownName};

use crate::error::Result;

use super::{ERASED, corrupt};

/// Fields whose values in the audit entries of an erased record are personal through and
/// through, whatever they hold.
const PERSONAL_FIELDS: &[&str] = &[
    "title",
    "given_name",
    "family_name",
    "function",
    "email",
    "phone",
    "language",
    "consents",
    "guest",
    "person",
    "name",
];

/// An audit entry from a row of `id, at, actor_id, record_kind, record_id, action, changes`.
pub(super) fn entry_from_row(row: &AnyRow) -> Result<AuditEntry> {
    let id: String = row.try_get(0)?;
    let at: String = row.try_get(1)?;
    let kind: String = row.try_get(3)?;
    let action: String = row.try_get(5)?;
    let changes: String = row.try_get(6)?;
    let bad = |message: String| corrupt(Kind::Forum, &format!("audit entry {id}"), message);
    Ok(AuditEntry {
        at: at.parse().map_err(|e: jiff::Error| bad(e.to_string()))?,
        actor: row.try_get::<Option<String>, _>(2)?.map(Id::from_text),
        kind: Kind::parse(&kind).ok_or_else(|| bad(format!("unknown kind {kind}")))?,
        record: Id::from_text(row.try_get::<String, _>(4)?),
        action: action
            .parse()
            .map_err(|e: UnknownName| bad(e.to_string()))?,
        changes: serde_json::from_str::<Vec<FieldChange>>(&changes)
            .map_err(|e| bad(e.to_string()))?,
        id: Id::from_text(id.clone()),
    })
}

/// Replaces every string in `value` that contains one of the (lowercased) needles.
fn scrub_value(value: &mut serde_json::Value, needles: &[String]) -> bool {
    match value {
        serde_json::Value::String(text) => {
            let lower = text.to_lowercase();
            if text != ERASED && needles.iter().any(|n| lower.contains(n.as_str())) {
                *text = ERASED.to_owned();
                true
            } else {
                false
            }
        }
        serde_json::Value::Array(items) => {
            let mut changed = false;
            for item in items {
                changed |= scrub_value(item, needles);
            }
            changed
        }
        serde_json::Value::Object(map) => {
            let mut changed = false;
            for item in map.values_mut() {
                changed |= scrub_value(item, needles);
            }
            changed
        }
        _ => false,
    }
}

/// Scrubs the changes of one audit entry: with `whole`, every personal field's values become
/// [`ERASED`]; any value containing a needle does too. True when something changed.
pub(crate) fn scrub_changes(changes: &mut [FieldChange], whole: bool, needles: &[String]) -> bool {
    let mut changed = false;
    for change in changes {
        for value in [&mut change.old, &mut change.new] {
            if whole && PERSONAL_FIELDS.contains(&change.field.as_str()) {
                if !value.is_null() && value.as_str() != Some(ERASED) {
                    *value = serde_json::Value::String(ERASED.to_owned());
                    changed = true;
                }
            } else {
                changed |= scrub_value(value, needles);
            }
        }
    }
    changed
}

/// The needles as compared: trimmed, lowercased, long enough not to hit unrelated text.
pub(super) fn prepare_needles(needles: &[String]) -> Vec<String> {
    let mut prepared: Vec<String> = needles
        .iter()
        .map(|n| n.trim().to_lowercase())
        .filter(|n| n.chars().count() >= 4 && n.as_str() != ERASED)
        .collect();
    prepared.sort();
    prepared.dedup();
    prepared
}

/// Scrubs the personal data out of the audit entries of `records` (and any entry naming one of
/// the `needles`) inside a write transaction; returns how many entries changed.
pub(crate) async fn scrub_audit(
    conn: &mut AnyConnection,
    records: &[Id],
    needles: &[String],
) -> Result<usize> {
    let scrubs = audit_scrubs(conn, records, needles).await?;
    for (id, changes) in &scrubs {
        let text =
            serde_json::to_string(changes).map_err(|e| corrupt(Kind::Forum, id.as_str(), e))?;
        sqlx::query("update audit_log set changes = $2 where id = $1")
            .bind(id.as_str())
            .bind(text)
            .execute(&mut *conn)
            .await?;
    }
    Ok(scrubs.len())
}

/// The audit entries an anonymisation scrubs, with their new changes: the entries of the given
/// records, and every entry whose text holds a needle.
pub(super) async fn audit_scrubs(
    conn: &mut AnyConnection,
    records: &[Id],
    needles: &[String],
) -> Result<Vec<(Id, Vec<FieldChange>)>> {
    const COLUMNS: &str = "id, at, actor_id, record_kind, record_id, action, changes";
    let originals: Vec<&str> = needles
        .iter()
        .map(|n| n.trim())
        .filter(|n| n.chars().count() >= 4 && *n != ERASED)
        .collect();
    let needles = prepare_needles(needles);
    let records: BTreeSet<&str> = records.iter().map(Id::as_str).collect();
    let mut rows = Vec::new();
    for record in &records {
        let sql = format!("select {COLUMNS} from audit_log where record_id = $1");
        rows.extend(
            sqlx::query(AssertSqlSafe(sql))
                .bind(*record)
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    for needle in originals {
        // A superset, checked below: PostgreSQL's `lower` knows every letter, SQLite's only
        // ASCII, whose `like` in turn ignores ASCII case; so both the lowercased and the
        // original spelling are looked for.
        let sql = format!(
            "select {COLUMNS} from audit_log where lower(changes) like $1 or changes like $2"
        );
        rows.extend(
            sqlx::query(AssertSqlSafe(sql))
                .bind(format!("%{}%", needle.to_lowercase()))
                .bind(format!("%{needle}%"))
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    let mut seen = BTreeSet::new();
    let mut scrubs = Vec::new();
    for row in &rows {
        let mut entry = entry_from_row(row)?;
        if !seen.insert(entry.id.clone()) {
            continue;
        }
        let whole = records.contains(entry.record.as_str());
        if scrub_changes(&mut entry.changes, whole, &needles) {
            scrubs.push((entry.id, entry.changes));
        }
    }
    scrubs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(scrubs)
}
