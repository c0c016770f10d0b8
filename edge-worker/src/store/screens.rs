//! What each dashboard screen reads: one batch (one round trip) per screen.

use feedback_core::follow_up::status::HistoryEntry;
use feedback_core::insight::dashboard::{
    buckets, page_rows, Bucket, DashboardQuery, PageRow, LIST_SIZE,
};
use feedback_core::insight::query::{DateRange, ReadQuery};
use feedback_core::insight::stats::Votes;
use feedback_core::{Channel, Item, ItemStatus, Polarity, Rating, Reason};
use serde::Deserialize;
use wasm_bindgen::JsValue;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::store::counts::{self as read, shared_filter, Count, Feeling, ItemRow, ITEM_COLUMNS};
use crate::store::history;

/// `sum(rating IN ('up', 'happy')) AS positive, …`: the polarity rule of `feedback-core`, as SQL,
/// so D1 answers one row per page and slot instead of one per rating.
fn polarity_sums() -> String {
    [
        (Polarity::Positive, "positive"),
        (Polarity::Negative, "negative"),
        (Polarity::Neutral, "neutral"),
    ]
    .iter()
    .map(|(polarity, name)| {
        let ratings: Vec<String> = Rating::ALL
            .iter()
            .filter(|r| r.polarity() == *polarity)
            .map(|r| format!("'{}'", r.as_str()))
            .collect();
        format!(
            "coalesce(sum(rating IN ({})), 0) AS {name}",
            ratings.join(", ")
        )
    })
    .collect::<Vec<_>>()
    .join(", ")
}
/// Votes per page and sparkline slot: a day, or (`weekly`) the Monday of its week.
fn votes_by_page_and_slot(weekly: bool) -> String {
    let filter = shared_filter(false);
    let slot = if weekly {
        "date(created_at, '-6 days', 'weekday 1')"
    } else {
        "substr(created_at, 1, 10)"
    };
    format!(
        "SELECT page, {slot} AS slot, {} FROM feedback WHERE {filter} AND spam IS NULL AND rating IS NOT NULL GROUP BY page, slot",
        polarity_sums()
    )
}
fn latest_titles(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT page, title, max(created_at) AS at FROM feedback WHERE {filter} AND title IS NOT NULL GROUP BY page")
}
fn counts_by_channel(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT channel, rating, COUNT(*) AS votes FROM feedback WHERE {filter} AND spam IS NULL AND rating IS NOT NULL GROUP BY channel, rating")
}
fn customer_answers(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT count(customer_answer) AS answered, coalesce(sum(customer_answer = 'solved'), 0) AS solved FROM feedback WHERE {filter}")
}
/// ?6 offset, ?7 limit.
fn comments_page(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT {ITEM_COLUMNS} FROM feedback WHERE {filter} AND spam IS NULL AND comment IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT ?7 OFFSET ?6")
}
fn comments_count(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT COUNT(*) AS n FROM feedback WHERE {filter} AND spam IS NULL AND comment IS NOT NULL")
}
const INBOX_COUNTS: &str =
    "SELECT status, COUNT(*) AS n FROM feedback WHERE site_id = ?1 AND urgent IS NOT NULL GROUP BY status";
fn inbox_page() -> String {
    format!("SELECT {ITEM_COLUMNS} FROM feedback WHERE site_id = ?1 AND urgent IS NOT NULL AND status = ?2 ORDER BY created_at DESC, id DESC LIMIT ?4 OFFSET ?3")
}

#[derive(Deserialize)]
struct PageSlotVotes {
    page: String,
    slot: String,
    positive: u64,
    negative: u64,
    neutral: u64,
}

#[derive(Deserialize)]
struct Title {
    page: String,
    title: String,
}

#[derive(Deserialize)]
struct ChannelCount {
    channel: String,
    rating: String,
    votes: u64,
}

#[derive(Deserialize, Default)]
struct Answers {
    answered: u64,
    solved: u64,
}

#[derive(Deserialize)]
struct Name {
    name: String,
}

#[derive(Deserialize)]
struct StatusCount {
    status: String,
    n: u64,
}

#[derive(Deserialize)]
struct N {
    n: u64,
}

/// Figures shown at the top of the overview and of a page's detail.
pub struct Figures {
    /// Answers over the range.
    pub votes: Votes,
    /// Average mood of the comments, and how many.
    pub mood: Option<f64>,
    /// Comments with a mood.
    pub moods: u64,
    /// Urgent items in the range.
    pub urgent: u64,
    /// Customers who answered "did this solve it?", and how many said yes.
    pub answered: u64,
    /// Of those, how many said it did.
    pub solved: u64,
}

/// The overview: figures, trend, channels and the pages table's rows.
pub struct Overview {
    /// The site's name.
    pub site_name: String,
    /// The figures.
    pub figures: Figures,
    /// The trend's bars.
    pub trend: Vec<Bucket>,
    /// Answers per channel, in [`Channel::ALL`] order.
    pub channels: Vec<(Channel, Votes)>,
    /// Every page with answers in the range.
    pub pages: Vec<PageRow>,
    /// Urgent items nobody has looked at, for the navigation's badge.
    pub inbox_new: u64,
}

/// One page's detail.
pub struct PageDetail {
    /// The site's name.
    pub site_name: String,
    /// The page's newest title.
    pub title: Option<String>,
    /// The figures.
    pub figures: Figures,
    /// The trend's bars.
    pub trend: Vec<Bucket>,
    /// Reasons, most chosen first.
    pub reasons: Vec<(Reason, u64)>,
    /// One screen of comments, newest first, with their histories.
    pub comments: Vec<(Item, Vec<HistoryEntry>)>,
    /// Comments in all.
    pub comment_count: u64,
    /// Urgent items nobody has looked at.
    pub inbox_new: u64,
}

/// The urgent inbox.
pub struct Inbox {
    /// The site's name.
    pub site_name: String,
    /// Urgent items per status.
    pub counts: Vec<(ItemStatus, u64)>,
    /// One screen of the chosen status's items, newest first, with their histories.
    pub items: Vec<(Item, Vec<HistoryEntry>)>,
}

impl Inbox {
    /// Urgent items with `status`.
    pub fn count(&self, status: ItemStatus) -> u64 {
        self.counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }
}

fn read_query(query: &DashboardQuery, range: DateRange) -> ReadQuery {
    ReadQuery {
        range,
        channel: query.channel,
        page: query.page.clone(),
        rating: None,
        spam: feedback_core::insight::query::SpamFilter::Exclude,
        cursor: None,
        limit: feedback_core::insight::query::MAX_LIMIT,
        format: feedback_core::insight::query::Format::Csv,
    }
}

/// The read side's query for the same view, for the CSV export.
pub fn export_query(query: &DashboardQuery) -> ReadQuery {
    read_query(query, query.range)
}

fn daily(
    range: DateRange,
    rows: impl IntoIterator<Item = (String, Rating, u64)>,
) -> Vec<feedback_core::insight::stats::DailyPoint> {
    feedback_core::Summary::build(None, &range.days(), rows, [], Vec::new()).daily
}

fn binds(site: &str, query: &DashboardQuery) -> Vec<JsValue> {
    read::shared_binds(site, &read_query(query, query.range))
}

fn figures(votes: Votes, feeling: Option<Feeling>, answers: Option<Answers>) -> Figures {
    let feeling = feeling.unwrap_or_default();
    let answers = answers.unwrap_or_default();
    Figures {
        votes,
        mood: feeling.mood,
        moods: feeling.moods,
        urgent: feeling.urgent,
        answered: answers.answered,
        solved: answers.solved,
    }
}

/// Reads the overview for `query` (its `page` is ignored).
pub async fn overview(
    bindings: &Bindings,
    site: &str,
    query: &DashboardQuery,
) -> Result<Overview, ApiError> {
    let mut query = query.clone();
    query.page = None;
    let binds = binds(site, &query);
    let db = &bindings.db;
    let results = db
        .batch(vec![
            db.prepare(votes_by_page_and_slot(query.weekly_sparklines()))
                .bind(&binds)?,
            db.prepare(read::counts_by_day(false)).bind(&binds)?,
            db.prepare(latest_titles(false)).bind(&binds)?,
            db.prepare(counts_by_channel(false)).bind(&binds)?,
            db.prepare(read::mood_and_urgency(false)).bind(&binds)?,
            db.prepare(customer_answers(false)).bind(&binds)?,
            super::sites::name(db, site)?,
            db.prepare(INBOX_COUNTS).bind(&[site.into()])?,
        ])
        .await?;
    let [by_page, by_day, titles, by_channel, feeling, answers, name, inbox] =
        super::exactly(results)?;
    let by_page: Vec<PageSlotVotes> = by_page.results()?;
    let by_day: Vec<Count> = by_day.results()?;
    let titles: Vec<Title> = titles.results()?;
    let by_channel: Vec<ChannelCount> = by_channel.results()?;
    let inbox: Vec<StatusCount> = inbox.results()?;

    let mut totals = Votes::default();
    let per_day: Vec<(String, Rating, u64)> = by_day
        .into_iter()
        .filter_map(|c| Some((c.key, Rating::parse(c.rating.as_deref()?)?, c.votes)))
        .inspect(|(_, rating, n)| totals.add(*rating, *n))
        .collect();
    let rows = by_page.into_iter().map(|r| {
        let votes = Votes {
            positive: r.positive,
            negative: r.negative,
            neutral: r.neutral,
        };
        (r.page, r.slot, votes)
    });
    let pages = page_rows(
        &query.sparkline_slots(),
        rows,
        titles.into_iter().map(|t| (t.page, t.title)).collect(),
    );
    let trend = buckets(&daily(query.range, per_day), query.granularity);
    let channels = Channel::ALL
        .into_iter()
        .map(|channel| {
            let mut votes = Votes::default();
            for row in by_channel.iter().filter(|r| r.channel == channel.as_str()) {
                if let Some(rating) = Rating::parse(&row.rating) {
                    votes.add(rating, row.votes);
                }
            }
            (channel, votes)
        })
        .collect();
    Ok(Overview {
        site_name: name
            .results::<Name>()?
            .into_iter()
            .next()
            .map_or_else(|| site.to_owned(), |n| n.name),
        figures: figures(
            totals,
            feeling.results()?.into_iter().next(),
            answers.results()?.into_iter().next(),
        ),
        trend,
        channels,
        pages,
        inbox_new: inbox.iter().find(|c| c.status == "new").map_or(0, |c| c.n),
    })
}

/// Reads one page's detail; `query.page` must be set.
pub async fn page(
    bindings: &Bindings,
    site: &str,
    query: &DashboardQuery,
) -> Result<PageDetail, ApiError> {
    let mut binds = binds(site, query);
    let db = &bindings.db;
    let shared = binds.clone();
    binds.push(f64::from((query.screen - 1) * LIST_SIZE).into());
    binds.push(f64::from(LIST_SIZE).into());
    let results = db
        .batch(vec![
            db.prepare(read::counts_by_day(true)).bind(&shared)?,
            db.prepare(read::counts_by_reason(true)).bind(&shared)?,
            db.prepare(read::mood_and_urgency(true)).bind(&shared)?,
            db.prepare(customer_answers(true)).bind(&shared)?,
            db.prepare(comments_page(true)).bind(&binds)?,
            db.prepare(comments_count(true)).bind(&shared)?,
            db.prepare(latest_titles(true)).bind(&shared)?,
            super::sites::name(db, site)?,
            db.prepare(INBOX_COUNTS).bind(&[site.into()])?,
        ])
        .await?;
    let [by_day, by_reason, feeling, answers, comments, count, title, name, inbox] =
        super::exactly(results)?;
    let by_day: Vec<Count> = by_day.results()?;
    let mut totals = Votes::default();
    let rows: Vec<(String, Rating, u64)> = by_day
        .into_iter()
        .filter_map(|c| Some((c.key, Rating::parse(c.rating.as_deref()?)?, c.votes)))
        .inspect(|(_, rating, n)| totals.add(*rating, *n))
        .collect();
    let mut reasons: Vec<(Reason, u64)> = by_reason
        .results::<Count>()?
        .into_iter()
        .filter_map(|c| Some((Reason::parse(&c.key)?, c.votes)))
        .collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let comments: Vec<Item> = comments
        .results::<ItemRow>()?
        .into_iter()
        .map(Item::from)
        .collect();
    let ids: Vec<&str> = comments.iter().map(|c| c.id.as_str()).collect();
    let histories = history::histories(&bindings.db, &ids).await?;
    let inbox: Vec<StatusCount> = inbox.results()?;
    Ok(PageDetail {
        site_name: name
            .results::<Name>()?
            .into_iter()
            .next()
            .map_or_else(|| site.to_owned(), |n| n.name),
        title: title
            .results::<Title>()?
            .into_iter()
            .next()
            .map(|t| t.title),
        figures: figures(
            totals,
            feeling.results()?.into_iter().next(),
            answers.results()?.into_iter().next(),
        ),
        trend: buckets(&daily(query.range, rows), query.granularity),
        reasons,
        comments: comments.into_iter().zip(histories).collect(),
        comment_count: count.results::<N>()?.into_iter().next().map_or(0, |n| n.n),
        inbox_new: inbox.iter().find(|c| c.status == "new").map_or(0, |c| c.n),
    })
}

/// Reads the urgent inbox's tab `query.status`.
pub async fn inbox(
    bindings: &Bindings,
    site: &str,
    query: &DashboardQuery,
) -> Result<Inbox, ApiError> {
    let db = &bindings.db;
    let results = db
        .batch(vec![
            db.prepare(INBOX_COUNTS).bind(&[site.into()])?,
            db.prepare(inbox_page()).bind(&[
                site.into(),
                query.status.as_str().into(),
                f64::from((query.screen - 1) * LIST_SIZE).into(),
                f64::from(LIST_SIZE).into(),
            ])?,
            super::sites::name(db, site)?,
        ])
        .await?;
    let [counts, items, name] = super::exactly(results)?;
    let counts: Vec<StatusCount> = counts.results()?;
    let items: Vec<Item> = items
        .results::<ItemRow>()?
        .into_iter()
        .map(Item::from)
        .collect();
    let ids: Vec<&str> = items.iter().map(|c| c.id.as_str()).collect();
    let histories = history::histories(&bindings.db, &ids).await?;
    Ok(Inbox {
        site_name: name
            .results::<Name>()?
            .into_iter()
            .next()
            .map_or_else(|| site.to_owned(), |n| n.name),
        counts: ItemStatus::ALL
            .into_iter()
            .map(|s| {
                (
                    s,
                    counts
                        .iter()
                        .find(|c| c.status == s.as_str())
                        .map_or(0, |c| c.n),
                )
            })
            .collect(),
        items: items.into_iter().zip(histories).collect(),
    })
}
