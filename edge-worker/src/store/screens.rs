//! What each dashboard screen reads: one batch (one round trip) per screen.

use feedback_core::follow_up::page_note::PageNote;
use feedback_core::follow_up::status::HistoryEntry;
use feedback_core::follow_up::status::ACKNOWLEDGE_WITHIN_MINUTES;
use feedback_core::insight::dashboard::{
    buckets, page_rows, Bucket, DashboardQuery, OwnerFilter, PageRow, LIST_SIZE,
};
use feedback_core::insight::handling::Handling;
use feedback_core::insight::query::{DateRange, NoticeFilter, ReadQuery};
use feedback_core::insight::stats::Votes;
use feedback_core::language::Language;
use feedback_core::{Channel, Item, ItemStatus, Polarity, Rating, Reason};
use serde::Deserialize;
use wasm_bindgen::JsValue;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::store::counts::{
    self as read, rollup_filter, shared_filter, Count, Feeling, ItemRow, ITEM_COLUMNS,
};
use crate::store::history;
use crate::store::page_alerts::Fired;

/// `coalesce(sum(up + happy), 0) AS positive, …`: the polarity rule of `feedback-core` over the
/// rollups' vote columns, so D1 answers one row per page and slot instead of one per rating.
fn polarity_sums() -> String {
    [
        (Polarity::Positive, "positive"),
        (Polarity::Negative, "negative"),
        (Polarity::Neutral, "neutral"),
    ]
    .iter()
    .map(|(polarity, name)| {
        let ratings: Vec<&str> = Rating::ALL
            .iter()
            .filter(|r| r.polarity() == *polarity)
            .map(|r| r.as_str())
            .collect();
        format!("coalesce(sum({}), 0) AS {name}", ratings.join(" + "))
    })
    .collect::<Vec<_>>()
    .join(", ")
}
/// Votes per page and sparkline slot: a day, or (`weekly`) the Monday of its week, read by week.
fn votes_by_page_and_slot(weekly: bool) -> String {
    let sums = polarity_sums();
    let statement = if weekly {
        format!(
            "SELECT page, week AS slot, {sums} FROM ({}) GROUP BY page, slot",
            read::site_pages_by_week()
        )
    } else {
        let filter = rollup_filter(false);
        format!(
            "SELECT page, day AS slot, {sums} FROM page_days WHERE {filter} GROUP BY page, slot"
        )
    };
    // A row per page and day of the range: packed, as there are thousands.
    super::pack("page, slot, positive, negative, neutral", &statement)
}
/// The newest title of each page with answers in the view.
fn latest_titles(page: bool) -> String {
    let filter = rollup_filter(page);
    format!("SELECT page, title FROM page_titles WHERE site_id = ?1 AND page IN (SELECT DISTINCT page FROM page_days WHERE {filter})")
}
/// The overview's figures in one pass over the rollups: per day, channel and whether given under a
/// notice, the votes, mood, urgency and customers' answers ([`DayChannel`]); bound with every notice.
fn overview_days() -> String {
    let filter = rollup_filter(false);
    let sums = read::rating_sums();
    format!(
        "SELECT day, channel, notice, {sums}, coalesce(sum(mood_sum), 0) AS mood_sum, coalesce(sum(moods), 0) AS moods,
  coalesce(sum(urgent), 0) AS urgent, coalesce(sum(answered), 0) AS answered, coalesce(sum(solved), 0) AS solved
FROM site_days WHERE {filter} GROUP BY day, channel, notice"
    )
}

/// A row of [`overview_days`].
#[derive(Deserialize)]
struct DayChannel {
    day: String,
    channel: String,
    notice: u8,
    #[serde(flatten)]
    sums: read::RatingSums,
    mood_sum: f64,
    moods: u64,
    urgent: u64,
    answered: u64,
    solved: u64,
}

/// Every title the site's pages were given, newest each (the pages table picks its own).
const TITLES: &str = "SELECT page, title FROM page_titles WHERE site_id = ?1";

fn customer_answers(page: bool) -> String {
    let (filter, table) = (rollup_filter(page), read::days_table(page));
    format!("SELECT coalesce(sum(answered), 0) AS answered, coalesce(sum(solved), 0) AS solved FROM {table} WHERE {filter}")
}
/// ?7 offset, ?8 limit.
fn comments_page(page: bool) -> String {
    let filter = shared_filter(page);
    format!("SELECT {ITEM_COLUMNS} FROM feedback WHERE {filter} AND spam IS NULL AND comment IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT ?8 OFFSET ?7")
}
fn comments_count(page: bool) -> String {
    let (filter, table) = (rollup_filter(page), read::days_table(page));
    format!("SELECT coalesce(sum(comments), 0) AS n FROM {table} WHERE {filter}")
}
/// Urgent items per status, from the counts migration 0014 keeps as items change.
const INBOX_COUNTS: &str =
    "SELECT status, sum(n) AS n FROM inbox_counts WHERE site_id = ?1 GROUP BY status";
/// The inbox's filter: ?1 site, ?2 owner filter (`anyone`, `nobody`, `named`), ?3 the name, ?4
/// overdue only (1/0), ?5 the instant before which a new item has waited too long, ?6 the team
/// (NULL: every team's). Overdue mirrors
/// `feedback_core::follow_up::status::{waiting_since, is_overdue}`: new, and waiting since it came
/// in or was last reopened.
const INBOX_FILTER: &str = "site_id = ?1 AND urgent IS NOT NULL
  AND CASE ?2 WHEN 'nobody' THEN owner IS NULL WHEN 'named' THEN owner = ?3 ELSE 1 END
  AND (?4 = 0 OR (status = 'new' AND coalesce((SELECT max(h.at) FROM item_history h
    WHERE h.item_id = feedback.id AND h.to_status = 'new' AND h.from_status != 'new'), created_at) <= ?5))
  AND (?6 IS NULL OR team = ?6)";
/// The tabs' counts for [`INBOX_FILTER`]'s binds: from the kept counts by team and owner, or, for
/// overdue items only (a question of time, which no count can keep), by reading the new ones.
fn inbox_counts() -> String {
    format!(
        "SELECT status, sum(n) AS n FROM inbox_counts WHERE ?4 = 0 AND site_id = ?1
  AND CASE ?2 WHEN 'nobody' THEN owner = '' WHEN 'named' THEN owner = ?3 ELSE 1 END
  AND (?6 IS NULL OR team = ?6) GROUP BY status
UNION ALL
SELECT status, COUNT(*) AS n FROM feedback WHERE ?4 = 1 AND {INBOX_FILTER} GROUP BY status"
    )
}
/// ?7 the tab's status, ?8 offset, ?9 limit.
fn inbox_page() -> String {
    format!("SELECT {ITEM_COLUMNS} FROM feedback WHERE {INBOX_FILTER} AND status = ?7 ORDER BY created_at DESC, id DESC LIMIT ?9 OFFSET ?8")
}
/// Everyone who owns an urgent item, for the inbox's owner filter and the forms' suggestions.
const OWNERS: &str = "SELECT DISTINCT owner AS name FROM inbox_counts WHERE site_id = ?1
  AND owner != '' AND n > 0 ORDER BY owner LIMIT 100";

/// A row of [`votes_by_page_and_slot`]: page, slot, votes per polarity (positive, negative, neutral).
#[derive(Deserialize)]
struct PageSlotVotes(String, String, u64, u64, u64);

#[derive(Deserialize)]
struct Title {
    page: String,
    title: String,
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
struct Owner {
    name: String,
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
    /// Answers given under a known-issue notice, counted apart from the figures.
    pub under_notice: Votes,
    /// Pages that alerted in the last week.
    pub alerts: Vec<Fired>,
    /// How the range's urgent items were handled: the site's figures, then each team's.
    pub handling: (Handling, Vec<Handling>),
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
    /// Answers given under a known-issue notice, counted apart from the figures.
    pub under_notice: Votes,
    /// The page's notes and notices, newest first, live or not.
    pub notes: Vec<PageNote>,
    /// The page's alert of the last week, if it had one.
    pub alert: Option<Fired>,
    /// Whether the site shows notes to visitors.
    pub public_notes: bool,
    /// The site's language, the notes' default.
    pub language: Language,
}

/// The urgent inbox.
pub struct Inbox {
    /// The site's name.
    pub site_name: String,
    /// Urgent items per status.
    pub counts: Vec<(ItemStatus, u64)>,
    /// One screen of the chosen status's items, newest first, with their histories.
    pub items: Vec<(Item, Vec<HistoryEntry>)>,
    /// Everyone who owns an urgent item.
    pub owners: Vec<String>,
    /// New urgent items whoever owns them, for the navigation's badge.
    pub new_in_all: u64,
    /// Pages that alerted in the last week.
    pub alerts: Vec<Fired>,
    /// The site's teams, for the inbox's team filter.
    pub teams: Vec<String>,
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
        // The screens count answers given under a known-issue notice apart (see `under_notice`).
        under_notice: NoticeFilter::Exclude,
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

/// The read side's query for the same view, for the CSV export: every answer, each marked.
pub fn export_query(query: &DashboardQuery) -> ReadQuery {
    ReadQuery {
        under_notice: NoticeFilter::Any,
        ..read_query(query, query.range)
    }
}

/// The view's binds with only answers given under a notice, for [`votes_by_rating`].
fn under_notice_binds(site: &str, query: &DashboardQuery) -> Vec<JsValue> {
    read::shared_binds(
        site,
        &ReadQuery {
            under_notice: NoticeFilter::Only,
            ..read_query(query, query.range)
        },
    )
}

/// Answers per rating over the view ([`read::RatingSums`]).
fn votes_by_rating(page: bool) -> String {
    let (filter, table) = (rollup_filter(page), read::days_table(page));
    format!("SELECT {} FROM {table} WHERE {filter}", read::rating_sums())
}

/// Votes from [`votes_by_rating`]'s row.
fn votes_of(result: &worker::D1Result) -> Result<Votes, ApiError> {
    Ok(result
        .results::<read::RatingSums>()?
        .into_iter()
        .next()
        .unwrap_or_default()
        .votes())
}

/// The alerts of the last week: what a notice might be about.
fn alerts_since() -> String {
    let week_ago = crate::runtime::Now::read().millis - 7.0 * 86_400_000.0;
    crate::runtime::iso_at(week_ago)
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
    let every_notice = read::shared_binds(
        site,
        &ReadQuery {
            under_notice: NoticeFilter::Any,
            ..read_query(&query, query.range)
        },
    );
    let db = &bindings.db;
    let results = db
        .batch(vec![
            db.prepare(votes_by_page_and_slot(query.weekly_sparklines()))
                .bind(&binds)?,
            db.prepare(overview_days()).bind(&every_notice)?,
            db.prepare(TITLES).bind(&[site.into()])?,
            super::sites::name(db, site)?,
            db.prepare(INBOX_COUNTS).bind(&[site.into()])?,
            super::page_alerts::recent(db, site, &alerts_since(), None)?,
            db.prepare(read::handled(false)).bind(&binds)?,
        ])
        .await?;
    let [by_page, days, titles, name, inbox, alerts, handled] = super::exactly(results)?;
    let handled = read::handled_groups(&handled)?;
    let by_page: Vec<PageSlotVotes> = super::packed(&by_page)?;
    let titles: Vec<Title> = titles.results()?;
    let inbox: Vec<StatusCount> = inbox.results()?;

    // Answers under a known-issue notice are counted apart from every figure.
    let (under, days): (Vec<DayChannel>, Vec<DayChannel>) = days
        .results::<DayChannel>()?
        .into_iter()
        .partition(|row| row.notice == 1);
    let mut under_notice = Votes::default();
    for (rating, n) in under.iter().flat_map(|row| row.sums.ratings()) {
        under_notice.add(rating, n);
    }
    let mut totals = Votes::default();
    let mut feeling = Feeling::default();
    let mut answers = Answers::default();
    let mut mood_sum = 0.0;
    let mut per_day: Vec<(String, Rating, u64)> = Vec::new();
    let mut channels: Vec<(Channel, Votes)> = Channel::ALL
        .into_iter()
        .map(|c| (c, Votes::default()))
        .collect();
    for row in &days {
        for (rating, n) in row.sums.ratings() {
            totals.add(rating, n);
            per_day.push((row.day.clone(), rating, n));
            if let Some((_, votes)) = channels.iter_mut().find(|(c, _)| c.as_str() == row.channel) {
                votes.add(rating, n);
            }
        }
        mood_sum += row.mood_sum;
        feeling.moods += row.moods;
        feeling.urgent += row.urgent;
        answers.answered += row.answered;
        answers.solved += row.solved;
    }
    #[allow(clippy::cast_precision_loss)] // counts of comments stay far below 2^52
    let average = (feeling.moods > 0).then(|| mood_sum / feeling.moods as f64);
    feeling.mood = average;
    let rows = by_page
        .into_iter()
        .map(|PageSlotVotes(page, slot, positive, negative, neutral)| {
            let votes = Votes {
                positive,
                negative,
                neutral,
            };
            (page, slot, votes)
        });
    let pages = page_rows(
        &query.sparkline_slots(),
        rows,
        titles.into_iter().map(|t| (t.page, t.title)).collect(),
    );
    let trend = buckets(&daily(query.range, per_day), query.granularity);
    Ok(Overview {
        site_name: name
            .results::<Name>()?
            .into_iter()
            .next()
            .map_or_else(|| site.to_owned(), |n| n.name),
        figures: figures(totals, Some(feeling), Some(answers)),
        trend,
        channels,
        pages,
        inbox_new: inbox.iter().find(|c| c.status == "new").map_or(0, |c| c.n),
        under_notice,
        alerts: alerts.results()?,
        handling: Handling::by_team(&handled, &crate::runtime::Now::read().iso),
    })
}

/// What every screen's frame shows, for a screen that reads nothing else of the site: its name
/// and its new urgent items, in one round trip.
pub async fn frame(bindings: &Bindings, site: &str) -> Result<(String, u64), ApiError> {
    let db = &bindings.db;
    let results = db
        .batch(vec![
            super::sites::name(db, site)?,
            db.prepare(INBOX_COUNTS).bind(&[site.into()])?,
        ])
        .await?;
    let [name, inbox] = super::exactly(results)?;
    let name = name.results::<Name>()?.into_iter().next();
    let inbox: Vec<StatusCount> = inbox.results()?;
    Ok((
        name.map_or_else(|| site.to_owned(), |n| n.name),
        inbox.iter().find(|c| c.status == "new").map_or(0, |c| c.n),
    ))
}

/// Reads one page's detail; `query.page` must be set.
pub async fn page(
    bindings: &Bindings,
    site: &str,
    query: &DashboardQuery,
) -> Result<PageDetail, ApiError> {
    let mut binds = binds(site, query);
    let db = &bindings.db;
    let page_address = query.page.as_deref().unwrap_or_default();
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
            db.prepare(votes_by_rating(true))
                .bind(&under_notice_binds(site, query))?,
            super::page_notes::history_statement(db, site, page_address)?,
            super::page_alerts::recent(db, site, &alerts_since(), Some(page_address))?,
            super::sites::settings_statement(db, site)?,
        ])
        .await?;
    let [by_day, by_reason, feeling, answers, comments, count, title, name, inbox, under_notice, notes, alerts, settings] =
        super::exactly(results)?;
    let settings: Option<super::sites::Settings> = settings.results()?.into_iter().next();
    let mut totals = Votes::default();
    let rows: Vec<(String, Rating, u64)> = read::keyed_votes(&by_day)?
        .into_iter()
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
        under_notice: votes_of(&under_notice)?,
        notes: notes.results()?,
        alert: alerts.results::<Fired>()?.into_iter().next(),
        public_notes: settings.as_ref().is_some_and(|s| s.public_notes == 1),
        language: settings
            .and_then(|s| Language::from_tag(&s.language))
            .unwrap_or(Language::En),
    })
}

/// Reads the urgent inbox's tab `query.status`.
pub async fn inbox(
    bindings: &Bindings,
    site: &str,
    query: &DashboardQuery,
) -> Result<Inbox, ApiError> {
    let db = &bindings.db;
    let (mode, name) = match &query.owner {
        OwnerFilter::Anyone => ("anyone", JsValue::NULL),
        OwnerFilter::Nobody => ("nobody", JsValue::NULL),
        OwnerFilter::Named(name) => ("named", name.as_str().into()),
    };
    #[allow(clippy::cast_precision_loss)] // minutes
    let waited_too_long = crate::runtime::iso_at(
        crate::runtime::Now::read().millis - 60_000.0 * ACKNOWLEDGE_WITHIN_MINUTES as f64,
    );
    let filter: Vec<JsValue> = vec![
        site.into(),
        mode.into(),
        name,
        i32::from(query.overdue).into(),
        waited_too_long.into(),
        query
            .team
            .as_ref()
            .map_or(JsValue::NULL, |team| team.as_str().into()),
    ];
    let mut page = filter.clone();
    page.extend([
        query.status.as_str().into(),
        f64::from((query.screen - 1) * LIST_SIZE).into(),
        f64::from(LIST_SIZE).into(),
    ]);
    let results = db
        .batch(vec![
            db.prepare(inbox_counts()).bind(&filter)?,
            db.prepare(inbox_page()).bind(&page)?,
            super::sites::name(db, site)?,
            super::page_alerts::recent(db, site, &alerts_since(), None)?,
            db.prepare(OWNERS).bind(&[site.into()])?,
            db.prepare(INBOX_COUNTS).bind(&[site.into()])?,
            super::teams::names(db, site)?,
        ])
        .await?;
    let [counts, items, name, alerts, owners, unfiltered, teams] = super::exactly(results)?;
    let unfiltered: Vec<StatusCount> = unfiltered.results()?;
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
        alerts: alerts.results()?,
        owners: owners
            .results::<Owner>()?
            .into_iter()
            .map(|o| o.name)
            .collect(),
        new_in_all: unfiltered
            .iter()
            .find(|c| c.status == "new")
            .map_or(0, |c| c.n),
        teams: teams
            .results::<Name>()?
            .into_iter()
            .map(|t| t.name)
            .collect(),
    })
}
