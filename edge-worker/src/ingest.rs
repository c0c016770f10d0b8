//! `POST /v1/feedback`: one visitor's answer, validated by `feedback-core`, stored in one round trip.

use feedback_core::submission::MAX_BODY_BYTES;
use feedback_core::{Accepted, Rejection, Submission};
use serde::Deserialize;
use wasm_bindgen::prelude::wasm_bindgen;
use worker::{Env, Request, Response};

use crate::api_error::ApiError;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> String;
}

/// Inserts the item unless its site is unknown; an exact retry (same idempotency key) touches
/// nothing and returns the first row's id, so the UNIQUE constraint, not a read, decides.
const INSERT_FEEDBACK: &str = "
INSERT INTO feedback (id, site_id, page, rating, comment, locale, idempotency_key, created_at)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM sites WHERE id = ?2)
ON CONFLICT (site_id, idempotency_key) DO UPDATE SET idempotency_key = excluded.idempotency_key
RETURNING id, id = ?1 AS created";

#[derive(Deserialize)]
struct Stored {
    id: String,
    created: u8,
}

/// Reads the body as text, refusing other media types and oversize bodies before parsing.
async fn read_body(req: &mut Request) -> Result<String, ApiError> {
    let content_type = req.headers().get("content-type")?.unwrap_or_default();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !matches!(media_type.as_str(), "application/json" | "text/plain") {
        return Err(ApiError::UnsupportedMediaType(content_type));
    }
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|n| n.parse::<usize>().ok());
    if let Some(length) = declared.filter(|&n| n > MAX_BODY_BYTES) {
        return Err(Rejection::TooLarge(length).into());
    }
    let bytes = req.bytes().await?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(Rejection::TooLarge(bytes.len()).into());
    }
    String::from_utf8(bytes)
        .map_err(|_| Rejection::Malformed("the body is not UTF-8".into()).into())
}

fn text_or_null(value: Option<&str>) -> wasm_bindgen::JsValue {
    value.map_or(wasm_bindgen::JsValue::NULL, Into::into)
}

/// Stores one submission and answers 201 (new) or 200 (an exact retry) with its id.
pub async fn submit(req: &mut Request, env: &Env) -> Result<Response, ApiError> {
    let submission = Submission::from_json(&read_body(req).await?)?;
    let id = random_uuid();
    let now = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    let stored: Option<Stored> = env
        .d1("DB")?
        .prepare(INSERT_FEEDBACK)
        .bind(&[
            id.as_str().into(),
            submission.site.as_str().into(),
            submission.page.as_str().into(),
            text_or_null(submission.rating.map(feedback_core::Rating::as_str)),
            text_or_null(submission.comment.as_deref()),
            text_or_null(submission.locale.as_deref()),
            submission.idempotency_key.as_str().into(),
            now.into(),
        ])?
        .first(None)
        .await?;
    let Some(stored) = stored else {
        return Err(ApiError::UnknownSite(submission.site));
    };
    let status = if stored.created == 1 { 201 } else { 200 };
    Ok(Response::from_json(&Accepted { id: stored.id })?.with_status(status))
}
