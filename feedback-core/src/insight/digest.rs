//! The daily digest: yesterday's figures for a site, the worst pages, and the day before to compare.

use serde::{Deserialize, Serialize};

use crate::insight::stats::ReasonCount;
use crate::{PageStats, Rating, Reason};

/// How many pages the digest names as worst.
pub const WORST_PAGES: usize = 5;

/// One day's totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayTotals {
    /// The UTC day, `YYYY-MM-DD`.
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
            yesterday: totals(day, &pages, urgent),
            worst_pages,
            previous: totals(previous_day, &before, previous_urgent),
            reasons: Vec::new(),
        }
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
}
