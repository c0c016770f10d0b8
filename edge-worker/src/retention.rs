//! The daily cron job: forget contact details, raw items and salts once their time is up.

use worker::console_log;

use crate::bindings::Bindings;
use crate::runtime::Now;
use crate::store::{feedback, salts};

/// Applies the retention settings; one D1 round trip, all or nothing.
pub async fn purge(bindings: &Bindings) -> Result<(), crate::api_error::ApiError> {
    let today = Now::read().day;
    let (contact_cutoff, item_cutoff) = bindings.settings.retention.cutoffs(today);
    let db = &bindings.db;
    let results = db
        .batch(vec![
            feedback::forget_contacts_before(db, contact_cutoff)?,
            feedback::delete_before(db, item_cutoff)?,
            salts::delete_before(db, today)?,
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
