//! Every SQL statement of the worker, one module per table or aggregate, returning typed rows.
//! Handlers call these functions; none of them prepares a statement itself.

pub mod counts;
pub mod deliveries;
pub mod endpoints;
pub mod feedback;
pub mod history;
pub mod link_events;
pub mod page_alerts;
pub mod page_notes;
pub mod salts;
pub mod screens;
pub mod sites;
pub mod teams;

use std::cell::Cell;

use feedback_core::{Polarity, Rating};
use wasm_bindgen::JsValue;

thread_local! {
    /// Rows D1 reported reading for this isolate's batches since the last [`take_rows_read`].
    static ROWS_READ: Cell<u64> = const { Cell::new(0) };
}

/// Adds what D1 says it read for `results` to the isolate's tally.
pub fn tally_rows_read(results: &[worker::D1Result]) {
    let read: usize = results
        .iter()
        .filter_map(|r| r.meta().ok().flatten().and_then(|m| m.rows_read))
        .sum();
    ROWS_READ.with(|n| n.set(n.get() + read as u64));
}

/// The rows D1 read since the last call, and starts counting again. Requests of one isolate can
/// overlap, so the figure belongs to one request only when they do not (as in `bench/scale.mjs`).
pub fn take_rows_read() -> u64 {
    ROWS_READ.with(|n| n.replace(0))
}

/// `text`, or SQL NULL.
pub fn text_or_null(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, Into::into)
}

/// The ratings of one polarity, from `feedback-core`'s scale, as a JSON array to bind: statements
/// read it with `rating IN (SELECT value FROM json_each(?N))`, so no SQL is built from values.
pub fn ratings_json(polarity: Polarity) -> String {
    let ratings: Vec<&str> = Rating::ALL
        .iter()
        .filter(|r| r.polarity() == polarity)
        .map(|r| r.as_str())
        .collect();
    serde_json::to_string(&ratings).unwrap_or_default()
}

/// Wraps a statement's rows into one JSON value, `rows`: an array with an array per row of `columns`
/// (a comma-separated list of the statement's column names). D1 hands the worker each row as an
/// object, which the worker reads field by field; thousands of rows (a sparkline per page, the
/// urgent items of a range) cost more that way than counting them did. Read with [`packed`].
pub fn pack(columns: &str, statement: &str) -> String {
    format!("SELECT json_group_array(json_array({columns})) AS rows FROM ({statement})")
}

/// The rows of a [`pack`]ed statement, each as `T` (a tuple or tuple struct of its columns).
pub fn packed<T: serde::de::DeserializeOwned>(
    result: &worker::D1Result,
) -> Result<Vec<T>, crate::api_error::ApiError> {
    #[derive(serde::Deserialize)]
    struct Packed {
        rows: String,
    }
    let Some(Packed { rows }) = result.results::<Packed>()?.into_iter().next() else {
        return Ok(Vec::new());
    };
    serde_json::from_str(&rows).map_err(|e| {
        crate::api_error::ApiError::Internal(format!("D1 answered rows that do not read: {e}"))
    })
}

/// A batch's results as exactly `N`, or an internal error naming the count.
pub fn exactly<const N: usize>(
    results: Vec<worker::D1Result>,
) -> Result<[worker::D1Result; N], crate::api_error::ApiError> {
    tally_rows_read(&results);
    <[_; N]>::try_from(results).map_err(|r| {
        crate::api_error::ApiError::Internal(format!("D1 answered a batch of {N} with {}", r.len()))
    })
}
