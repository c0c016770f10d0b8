//! What the marketer's dashboard shows and in which order: its query, the trend's buckets, the pages
//! table's sorting, filtering and paging, and the figures as people read them.

use std::collections::BTreeMap;

use time::{Date, Duration};

use crate::channel::Channel;
use crate::follow_up::status::ItemStatus;
use crate::follow_up::team::TeamName;
use crate::insight::query::{format_day, parse_day, DateRange};
use crate::insight::stats::{DailyPoint, PageStats, Votes};
use crate::page::normalise_page;
use crate::problem::FieldError;
use crate::rating::Rating;
use crate::strings::group_digits;

/// The ranges offered as one click, in days; 30 when none is chosen.
pub const PRESETS: [i64; 4] = [7, 30, 90, 365];
/// Rows of the pages table on one screen.
pub const PAGE_SIZE: usize = 25;
/// Items of a list (comments, inbox) on one screen.
pub const LIST_SIZE: u32 = 30;

/// How the trend chart groups days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    /// One bar per day.
    #[default]
    Day,
    /// One bar per ISO week (Monday to Sunday).
    Week,
}

impl Granularity {
    /// The query value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
        }
    }
}

/// A column the pages table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// The Wilson lower bound of the helpful share: confidence, not luck.
    #[default]
    Score,
    /// Every rated answer.
    Votes,
    /// The helpful share.
    Helpful,
    /// Unhelpful answers.
    Negative,
    /// The page's address.
    Page,
}

impl SortKey {
    /// Every key, as the table's columns show them.
    pub const ALL: [SortKey; 5] = [
        Self::Page,
        Self::Votes,
        Self::Helpful,
        Self::Negative,
        Self::Score,
    ];

    /// The query value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Score => "score",
            Self::Votes => "votes",
            Self::Helpful => "helpful",
            Self::Negative => "negative",
            Self::Page => "page",
        }
    }

    /// The order a first click on the column gives: names A to Z, figures largest first.
    pub const fn natural_descending(self) -> bool {
        !matches!(self, Self::Page)
    }
}

/// Everything the dashboard's address says: the range, filters, sorting and paging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardQuery {
    /// The days shown.
    pub range: DateRange,
    /// The preset the range came from, if it did.
    pub preset: Option<i64>,
    /// How the trend groups days.
    pub granularity: Granularity,
    /// Only this channel.
    pub channel: Option<Channel>,
    /// The pages table's sort column.
    pub sort: SortKey,
    /// Whether it sorts largest (or Z) first.
    pub descending: bool,
    /// Only pages whose address contains this (case-insensitive).
    pub filter: Option<String>,
    /// Which screen of the table or list, from 1.
    pub screen: u32,
    /// The inbox's tab.
    pub status: ItemStatus,
    /// The page a detail view is about.
    pub page: Option<String>,
    /// Whether the page's notice form starts from a draft (`draft=notice`, from an alert's link).
    pub draft_notice: bool,
    /// The inbox's owner filter.
    pub owner: OwnerFilter,
    /// Whether the inbox shows only overdue items (`overdue=1`).
    pub overdue: bool,
    /// The inbox's team filter (`team=billing`); `None` shows every team's.
    pub team: Option<TeamName>,
}

/// Whose items the inbox shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OwnerFilter {
    /// Everyone's and nobody's.
    #[default]
    Anyone,
    /// Items nobody owns (`unassigned=1`).
    Nobody,
    /// One person's (`owner=…`).
    Named(String),
}

impl DashboardQuery {
    /// Parses the address's query pairs; unknown parameters are ignored (old bookmarks keep working),
    /// broken values are reported.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        today: Date,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut query = Self {
            range: last_days(today, 30),
            preset: Some(30),
            granularity: Granularity::Day,
            channel: None,
            sort: SortKey::Score,
            descending: true,
            filter: None,
            screen: 1,
            status: ItemStatus::New,
            page: None,
            draft_notice: false,
            owner: OwnerFilter::Anyone,
            overdue: false,
            team: None,
        };
        let (mut from, mut to, mut order) = (None, None, None);
        for (key, value) in pairs {
            let mut fail =
                |rule: &str, message: &str| errors.push(FieldError::new(key, rule, message));
            match key {
                "days" => match value.parse::<i64>() {
                    Ok(days) if PRESETS.contains(&days) => {
                        query.range = last_days(today, days);
                        query.preset = Some(days);
                    }
                    _ => fail("one_of", "choose 7, 30, 90 or 365 days"),
                },
                "from" | "to" => match parse_day(value) {
                    Some(day) if key == "from" => from = Some(day),
                    Some(day) => to = Some(day),
                    None => fail("date", "write the day as 2026-11-22"),
                },
                "by" => match value {
                    "day" => query.granularity = Granularity::Day,
                    "week" => query.granularity = Granularity::Week,
                    _ => fail("one_of", "group by day or week"),
                },
                "channel" => match value {
                    "" | "all" => query.channel = None,
                    _ => match Channel::parse(value) {
                        Some(channel) => query.channel = Some(channel),
                        None => fail("one_of", "choose web, email or kiosk"),
                    },
                },
                "sort" => match SortKey::ALL.into_iter().find(|k| k.as_str() == value) {
                    Some(sort) => query.sort = sort,
                    None => fail("one_of", "sort by page, votes, helpful, negative or score"),
                },
                "order" => match value {
                    "asc" => order = Some(false),
                    "desc" => order = Some(true),
                    _ => fail("one_of", "order asc or desc"),
                },
                "q" => {
                    let text = value.trim();
                    query.filter = (!text.is_empty()).then(|| text.chars().take(200).collect());
                }
                "p" => match value.parse::<u32>() {
                    Ok(screen @ 1..=100_000) => query.screen = screen,
                    _ => fail("range", "screens are numbered from 1"),
                },
                "status" => match ItemStatus::parse(value) {
                    Some(status) => query.status = status,
                    None => fail("one_of", "choose new, acknowledged, resolved or dismissed"),
                },
                "page" => match normalise_page(value) {
                    Ok(page) => query.page = Some(page),
                    Err(e) => fail("url", &e.to_string()),
                },
                "draft" => query.draft_notice = value == "notice",
                "owner" | "unassigned" | "who" | "overdue" | "team" => {
                    if let Err((rule, message)) = query.inbox_filter(key, value) {
                        fail(rule, &message);
                    }
                }
                _ => {}
            }
        }
        query.descending = order.unwrap_or(query.sort.natural_descending());
        if from.is_some() || to.is_some() {
            match DateRange::between(from, to, today) {
                Ok(range) => query.range = range,
                Err(error) => errors.push(error),
            }
            query.preset = None;
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(errors)
        }
    }

    /// Reads one of the inbox's filters: whose items (`owner`, `unassigned`, the form's `who`),
    /// `overdue`, `team`.
    fn inbox_filter(&mut self, key: &str, value: &str) -> Result<(), (&'static str, String)> {
        match key {
            "owner" if !value.trim().is_empty() => {
                self.owner = OwnerFilter::Named(value.trim().to_owned());
            }
            "unassigned" if value == "1" => self.owner = OwnerFilter::Nobody,
            // The inbox's filter form: one select for anyone (""), nobody ("-") or a name.
            "who" => match value.trim() {
                "" => self.owner = OwnerFilter::Anyone,
                "-" => self.owner = OwnerFilter::Nobody,
                name => self.owner = OwnerFilter::Named(name.to_owned()),
            },
            "overdue" => self.overdue = value == "1",
            "team" if value.is_empty() => self.team = None,
            "team" => {
                self.team = Some(TeamName::parse(value).map_err(|e| ("pattern", e.to_string()))?);
            }
            _ => {}
        }
        Ok(())
    }

    /// The parameters that differ from the defaults, so links stay short and keep the view.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        match self.preset {
            Some(30) => {}
            Some(days) => pairs.push(("days", days.to_string())),
            None => {
                pairs.push(("from", format_day(self.range.from)));
                pairs.push(("to", format_day(self.range.to)));
            }
        }
        if self.granularity != Granularity::Day {
            pairs.push(("by", self.granularity.as_str().to_owned()));
        }
        if let Some(channel) = self.channel {
            pairs.push(("channel", channel.as_str().to_owned()));
        }
        if self.sort != SortKey::Score {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.descending != self.sort.natural_descending() {
            pairs.push((
                "order",
                if self.descending { "desc" } else { "asc" }.to_owned(),
            ));
        }
        if let Some(filter) = &self.filter {
            pairs.push(("q", filter.clone()));
        }
        if self.screen != 1 {
            pairs.push(("p", self.screen.to_string()));
        }
        if self.status != ItemStatus::New {
            pairs.push(("status", self.status.as_str().to_owned()));
        }
        if let Some(page) = &self.page {
            pairs.push(("page", page.clone()));
        }
        match &self.owner {
            OwnerFilter::Anyone => {}
            OwnerFilter::Nobody => pairs.push(("unassigned", "1".to_owned())),
            OwnerFilter::Named(name) => pairs.push(("owner", name.clone())),
        }
        if self.overdue {
            pairs.push(("overdue", "1".to_owned()));
        }
        if let Some(team) = &self.team {
            pairs.push(("team", team.as_str().to_owned()));
        }
        pairs
    }

    /// The view's parameters but `keys`: the hidden fields of a form that sets those itself.
    pub fn pairs_except(&self, keys: &[&str]) -> Vec<(&'static str, String)> {
        let mut pairs = self.pairs();
        pairs.retain(|(key, _)| !keys.contains(key));
        pairs
    }

    /// A query string (with its `?`, or empty) for this view with some parameters changed; an empty
    /// value removes the parameter. Changing anything but the screen starts again at screen 1.
    pub fn link(&self, changes: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(String, String)> = self
            .pairs()
            .into_iter()
            .filter(|(key, _)| {
                let overridden = changes.iter().any(|(k, _)| k == key);
                // Any change but the screen's own starts again at screen 1.
                let stale_screen = *key == "p" && !changes.iter().any(|(k, _)| *k == "p");
                !overridden && !stale_screen
            })
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        if changes.iter().any(|(k, _)| *k == "days") {
            pairs.retain(|(k, _)| k != "from" && k != "to");
        }
        pairs.extend(
            changes
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        if pairs.is_empty() {
            return String::new();
        }
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("?{encoded}")
    }

    /// The link that sorts by `key`: its natural order first, the other order on a second click.
    pub fn sort_link(&self, key: SortKey) -> String {
        let descending = if self.sort == key {
            !self.descending
        } else {
            key.natural_descending()
        };
        let order = if descending == key.natural_descending() {
            ""
        } else if descending {
            "desc"
        } else {
            "asc"
        };
        let sort = if key == SortKey::Score {
            ""
        } else {
            key.as_str()
        };
        let mut link = self.clone();
        link.sort = SortKey::Score;
        link.descending = true;
        link.link(&[("sort", sort), ("order", order)])
    }
}

/// The last `days` days, today included.
fn last_days(today: Date, days: i64) -> DateRange {
    DateRange {
        from: today - Duration::days(days - 1),
        to: today,
    }
}

/// One bar of the trend: a day or a week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// The first day of the bucket inside the range.
    pub start: String,
    /// The last day of the bucket inside the range.
    pub end: String,
    /// The answers in it.
    pub votes: Votes,
}

/// Groups a complete daily series into days or ISO weeks (a week cut by the range keeps its part).
pub fn buckets(daily: &[DailyPoint], granularity: Granularity) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = Vec::new();
    for point in daily {
        let votes = Votes {
            positive: point.positive,
            negative: point.negative,
            neutral: point.neutral,
        };
        let starts_bucket = match granularity {
            Granularity::Day => true,
            Granularity::Week => {
                parse_day(&point.day).is_some_and(|d| d.weekday() == time::Weekday::Monday)
            }
        };
        match out.last_mut() {
            Some(last) if !starts_bucket => {
                last.end.clone_from(&point.day);
                last.votes.positive += votes.positive;
                last.votes.negative += votes.negative;
                last.votes.neutral += votes.neutral;
            }
            _ => out.push(Bucket {
                start: point.day.clone(),
                end: point.day.clone(),
                votes,
            }),
        }
    }
    out
}

/// One row of the pages table: a page's results and its votes per day over the range.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRow {
    /// Results and ranking key.
    pub stats: PageStats,
    /// The newest title the widget saw for the page.
    pub title: Option<String>,
    /// Votes per day of the range, for the sparkline.
    pub daily: Vec<u64>,
}

/// Past this many days, sparklines show weeks: a line of 365 points in 100 pixels says nothing more.
pub const DAILY_SPARKLINES_UP_TO: i64 = 92;

/// The Monday of `day`'s ISO week.
pub fn monday_of(day: Date) -> Date {
    day - Duration::days(i64::from(day.weekday().number_days_from_monday()))
}

impl DashboardQuery {
    /// Whether the pages table's sparklines show weeks rather than days.
    pub fn weekly_sparklines(&self) -> bool {
        (self.range.to - self.range.from).whole_days() >= DAILY_SPARKLINES_UP_TO
    }

    /// The sparklines' points: every day of the range, or the Monday of every week it touches.
    pub fn sparkline_slots(&self) -> Vec<String> {
        if !self.weekly_sparklines() {
            return self.range.days();
        }
        let mut slots = Vec::new();
        let mut monday = monday_of(self.range.from);
        while monday <= self.range.to {
            slots.push(format_day(monday));
            monday += Duration::weeks(1);
        }
        slots
    }
}

/// Builds every page's row from `(page, slot, votes)` rows; `slots` are the sparkline's points.
pub fn page_rows(
    slots: &[String],
    rows: impl IntoIterator<Item = (String, String, Votes)>,
    mut titles: BTreeMap<String, String>,
) -> Vec<PageRow> {
    let index: BTreeMap<&str, usize> = slots
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    let mut by_page: BTreeMap<String, (Votes, Vec<u64>)> = BTreeMap::new();
    for (page, slot, votes) in rows {
        let entry = by_page
            .entry(page)
            .or_insert_with(|| (Votes::default(), vec![0; slots.len()]));
        entry.0.positive += votes.positive;
        entry.0.negative += votes.negative;
        entry.0.neutral += votes.neutral;
        if let Some(&i) = index.get(slot.as_str()) {
            entry.1[i] += votes.total();
        }
    }
    by_page
        .into_iter()
        .map(|(page, (votes, daily))| PageRow {
            title: titles.remove(&page),
            stats: PageStats::from_counts(
                page,
                [
                    (Rating::Up, votes.positive),
                    (Rating::Down, votes.negative),
                    (Rating::Neutral, votes.neutral),
                ],
            ),
            daily,
        })
        .collect()
}

/// One screen of the pages table and how many pages matched the filter.
#[derive(Debug, Clone, PartialEq)]
pub struct PageTable {
    /// The rows on this screen, in order.
    pub rows: Vec<PageRow>,
    /// Pages matching the filter, on every screen.
    pub matching: usize,
    /// Screens in all (at least 1).
    pub screens: u32,
}

/// How many screens `count` rows fill at `per_screen` a screen: at least one, even when empty.
pub fn screens(count: u64, per_screen: u64) -> u32 {
    u32::try_from(count.div_ceil(per_screen.max(1)).max(1)).unwrap_or(u32::MAX)
}

/// Filters, sorts and cuts the pages table as the query asks.
pub fn arrange(mut rows: Vec<PageRow>, query: &DashboardQuery) -> PageTable {
    if let Some(filter) = &query.filter {
        let needle = filter.to_lowercase();
        rows.retain(|row| {
            row.stats.page.to_lowercase().contains(&needle)
                || row
                    .title
                    .as_deref()
                    .is_some_and(|t| t.to_lowercase().contains(&needle))
        });
    }
    // Ties always fall back to the ranking, so equal rows keep one order across screens.
    let rank = |a: &PageRow, b: &PageRow| {
        b.stats
            .wilson_lower_bound
            .total_cmp(&a.stats.wilson_lower_bound)
            .then(b.stats.votes.cmp(&a.stats.votes))
            .then_with(|| a.stats.page.cmp(&b.stats.page))
    };
    rows.sort_by(|a, b| {
        let primary = match query.sort {
            SortKey::Score => a
                .stats
                .wilson_lower_bound
                .total_cmp(&b.stats.wilson_lower_bound),
            SortKey::Votes => a.stats.votes.cmp(&b.stats.votes),
            SortKey::Helpful => {
                let share = |r: &PageRow| r.stats.helpful_share.unwrap_or(-1.0);
                share(a).total_cmp(&share(b))
            }
            SortKey::Negative => a.stats.negative.cmp(&b.stats.negative),
            SortKey::Page => a.stats.page.cmp(&b.stats.page),
        };
        let primary = if query.descending {
            primary.reverse()
        } else {
            primary
        };
        primary.then_with(|| rank(a, b))
    });
    let matching = rows.len();
    let screens = screens(matching as u64, PAGE_SIZE as u64);
    let screen = usize::try_from(query.screen.min(screens)).unwrap_or(1);
    let rows = rows
        .into_iter()
        .skip((screen - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    PageTable {
        rows,
        matching,
        screens,
    }
}

/// A whole number as the (English) dashboard writes it: `1,204`.
pub fn format_count(n: u64) -> String {
    group_digits(n, ",")
}

/// A share as a whole percentage (`87%`), or an en dash when there is nothing to divide.
pub fn format_share(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), |s| format!("{:.0}%", s * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn parse(pairs: &[(&str, &str)]) -> Result<DashboardQuery, Vec<FieldError>> {
        DashboardQuery::parse(pairs.iter().copied(), date!(2026 - 11 - 23))
    }

    fn row(page: &str, up: u64, down: u64) -> PageRow {
        PageRow {
            stats: PageStats::from_counts(page.into(), [(Rating::Up, up), (Rating::Down, down)]),
            title: None,
            daily: Vec::new(),
        }
    }

    #[test]
    fn the_default_view_is_the_last_thirty_days_ranked_by_score() {
        let query = parse(&[]).unwrap();
        assert_eq!(format_day(query.range.from), "2026-10-25");
        assert_eq!(format_day(query.range.to), "2026-11-23");
        assert_eq!((query.sort, query.descending), (SortKey::Score, true));
        assert_eq!(query.link(&[]), "");
    }

    #[test]
    fn broken_values_are_reported_and_unknown_keys_ignored() {
        let errors = parse(&[("days", "12"), ("sort", "mood"), ("utm_source", "x")]).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["days", "sort"]);
        assert!(parse(&[("from", "2026-11-10"), ("to", "2026-11-01")]).is_err());
        assert!(parse(&[("from", "2024-01-01")]).is_err(), "over 400 days");
    }

    #[test]
    fn links_keep_the_view_and_restart_paging() {
        let query = parse(&[("days", "7"), ("q", "docs & faq"), ("p", "3")]).unwrap();
        assert_eq!(query.link(&[("p", "4")]), "?days=7&q=docs+%26+faq&p=4");
        assert_eq!(
            query.link(&[("channel", "email")]),
            "?days=7&q=docs+%26+faq&channel=email"
        );
        assert_eq!(query.link(&[("days", "90"), ("q", "")]), "?days=90");
        let custom = parse(&[("from", "2026-11-01"), ("to", "2026-11-05")]).unwrap();
        assert_eq!(custom.preset, None);
        assert_eq!(custom.link(&[("days", "7")]), "?days=7");
    }

    #[test]
    fn a_second_click_on_a_column_reverses_it() {
        let query = parse(&[]).unwrap();
        assert_eq!(query.sort_link(SortKey::Votes), "?sort=votes");
        assert_eq!(query.sort_link(SortKey::Score), "?order=asc");
        let by_votes = parse(&[("sort", "votes")]).unwrap();
        assert_eq!(by_votes.sort_link(SortKey::Votes), "?sort=votes&order=asc");
        assert_eq!(by_votes.sort_link(SortKey::Page), "?sort=page");
    }

    #[test]
    fn weeks_start_on_monday_and_are_cut_by_the_range() {
        // 2026-11-20 is a Friday.
        let daily: Vec<DailyPoint> = (20..=30)
            .map(|d| DailyPoint {
                day: format!("2026-11-{d}"),
                positive: 1,
                negative: 0,
                neutral: 0,
            })
            .collect();
        let weeks = buckets(&daily, Granularity::Week);
        let spans: Vec<_> = weeks
            .iter()
            .map(|b| (b.start.as_str(), b.end.as_str(), b.votes.positive))
            .collect();
        assert_eq!(
            spans,
            [
                ("2026-11-20", "2026-11-22", 3),
                ("2026-11-23", "2026-11-29", 7),
                ("2026-11-30", "2026-11-30", 1)
            ]
        );
        assert_eq!(buckets(&daily, Granularity::Day).len(), 11);
    }

    #[test]
    fn the_table_filters_sorts_and_pages() {
        let mut rows: Vec<PageRow> = (0..60)
            .map(|i| row(&format!("https://x.test/p{i:02}"), i, 60 - i))
            .collect();
        rows.push(row("https://x.test/faq", 500, 5));
        let table = arrange(rows.clone(), &parse(&[]).unwrap());
        assert_eq!(
            (table.matching, table.screens, table.rows.len()),
            (61, 3, 25)
        );
        assert_eq!(table.rows[0].stats.page, "https://x.test/faq");

        let last = arrange(rows.clone(), &parse(&[("p", "3")]).unwrap());
        assert_eq!(last.rows.len(), 11);
        let beyond = arrange(rows.clone(), &parse(&[("p", "9")]).unwrap());
        assert_eq!(
            beyond.rows, last.rows,
            "a screen past the end shows the last"
        );

        let negative = arrange(rows.clone(), &parse(&[("sort", "negative")]).unwrap());
        assert_eq!(negative.rows[0].stats.page, "https://x.test/p00");
        let by_page = arrange(
            rows.clone(),
            &parse(&[("sort", "page"), ("q", "FAQ")]).unwrap(),
        );
        assert_eq!(by_page.matching, 1);
        let ascending = arrange(
            rows,
            &parse(&[("sort", "votes"), ("order", "asc")]).unwrap(),
        );
        assert!(ascending.rows[0].stats.votes <= ascending.rows[1].stats.votes);
    }

    #[test]
    fn page_rows_place_votes_on_their_slots() {
        let days = ["2026-11-21", "2026-11-22", "2026-11-23"].map(String::from);
        let v = |positive, negative| Votes {
            positive,
            negative,
            neutral: 0,
        };
        let rows = page_rows(
            &days,
            [
                ("https://x.test/a".into(), "2026-11-21".into(), v(2, 0)),
                ("https://x.test/a".into(), "2026-11-23".into(), v(0, 1)),
                ("https://x.test/b".into(), "2026-11-22".into(), v(4, 0)),
            ],
            BTreeMap::from([("https://x.test/b".to_owned(), "B".to_owned())]),
        );
        assert_eq!(rows[0].daily, [2, 0, 1]);
        assert_eq!((rows[0].stats.positive, rows[0].stats.negative), (2, 1));
        assert_eq!(rows[1].title.as_deref(), Some("B"));
    }

    #[test]
    fn long_ranges_draw_weekly_sparklines() {
        let month = parse(&[]).unwrap();
        assert!(!month.weekly_sparklines());
        assert_eq!(month.sparkline_slots().len(), 30);
        let year = parse(&[("days", "365")]).unwrap();
        let slots = year.sparkline_slots();
        assert!(year.weekly_sparklines());
        // 2025-11-24 (the range's first day) is a Monday; 2026-11-23 (its last) too: 53 weeks.
        assert_eq!((slots[0].as_str(), slots.len()), ("2025-11-24", 53));
        assert_eq!(
            format_day(monday_of(time::macros::date!(2026 - 11 - 22))),
            "2026-11-16"
        );
    }

    #[test]
    fn figures_read_like_figures() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(1204), "1,204");
        assert_eq!(format_count(1_000_000), "1,000,000");
        assert_eq!(format_share(Some(0.873)), "87%");
        assert_eq!(format_share(None), "–");
        let mut votes = Votes::default();
        votes.add(Rating::Happy, 3);
        votes.add(Rating::Sad, 1);
        votes.add(Rating::Neutral, 2);
        assert_eq!((votes.total(), votes.helpful_share()), (6, Some(0.75)));
    }

    #[test]
    fn the_inbox_filters_by_owner_and_overdue_and_keeps_them_in_its_links() {
        let query = parse(&[
            ("status", "new"),
            ("owner", " ana@example.com "),
            ("overdue", "1"),
        ])
        .unwrap();
        assert_eq!(query.owner, OwnerFilter::Named("ana@example.com".into()));
        assert!(query.overdue);
        assert_eq!(
            query.link(&[("p", "2")]),
            "?owner=ana%40example.com&overdue=1&p=2"
        );
        assert_eq!(parse(&[("who", "-")]).unwrap().owner, OwnerFilter::Nobody);
        assert_eq!(parse(&[("who", "bo")]).unwrap().link(&[]), "?owner=bo");
        let nobody = parse(&[("unassigned", "1")]).unwrap();
        assert_eq!(nobody.owner, OwnerFilter::Nobody);
        assert_eq!(parse(&[("owner", "")]).unwrap().owner, OwnerFilter::Anyone);
    }

    #[test]
    fn the_inbox_filters_by_team_and_refuses_a_name_that_cannot_be_one() {
        let query = parse(&[("team", "billing"), ("overdue", "1")]).unwrap();
        assert_eq!(query.team.as_ref().map(TeamName::as_str), Some("billing"));
        assert_eq!(query.link(&[]), "?overdue=1&team=billing");
        assert_eq!(parse(&[("team", "")]).unwrap().team, None);
        let errors = parse(&[("team", "Billing Team")]).unwrap_err();
        assert_eq!(
            (errors[0].field.as_str(), errors[0].rule.as_str()),
            ("team", "pattern")
        );
    }
}
