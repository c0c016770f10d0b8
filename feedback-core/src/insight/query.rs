//! The read side's query parameters: date range, filters, pagination, format.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use time::{format_description::BorrowedFormatItem, macros::format_description, Date, Duration};

use crate::channel::Channel;
use crate::page::normalise_page;
use crate::problem::FieldError;
use crate::rating::Rating;

const DAY: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
/// The range when none is asked for: the last 30 days, today included.
pub const DEFAULT_DAYS: i64 = 30;
/// The longest range one request may cover.
pub const MAX_DAYS: i64 = 400;
/// Items per page when none is asked for, and the most one page holds.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most items one page (or one export) holds.
pub const MAX_LIMIT: u32 = 10_000;

/// Formats a day as `YYYY-MM-DD`.
pub fn format_day(day: Date) -> String {
    day.format(DAY).unwrap_or_default()
}

/// Parses `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Option<Date> {
    Date::parse(text, DAY).ok()
}

/// Days from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
}

impl DateRange {
    /// The days from `from` to `to` as asked: `to` defaults to today, `from` to the
    /// [`DEFAULT_DAYS`] ending at `to`; refused when reversed or longer than [`MAX_DAYS`].
    pub fn between(from: Option<Date>, to: Option<Date>, today: Date) -> Result<Self, FieldError> {
        let to = to.unwrap_or(today);
        let from = from.unwrap_or(to - Duration::days(DEFAULT_DAYS - 1));
        if from > to {
            Err(FieldError::new("from", "order", "must not be after to"))
        } else if (to - from).whole_days() >= MAX_DAYS {
            Err(FieldError::new(
                "from",
                "range",
                format!("the range may cover at most {MAX_DAYS} days"),
            ))
        } else {
            Ok(Self { from, to })
        }
    }

    /// The lower bound for `created_at` (ISO 8601 strings compare in time order).
    pub fn start(&self) -> String {
        format_day(self.from)
    }

    /// The upper bound for `created_at`, excluded: the day after `to`.
    pub fn end(&self) -> String {
        format_day(self.to.next_day().unwrap_or(self.to))
    }

    /// Every day of the range, in order, for series that show days without votes too.
    pub fn days(&self) -> Vec<String> {
        let mut days = Vec::new();
        let mut day = self.from;
        while day <= self.to {
            days.push(format_day(day));
            match day.next_day() {
                Some(next) => day = next,
                None => break,
            }
        }
        days
    }
}

/// Which items a list holds with respect to spam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpamFilter {
    /// Items not marked as spam.
    #[default]
    Exclude,
    /// Only items marked as spam.
    Only,
    /// Everything.
    Any,
}

/// Which answers count with respect to known-issue notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NoticeFilter {
    /// Every answer.
    #[default]
    Any,
    /// Only answers given while a notice was shown.
    Only,
    /// Only answers given without one.
    Exclude,
}

/// How a list of items is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One JSON document with `items` and `next_cursor`.
    #[default]
    Json,
    /// Comma-separated values with a header row; formula-like cells neutralised.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

/// Where the previous page ended: items are listed newest first by `(created_at, id)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The last listed item's creation time.
    pub created_at: String,
    /// The last listed item's id.
    pub id: String,
}

impl Cursor {
    /// The opaque text handed to clients.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}\n{}", self.created_at, self.id))
    }

    /// Reads a cursor a client sends back.
    pub fn decode(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (created_at, id) = text.split_once('\n')?;
        (!created_at.is_empty() && !id.is_empty()).then(|| Self {
            created_at: created_at.to_owned(),
            id: id.to_owned(),
        })
    }
}

/// The parameters of the item list (`GET /v1/sites/{site}/feedback`): every one there is.
pub const ITEM_LIST_PARAMETERS: &[&str] = &[
    "from",
    "to",
    "channel",
    "page",
    "rating",
    "spam",
    "cursor",
    "limit",
    "format",
    "under_notice",
];

/// Every parameter the read endpoints take; each endpoint names the ones it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadQuery {
    /// The days covered.
    pub range: DateRange,
    /// Only this channel.
    pub channel: Option<Channel>,
    /// Only this page (normalised).
    pub page: Option<String>,
    /// Only this rating.
    pub rating: Option<Rating>,
    /// Spam handling for lists.
    pub spam: SpamFilter,
    /// Where to continue a list.
    pub cursor: Option<Cursor>,
    /// How many items a list holds.
    pub limit: u32,
    /// How a list is written.
    pub format: Format,
    /// Answers given under a known-issue notice: all, only them, or none of them.
    pub under_notice: NoticeFilter,
}

impl ReadQuery {
    /// Parses query pairs, refusing parameters outside `accepted` and values that break a rule.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        accepted: &[&str],
        today: Date,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let (mut from, mut to) = (None, None);
        let mut query = Self {
            range: DateRange {
                from: today,
                to: today,
            },
            channel: None,
            page: None,
            rating: None,
            spam: SpamFilter::default(),
            cursor: None,
            limit: DEFAULT_LIMIT,
            format: Format::default(),
            under_notice: NoticeFilter::default(),
        };
        for (key, value) in pairs {
            if !accepted.contains(&key) {
                let message = format!("is not a parameter here; use {}", accepted.join(", "));
                errors.push(FieldError::new(key, "unknown", message));
                continue;
            }
            let mut fail =
                |rule: &str, message: &str| errors.push(FieldError::new(key, rule, message));
            match key {
                "from" | "to" => match parse_day(value) {
                    Some(day) if key == "from" => from = Some(day),
                    Some(day) => to = Some(day),
                    None => fail("date", "must be a day such as 2026-11-22"),
                },
                "channel" => match Channel::parse(value) {
                    Some(channel) => query.channel = Some(channel),
                    None => fail("one_of", "must be one of web, email, kiosk"),
                },
                "page" => match normalise_page(value) {
                    Ok(page) => query.page = Some(page),
                    Err(e) => fail("url", &e.to_string()),
                },
                "rating" => match Rating::parse(value) {
                    Some(rating) => query.rating = Some(rating),
                    None => fail("one_of", "must be one of up, down, sad, neutral, happy"),
                },
                "spam" => match value {
                    "exclude" => query.spam = SpamFilter::Exclude,
                    "only" => query.spam = SpamFilter::Only,
                    "any" => query.spam = SpamFilter::Any,
                    _ => fail("one_of", "must be one of exclude, only, any"),
                },
                "under_notice" => match value {
                    "true" => query.under_notice = NoticeFilter::Only,
                    "false" => query.under_notice = NoticeFilter::Exclude,
                    _ => fail(
                        "one_of",
                        "must be true (only answers given under a notice) or false (none of them)",
                    ),
                },
                "cursor" => match Cursor::decode(value) {
                    Some(cursor) => query.cursor = Some(cursor),
                    None => fail("cursor", "must be a next_cursor value the API returned"),
                },
                "limit" => match value.parse::<u32>() {
                    Ok(limit @ 1..=MAX_LIMIT) => query.limit = limit,
                    _ => fail(
                        "range",
                        &format!("must be a whole number from 1 to {MAX_LIMIT}"),
                    ),
                },
                "format" => match value {
                    "json" => query.format = Format::Json,
                    "csv" => query.format = Format::Csv,
                    "jsonl" => query.format = Format::JsonLines,
                    _ => fail("one_of", "must be one of json, csv, jsonl"),
                },
                _ => fail("unknown", "is not supported"),
            }
        }
        match DateRange::between(from, to, today) {
            Ok(range) => query.range = range,
            Err(error) => errors.push(error),
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const ALL: &[&str] = ITEM_LIST_PARAMETERS;
    const TODAY: Date = date!(2026 - 11 - 22);

    #[test]
    fn defaults_to_the_last_thirty_days() {
        let query = ReadQuery::parse([], ALL, TODAY).unwrap();
        assert_eq!(query.range.start(), "2026-10-24");
        assert_eq!(query.range.end(), "2026-11-23");
        assert_eq!(query.range.days().len(), 30);
        assert_eq!(
            (query.limit, query.format, query.spam),
            (DEFAULT_LIMIT, Format::Json, SpamFilter::Exclude)
        );
    }

    #[test]
    fn filters_are_read_and_normalised() {
        let pairs = [
            ("from", "2026-11-01"),
            ("to", "2026-11-03"),
            ("channel", "kiosk"),
            ("page", "https://X.test/a/?utm_source=y"),
            ("rating", "sad"),
            ("format", "csv"),
            ("limit", "10000"),
        ];
        let query = ReadQuery::parse(pairs, ALL, TODAY).unwrap();
        assert_eq!(
            query.range.days(),
            ["2026-11-01", "2026-11-02", "2026-11-03"]
        );
        assert_eq!(query.page.as_deref(), Some("https://x.test/a"));
        assert_eq!(
            (query.channel, query.rating),
            (Some(Channel::Kiosk), Some(Rating::Sad))
        );
        assert_eq!((query.format, query.limit), (Format::Csv, 10_000));
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let pairs = [
            ("from", "yesterday"),
            ("limit", "0"),
            ("colour", "red"),
            ("cursor", "!!"),
            ("spam", "yes"),
            ("under_notice", "maybe"),
        ];
        let errors = ReadQuery::parse(pairs, ALL, TODAY).unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("from", "date"),
                ("limit", "range"),
                ("colour", "unknown"),
                ("cursor", "cursor"),
                ("spam", "one_of"),
                ("under_notice", "one_of")
            ]
        );
        let only = ReadQuery::parse([("under_notice", "true")], ALL, TODAY).unwrap();
        assert_eq!(only.under_notice, NoticeFilter::Only);
        let errors = ReadQuery::parse([("page", "x")], &["from"], TODAY).unwrap_err();
        assert_eq!(errors[0].rule, "unknown");
    }

    #[test]
    fn ranges_must_be_ordered_and_bounded() {
        let reversed = ReadQuery::parse([("from", "2026-11-10"), ("to", "2026-11-01")], ALL, TODAY);
        assert_eq!(reversed.unwrap_err()[0].rule, "order");
        let huge = ReadQuery::parse([("from", "2020-01-01")], ALL, TODAY);
        assert_eq!(huge.unwrap_err()[0].rule, "range");
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let cursor = Cursor {
            created_at: "2026-11-22T10:00:00.000Z".into(),
            id: "abc".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("bm9uZXdsaW5l"), None);
    }
}
