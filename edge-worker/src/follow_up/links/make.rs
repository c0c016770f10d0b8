//! Making e-mail links: the vote links of one message and the snippet to paste
//! (`POST /v1/sites/{site}/email-links`), and the "did this solve it?" links of a resolved item.

use feedback_core::follow_up::email::{buttons, ratings, resolution_wording, snippet};
use feedback_core::follow_up::link::{LinkClaims, Purpose};
use feedback_core::follow_up::link_request::{
    expires_at, CustomerAnswer, LinkRequest, ResolutionRequest,
};
use feedback_core::{strings_for, FieldError, Item, Rating};
use serde::Serialize;
use worker::Response;

use crate::request::Request;

use super::keys;
use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::insight::read::authorise;
use crate::runtime::{iso_seconds, random_uuid, Now};
use crate::store::history;

/// One signed link and the answer it records.
#[derive(Serialize)]
pub struct LabelledLink {
    /// The answer (`up`, `solved`, …).
    pub answer: String,
    /// The signed link.
    pub url: String,
}

/// Signed links and the snippet that carries them, as the API answers them.
#[derive(Serialize)]
pub struct EmailLinks {
    /// The message (or item) they belong to.
    pub message: String,
    /// When they stop working.
    pub expires_at: String,
    /// One per answer.
    pub links: Vec<LabelledLink>,
    /// The snippet as HTML.
    pub html: String,
    /// The snippet as plain text.
    pub text: String,
    /// Whom to send it to (a resolution's customer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// A subject line for it (a resolution's question).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// The "did this solve your problem?" message of one item.
pub type ResolutionMessage = EmailLinks;

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
        .unwrap_or_else(|| strings.question().to_owned());
    let (html, text) = snippet(&question, strings, &links);
    let answer = EmailLinks {
        message,
        expires_at: iso_seconds(expires),
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
        subject: None,
    };
    Ok(Response::from_json(&answer)?.with_status(201))
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
    let request = ResolutionRequest::from_json(&req.text().await?);
    let base = origin(req)?;
    let item = history::detail(&bindings.db, site, id).await?.item;
    let message = resolution_message(bindings, site, item, request, &base)?;
    Ok(Response::from_json(&message)?.with_status(201))
}

/// The "did this solve your problem?" message of a resolved item, ready to send: its address, its
/// links signed, the snippet in HTML and plain text. The read API and the dashboard's inbox both
/// make it here, from the item they read. One problem names everything to fix: the request's
/// fields and the item's state.
pub fn resolution_message(
    bindings: &Bindings,
    site: &str,
    item: Item,
    request: Result<ResolutionRequest, Vec<FieldError>>,
    base: &str,
) -> Result<ResolutionMessage, ApiError> {
    let keys = keys(bindings)?;
    let id = item.id.as_str();
    let mut errors = request.as_ref().err().cloned().unwrap_or_default();
    errors.extend(ResolutionRequest::refusals(
        item.status.as_str(),
        item.contact_email.is_some(),
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
        page: item.page,
        message: id.to_owned(),
        campaign: None,
        recipient: None,
        lang: Some(strings.lang.to_owned()),
        expires,
    };
    let token = keys.sign(&claims);
    let url = |a: CustomerAnswer| format!("{base}/e/{token}?answer={}", a.as_str());
    let links: Vec<(String, String)> = CustomerAnswer::ALL
        .map(|a| (a.label(strings.lang).to_owned(), url(a)))
        .into();
    let (question, _, _) = resolution_wording(strings.lang);
    let (html, text) = buttons(question, strings, &links);
    Ok(EmailLinks {
        message: id.to_owned(),
        expires_at: iso_seconds(expires),
        links: CustomerAnswer::ALL
            .map(|a| LabelledLink {
                answer: a.as_str().to_owned(),
                url: url(a),
            })
            .into(),
        html,
        text,
        to: item.contact_email,
        subject: Some(question.to_owned()),
    })
}
