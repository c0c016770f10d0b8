//! The daily cron job: forget contact details, raw items and salts once their time is up.

use feedback_core::insight::query::format_day;
use worker::console_log;

use crate::bindings::Bindings;
use crate::runtime::Now;

const FORGET_CONTACTS: &str =
    "UPDATE feedback SET contact_email = NULL WHERE contact_email IS NOT NULL AND created_at < ?1";
const DELETE_ITEMS: &str = "DELETE FROM feedback WHERE created_at < ?1";
/// Yesterday's salt goes too: without it, today's visitor ids cannot be linked to yesterday's.
const DELETE_SALTS: &str = "DELETE FROM daily_salts WHERE day < ?1";

/// Applies the retention settings; one D1 round trip, all or nothing.
pub async fn purge(bindings: &Bindings) -> worker::Result<()> {
    let today = Now::read().day;
    let (contact_cutoff, item_cutoff) = bindings.retention.cutoffs(today);
    let db = &bindings.db;
    let results = db
        .batch(vec![
            db.prepare(FORGET_CONTACTS)
                .bind(&[format_day(contact_cutoff).into()])?,
            db.prepare(DELETE_ITEMS)
                .bind(&[format_day(item_cutoff).into()])?,
            db.prepare(DELETE_SALTS).bind(&[format_day(today).into()])?,
        ])
        .await?;
    let changed: Vec<usize> = results
        .iter()
        .map(|r| r.meta().ok().flatten().and_then(|m| m.changes).unwrap_or(0))
        .collect();
    console_log!(
        "retention: {changed:?} rows changed (contacts forgotten, items deleted, salts deleted)"
    );
    Ok(())
}
