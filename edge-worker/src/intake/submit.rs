//! `POST /v1/feedback`: one visitor's answer, validated and decided by `feedback-core`, stored with
//! every delivery it raises in one D1 round trip.

use feedback_core::intake::submission::MAX_BODY_BYTES;
use feedback_core::intake::visitor::visitor_id;
use feedback_core::{Rejection, Submission};
use worker::Response;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::intake::{group_commit, queued, write};
use crate::request::Request;
use crate::runtime::Now;
use crate::{sites, visitors};

/// Seconds a limited client should wait: the periods of `[[ratelimits]]` in wrangler.toml.
const VISITOR_PERIOD: u32 = 60;
const SITE_PERIOD: u32 = 10;

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

async fn within_limits(bindings: &Bindings, visitor: &str, site: &str) -> Result<(), ApiError> {
    if let Some(limit) = &bindings.visitor_limit {
        if !limit.limit(format!("{site}:{visitor}")).await?.success {
            return Err(ApiError::RateLimited {
                retry_after: VISITOR_PERIOD,
                who: "visitor",
            });
        }
    }
    if let Some(limit) = &bindings.site_limit {
        if !limit.limit(site.to_owned()).await?.success {
            return Err(ApiError::RateLimited {
                retry_after: SITE_PERIOD,
                who: "site",
            });
        }
    }
    Ok(())
}

/// Stores one submission: 201 for a new item, 200 for a change of mind or an exact retry.
pub async fn submit(req: &mut Request, bindings: &Bindings) -> Result<Response, ApiError> {
    // On its way to a write from now on, so a batch being written may wait for it a moment.
    let arrival = group_commit::Arrival::new();
    let submission = Submission::from_json(&read_body(req).await?)?;
    // The test switch (unset in wrangler.toml): a panic on purpose, for the story that recovers.
    assert!(
        submission.comment.is_none() || submission.comment != bindings.settings.panic_on_comment,
        "TEST_PANIC_ON_COMMENT: a panic on purpose"
    );
    let now = Now::read();
    let site = sites::cached(&bindings.db, &submission.site, now.millis)
        .await?
        .ok_or_else(|| ApiError::UnknownSite(submission.site.clone()))?;
    // Browsers always send Origin on a cross-site POST; other clients are not pages to check.
    if let Some(origin) = req.headers().get("origin")? {
        if !site.allowed_origins.allows(&origin) {
            return Err(ApiError::OriginNotAllowed {
                origin,
                site: submission.site,
            });
        }
    }
    let salt = visitors::salt(&bindings.db, now.day).await?;
    let ip = req.headers().get("cf-connecting-ip")?.unwrap_or_default();
    let user_agent = req.headers().get("user-agent")?.unwrap_or_default();
    let visitor = visitor_id(salt.as_bytes(), &ip, &user_agent, &submission.site);
    within_limits(bindings, &visitor, &submission.site).await?;
    let visitor = if submission.channel.one_item_per_visitor() {
        visitor
    } else {
        format!("item:{}", submission.idempotency_key)
    };

    if let Some(queue) = &bindings.ingest {
        return queued::accept(queue, submission, visitor, &now).await;
    }
    let (accepted, status) =
        write::store(bindings, &site, &submission, &visitor, &now, arrival).await?;
    Ok(Response::from_json(&accepted)?.with_status(status))
}
