//! What the read side counts and lists: counts from the rollups the triggers of migration 0013
//! keep (`site_days` and `site_day_reasons` per site, `page_days` and `page_day_reasons` per page,
//! `page_titles`: a few rows per day, however many answers), lists from `feedback` through an index seek with a limit. The dashboard's screens, the
//! read API, the digest and the public results share these.

use feedback_core::insight::handling::{window_hours, Handled, TIMED_AT_MOST};
use feedback_core::insight::query::{Cursor, NoticeFilter, ReadQuery, SpamFilter};
use feedback_core::insight::stats::Votes;
use feedback_core::{Channel, Item, ItemStatus, Rating};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use crate::api_error::ApiError;

/// Which items a read query covers: a site's, one page's (?5), or one team's (?7, for the counts
/// the digest reads, which bind nothing else at ?7).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every page of the site.
    Site,
    /// The page ?5.
    Page,
    /// The items routed to the team ?7.
    Team,
}

impl From<bool> for Scope {
    fn from(page: bool) -> Self {
        if page {
            Self::Page
        } else {
            Self::Site
        }
    }
}

/// The filter every list of items shares: ?1 site, ?2/?3 days (the first, and the day after the
/// last, on the site's clock), ?4 channel, ?5 page, ?6 answers under a notice (`only`, `exclude`
/// or `any`). An item's day is the one its site's clock showed (`day`; items stored before there
/// was one: the UTC day). It is at most a day either side of the UTC day of `created_at`, so the
/// filter seeks the time index over the range widened by a day each way and keeps the exact days.
/// With a page, the filter names it plainly so `SQLite` can use the (site, page, time) index.
pub fn shared_filter(scope: impl Into<Scope>) -> &'static str {
    match scope.into() {
        Scope::Page => "site_id = ?1 AND page = ?5 AND created_at >= date(?2, '-1 day') AND created_at < date(?3, '+1 day') AND coalesce(day, substr(created_at, 1, 10)) >= ?2 AND coalesce(day, substr(created_at, 1, 10)) < ?3 AND (?4 IS NULL OR channel = ?4) AND CASE ?6 WHEN 'only' THEN notice_id IS NOT NULL WHEN 'exclude' THEN notice_id IS NULL ELSE 1 END",
        Scope::Site => "site_id = ?1 AND created_at >= date(?2, '-1 day') AND created_at < date(?3, '+1 day') AND coalesce(day, substr(created_at, 1, 10)) >= ?2 AND coalesce(day, substr(created_at, 1, 10)) < ?3 AND (?4 IS NULL OR channel = ?4) AND ?5 IS NULL AND CASE ?6 WHEN 'only' THEN notice_id IS NOT NULL WHEN 'exclude' THEN notice_id IS NULL ELSE 1 END",
        Scope::Team => "site_id = ?1 AND team = ?7 AND created_at >= date(?2, '-1 day') AND created_at < date(?3, '+1 day') AND coalesce(day, substr(created_at, 1, 10)) >= ?2 AND coalesce(day, substr(created_at, 1, 10)) < ?3 AND (?4 IS NULL OR channel = ?4) AND ?5 IS NULL AND CASE ?6 WHEN 'only' THEN notice_id IS NOT NULL WHEN 'exclude' THEN notice_id IS NULL ELSE 1 END",
    }
}

/// The same filter on the rollups, whose rows are already per day, page, channel, team and notice.
pub fn rollup_filter(scope: impl Into<Scope>) -> &'static str {
    match scope.into() {
        Scope::Page => "site_id = ?1 AND page = ?5 AND day >= ?2 AND day < ?3 AND (?4 IS NULL OR channel = ?4) AND CASE ?6 WHEN 'only' THEN notice = 1 WHEN 'exclude' THEN notice = 0 ELSE 1 END",
        Scope::Site => "site_id = ?1 AND day >= ?2 AND day < ?3 AND (?4 IS NULL OR channel = ?4) AND ?5 IS NULL AND CASE ?6 WHEN 'only' THEN notice = 1 WHEN 'exclude' THEN notice = 0 ELSE 1 END",
        Scope::Team => "site_id = ?1 AND team = ?7 AND day >= ?2 AND day < ?3 AND (?4 IS NULL OR channel = ?4) AND ?5 IS NULL AND CASE ?6 WHEN 'only' THEN notice = 1 WHEN 'exclude' THEN notice = 0 ELSE 1 END",
    }
}

/// The rollup of votes, mood, urgency and answers a scope reads: a page's own (`page_days`) or the
/// site's, every page together (`site_days`: a few rows a day, however many pages).
pub fn days_table(scope: impl Into<Scope>) -> &'static str {
    match scope.into() {
        Scope::Page => "page_days",
        Scope::Site | Scope::Team => "site_days",
    }
}

/// The rollup of reasons a scope reads, as [`days_table`].
pub fn reasons_table(scope: impl Into<Scope>) -> &'static str {
    match scope.into() {
        Scope::Page => "page_day_reasons",
        Scope::Site | Scope::Team => "site_day_reasons",
    }
}

/// The columns [`ItemRow`] reads.
pub const ITEM_COLUMNS: &str =
    "id, created_at, updated_at, page, title, channel, rating, reasons, comment, contact_email, locale, spam,
     mood, mood_words, urgent, status, customer_answer, notice_id, owner, team";

/// A row of [`item_page`]: [`ITEM_COLUMNS`] as one JSON array. Lists run to thousands of items,
/// and one string per row crossing from D1 into the worker, read by `serde_json`, costs less than
/// the runtime's twenty fields read one by one.
#[derive(Deserialize)]
struct ItemJson {
    item: String,
}

/// `coalesce(sum(up), 0) AS up, …`: the rollups' vote columns, one per rating, summed.
pub fn rating_sums() -> String {
    Rating::ALL
        .iter()
        .map(|r| format!("coalesce(sum({0}), 0) AS {0}", r.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Votes per rating as the rollups sum them ([`rating_sums`]).
#[derive(Deserialize, Default, Clone, Copy)]
pub struct RatingSums {
    up: u64,
    down: u64,
    sad: u64,
    neutral: u64,
    happy: u64,
}

impl RatingSums {
    /// Each rating with its votes, those without any left out.
    pub fn ratings(self) -> impl Iterator<Item = (Rating, u64)> {
        Rating::ALL
            .into_iter()
            .map(move |r| {
                let votes = match r {
                    Rating::Up => self.up,
                    Rating::Down => self.down,
                    Rating::Sad => self.sad,
                    Rating::Neutral => self.neutral,
                    Rating::Happy => self.happy,
                };
                (r, votes)
            })
            .filter(|(_, votes)| *votes > 0)
    }

    /// The same as [`Votes`].
    pub fn votes(self) -> Votes {
        let mut votes = Votes::default();
        for (rating, n) in self.ratings() {
            votes.add(rating, n);
        }
        votes
    }
}

/// A rollup row keyed by one column (`key`: a page, day or channel) with its votes per rating.
#[derive(Deserialize)]
struct KeyedSums {
    key: String,
    #[serde(flatten)]
    sums: RatingSums,
}

/// `(key, rating, votes)` rows from a query that selects `… AS key, {rating_sums}`.
pub fn keyed_votes(result: &worker::D1Result) -> Result<Vec<(String, Rating, u64)>, ApiError> {
    let mut rows = Vec::new();
    for row in result.results::<KeyedSums>()? {
        rows.extend(row.sums.ratings().map(|(r, n)| (row.key.clone(), r, n)));
    }
    Ok(rows)
}

/// Votes per page ([`keyed_votes`]); a site's through [`site_pages_by_week`].
pub fn counts_by_page(scope: impl Into<Scope>) -> String {
    let sums = rating_sums();
    match scope.into() {
        Scope::Site => format!(
            "SELECT page AS key, {sums} FROM ({}) GROUP BY page",
            site_pages_by_week()
        ),
        scope => {
            let filter = rollup_filter(scope);
            format!("SELECT page AS key, {sums} FROM page_days WHERE {filter} GROUP BY page")
        }
    }
}

/// The range part of every [`rollup_filter`]: the first day, and the day after the last.
const DAY_RANGE: &str = "day >= ?2 AND day < ?3";

/// A site's per-page rollup rows of the range, a row per week where whole weeks fit: the range's
/// whole weeks (Monday to Sunday, as `page_days.week` and `feedback_core`'s `monday_of` count
/// them) from `page_weeks` (migration 0015), the days before the first and after the last from
/// `page_days`. Columns: `page`, `week` and the counters. Bound as [`rollup_filter`].
pub fn site_pages_by_week() -> String {
    let filter = rollup_filter(Scope::Site);
    // The first Monday on or after the first day, and the Monday on or before the day after the
    // last: the whole weeks lie between; with none, the two ends meet and read every day.
    let (first_monday, end_monday) = ("date(?2, 'weekday 1')", "date(?3, '-6 days', 'weekday 1')");
    let columns = "page, week, items, up, down, sad, neutral, happy, moods, mood_sum, urgent, comments, answered, solved";
    let head = filter.replace(
        DAY_RANGE,
        &format!("day >= ?2 AND day < min({first_monday}, ?3)"),
    );
    let tail = filter.replace(
        DAY_RANGE,
        &format!("day >= max({end_monday}, {first_monday}) AND day < ?3"),
    );
    let weeks = filter.replace(
        DAY_RANGE,
        &format!("week >= {first_monday} AND week < {end_monday}"),
    );
    format!(
        "SELECT {columns} FROM page_days WHERE {head} UNION ALL SELECT {columns} FROM page_days WHERE {tail}
UNION ALL SELECT {columns} FROM page_weeks WHERE {weeks}"
    )
}
/// Votes per day ([`keyed_votes`]).
pub fn counts_by_day(scope: impl Into<Scope>) -> String {
    let scope = scope.into();
    let (filter, table) = (rollup_filter(scope), days_table(scope));
    let sums = rating_sums();
    format!("SELECT day AS key, {sums} FROM {table} WHERE {filter} GROUP BY day")
}
/// Votes per reason ([`Count`] rows).
pub fn counts_by_reason(scope: impl Into<Scope>) -> String {
    let scope = scope.into();
    let (filter, table) = (rollup_filter(scope), reasons_table(scope));
    format!("SELECT reason, sum(votes) AS votes FROM {table} WHERE {filter} GROUP BY reason HAVING sum(votes) > 0")
}
/// Mood and urgency ([`Feeling`]).
pub fn mood_and_urgency(scope: impl Into<Scope>) -> String {
    let scope = scope.into();
    let (filter, table) = (rollup_filter(scope), days_table(scope));
    format!("SELECT sum(mood_sum) / nullif(sum(moods), 0) AS mood, coalesce(sum(moods), 0) AS moods, coalesce(sum(urgent), 0) AS urgent FROM {table} WHERE {filter}")
}
/// The urgent items of the filter as handling counts them ([`handled_groups`]), grouped by team:
/// the team's escalation window; how many, how many acknowledged and resolved, and the customers'
/// answers, exact from the rollups (migration 0017); and of the range's newest items
/// ([`TIMED_AT_MOST`]) the seconds from becoming urgent to the first move on from new and to the
/// first resolution (kept on the item from its history by migration 0013's trigger), and when each
/// still waiting became urgent. The times go through a covering index of urgent items (the page's
/// own index would walk every answer of the range): by time for a site or team, by page and time
/// for one page (migration 0016). Packed ([`super::pack`]), times as numbers: a few lists of numbers
/// instead of a record per item, which cost more to build, hand over and read than the counting
/// itself; the window is looked up once per team. An item whose urgent time does not read as one
/// is left out of the times: it could not be measured.
pub fn handled(scope: impl Into<Scope>) -> String {
    let scope = scope.into();
    let (filter, counted, days) = (
        shared_filter(scope),
        rollup_filter(scope),
        days_table(scope),
    );
    let index = match scope {
        Scope::Page => "feedback_urgent_by_page",
        Scope::Site | Scope::Team => "feedback_urgent_by_time",
    };
    super::pack(
        "team, window_hours, urgent, acknowledged, resolved, answered, solved, json(acknowledged_after), json(resolved_after), json(waiting_since)",
        &format!(
            "SELECT nullif(counts.team, '') AS team,
  (SELECT t.escalate_after_hours FROM teams t WHERE t.site_id = ?1 AND t.name = counts.team) AS window_hours,
  urgent, acknowledged, resolved, answered, solved, coalesce(acknowledged_after, '[]') AS acknowledged_after,
  coalesce(resolved_after, '[]') AS resolved_after, coalesce(waiting_since, '[]') AS waiting_since
FROM (SELECT team, sum(urgent) AS urgent, sum(acknowledged) AS acknowledged, sum(resolved) AS resolved,
  sum(urgent_answered) AS answered, sum(urgent_solved) AS solved
  FROM {days} WHERE {counted} GROUP BY team HAVING sum(urgent) > 0) AS counts
LEFT JOIN (SELECT team,
  json_group_array(acknowledged_s - urgent_s) FILTER (WHERE acknowledged_s IS NOT NULL) AS acknowledged_after,
  json_group_array(resolved_s - urgent_s) FILTER (WHERE resolved_s IS NOT NULL) AS resolved_after,
  json_group_array(urgent_s) FILTER (WHERE acknowledged_s IS NULL) AS waiting_since
FROM (SELECT coalesce(team, '') AS team, unixepoch(coalesce(urgent_at, created_at)) AS urgent_s,
  unixepoch(acknowledged_at) AS acknowledged_s, unixepoch(resolved_at) AS resolved_s
FROM feedback INDEXED BY {index}
WHERE {filter} AND urgent IS NOT NULL AND spam IS NULL ORDER BY created_at DESC LIMIT {TIMED_AT_MOST})
WHERE urgent_s IS NOT NULL GROUP BY team) AS times ON times.team = counts.team"
        ),
    )
}

/// A team's group as [`handled`] lists it.
#[derive(Deserialize)]
struct HandledRow(
    Option<String>,
    Option<u32>,
    u64,
    u64,
    u64,
    u64,
    u64,
    Vec<i64>,
    Vec<i64>,
    Vec<i64>,
);

/// The groups of a [`handled`] result.
pub fn handled_groups(result: &worker::D1Result) -> Result<Vec<Handled>, ApiError> {
    let rows: Vec<HandledRow> = super::packed(result)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let HandledRow(
                team,
                window,
                urgent,
                acknowledged,
                resolved,
                answered,
                solved,
                acknowledged_after,
                resolved_after,
                waiting_since,
            ) = row;
            Handled {
                team,
                window_hours: window_hours(window),
                urgent,
                acknowledged,
                resolved,
                customers_answered: answered,
                customers_solved: solved,
                acknowledged_after,
                resolved_after,
                waiting_since,
            }
        })
        .collect())
}

pub fn latest_comments(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT {ITEM_COLUMNS} FROM feedback WHERE {filter} AND spam IS NULL AND comment IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 10")
}
/// ?7 rating, ?8 spam filter, ?9/?10 cursor, ?11 limit (one more than asked, to know if a next page exists).
pub fn item_page(page: bool) -> String {
    let filter = shared_filter(page);
    format!(
        "SELECT json_array({ITEM_COLUMNS}) AS item FROM feedback WHERE {filter} AND (?7 IS NULL OR rating = ?7)
  AND CASE ?8 WHEN 'exclude' THEN spam IS NULL WHEN 'only' THEN spam IS NOT NULL ELSE 1 END
  AND (?9 IS NULL OR created_at < ?9 OR (created_at = ?9 AND id < ?10))
  ORDER BY created_at DESC, id DESC LIMIT ?11"
    )
}

/// Votes per reason.
#[derive(Deserialize)]
pub struct Count {
    /// The reason.
    #[serde(alias = "reason")]
    pub key: String,
    /// How many.
    pub votes: u64,
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
    notice_id: Option<String>,
    owner: Option<String>,
    team: Option<String>,
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
            under_notice: row.notice_id,
            owner: row.owner,
            team: row.team,
        }
    }
}

/// The binds of [`shared_filter`]: site, range, channel, page, notices.
pub fn shared_binds(site: &str, query: &ReadQuery) -> Vec<JsValue> {
    vec![
        site.into(),
        query.range.start().into(),
        query.range.end().into(),
        query.channel.map_or(JsValue::NULL, |c| c.as_str().into()),
        query.page.as_deref().map_or(JsValue::NULL, Into::into),
        match query.under_notice {
            NoticeFilter::Only => "only",
            NoticeFilter::Exclude => "exclude",
            NoticeFilter::Any => "any",
        }
        .into(),
    ]
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
    db: &D1Database,
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
    let result = db
        .prepare(item_page(query.page.is_some()))
        .bind(&binds)?
        .all()
        .await?;
    super::tally_rows_read(std::slice::from_ref(&result));
    let rows: Vec<ItemJson> = result.results()?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        // ItemRow's fields are ITEM_COLUMNS in order: serde reads a struct from an array by position.
        let row: ItemRow = serde_json::from_str(&row.item)
            .map_err(|e| ApiError::Internal(format!("an item did not read back: {e}")))?;
        items.push(Item::from(row));
    }
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

/// ?1 site, ?2 page, ?3 the first day ([`RatingSums`]). Answers given under a known-issue notice
/// are left out: visitors told "the export is broken" judge the export, and the page's public
/// share would carry it.
fn page_counts() -> String {
    format!(
        "SELECT {} FROM page_days WHERE site_id = ?1 AND page = ?2 AND day >= ?3 AND notice = 0",
        rating_sums()
    )
}

/// Votes per page and rating over the query's range.
pub async fn per_page(
    db: &D1Database,
    site: &str,
    query: &ReadQuery,
) -> Result<Vec<(String, Rating, u64)>, ApiError> {
    let result = db
        .prepare(counts_by_page(false))
        .bind(&shared_binds(site, query))?
        .all()
        .await?;
    super::tally_rows_read(std::slice::from_ref(&result));
    keyed_votes(&result)
}

/// What a summary reads, in one round trip.
pub struct SummaryRows {
    /// Votes per day and rating.
    pub by_day: Vec<(String, Rating, u64)>,
    /// Votes per reason.
    pub by_reason: Vec<Count>,
    /// The latest comments.
    pub comments: Vec<ItemRow>,
    /// Mood and urgency.
    pub feeling: Feeling,
    /// The urgent items, as handling counts them.
    pub handled: Vec<Handled>,
}

/// A summary's rows for the whole site or (with `query.page`) one page.
pub async fn summary(
    db: &D1Database,
    site: &str,
    query: &ReadQuery,
) -> Result<SummaryRows, ApiError> {
    let binds = shared_binds(site, query);
    let page = query.page.is_some();
    let results = db
        .batch(vec![
            db.prepare(counts_by_day(page)).bind(&binds)?,
            db.prepare(counts_by_reason(page)).bind(&binds)?,
            db.prepare(latest_comments(page)).bind(&binds)?,
            db.prepare(mood_and_urgency(page)).bind(&binds)?,
            db.prepare(handled(page)).bind(&binds)?,
        ])
        .await?;
    let [by_day, by_reason, comments, feeling, handled] = super::exactly(results)?;
    Ok(SummaryRows {
        by_day: keyed_votes(&by_day)?,
        by_reason: by_reason.results()?,
        comments: comments.results()?,
        feeling: feeling.results()?.into_iter().next().unwrap_or_default(),
        handled: handled_groups(&handled)?,
    })
}

/// The statement that reads a page's votes per rating from the day `since` on ([`RatingSums`]),
/// for the public call's batch.
pub fn page_votes(
    db: &D1Database,
    site: &str,
    page: &str,
    since: &str,
) -> Result<worker::D1PreparedStatement, ApiError> {
    Ok(db
        .prepare(page_counts())
        .bind(&[site.into(), page.into(), since.into()])?)
}

/// One day's rows for the digest: votes per page and rating, mood and urgency, reasons, and its
/// urgent items as handling counts them.
pub struct DayRows {
    /// Votes per page and rating.
    pub pages: Vec<(String, Rating, u64)>,
    /// Mood and urgency.
    pub feeling: Feeling,
    /// Votes per reason.
    pub reasons: Vec<Count>,
    /// The day's urgent items.
    pub handled: Vec<Handled>,
}

/// One day's [`DayRows`] in one round trip: the days from `start` up to `end` (excluded) on the
/// site's clock, of the whole site or (`team`) of the items routed to one team.
pub async fn day(
    db: &D1Database,
    (site, team): (&str, Option<&str>),
    (start, end): (&str, &str),
) -> Result<DayRows, ApiError> {
    let mut binds: Vec<JsValue> = vec![
        site.into(),
        start.into(),
        end.into(),
        JsValue::NULL,
        JsValue::NULL,
        "any".into(),
    ];
    let scope = match team {
        Some(team) => {
            binds.push(team.into());
            Scope::Team
        }
        None => Scope::Site,
    };
    let results = db
        .batch(vec![
            db.prepare(counts_by_page(scope)).bind(&binds)?,
            db.prepare(mood_and_urgency(scope)).bind(&binds)?,
            db.prepare(counts_by_reason(scope)).bind(&binds)?,
            db.prepare(handled(scope)).bind(&binds)?,
        ])
        .await?;
    let [pages, feeling, reasons, handled] = super::exactly(results)?;
    Ok(DayRows {
        pages: keyed_votes(&pages)?,
        feeling: feeling.results()?.into_iter().next().unwrap_or_default(),
        reasons: reasons.results()?,
        handled: handled_groups(&handled)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rollup_filter_bounds_its_days_the_same_way() {
        // `site_pages_by_week` rewrites this part; a filter written otherwise would read every day.
        for scope in [Scope::Site, Scope::Page, Scope::Team] {
            assert_eq!(rollup_filter(scope).matches(DAY_RANGE).count(), 1);
        }
        assert!(!site_pages_by_week().contains(DAY_RANGE));
    }

    #[test]
    fn a_listed_item_reads_back_field_by_field_from_its_json_array() {
        // `item_page` sends ITEM_COLUMNS as one array and serde reads ItemRow by position: each
        // column carries its own name here, so a column out of ItemRow's order lands in a field
        // named otherwise.
        let values: Vec<serde_json::Value> = ITEM_COLUMNS
            .split(',')
            .map(str::trim)
            .map(|column| match column {
                "mood" => serde_json::json!(0.5),
                "channel" => serde_json::json!("web"),
                "status" => serde_json::json!("new"),
                other => serde_json::json!(other),
            })
            .collect();
        let row: ItemRow = serde_json::from_value(serde_json::Value::Array(values)).unwrap();
        let fields = [
            (row.id.as_str(), "id"),
            (&row.created_at, "created_at"),
            (&row.updated_at, "updated_at"),
            (&row.page, "page"),
            (row.title.as_deref().unwrap_or_default(), "title"),
            (row.rating.as_deref().unwrap_or_default(), "rating"),
            (&row.reasons, "reasons"),
            (row.comment.as_deref().unwrap_or_default(), "comment"),
            (
                row.contact_email.as_deref().unwrap_or_default(),
                "contact_email",
            ),
            (row.locale.as_deref().unwrap_or_default(), "locale"),
            (row.spam.as_deref().unwrap_or_default(), "spam"),
            (row.mood_words.as_deref().unwrap_or_default(), "mood_words"),
            (row.urgent.as_deref().unwrap_or_default(), "urgent"),
            (
                row.customer_answer.as_deref().unwrap_or_default(),
                "customer_answer",
            ),
            (row.notice_id.as_deref().unwrap_or_default(), "notice_id"),
            (row.owner.as_deref().unwrap_or_default(), "owner"),
            (row.team.as_deref().unwrap_or_default(), "team"),
        ];
        for (read, column) in fields {
            assert_eq!(read, column);
        }
        assert_eq!(
            (row.channel.as_str(), row.status.as_str(), row.mood),
            ("web", "new", Some(0.5))
        );
    }
}
