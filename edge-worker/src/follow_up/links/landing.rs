//! The landing page at `/e/<token>`: HEAD and GET show the question with the link's answer
//! pre-selected and record nothing; `/e/trap/<token>` is the hidden link only scanners follow.

use feedback_core::follow_up::email::{ratings, resolution_wording};
use feedback_core::follow_up::link::{LinkClaims, Purpose};
use feedback_core::follow_up::link_request::CustomerAnswer;
use feedback_core::{strings_for, Mode, Polarity, Rating, Reason};
use maud::{html, Markup};
use worker::Response;

use crate::request::Request;

use super::{layout, page, record, verify};
use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::runtime::{random_uuid, Now};
use crate::store::link_events::Kind;
use crate::web;

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

/// Which side an offered answer is on, for the stylesheet that shows its reasons.
fn side(value: &str) -> &'static str {
    match Rating::parse(value).map(Rating::polarity) {
        Some(Polarity::Positive) => "positive",
        Some(Polarity::Negative) => "negative",
        _ => "neutral",
    }
}

/// The landing page: the answer from the link pre-selected, one tap to confirm, an optional comment.
fn landing(token: &str, claims: &LinkClaims, chosen: &str, served: &str) -> Markup {
    let lang = claims.lang.as_deref().unwrap_or("en");
    let strings = strings_for(lang);
    let question = match claims.purpose {
        Purpose::Vote => strings.question(),
        Purpose::Resolution => resolution_wording(lang).0,
    };
    // Thumbs links offer thumbs; face links offer faces.
    let faces = Rating::parse(chosen).is_some_and(|r| ratings(Mode::Smileys).contains(&r));
    let offered = answers(claims, faces);
    let comment_label = if Rating::parse(chosen).is_some_and(|r| r.polarity() == Polarity::Positive)
        || chosen == "solved"
    {
        strings.comment_positive()
    } else {
        strings.comment_negative()
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
                            input type="radio" name="answer" value=(value) checked[value == chosen] required data-side=(side(value));
                            span { (label) }
                        }
                    }
                }
                // The same reasons the widget offers; the stylesheet shows the group of the chosen
                // answer's side, and the confirmation keeps only those.
                @if claims.purpose == Purpose::Vote {
                    @for (polarity, legend, class) in [
                        (Polarity::Negative, strings.reasons_label(), "reasons negative"),
                        (Polarity::Positive, strings.positive_reasons_label(), "reasons positive"),
                    ] {
                        fieldset class=(class) {
                            legend { (legend) }
                            @for reason in Reason::offered(polarity) {
                                label.chip {
                                    input type="checkbox" name="reason" value=(reason.as_str());
                                    span { (strings.reason(*reason)) }
                                }
                            }
                        }
                    }
                }
                input type="hidden" name="served" value=(served);
                label for="comment" { (comment_label) }
                textarea #comment name="comment" rows="4" maxlength="2000" {}
                button type="submit" { (strings.send()) }
            }
            // People never see or reach this; a scanner that follows every link does.
            a.trap href=(format!("/e/trap/{token}?served={}", web::url_encode(served))) tabindex="-1" aria-hidden="true" rel="nofollow" { "." }
        },
    )
}

/// `HEAD /e/{token}`: what scanners and previews ask; recorded, never an answer.
pub async fn head(bindings: &Bindings, token: &str) -> Result<Response, ApiError> {
    let now = Now::read();
    let (_, claims) = verify(bindings, token, now.unix_secs())?;
    record(bindings, &claims, (Kind::Head, None), None, &now).await;
    Ok(page(&html! {}, 200)?)
}

/// `GET /e/{token}?answer=…`: the landing page; records only that it was shown.
pub async fn show(req: &Request, bindings: &Bindings, token: &str) -> Result<Response, ApiError> {
    let now = Now::read();
    let (keys, claims) = verify(bindings, token, now.unix_secs())?;
    let query = web::query(req)?;
    let chosen = web::field(&query, "answer").unwrap_or_default();
    let served = keys.served(token, now.unix_millis(), &random_uuid());
    record(bindings, &claims, (Kind::View, None), Some(&served), &now).await;
    Ok(page(&landing(token, &claims, chosen, &served), 200)?)
}

/// `GET /e/trap/{token}?served=…`: people never reach it; a scanner that follows every link does.
/// Only a proof one of our pages carried for this very link marks anything.
pub async fn trap(req: &Request, bindings: &Bindings, token: &str) -> Result<Response, ApiError> {
    let now = Now::read();
    if let Ok((keys, claims)) = verify(bindings, token, now.unix_secs()) {
        let query = web::query(req)?;
        let served = web::field(&query, "served").unwrap_or_default();
        if keys.served_at(token, served).is_some() {
            record(
                bindings,
                &claims,
                (Kind::Trap, Some("followed the hidden link")),
                Some(served),
                &now,
            )
            .await;
        }
    }
    Ok(Response::empty()?.with_status(204))
}
