//! The day's salt that makes visitor ids anonymous, cached per isolate.

use std::cell::RefCell;

use time::Date;
use worker::D1Database;

use crate::api_error::ApiError;
use crate::runtime::random_bytes;
use crate::store::salts;

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
    let row = salts::of_day(db, day, &candidate).await?;
    let salt = row.ok_or_else(|| ApiError::internal("the day's salt was not returned"))?;
    SALT.set(Some((day, salt.clone())));
    Ok(salt)
}
