//! The `daily_salts` table: one random salt per UTC day.

use feedback_core::insight::query::format_day;
use serde::Deserialize;
use time::Date;
use worker::{D1Database, D1PreparedStatement};

use crate::api_error::ApiError;

/// Stores a new salt for the day unless one exists, and returns the day's salt either way.
const SALT_FOR_DAY: &str = "
INSERT INTO daily_salts (day, salt) VALUES (?1, ?2)
ON CONFLICT (day) DO UPDATE SET day = day
RETURNING salt";

/// Yesterday's salt goes too: without it, today's visitor ids cannot be linked to yesterday's.
const DELETE_BEFORE: &str = "DELETE FROM daily_salts WHERE day < ?1";

#[derive(Deserialize)]
struct Row {
    salt: String,
}

/// The salt of `day`: `candidate` if the day had none yet.
pub async fn of_day(
    db: &D1Database,
    day: Date,
    candidate: &str,
) -> Result<Option<String>, ApiError> {
    let row: Option<Row> = db
        .prepare(SALT_FOR_DAY)
        .bind(&[format_day(day).into(), candidate.into()])?
        .first(None)
        .await?;
    Ok(row.map(|r| r.salt))
}

/// The statement that deletes the salts of the days before `day`.
pub fn delete_before(db: &D1Database, day: Date) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(DELETE_BEFORE).bind(&[format_day(day).into()])?)
}
