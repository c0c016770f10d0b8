//! The read side for marketers and integrators: per-page results, summaries, item lists and exports.

use feedback_core::insight::item::csv_document;
use feedback_core::insight::public::PublicResults;
use feedback_core::insight::query::{format_day, Cursor, Format, ReadQuery, SpamFilter};
use feedback_core::insight::stats::Votes;
use feedback_core::token::{bearer, token_matches};
use feedback_core::{
    normalise_page, Channel, FieldError, Item, ItemStatus, PageStats, Rating, Reason, Summary,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{Headers, Request, Response};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::runtime::Now;
use crate::sites;

/// The filter every read query shares: ?1 site, ?2/?3 time range, ?4 channel, ?5 page. With a page,
/// the filter names it plainly so `SQLite` can use the (site, page, time) index; `?5 IS NULL OR …`
/// would send it through every item of the range instead.
pub fn shared_filter(page: bool) -> &'static str {
    if page {
        "site_id = ?1 AND page = ?5 AND created_at >= ?2 AND created_at < ?3 AND (?4 IS NULL OR channel = ?4)"
    } else {
        "site_id = ?1 AND created_at >= ?2 AND created_at < ?3 AND (?4 IS NULL OR channel = ?4) AND ?5 IS NULL"
    }
}
/// The columns [`ItemRow`] reads.
pub const ITEM_COLUMNS: &str =
    "id, created_at, updated_at, page, title, channel, rating, reasons, comment, contact_email, locale, spam,
     mood, mood_words, urgent, status, customer_answer";

fn counts_by_page(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT page, rating, COUNT(*) AS votes FROM feedback WHERE {filter} AND spam IS NULL AND rating IS NOT NULL GROUP BY page, rating")
}
pub fn counts_by_day(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT substr(created_at, 1, 10) AS day, rating, COUNT(*) AS votes FROM feedback WHERE {filter} AND spam IS NULL AND rating IS NOT NULL GROUP BY day, rating")
}
pub fn counts_by_reason(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT r.value AS reason, COUNT(*) AS votes FROM feedback, json_each(feedback.reasons) AS r WHERE {filter} AND spam IS NULL GROUP BY r.value")
}
pub fn mood_and_urgency(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT avg(mood) AS mood, count(mood) AS moods, coalesce(sum(urgent IS NOT NULL), 0) AS urgent FROM feedback WHERE {filter} AND spam IS NULL")
}
fn latest_comments(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT {ITEM_COLUMNS} FROM feedback WHERE {filter} AND spam IS NULL AND comment IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 10")
}
/// ?6 rating, ?7 spam filter, ?8/?9 cursor, ?10 limit (one more than asked, to know if a next page exists).
fn item_page(page: bool) -> String {
    let filter = shared_filter(page);
    format!(
        "SELECT {ITEM_COLUMNS} FROM feedback WHERE {filter} AND (?6 IS NULL OR rating = ?6)
  AND CASE ?7 WHEN 'exclude' THEN spam IS NULL WHEN 'only' THEN spam IS NOT NULL ELSE 1 END
  AND (?8 IS NULL OR created_at < ?8 OR (created_at = ?8 AND id < ?9))
  ORDER BY created_at DESC, id DESC LIMIT ?10"
    )
}

#[derive(Deserialize)]
pub struct Count {
    /// The day or the reason.
    #[serde(alias = "day", alias = "reason")]
    pub key: String,
    /// The rating, for counts per day.
    #[serde(default)]
    pub rating: Option<String>,
    /// How many.
    pub votes: u64,
}

#[derive(Deserialize)]
struct PageCount {
    page: String,
    rating: String,
    votes: u64,
}

/// An item as D1 returns it.
#[derive(Deserialize)]
pub struct ItemRow {
    id: String,
    created_at: String,
    updated_at: String,
    page: String,
    title: Option<String>,
    channel: String,
    rating: Option<String>,
    reasons: String,
    comment: Option<String>,
    contact_email: Option<String>,
    locale: Option<String>,
    spam: Option<String>,
    mood: Option<f64>,
    mood_words: Option<String>,
    urgent: Option<String>,
    status: String,
    customer_answer: Option<String>,
}

impl From<ItemRow> for Item {
    fn from(row: ItemRow) -> Self {
        Item {
            id: row.id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            page: row.page,
            title: row.title,
            channel: Channel::parse(&row.channel).unwrap_or_default(),
            rating: row.rating.as_deref().and_then(Rating::parse),
            reasons: serde_json::from_str(&row.reasons).unwrap_or_default(),
            comment: row.comment,
            contact_email: row.contact_email,
            locale: row.locale,
            spam: row.spam,
            mood: row.mood,
            // Written only from feedback-core's types, so they read back.
            mood_words: row
                .mood_words
                .and_then(|w| serde_json::from_str(&w).ok())
                .unwrap_or_default(),
            urgent: row
                .urgent
                .and_then(|u| serde_json::from_str(&u).ok())
                .unwrap_or_default(),
            status: ItemStatus::parse(&row.status).unwrap_or_default(),
            customer_answer: row.customer_answer,
        }
    }
}

/// Checks the site's read token; unknown sites are 404, missing or wrong tokens 401.
pub async fn authorise(req: &Request, bindings: &Bindings, site: &str) -> Result<(), ApiError> {
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
        Ok(())
    } else {
        Err(ApiError::Unauthorized(
            "this token does not open this site's data",
        ))
    }
}

fn parse_query(req: &Request, accepted: &[&str]) -> Result<ReadQuery, ApiError> {
    let url = req.url()?;
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    ReadQuery::parse(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        accepted,
        Now::read().day,
    )
    .map_err(ApiError::InvalidQuery)
}

pub fn shared_binds(site: &str, query: &ReadQuery) -> Vec<JsValue> {
    vec![
        site.into(),
        query.range.start().into(),
        query.range.end().into(),
        query.channel.map_or(JsValue::NULL, |c| c.as_str().into()),
        query.page.as_deref().map_or(JsValue::NULL, Into::into),
    ]
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
    authorise(req, bindings, site).await?;
    let query = parse_query(req, &["from", "to", "channel"])?;
    let rows: Vec<PageCount> = bindings
        .db
        .prepare(counts_by_page(false))
        .bind(&shared_binds(site, &query))?
        .all()
        .await?
        .results()?;
    let counts = rows
        .into_iter()
        .filter_map(|r| Some((r.page, Rating::parse(&r.rating)?, r.votes)));
    let pages = PageStats::per_page(counts);
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
}

/// `GET /v1/sites/{site}/summary`: totals, reasons, a daily series and the latest comments, for the
/// whole site or (with `page=`) one page. Four queries, one D1 round trip.
pub async fn summary(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    let query = parse_query(req, &["from", "to", "channel", "page"])?;
    let binds = shared_binds(site, &query);
    let db = &bindings.db;
    let results = db
        .batch(vec![
            db.prepare(counts_by_day(query.page.is_some()))
                .bind(&binds)?,
            db.prepare(counts_by_reason(query.page.is_some()))
                .bind(&binds)?,
            db.prepare(latest_comments(query.page.is_some()))
                .bind(&binds)?,
            db.prepare(mood_and_urgency(query.page.is_some()))
                .bind(&binds)?,
        ])
        .await?;
    let [by_day, by_reason, comments, feeling] = <[_; 4]>::try_from(results)
        .map_err(|_| ApiError::internal("D1 answered a batch of four with another count"))?;
    let feeling: Option<Feeling> = feeling.results()?.into_iter().next();
    let by_day: Vec<Count> = by_day.results()?;
    let by_reason: Vec<Count> = by_reason.results()?;
    let comments: Vec<ItemRow> = comments.results()?;
    let summary = Summary::build(
        query.page.clone(),
        &query.range.days(),
        by_day
            .into_iter()
            .filter_map(|c| Some((c.key, Rating::parse(c.rating.as_deref()?)?, c.votes))),
        by_reason
            .into_iter()
            .filter_map(|c| Some((Reason::parse(&c.key)?, c.votes))),
        comments.into_iter().map(Item::from).collect(),
    );
    let feeling = feeling.unwrap_or_default();
    Ok(Response::from_json(&SummaryAnswer {
        site: site.to_owned(),
        range: Range::of(&query),
        summary,
        average_mood: feeling.mood,
        comments_with_mood: feeling.moods,
        urgent: feeling.urgent,
    })?)
}

/// The mood of the range's comments and how many items were urgent.
#[derive(Deserialize, Default)]
pub struct Feeling {
    /// The average mood.
    pub mood: Option<f64>,
    /// Comments with a mood.
    pub moods: u64,
    /// Urgent items.
    pub urgent: u64,
}

/// One page of items for `query`, newest first, and the cursor of the next page if there is one.
pub async fn fetch_items(
    bindings: &Bindings,
    site: &str,
    query: &ReadQuery,
) -> Result<(Vec<Item>, Option<String>), ApiError> {
    let mut binds = shared_binds(site, query);
    binds.push(query.rating.map_or(JsValue::NULL, |r| r.as_str().into()));
    binds.push(
        match query.spam {
            SpamFilter::Exclude => "exclude",
            SpamFilter::Only => "only",
            SpamFilter::Any => "any",
        }
        .into(),
    );
    binds.push(
        query
            .cursor
            .as_ref()
            .map_or(JsValue::NULL, |c| c.created_at.as_str().into()),
    );
    binds.push(
        query
            .cursor
            .as_ref()
            .map_or(JsValue::NULL, |c| c.id.as_str().into()),
    );
    binds.push((f64::from(query.limit) + 1.0).into());
    let rows: Vec<ItemRow> = bindings
        .db
        .prepare(item_page(query.page.is_some()))
        .bind(&binds)?
        .all()
        .await?
        .results()?;
    let mut items: Vec<Item> = rows.into_iter().map(Item::from).collect();
    let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
    let next_cursor = (items.len() > limit).then(|| {
        items.truncate(limit);
        items.last().map(|last| {
            Cursor {
                created_at: last.created_at.clone(),
                id: last.id.clone(),
            }
            .encode()
        })
    });
    let next_cursor = next_cursor.flatten();

    Ok((items, next_cursor))
}

#[derive(Serialize)]
struct ItemList {
    items: Vec<Item>,
    next_cursor: Option<String>,
}

/// `GET /v1/sites/{site}/feedback`: items newest first, filtered, paginated by a stable cursor, as
/// JSON, CSV or JSON lines.
pub async fn items(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    authorise(req, bindings, site).await?;
    let query = parse_query(
        req,
        &[
            "from", "to", "channel", "page", "rating", "spam", "cursor", "limit", "format",
        ],
    )?;
    let (items, next_cursor) = fetch_items(bindings, site, &query).await?;

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

/// Answers per rating.
#[derive(Deserialize)]
struct RatingCount {
    rating: String,
    votes: u64,
}

/// ?1 site, ?2 page, ?3 since.
const PAGE_COUNTS: &str = "SELECT rating, COUNT(*) AS votes FROM feedback
WHERE site_id = ?1 AND page = ?2 AND created_at >= ?3 AND spam IS NULL AND rating IS NOT NULL GROUP BY rating";

/// `GET /v1/sites/{site}/results?page=…&lang=…`: a page's helpful share over the last year, for
/// anyone, when the site publishes its results. Cached for five minutes.
pub async fn public_results(
    req: &Request,
    bindings: &Bindings,
    site: &str,
) -> Result<Response, ApiError> {
    let now = Now::read();
    let stored = sites::cached(&bindings.db, site, now.millis)
        .await?
        .ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    if !stored.public_results {
        return Err(ApiError::NotPublic(site.to_owned()));
    }
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
    let since = format_day(now.day - time::Duration::days(364));
    let counts: Vec<RatingCount> = bindings
        .db
        .prepare(PAGE_COUNTS)
        .bind(&[site.into(), page.as_str().into(), since.into()])?
        .all()
        .await?
        .results()?;
    let mut votes = Votes::default();
    for count in counts {
        if let Some(rating) = Rating::parse(&count.rating) {
            votes.add(rating, count.votes);
        }
    }
    let response = Response::from_json(&PublicResults::new(page, votes, &lang))?;
    response
        .headers()
        .set("cache-control", "public, max-age=300")?;
    Ok(response)
}
