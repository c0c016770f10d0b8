//! The daily digest: yesterday's figures for a site, the worst pages, and the day before to compare;
//! "yesterday" on the site's own clock, sent when that clock passes the site's digest time.

use serde::{Deserialize, Serialize};

use crate::insight::handling::{Handled, Handling};
use crate::insight::stats::ReasonCount;
use crate::{PageStats, Rating, Reason};

/// How many pages the digest names as worst.
pub const WORST_PAGES: usize = 5;

/// One day's totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayTotals {
    /// The day on the site's clock, `YYYY-MM-DD`.
    pub day: String,
    /// Rated answers.
    pub votes: u64,
    /// Helpful answers.
    pub positive: u64,
    /// Unhelpful answers.
    pub negative: u64,
    /// `positive / (positive + negative)`, `None` without such answers.
    pub helpful_share: Option<f64>,
    /// Items the site's rules called urgent.
    pub urgent: u64,
}

/// The `data` of a `digest.daily` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    /// The site.
    pub site: String,
    /// The team whose items (those routed to it) this digest counts; absent: the whole site's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// The site's clock (IANA): `day` and `previous.day` are its days.
    #[serde(default = "utc")]
    pub time_zone: String,
    /// Yesterday, flattened so the digest reads `data.votes`, `data.helpful_share`, …
    #[serde(flatten)]
    pub yesterday: DayTotals,
    /// Up to five pages with negatives, the lowest Wilson lower bound first.
    pub worst_pages: Vec<PageStats>,
    /// The day before yesterday, to compare.
    pub previous: DayTotals,
    /// Yesterday's reasons, both ways (why pages helped and why not), most chosen first.
    #[serde(default)]
    pub reasons: Vec<ReasonCount>,
    /// How yesterday's urgent items have been handled so far, site-wide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling: Option<Handling>,
    /// The same for each team with urgent items yesterday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handling_by_team: Vec<Handling>,
}

fn utc() -> String {
    DEFAULT_TIME_ZONE.to_owned()
}

fn totals(day: &str, pages: &[PageStats], urgent: u64) -> DayTotals {
    let positive = pages.iter().map(|p| p.positive).sum();
    let negative = pages.iter().map(|p| p.negative).sum();
    let decided = positive + negative;
    #[allow(clippy::cast_precision_loss)]
    let helpful_share = (decided > 0).then(|| positive as f64 / decided as f64);
    DayTotals {
        day: day.to_owned(),
        votes: pages.iter().map(|p| p.votes).sum(),
        positive,
        negative,
        helpful_share,
        urgent,
    }
}

impl Digest {
    /// Builds the digest from `(page, rating, count)` rows and urgent counts of both days.
    pub fn build(
        site: &str,
        (day, rows, urgent): (&str, Vec<(String, Rating, u64)>, u64),
        (previous_day, previous_rows, previous_urgent): (&str, Vec<(String, Rating, u64)>, u64),
    ) -> Self {
        let pages = PageStats::per_page(rows);
        let before = PageStats::per_page(previous_rows);
        // per_page ranks best first; the worst are at the end.
        let worst_pages = pages
            .iter()
            .rev()
            .filter(|p| p.negative > 0)
            .take(WORST_PAGES)
            .cloned()
            .collect();
        Self {
            site: site.to_owned(),
            team: None,
            time_zone: utc(),
            yesterday: totals(day, &pages, urgent),
            worst_pages,
            previous: totals(previous_day, &before, previous_urgent),
            reasons: Vec::new(),
            handling: None,
            handling_by_team: Vec::new(),
        }
    }

    /// Says whose clock the days are on (an IANA name; UTC unless said).
    #[must_use]
    pub fn on_clock_of(mut self, time_zone: &str) -> Self {
        time_zone.clone_into(&mut self.time_zone);
        self
    }

    /// Says the rows were one team's items: the team's own digest.
    #[must_use]
    pub fn for_team(mut self, team: &str) -> Self {
        self.team = Some(team.to_owned());
        self
    }

    /// Adds how yesterday's urgent items (`groups`, one per team) have been handled by `now`,
    /// site-wide and per team (a team's digest has its own figures only).
    #[must_use]
    pub fn with_handling(mut self, groups: &[Handled], now: &str) -> Self {
        let (site, teams) = Handling::by_team(groups, now);
        self.handling = Some(site);
        self.handling_by_team = if self.team.is_some() {
            Vec::new()
        } else {
            teams
        };
        self
    }

    /// Adds yesterday's `(reason, count)` rows, most chosen first (ties in display order).
    #[must_use]
    pub fn with_reasons(mut self, reasons: impl IntoIterator<Item = (Reason, u64)>) -> Self {
        self.reasons = reasons
            .into_iter()
            .filter(|(_, count)| *count > 0)
            .map(|(reason, count)| ReasonCount { reason, count })
            .collect();
        self.reasons
            .sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
        self
    }
}

/// The site's clock when it says nothing: UTC.
pub const DEFAULT_TIME_ZONE: &str = "UTC";
/// When the digest goes out when the site says nothing: 07:30, as people read it over breakfast.
pub const DEFAULT_DIGEST_TIME: &str = "07:30";

/// Why a site's digest schedule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// Not a name in the IANA time-zone database.
    #[error("“{0}” is not an IANA time zone; use a name such as Europe/Amsterdam, America/New_York or UTC")]
    UnknownTimeZone(String),
    /// Not `HH:MM` on a 24-hour clock.
    #[error("“{0}” is not a time of day; write it as HH:MM on a 24-hour clock, such as 07:30")]
    BadTime(String),
}

/// One day on a site's clock: its date and the instants it starts and ends (Unix milliseconds; a
/// day is 23 or 25 hours long when the clocks change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Local midnight at its start.
    pub start_ms: i64,
    /// Local midnight at its end (the next day's start).
    pub end_ms: i64,
}

impl LocalDay {
    /// The day after, `YYYY-MM-DD`: where a range of this one day ends.
    pub fn next_day(&self) -> String {
        self.day
            .parse::<jiff::civil::Date>()
            .ok()
            .and_then(|d| d.tomorrow().ok())
            .map_or_else(|| self.day.clone(), |d| d.to_string())
    }
}

/// When a site's digest goes out: a time of day on the clock of an IANA time zone.
#[derive(Debug, Clone)]
pub struct DigestSchedule {
    time_zone: jiff::tz::TimeZone,
    name: String,
    hour: i8,
    minute: i8,
}

impl DigestSchedule {
    /// A schedule from the site's settings as stored or given: a zone name and `HH:MM`.
    pub fn parse(time_zone: &str, at: &str) -> Result<Self, ScheduleError> {
        let zone = jiff::tz::TimeZone::get(time_zone)
            .map_err(|_| ScheduleError::UnknownTimeZone(time_zone.to_owned()))?;
        let bad = || ScheduleError::BadTime(at.to_owned());
        let (hour, minute) = at.split_once(':').ok_or_else(bad)?;
        let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(hour) || !two_digits(minute) {
            return Err(bad());
        }
        let (hour, minute): (i8, i8) = (
            hour.parse().map_err(|_| bad())?,
            minute.parse().map_err(|_| bad())?,
        );
        if hour > 23 || minute > 59 {
            return Err(bad());
        }
        Ok(Self {
            time_zone: zone,
            name: time_zone.to_owned(),
            hour,
            minute,
        })
    }

    /// The zone's name, as given.
    pub fn time_zone(&self) -> &str {
        &self.name
    }

    /// The digest due at `now_ms`: yesterday on the site's clock and the day before it, once that
    /// clock has reached the digest time today; `None` before. Asked every few minutes, it names
    /// the same day all day, so the digest's id makes it go out once.
    pub fn due(&self, now_ms: i64) -> Option<(LocalDay, LocalDay)> {
        let now = jiff::Timestamp::from_millisecond(now_ms)
            .ok()?
            .to_zoned_datetime(self.time_zone.clone());
        let clock = now.time();
        if (clock.hour(), clock.minute()) < (self.hour, self.minute) {
            return None;
        }
        let yesterday = now.date().yesterday().ok()?;
        let before = yesterday.yesterday().ok()?;
        Some((self.day(yesterday)?, self.day(before)?))
    }

    /// `date` on the site's clock, from its first instant to the next day's.
    fn day(&self, date: jiff::civil::Date) -> Option<LocalDay> {
        let start = |d: jiff::civil::Date| {
            d.to_zoned_datetime(self.time_zone.clone())
                .ok()
                .map(|z| z.timestamp().as_millisecond())
        };
        Some(LocalDay {
            day: date.to_string(),
            start_ms: start(date)?,
            end_ms: start(date.tomorrow().ok()?)?,
        })
    }
}

/// A site's clock: which day an instant falls on there. Answers are counted on the day their site's
/// clock showed when they came in, and the dashboard's "today" is the site's.
#[derive(Debug, Clone)]
pub struct SiteClock {
    time_zone: jiff::tz::TimeZone,
}

impl SiteClock {
    /// The clock of a stored zone name; UTC for a name the database no longer knows (a stored
    /// name was checked when it was written).
    pub fn of(time_zone: &str) -> Self {
        Self {
            time_zone: jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC),
        }
    }

    /// The day (`YYYY-MM-DD`) the clock shows at `unix_ms`.
    pub fn day_of(&self, unix_ms: i64) -> String {
        self.date_of(unix_ms).to_string()
    }

    /// The date the clock shows at `unix_ms`, as the read side's ranges count days.
    pub fn today(&self, unix_ms: i64) -> time::Date {
        let date = self.date_of(unix_ms);
        time::Date::from_calendar_date(
            i32::from(date.year()),
            time::Month::try_from(u8::try_from(date.month()).unwrap_or(1))
                .unwrap_or(time::Month::January),
            u8::try_from(date.day()).unwrap_or(1),
        )
        .unwrap_or(time::Date::MIN)
    }

    fn date_of(&self, unix_ms: i64) -> jiff::civil::Date {
        jiff::Timestamp::from_millisecond(unix_ms)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(self.time_zone.clone())
            .date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_worst_pages_and_the_day_before() {
        let rows = vec![
            ("https://x.test/good".to_owned(), Rating::Up, 9),
            ("https://x.test/good".to_owned(), Rating::Down, 1),
            ("https://x.test/bad".to_owned(), Rating::Down, 4),
            ("https://x.test/bad".to_owned(), Rating::Up, 1),
            ("https://x.test/meh".to_owned(), Rating::Neutral, 2),
        ];
        let digest = Digest::build(
            "demo",
            ("2026-11-22", rows, 2),
            (
                "2026-11-21",
                vec![("https://x.test/good".to_owned(), Rating::Up, 3)],
                0,
            ),
        );
        assert_eq!(digest.yesterday.votes, 17);
        assert_eq!(
            (digest.yesterday.positive, digest.yesterday.negative),
            (10, 5)
        );
        assert!((digest.yesterday.helpful_share.unwrap() - 10.0 / 15.0).abs() < 1e-9);
        assert_eq!(digest.yesterday.urgent, 2);
        let worst: Vec<_> = digest.worst_pages.iter().map(|p| p.page.as_str()).collect();
        assert_eq!(worst, ["https://x.test/bad", "https://x.test/good"]);
        assert_eq!(digest.previous.votes, 3);
        assert_eq!(digest.previous.helpful_share, Some(1.0));
        let json = serde_json::to_value(&digest).unwrap();
        assert_eq!(json["day"], "2026-11-22");
        assert_eq!(json["previous"]["day"], "2026-11-21");
        let digest = digest.with_reasons([
            (Reason::Clear, 2),
            (Reason::OutOfDate, 3),
            (Reason::Other, 0),
        ]);
        let reasons: Vec<_> = digest.reasons.iter().map(|r| (r.reason, r.count)).collect();
        assert_eq!(reasons, [(Reason::OutOfDate, 3), (Reason::Clear, 2)]);
    }

    /// Unix milliseconds of a UTC instant written as RFC 3339.
    fn at(instant: &str) -> i64 {
        instant.parse::<jiff::Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn the_digest_waits_for_the_sites_morning() {
        let amsterdam = DigestSchedule::parse("Europe/Amsterdam", "07:30").unwrap();
        // 06:29 UTC is 07:29 in Amsterdam in winter: not yet.
        assert_eq!(amsterdam.due(at("2026-12-04T06:29:00Z")), None);
        let (yesterday, before) = amsterdam.due(at("2026-12-04T06:30:00Z")).unwrap();
        assert_eq!(yesterday.day, "2026-12-03");
        assert_eq!(yesterday.start_ms, at("2026-12-02T23:00:00Z"));
        assert_eq!(yesterday.end_ms, at("2026-12-03T23:00:00Z"));
        assert_eq!(before.day, "2026-12-02");
        // Asked again all day, the same day: its id sends it once.
        assert_eq!(
            amsterdam.due(at("2026-12-04T22:59:00Z")).unwrap().0.day,
            "2026-12-03"
        );
        // Past local midnight it is the next day's turn, but not before 07:30.
        assert_eq!(amsterdam.due(at("2026-12-04T23:01:00Z")), None);
    }

    #[test]
    fn local_days_are_23_and_25_hours_long_when_the_clocks_change() {
        let amsterdam = DigestSchedule::parse("Europe/Amsterdam", "07:30").unwrap();
        let hours = |d: &LocalDay| (d.end_ms - d.start_ms) / 3_600_000;
        // Spring forward on 29 March 2026, fall back on 25 October 2026.
        let (spring, _) = amsterdam.due(at("2026-03-30T06:00:00Z")).unwrap();
        assert_eq!((spring.day.as_str(), hours(&spring)), ("2026-03-29", 23));
        let (autumn, _) = amsterdam.due(at("2026-10-26T07:00:00Z")).unwrap();
        assert_eq!((autumn.day.as_str(), hours(&autumn)), ("2026-10-25", 25));
        // 07:30 on the morning after the change is 05:30 UTC in summer time, 06:30 in winter.
        assert!(amsterdam.due(at("2026-03-30T05:30:00Z")).is_some());
        assert!(amsterdam.due(at("2026-03-30T05:29:00Z")).is_none());
        let new_york = DigestSchedule::parse("America/New_York", "00:00").unwrap();
        let (day, _) = new_york.due(at("2026-11-02T05:00:00Z")).unwrap();
        assert_eq!((day.day.as_str(), hours(&day)), ("2026-11-01", 25));
    }

    #[test]
    fn an_answer_counts_on_its_sites_day() {
        let amsterdam = SiteClock::of("Europe/Amsterdam");
        // 23:30 UTC on 1 December is 00:30 on 2 December in Amsterdam.
        assert_eq!(amsterdam.day_of(at("2026-12-01T23:30:00Z")), "2026-12-02");
        assert_eq!(
            SiteClock::of("UTC").day_of(at("2026-12-01T23:30:00Z")),
            "2026-12-01"
        );
        // Auckland is 13 hours ahead in summer, Pago Pago 11 behind: a day either side of UTC's.
        assert_eq!(
            SiteClock::of("Pacific/Auckland").day_of(at("2026-12-01T12:00:00Z")),
            "2026-12-02"
        );
        assert_eq!(
            SiteClock::of("Pacific/Pago_Pago").day_of(at("2026-12-01T10:00:00Z")),
            "2026-11-30"
        );
        assert_eq!(
            amsterdam.today(at("2026-12-31T23:30:00Z")),
            time::macros::date!(2027 - 01 - 01)
        );
        // A name no longer known counts in UTC rather than failing the answer.
        assert_eq!(
            SiteClock::of("Mars/Olympus").day_of(at("2026-12-01T23:30:00Z")),
            "2026-12-01"
        );
    }

    #[test]
    fn utc_is_the_default_clock() {
        let utc = DigestSchedule::parse(DEFAULT_TIME_ZONE, DEFAULT_DIGEST_TIME).unwrap();
        let (day, _) = utc.due(at("2026-12-04T07:30:00Z")).unwrap();
        assert_eq!(
            (day.day.as_str(), day.start_ms),
            ("2026-12-03", at("2026-12-03T00:00:00Z"))
        );
        assert_eq!(utc.due(at("2026-12-04T07:29:59Z")), None);
    }

    #[test]
    fn a_schedule_names_what_is_wrong() {
        assert_eq!(
            DigestSchedule::parse("Mars/Olympus", "07:30").unwrap_err(),
            ScheduleError::UnknownTimeZone("Mars/Olympus".into())
        );
        for at in ["7:30", "24:00", "07:60", "0730", "07:3a", ""] {
            assert_eq!(
                DigestSchedule::parse("UTC", at).unwrap_err(),
                ScheduleError::BadTime(at.into()),
                "{at}"
            );
        }
        assert_eq!(
            DigestSchedule::parse("Asia/Kolkata", "23:59")
                .unwrap()
                .time_zone(),
            "Asia/Kolkata"
        );
    }
}
