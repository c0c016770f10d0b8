//! `POST /e/{token}`: the confirmation that records an e-mail answer — a vote through the same
//! write as the widget's, or the customer's "did this solve it?" that may reopen an item.

use std::net::IpAddr;

use feedback_core::delivery::event::{id as event_id, Event as Webhook, Reopened};
use feedback_core::follow_up::link::{EmailItem, LinkClaims, Purpose};
use feedback_core::follow_up::link_request::CustomerAnswer;
use feedback_core::follow_up::scanner::{assess, Confirmation};
use feedback_core::intake::submission::MAX_REVISION;
use feedback_core::{Rating, Reason, Submission};
use serde_json::{json, Value};
use worker::Response;

use crate::request::Request;

use super::{page, record, thanks, verify};
use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::intake::write;
use crate::runtime::Now;
use crate::store::link_events::{self, Kind};
use crate::store::{deliveries, feedback, history};
use crate::{delivery::webhooks, sites, web};

/// `POST /e/{token}`: a person's confirmation, recorded once per message (the first human-validated
/// write wins, every write is idempotent); a suspected scanner gets the same thank-you and records
/// nothing.
pub async fn confirm(
    req: &mut Request,
    bindings: &Bindings,
    token: &str,
) -> Result<Response, ApiError> {
    let now = &Now::read();
    let (keys, claims) = verify(bindings, token, now.unix_secs())?;
    let claims = &claims;
    let pairs = web::form(&req.text().await?);
    let served = web::field(&pairs, "served").unwrap_or_default().to_owned();
    let served_at = keys.served_at(token, &served);
    let trapped = served_at.is_some() && link_events::trapped(&bindings.db, &served).await?;
    let user_agent = req.headers().get("user-agent")?.unwrap_or_default();
    let address = req
        .headers()
        .get("cf-connecting-ip")?
        .and_then(|a| a.parse::<IpAddr>().ok());
    let signal = assess(&Confirmation {
        user_agent: &user_agent,
        address,
        since_served_ms: served_at.map(|at| now.unix_millis() - at),
        trap_followed: trapped,
    });
    if let Some(signal) = signal {
        let why = signal.describe();
        record(
            bindings,
            claims,
            (Kind::SuspectedScanner, Some(&why)),
            Some(&served),
            now,
        )
        .await;
        // The same thank-you a person sees: nothing to learn from for a scanner.
        return Ok(page(&thanks(claims), 200)?);
    }
    let answer = web::field(&pairs, "answer").unwrap_or_default();
    let comment = web::field(&pairs, "comment")
        .map(str::trim)
        .filter(|c| !c.is_empty());
    // Reasons of the other side were ticked before the person changed their answer: they do not
    // explain the answer sent, so they are left out rather than refused.
    let side = Rating::parse(answer).map(Rating::polarity);
    let reasons: Vec<&str> = pairs
        .iter()
        .filter(|(key, _)| key == "reason")
        .filter_map(|(_, value)| Reason::parse(value))
        .filter(|reason| Some(reason.polarity()) == side)
        .map(Reason::as_str)
        .collect();
    let stored = match claims.purpose {
        Purpose::Vote => store_vote(bindings, claims, (answer, &reasons), comment, now).await,
        Purpose::Resolution => store_resolution(bindings, claims, answer, comment, now).await,
    };
    stored?;
    record(
        bindings,
        claims,
        (Kind::Confirmed, None),
        Some(&served),
        now,
    )
    .await;
    Ok(page(&thanks(claims), 200)?)
}

async fn store_vote(
    bindings: &Bindings,
    claims: &LinkClaims,
    (answer, reasons): (&str, &[&str]),
    comment: Option<&str>,
    now: &Now,
) -> Result<(), ApiError> {
    let item = EmailItem::of(&claims.site, &claims.message);
    let idempotency_key = item.idempotency_key;
    // Each confirmation through the same message replaces the last: the next revision.
    let stored = feedback::by_key(&bindings.db, &claims.site, &idempotency_key).await?;
    let revision = stored.map_or(0, |r| (r.revision + 1).min(MAX_REVISION));
    let body: Value = json!({
        "site": claims.site,
        "page": claims.page,
        "rating": answer,
        "reasons": reasons,
        "comment": comment,
        "channel": "email",
        "locale": claims.lang,
        "idempotency_key": idempotency_key,
        "revision": revision,
    });
    let submission = Submission::from_json(&body.to_string())?;
    let site = sites::cached(&bindings.db, &claims.site, now.millis)
        .await?
        .ok_or_else(|| ApiError::UnknownSite(claims.site.clone()))?;
    let arrival = crate::intake::group_commit::Arrival::new();
    write::store(bindings, &site, &submission, &item.visitor, now, arrival).await?;
    Ok(())
}

async fn store_resolution(
    bindings: &Bindings,
    claims: &LinkClaims,
    answer: &str,
    comment: Option<&str>,
    now: &Now,
) -> Result<(), ApiError> {
    let answer = CustomerAnswer::parse(answer).map_err(|e| ApiError::InvalidFields(vec![e]))?;
    let before = history::detail(&bindings.db, &claims.site, &claims.message).await?;
    let note = answer.note(comment);
    let db = &bindings.db;
    let (site, id) = (claims.site.as_str(), claims.message.as_str());
    let mut statements = history::customer_answer(
        db,
        (site, id),
        answer.as_str(),
        &note,
        answer.moves_to(),
        &now.iso,
    )?;
    // A "no" reopens the item; integrators hear about it once per reopening, written in the same
    // transaction as the answer.
    if answer.moves_to().is_some_and(|to| to != before.item.status) {
        let event = Webhook::Reopened(Reopened {
            id: id.to_owned(),
            page: before.item.page.clone(),
            customer_answer: answer.as_str().to_owned(),
            customer_comment: comment.map(str::to_owned),
            team: before.item.team.clone(),
        });
        statements.push(deliveries::for_event(
            db,
            (site, before.item.team.as_deref()),
            event.kind(),
            &event_id::reopened(id, now.unix_millis()),
            &event.body(&now.iso),
            &now.iso,
        )?);
    }
    let (_, jobs) = feedback::written(db.batch(statements).await?)?;
    webhooks::enqueue_all(bindings, &jobs).await?;
    Ok(())
}
