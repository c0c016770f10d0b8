//! The read side for marketers and integrators: per-page results, summaries, item lists and exports.

use feedback_core::follow_up::page_note::PageNote;
use feedback_core::insight::handling::Handling;
use feedback_core::insight::item::csv_document;
use feedback_core::insight::public::PublicResults;
use feedback_core::insight::query::{format_day, Format, ReadQuery, ITEM_LIST_PARAMETERS};
use feedback_core::language::Language;
use feedback_core::strings::strings_for;
use feedback_core::token::{bearer, token_matches};
use feedback_core::{normalise_page, FieldError, Item, PageStats, Reason, Summary};
use serde::Serialize;
use worker::{Cache, Headers, Response};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::request::Request;
use crate::runtime::Now;
use crate::sites;
use crate::store::counts::{self, SummaryRows};
use crate::store::{self};

/// Checks the site's read token and answers the site; unknown sites are 404, missing or wrong
/// tokens 401.
pub async fn authorise(
    req: &Request,
    bindings: &Bindings,
    site: &str,
) -> Result<sites::Site, ApiError> {
    let stored = sites::fresh(&bindings.db, site)
        .await?
        .ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    let header = req.headers().get("authorization")?;
    let token = header
        .as_deref()
        .and_then(bearer)
        .ok_or(ApiError::Unauthorized(
            "send the site's read token as Authorization: Bearer <token>",
        ))?;
    if token_matches(token, &stored.read_token_hash) {
        Ok(stored)
    } else {
        Err(ApiError::Unauthorized(
            "this token does not open this site's data",
        ))
    }
}

/// The read query of `req`; its days are on the site's clock.
fn parse_query(
    req: &Request,
    accepted: &[&str],
    site: &sites::Site,
) -> Result<ReadQuery, ApiError> {
    let url = req.url()?;
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    ReadQuery::parse(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        accepted,
        site.clock.today(Now::read().unix_millis()),
    )
    .map_err(ApiError::InvalidQuery)
}

#[derive(Serialize)]
struct Range {
    from: String,
    to: String,
}

impl Range {
    fn of(query: &ReadQuery) -> Self {
        Self {
            from: format_day(query.range.from),
            to: format_day(query.range.to),
        }
    }
}

#[derive(Serialize)]
#[allow(clippy::struct_field_names)] // `pages` is the API's field name
struct Pages {
    site: String,
    range: Range,
    pages: Vec<PageStats>,
}

/// `GET /v1/sites/{site}/pages`: every page's results, best first by Wilson lower bound.
pub async fn pages(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    let stored = authorise(req, bindings, site).await?;
    let query = parse_query(req, &["from", "to", "channel", "under_notice"], &stored)?;
    let rows = counts::per_page(&bindings.db, site, &query).await?;
    let pages = PageStats::per_page(rows);
    Ok(Response::from_json(&Pages {
        site: site.to_owned(),
        range: Range::of(&query),
        pages,
    })?)
}

#[derive(Serialize)]
struct SummaryAnswer {
    site: String,
    range: Range,
    #[serde(flatten)]
    summary: Summary,
    /// The average mood of the range's comments (-1..1), `None` without comments.
    average_mood: Option<f64>,
    /// How many comments the average is over.
    comments_with_mood: u64,
    /// Items the site's rules called urgent.
    urgent: u64,
    /// How the range's urgent items were handled, site-wide.
    handling: Handling,
    /// The same for each team that has urgent items in the range.
    handling_by_team: Vec<Handling>,
}

/// `GET /v1/sites/{site}/summary`: totals, reasons, a daily series and the latest comments, for the
/// whole site or (with `page=`) one page. Four queries, one D1 round trip.
pub async fn summary(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    let stored = authorise(req, bindings, site).await?;
    let query = parse_query(
        req,
        &["from", "to", "channel", "page", "under_notice"],
        &stored,
    )?;
    let SummaryRows {
        by_day,
        by_reason,
        comments,
        feeling,
        handled,
    } = counts::summary(&bindings.db, site, &query).await?;
    let (handling, handling_by_team) = Handling::by_team(&handled, &Now::read().iso);
    let summary = Summary::build(
        query.page.clone(),
        &query.range.days(),
        by_day,
        by_reason
            .into_iter()
            .filter_map(|c| Some((Reason::parse(&c.key)?, c.votes))),
        comments.into_iter().map(Item::from).collect(),
    );
    Ok(Response::from_json(&SummaryAnswer {
        site: site.to_owned(),
        range: Range::of(&query),
        summary,
        average_mood: feeling.mood,
        comments_with_mood: feeling.moods,
        urgent: feeling.urgent,
        handling,
        handling_by_team,
    })?)
}

#[derive(Serialize)]
struct ItemList {
    items: Vec<Item>,
    next_cursor: Option<String>,
}

/// `GET /v1/sites/{site}/feedback`: items newest first, filtered, paginated by a stable cursor, as
/// JSON, CSV or JSON lines.
pub async fn items(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    let stored = authorise(req, bindings, site).await?;
    let query = parse_query(req, ITEM_LIST_PARAMETERS, &stored)?;
    let (items, next_cursor) = counts::fetch_items(&bindings.db, site, &query).await?;

    let headers = Headers::new();
    if let Some(cursor) = &next_cursor {
        let mut next = req.url()?;
        let kept: Vec<(String, String)> = next
            .query_pairs()
            .filter(|(k, _)| k != "cursor")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        next.query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .append_pair("cursor", cursor);
        headers.set("link", &format!("<{next}>; rel=\"next\""))?;
    }
    let response = match query.format {
        Format::Json => Response::from_json(&ItemList { items, next_cursor })?,
        Format::Csv => {
            let csv = csv_document(&items);
            headers.set("content-type", "text/csv; charset=utf-8")?;
            headers.set(
                "content-disposition",
                &format!("attachment; filename=\"feedback-{site}.csv\""),
            )?;
            Response::ok(csv)?
        }
        Format::JsonLines => {
            let mut lines = String::new();
            for item in &items {
                lines.push_str(
                    &serde_json::to_string(item).map_err(|e| ApiError::Internal(e.to_string()))?,
                );
                lines.push('\n');
            }
            headers.set("content-type", "application/x-ndjson; charset=utf-8")?;
            Response::ok(lines)?
        }
    };
    for (name, value) in headers.entries() {
        response.headers().set(&name, &value)?;
    }
    Ok(response)
}

/// How long anyone may keep a public answer, in seconds (less while a notice is about to expire).
const PUBLIC_MAX_AGE: u32 = 300;

/// The key this data centre's cache keeps a public answer under: one per site, page and language
/// we speak, whatever else the address held, so publishing a note can forget them all.
pub fn results_cache_key(origin: &str, site: &str, page: &str, lang: &str) -> String {
    format!(
        "{origin}/v1/sites/{}/results?page={}&lang={lang}",
        crate::web::url_encode(site),
        crate::web::url_encode(page)
    )
}

/// `GET /v1/sites/{site}/results?page=…&lang=…`: what anyone may read about a page, for the
/// widget's one request — its helpful share over the last year when the site publishes its results,
/// and the note and notice a reader of `lang` sees when it publishes notes. Cached at the edge
/// (one D1 round trip per miss: the site, the votes and the notes in one batch) and in browsers.
pub async fn public_results(
    req: &Request,
    bindings: &Bindings,
    site: &str,
) -> Result<Response, ApiError> {
    let now = Now::read();
    let url = req.url()?;
    let (mut page, mut lang, mut errors) = (None, String::from("en"), Vec::new());
    for (key, value) in url.query_pairs() {
        match key.as_ref() {
            "page" => match normalise_page(&value) {
                Ok(p) => page = Some(p),
                Err(e) => errors.push(FieldError::new("page", "url", e.to_string())),
            },
            "lang" => value
                .chars()
                .take(35)
                .collect::<String>()
                .clone_into(&mut lang),
            other => errors.push(FieldError::new(
                other,
                "unknown",
                "is not a parameter here; use page, lang",
            )),
        }
    }
    let Some(page) = page.filter(|_| errors.is_empty()) else {
        if errors.is_empty() {
            errors.push(FieldError::new(
                "page",
                "required",
                "say which page, as ?page=https://…",
            ));
        }
        return Err(ApiError::InvalidQuery(errors));
    };
    let lang = strings_for(&lang).lang;
    let key = results_cache_key(&url.origin().ascii_serialization(), site, &page, lang);
    let cache = Cache::default();
    if let Ok(Some(mut hit)) = cache.get(key.as_str(), false).await {
        // A cached response's headers cannot be changed (CORS is added to every answer): copy it.
        let age = hit.headers().get("cache-control")?;
        let response = Response::ok(hit.text().await?)?;
        response.headers().set("content-type", "application/json")?;
        if let Some(age) = age {
            response.headers().set("cache-control", &age)?;
        }
        return Ok(response);
    }
    let since = format_day(now.day - time::Duration::days(364));
    let db = &bindings.db;
    let results = db
        .batch(vec![
            store::sites::settings_statement(db, site)?,
            counts::page_votes(db, site, &page, &since)?,
            store::page_notes::live(db, site, &page, now.unix_millis())?,
        ])
        .await?;
    let [settings, counts, notes] = store::exactly(results)?;
    let settings: store::sites::Settings = settings
        .results()?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    let (public_results, public_notes) = (settings.public_results == 1, settings.public_notes == 1);
    if !public_results && !public_notes {
        return Err(ApiError::NotPublic(site.to_owned()));
    }
    let votes = public_results.then(|| {
        counts
            .results::<counts::RatingSums>()
            .unwrap_or_default()
            .into_iter()
            .next()
            .unwrap_or_default()
            .votes()
    });
    let notes: Vec<PageNote> = if public_notes {
        notes.results()?
    } else {
        Vec::new()
    };
    let site_language = Language::from_tag(&settings.language).unwrap_or(Language::En);
    let (answer, seconds) = PublicResults::new(page, votes, lang).with_notes(
        &notes,
        site_language,
        now.unix_millis(),
        PUBLIC_MAX_AGE,
    );
    let mut response = Response::from_json(&answer)?;
    response
        .headers()
        .set("cache-control", &format!("public, max-age={seconds}"))?;
    if seconds > 0 {
        // A cache that cannot be reached only costs the next request a D1 read.
        let _ = cache.put(key.as_str(), response.cloned()?).await;
    }
    Ok(response)
}
