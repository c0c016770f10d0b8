//! The day's salt that makes visitor ids anonymous, cached per isolate.

use std::cell::RefCell;

use feedback_core::insight::query::format_day;
use serde::Deserialize;
use time::Date;
use worker::D1Database;

use crate::api_error::ApiError;
use crate::runtime::random_bytes;

/// Stores a new salt for the day unless one exists, and returns the day's salt either way.
const SALT_FOR_DAY: &str = "
INSERT INTO daily_salts (day, salt) VALUES (?1, ?2)
ON CONFLICT (day) DO UPDATE SET day = day
RETURNING salt";

#[derive(Deserialize)]
struct Row {
    salt: String,
}

thread_local! {
    static SALT: RefCell<Option<(Date, String)>> = const { RefCell::new(None) };
}

/// The salt of `day`: one D1 round trip per isolate per day.
pub async fn salt(db: &D1Database, day: Date) -> Result<String, ApiError> {
    if let Some(salt) = SALT.with_borrow(|s| {
        s.as_ref()
            .filter(|(d, _)| *d == day)
            .map(|(_, s)| s.clone())
    }) {
        return Ok(salt);
    }
    let candidate = feedback_core::hex(&random_bytes::<32>());
    let row: Option<Row> = db
        .prepare(SALT_FOR_DAY)
        .bind(&[format_day(day).into(), candidate.into()])?
        .first(None)
        .await?;
    let salt = row
        .map(|r| r.salt)
        .ok_or_else(|| ApiError::internal("the day's salt was not returned"))?;
    SALT.set(Some((day, salt.clone())));
    Ok(salt)
}
