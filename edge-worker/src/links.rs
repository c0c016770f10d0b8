//! E-mail links: making them (`POST /v1/sites/{site}/email-links`, and the "did this solve it?"
//! link of a resolved item), their landing page (`/e/<token>`), the confirmation that records an
//! answer, and the hidden link that gives scanners away. A GET or HEAD never records anything.

use std::net::IpAddr;

use feedback_core::delivery::event::{id as event_id, Event, Reopened};
use feedback_core::follow_up::email::{buttons, ratings, resolution_wording, snippet};
use feedback_core::follow_up::link::{LinkClaims, LinkError, LinkKeys, Purpose};
use feedback_core::follow_up::link_request::{
    expires_at, CustomerAnswer, LinkRequest, ResolutionRequest,
};
use feedback_core::follow_up::scanner::{assess, Confirmation};
use feedback_core::intake::submission::MAX_REVISION;
use feedback_core::{hex, strings_for, Mode, Rating, Submission};
use maud::{html, Markup, DOCTYPE};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use wasm_bindgen::JsValue;
use worker::{Request, Response};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::intake::write;
use crate::read::authorise;
use crate::runtime::{random_uuid, Now};
use crate::store::{deliveries, feedback, history};
use crate::{sites, web, webhooks};

const LOG: &str =
    "INSERT INTO link_events (site_id, message, kind, reason, served, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const TRAPPED: &str = "SELECT COUNT(*) AS n FROM link_events WHERE served = ?1 AND kind = 'trap'";
const CONTACT: &str =
    "SELECT page, status, contact_email FROM feedback WHERE site_id = ?1 AND id = ?2";
/// The customer's answer, with its history entry first (reading the status it leaves). `?4` is the
/// status the answer moves the item to (`CustomerAnswer::moves_to`), NULL to leave it.
const ANSWER_HISTORY: &str = "
INSERT INTO item_history (item_id, site_id, at, from_status, to_status, note, actor)
SELECT id, site_id, ?3, status, coalesce(?4, status), ?5, 'customer'
FROM feedback WHERE site_id = ?1 AND id = ?2";
const ANSWER: &str = "
UPDATE feedback SET customer_answer = ?3, status = coalesce(?4, status) WHERE site_id = ?1 AND id = ?2";
/// What a landing page may load: our stylesheet, nothing else; forms post only to us.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn keys(bindings: &Bindings) -> Result<LinkKeys, ApiError> {
    bindings
        .link_keys()
        .map_err(|e| ApiError::NoLinkKeys(e.to_string()))
}

/// One message's item: the same for every write through its links, never another message's.
fn message_key(site: &str, message: &str) -> String {
    let digest = Sha256::digest(format!("{site}\n{message}").as_bytes());
    hex(&digest[..16])
}

async fn log(
    bindings: &Bindings,
    claims: &LinkClaims,
    kind: &str,
    reason: Option<&str>,
    served: Option<&str>,
) -> Result<(), ApiError> {
    bindings
        .db
        .prepare(LOG)
        .bind(&[
            claims.site.as_str().into(),
            claims.message.as_str().into(),
            kind.into(),
            reason.map_or(JsValue::NULL, Into::into),
            served.map_or(JsValue::NULL, Into::into),
            Now::read().iso.into(),
        ])?
        .run()
        .await?;
    Ok(())
}

#[derive(Serialize)]
struct LabelledLink {
    answer: String,
    url: String,
}

#[derive(Serialize)]
struct EmailLinks {
    message: String,
    expires_at: String,
    links: Vec<LabelledLink>,
    html: String,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
}

fn iso(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

fn origin(req: &Request) -> Result<String, ApiError> {
    Ok(req.url()?.origin().ascii_serialization())
}

/// `POST /v1/sites/{site}/email-links`: signed vote links for one e-mail and the snippet to paste.
pub async fn create(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    let keys = keys(bindings)?;
    let request = LinkRequest::from_json(&req.text().await?).map_err(ApiError::InvalidFields)?;
    let message = request.message.unwrap_or_else(random_uuid);
    let expires = expires_at(Now::read().unix_secs(), request.days);
    let strings = strings_for(request.lang.as_deref().unwrap_or("en"));
    let claims = LinkClaims {
        purpose: Purpose::Vote,
        site: site.to_owned(),
        page: request.page,
        message: message.clone(),
        campaign: request.campaign,
        recipient: request.recipient,
        lang: Some(strings.lang.to_owned()),
        expires,
    };
    let token = keys.sign(&claims);
    let base = origin(req)?;
    let links: Vec<(Rating, String)> = ratings(request.mode)
        .iter()
        .map(|r| (*r, format!("{base}/e/{token}?answer={}", r.as_str())))
        .collect();
    let question = request
        .question
        .unwrap_or_else(|| strings.question.to_owned());
    let (html, text) = snippet(&question, strings, &links);
    let answer = EmailLinks {
        message,
        expires_at: iso(expires),
        links: links
            .into_iter()
            .map(|(r, url)| LabelledLink {
                answer: r.as_str().to_owned(),
                url,
            })
            .collect(),
        html,
        text,
        to: None,
    };
    Ok(Response::from_json(&answer)?.with_status(201))
}

#[derive(Deserialize)]
struct ContactRow {
    page: String,
    status: String,
    contact_email: Option<String>,
}

/// `POST /v1/sites/{site}/feedback/{id}/resolution-link`: for a resolved item whose visitor agreed
/// to be contacted, the "did this solve it?" links to send them.
pub async fn resolution_link(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
    id: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    let keys = keys(bindings)?;
    let request = ResolutionRequest::from_json(&req.text().await?);
    let row: Option<ContactRow> = bindings
        .db
        .prepare(CONTACT)
        .bind(&[site.into(), id.into()])?
        .first(None)
        .await?;
    let row = row.ok_or_else(|| ApiError::UnknownItem(id.to_owned()))?;
    // One problem names everything to fix: the request's fields and the item's state.
    let mut errors = request.as_ref().err().cloned().unwrap_or_default();
    errors.extend(ResolutionRequest::refusals(
        &row.status,
        row.contact_email.is_some(),
    ));
    let request = match request {
        Ok(request) if errors.is_empty() => request,
        _ => return Err(ApiError::InvalidFields(errors)),
    };
    let expires = expires_at(Now::read().unix_secs(), request.days);
    let strings = strings_for(request.lang.as_deref().unwrap_or("en"));
    let claims = LinkClaims {
        purpose: Purpose::Resolution,
        site: site.to_owned(),
        page: row.page,
        message: id.to_owned(),
        campaign: None,
        recipient: None,
        lang: Some(strings.lang.to_owned()),
        expires,
    };
    let token = keys.sign(&claims);
    let base = origin(req)?;
    let url = |a: CustomerAnswer| format!("{base}/e/{token}?answer={}", a.as_str());
    let links: Vec<(String, String)> = CustomerAnswer::ALL
        .map(|a| (a.label(strings.lang).to_owned(), url(a)))
        .into();
    let (question, _, _) = resolution_wording(strings.lang);
    let (html, text) = buttons(question, strings, &links);
    Ok(Response::from_json(&EmailLinks {
        message: id.to_owned(),
        expires_at: iso(expires),
        links: CustomerAnswer::ALL
            .map(|a| LabelledLink {
                answer: a.as_str().to_owned(),
                url: url(a),
            })
            .into(),
        html,
        text,
        to: row.contact_email,
    })?
    .with_status(201))
}

/// Whether `path` is a landing page's.
pub fn owns(path: &str) -> bool {
    path.starts_with("/e/")
}

fn page(markup: &Markup, status: u16) -> worker::Result<Response> {
    let response = web::html(markup, status, CSP, "no-referrer")?;
    // Scanners and search engines: nothing here to index or follow.
    response
        .headers()
        .set("x-robots-tag", "noindex, nofollow")?;
    Ok(response)
}

fn layout(lang: &str, title: &str, body: &Markup) -> Markup {
    let strings = strings_for(lang);
    html! {
        (DOCTYPE)
        html lang=(strings.lang) dir=(strings.dir.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex, nofollow";
                title { (title) }
                link rel="stylesheet" href="/dashboard-assets/landing.css";
            }
            body { main { (body) } }
        }
    }
}

fn refused(error: &LinkError) -> worker::Result<Response> {
    let status = if *error == LinkError::Expired {
        410
    } else {
        400
    };
    let mut text = error.to_string();
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    page(
        &layout(
            "en",
            "This link does not work",
            &html! {
                h1 { "This link does not work" }
                p role="alert" { (text) "." }
                p { "Nothing was recorded. If you want to tell us something, reply to the e-mail." }
            },
        ),
        status,
    )
}

/// The answers a landing page offers: thumbs or faces (as the link chose) or the two resolution answers.
fn answers(claims: &LinkClaims, faces: bool) -> Vec<(String, String)> {
    let lang = claims.lang.as_deref().unwrap_or("en");
    match claims.purpose {
        Purpose::Vote => {
            let strings = strings_for(lang);
            let mode = if faces { Mode::Smileys } else { Mode::Thumbs };
            ratings(mode)
                .iter()
                .map(|r| (r.as_str().to_owned(), strings.rating(*r).to_owned()))
                .collect()
        }
        Purpose::Resolution => CustomerAnswer::ALL
            .map(|a| (a.as_str().to_owned(), a.label(lang).to_owned()))
            .into(),
    }
}

/// The landing page: the answer from the link pre-selected, one tap to confirm, an optional comment.
fn landing(token: &str, claims: &LinkClaims, chosen: &str, served: &str) -> Markup {
    let lang = claims.lang.as_deref().unwrap_or("en");
    let strings = strings_for(lang);
    let question = match claims.purpose {
        Purpose::Vote => strings.question,
        Purpose::Resolution => resolution_wording(lang).0,
    };
    // Thumbs links offer thumbs; face links offer faces.
    let faces = Rating::parse(chosen).is_some_and(|r| ratings(Mode::Smileys).contains(&r));
    let offered = answers(claims, faces);
    let comment_label = if Rating::parse(chosen)
        .is_some_and(|r| r.polarity() == feedback_core::Polarity::Positive)
        || chosen == "solved"
    {
        strings.comment_positive
    } else {
        strings.comment_negative
    };
    layout(
        lang,
        question,
        &html! {
            form method="post" action=(format!("/e/{token}")) {
                fieldset {
                    legend { h1 { (question) } }
                    @for (value, label) in &offered {
                        label.choice {
                            input type="radio" name="answer" value=(value) checked[value == chosen] required;
                            span { (label) }
                        }
                    }
                }
                input type="hidden" name="served" value=(served);
                label for="comment" { (comment_label) }
                textarea #comment name="comment" rows="4" maxlength="2000" {}
                button type="submit" { (strings.send) }
            }
            // People never see or reach this; a scanner that follows every link does.
            a.trap href=(format!("/e/trap/{token}?served={}", web::url_encode(served))) tabindex="-1" aria-hidden="true" rel="nofollow" { "." }
        },
    )
}

fn thanks(claims: &LinkClaims) -> Markup {
    let lang = claims.lang.as_deref().unwrap_or("en");
    let strings = strings_for(lang);
    layout(
        lang,
        strings.thanks,
        &html! {
            h1 role="status" { (strings.thanks) }
        },
    )
}

/// Answers `/e/…`: HEAD and GET show (never record), POST confirms, `/e/trap` marks a scanner.
pub async fn handle(mut req: Request, bindings: &Bindings) -> worker::Result<Response> {
    let path = req.path();
    let method = req.method().to_string();
    let Ok(keys) = keys(bindings) else {
        return refused(&LinkError::UnknownKey);
    };
    let now = Now::read();
    if let Some(token) = path.strip_prefix("/e/trap/") {
        let query = web::query(&req)?;
        let served = web::field(&query, "served").unwrap_or_default();
        // Only a proof one of our pages carried for this very link marks anything.
        if let (Ok(claims), Some(_)) = (
            keys.verify(token, now.unix_secs()),
            keys.served_at(token, served),
        ) {
            let _ = log(
                bindings,
                &claims,
                "trap",
                Some("followed the hidden link"),
                Some(served),
            )
            .await;
        }
        return Response::empty().map(|r| r.with_status(204));
    }
    let token = path.trim_start_matches("/e/").to_owned();
    let claims = match keys.verify(&token, now.unix_secs()) {
        Ok(claims) => claims,
        Err(error) => return refused(&error),
    };
    match method.as_str() {
        "HEAD" => {
            let _ = log(bindings, &claims, "head", None, None).await;
            page(&html! {}, 200)
        }
        "GET" => {
            let query = web::query(&req)?;
            let chosen = web::field(&query, "answer").unwrap_or_default();
            let served = keys.served(&token, now.unix_millis(), &random_uuid());
            let _ = log(bindings, &claims, "view", None, Some(&served)).await;
            page(&landing(&token, &claims, chosen, &served), 200)
        }
        "POST" => confirm(&mut req, bindings, &keys, &token, &claims, &now).await,
        _ => page(&layout("en", "Not here", &html! { h1 { "Not here" } }), 405),
    }
}

async fn confirm(
    req: &mut Request,
    bindings: &Bindings,
    keys: &LinkKeys,
    token: &str,
    claims: &LinkClaims,
    now: &Now,
) -> worker::Result<Response> {
    let pairs = web::form(&req.text().await?);
    let served = web::field(&pairs, "served").unwrap_or_default().to_owned();
    let served_at = keys.served_at(token, &served);
    let trapped = if served_at.is_some() {
        let row: Option<N> = bindings
            .db
            .prepare(TRAPPED)
            .bind(&[served.as_str().into()])?
            .first(None)
            .await?;
        row.is_some_and(|r| r.n > 0)
    } else {
        false
    };
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
        let _ = log(
            bindings,
            claims,
            "suspected_scanner",
            Some(&signal.describe()),
            Some(&served),
        )
        .await;
        // The same thank-you a person sees: nothing to learn from for a scanner.
        return page(&thanks(claims), 200);
    }
    let answer = web::field(&pairs, "answer").unwrap_or_default();
    let comment = web::field(&pairs, "comment")
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let stored = match claims.purpose {
        Purpose::Vote => store_vote(bindings, claims, answer, comment, now).await,
        Purpose::Resolution => store_resolution(bindings, claims, answer, comment, now).await,
    };
    match stored {
        Ok(()) => {
            let _ = log(bindings, claims, "confirmed", None, Some(&served)).await;
            page(&thanks(claims), 200)
        }
        Err(ApiError::Rejected(rejection)) => {
            let problem: feedback_core::Problem = rejection.into();
            let detail = problem
                .errors
                .first()
                .map_or(problem.detail.clone(), |e| e.message.clone());
            page(
                &layout(
                    claims.lang.as_deref().unwrap_or("en"),
                    "Please check your answer",
                    &html! {
                        h1 { "Please check your answer" }
                        p role="alert" { (detail) }
                        p { a href=(format!("/e/{token}")) { "Back" } }
                    },
                ),
                422,
            )
        }
        Err(error) => {
            worker::console_error!("e-mail confirmation failed: {error:?}");
            page(
                &layout(
                    "en",
                    "Please try again",
                    &html! {
                        h1 { "Please try again" }
                        p role="alert" { "Your answer could not be saved just now. Please go back and send it again." }
                    },
                ),
                503,
            )
        }
    }
}

async fn store_vote(
    bindings: &Bindings,
    claims: &LinkClaims,
    answer: &str,
    comment: Option<&str>,
    now: &Now,
) -> Result<(), ApiError> {
    let key = message_key(&claims.site, &claims.message);
    let idempotency_key = format!("email-{key}");
    // Each confirmation through the same message replaces the last: the next revision.
    let stored = feedback::by_key(&bindings.db, &claims.site, &idempotency_key).await?;
    let revision = stored.map_or(0, |r| (r.revision + 1).min(MAX_REVISION));
    let body: Value = json!({
        "site": claims.site,
        "page": claims.page,
        "rating": answer,
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
    write::store(bindings, &site, &submission, &format!("email:{key}"), now).await?;
    Ok(())
}

/// A count.
#[derive(Deserialize)]
struct N {
    n: u64,
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
    let moves_to = answer
        .moves_to()
        .map_or(JsValue::NULL, |s| s.as_str().into());
    let db = &bindings.db;
    let (site, id) = (claims.site.as_str(), claims.message.as_str());
    let mut statements = vec![
        db.prepare(ANSWER_HISTORY).bind(&[
            site.into(),
            id.into(),
            now.iso.as_str().into(),
            moves_to.clone(),
            note.as_str().into(),
        ])?,
        db.prepare(ANSWER)
            .bind(&[site.into(), id.into(), answer.as_str().into(), moves_to])?,
    ];
    // A "no" reopens the item; integrators hear about it once per reopening, written in the same
    // transaction as the answer.
    if answer.moves_to().is_some_and(|to| to != before.item.status) {
        let event = Event::Reopened(Reopened {
            id: id.to_owned(),
            page: before.item.page.clone(),
            customer_answer: answer.as_str().to_owned(),
            customer_comment: comment.map(str::to_owned),
        });
        statements.push(deliveries::for_event(
            db,
            site,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_message_is_one_key_and_sites_never_share_it() {
        assert_eq!(message_key("demo", "m1"), message_key("demo", "m1"));
        assert_ne!(message_key("demo", "m1"), message_key("other", "m1"));
        assert_eq!(message_key("demo", "m1").len(), 32);
    }
}
