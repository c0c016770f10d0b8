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

use feedback_core::{Polarity, Rating};
use wasm_bindgen::JsValue;

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

/// A batch's results as exactly `N`, or an internal error naming the count.
pub fn exactly<const N: usize>(
    results: Vec<worker::D1Result>,
) -> Result<[worker::D1Result; N], crate::api_error::ApiError> {
    <[_; N]>::try_from(results).map_err(|r| {
        crate::api_error::ApiError::Internal(format!("D1 answered a batch of {N} with {}", r.len()))
    })
}
