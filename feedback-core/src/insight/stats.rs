//! Per-page results and the ranking that keeps three votes from outranking three hundred.

use serde::{Deserialize, Serialize};

use crate::channel::Reason;
use crate::insight::item::Item;
use crate::rating::{Polarity, Rating};

/// The z-score for a 95 % confidence interval.
const Z_95: f64 = 1.959_963_984_540_054;

/// The lower bound of the Wilson score interval (95 %) for `positive` out of `total`.
///
/// Zero when there are no votes, so an unrated page never ranks above a rated one.
pub fn wilson_lower_bound(positive: u64, total: u64) -> f64 {
    if total == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)] // vote counts stay far below 2^52
    let (p, n) = (positive as f64 / total as f64, total as f64);
    let z2 = Z_95 * Z_95;
    let centre = p + z2 / (2.0 * n);
    let margin = Z_95 * ((p * (1.0 - p) + z2 / (4.0 * n)) / n).sqrt();
    ((centre - margin) / (1.0 + z2 / n)).max(0.0)
}

/// Counts per polarity, the unit every chart adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Votes {
    /// Helpful answers.
    pub positive: u64,
    /// Unhelpful answers.
    pub negative: u64,
    /// Neutral faces.
    pub neutral: u64,
}

impl Votes {
    /// Adds `count` answers of `rating`.
    pub fn add(&mut self, rating: Rating, count: u64) {
        match rating.polarity() {
            Polarity::Positive => self.positive += count,
            Polarity::Negative => self.negative += count,
            Polarity::Neutral => self.neutral += count,
        }
    }

    /// Every answer.
    pub const fn total(self) -> u64 {
        self.positive + self.negative + self.neutral
    }

    /// The helpful share of the answers that took a side.
    pub fn helpful_share(self) -> Option<f64> {
        let decided = self.positive + self.negative;
        #[allow(clippy::cast_precision_loss)]
        (decided > 0).then(|| self.positive as f64 / decided as f64)
    }
}

/// One page's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageStats {
    /// The normalised page URL.
    pub page: String,
    /// Answers that said the page helped.
    pub positive: u64,
    /// Answers that said it did not.
    pub negative: u64,
    /// Neutral faces.
    pub neutral: u64,
    /// Every rated answer.
    pub votes: u64,
    /// `positive / (positive + negative)`, or `None` before the first such vote.
    pub helpful_share: Option<f64>,
    /// Wilson lower bound of the helpful share: the ranking key.
    pub wilson_lower_bound: f64,
}

impl PageStats {
    /// Results for `page` from its counts per rating.
    pub fn from_counts(page: String, counts: impl IntoIterator<Item = (Rating, u64)>) -> Self {
        let mut votes = Votes::default();
        for (rating, count) in counts {
            votes.add(rating, count);
        }
        Self::from_votes(page, votes)
    }

    /// Results for `page` from its votes per polarity.
    pub fn from_votes(page: String, votes: Votes) -> Self {
        Self {
            page,
            positive: votes.positive,
            negative: votes.negative,
            neutral: votes.neutral,
            votes: votes.total(),
            helpful_share: votes.helpful_share(),
            wilson_lower_bound: wilson_lower_bound(votes.positive, votes.positive + votes.negative),
        }
    }

    /// Groups `(page, rating, count)` rows into one result per page, ranked best first.
    pub fn per_page(rows: impl IntoIterator<Item = (String, Rating, u64)>) -> Vec<PageStats> {
        let mut by_page: std::collections::BTreeMap<String, Vec<(Rating, u64)>> =
            std::collections::BTreeMap::new();
        for (page, rating, count) in rows {
            by_page.entry(page).or_default().push((rating, count));
        }
        let mut pages: Vec<_> = by_page
            .into_iter()
            .map(|(page, counts)| Self::from_counts(page, counts))
            .collect();
        Self::rank(&mut pages);
        pages
    }

    /// Sorts pages best first by Wilson lower bound, then by votes, then by URL for a stable order.
    pub fn rank(pages: &mut [PageStats]) {
        pages.sort_by(|a, b| {
            b.wilson_lower_bound
                .total_cmp(&a.wilson_lower_bound)
                .then(b.votes.cmp(&a.votes))
                .then_with(|| a.page.cmp(&b.page))
        });
    }
}

/// Votes on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailyPoint {
    /// The day, `YYYY-MM-DD` (UTC).
    pub day: String,
    /// Helpful answers that day.
    pub positive: u64,
    /// Unhelpful answers that day.
    pub negative: u64,
    /// Neutral faces that day.
    pub neutral: u64,
}

/// How often a reason was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    /// The reason.
    pub reason: Reason,
    /// How many items chose it.
    pub count: u64,
}

/// Results for a whole site, or one page of it, over a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The page, or `None` for the whole site.
    pub page: Option<String>,
    /// Totals over the range (its `page` repeats the above, or is empty for the site).
    pub totals: PageStats,
    /// Reasons, most chosen first.
    pub reasons: Vec<ReasonCount>,
    /// One point per day of the range, days without votes included.
    pub daily: Vec<DailyPoint>,
    /// The newest comments.
    pub latest_comments: Vec<Item>,
}

impl Summary {
    /// Builds a summary from grouped rows: `(day, rating, count)` and `(reason, count)`.
    pub fn build(
        page: Option<String>,
        days: &[String],
        by_day: impl IntoIterator<Item = (String, Rating, u64)>,
        reasons: impl IntoIterator<Item = (Reason, u64)>,
        latest_comments: Vec<Item>,
    ) -> Self {
        let mut daily: Vec<DailyPoint> = days
            .iter()
            .map(|day| DailyPoint {
                day: day.clone(),
                positive: 0,
                negative: 0,
                neutral: 0,
            })
            .collect();
        let mut totals = Vec::new();
        for (day, rating, count) in by_day {
            totals.push((rating, count));
            if let Some(point) = daily.iter_mut().find(|p| p.day == day) {
                match rating.polarity() {
                    Polarity::Positive => point.positive += count,
                    Polarity::Negative => point.negative += count,
                    Polarity::Neutral => point.neutral += count,
                }
            }
        }
        let mut reasons: Vec<ReasonCount> = reasons
            .into_iter()
            .map(|(reason, count)| ReasonCount { reason, count })
            .collect();
        reasons.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
        Self {
            totals: PageStats::from_counts(page.clone().unwrap_or_default(), totals),
            page,
            reasons,
            daily,
            latest_comments,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_known_values() {
        // Reference values computed independently (Python, same closed form), rounded to 4 places.
        assert!((wilson_lower_bound(3, 3) - 0.4385).abs() < 1e-4);
        assert!((wilson_lower_bound(280, 300) - 0.8993).abs() < 1e-4);
        assert!((wilson_lower_bound(0, 10)).abs() < 1e-12);
        assert!((wilson_lower_bound(0, 0)).abs() < 1e-12);
    }

    #[test]
    fn three_votes_do_not_outrank_three_hundred() {
        let mut pages = vec![
            PageStats::from_counts("https://x.test/few".into(), [(Rating::Up, 3)]),
            PageStats::from_counts(
                "https://x.test/many".into(),
                [(Rating::Up, 280), (Rating::Down, 20)],
            ),
        ];
        PageStats::rank(&mut pages);
        assert_eq!(pages[0].page, "https://x.test/many");
    }

    #[test]
    fn rows_are_grouped_per_page() {
        let pages = PageStats::per_page([
            ("https://x.test/a".to_owned(), Rating::Down, 2),
            ("https://x.test/b".to_owned(), Rating::Up, 5),
            ("https://x.test/a".to_owned(), Rating::Up, 1),
        ]);
        assert_eq!(pages.len(), 2);
        assert_eq!(
            (pages[0].page.as_str(), pages[0].positive),
            ("https://x.test/b", 5)
        );
        assert_eq!((pages[1].positive, pages[1].negative), (1, 2));
    }

    #[test]
    fn a_summary_fills_every_day_and_ranks_reasons() {
        let days: Vec<String> = ["2026-11-01", "2026-11-02", "2026-11-03"]
            .map(String::from)
            .into();
        let summary = Summary::build(
            None,
            &days,
            [
                ("2026-11-01".to_owned(), Rating::Up, 2),
                ("2026-11-03".to_owned(), Rating::Down, 1),
                ("2026-11-03".to_owned(), Rating::Sad, 1),
            ],
            [(Reason::Other, 1), (Reason::Incorrect, 3)],
            Vec::new(),
        );
        assert_eq!(summary.daily.len(), 3);
        assert_eq!(
            (summary.daily[1].positive, summary.daily[1].negative),
            (0, 0)
        );
        assert_eq!(summary.daily[2].negative, 2);
        assert_eq!((summary.totals.positive, summary.totals.negative), (2, 2));
        assert_eq!(
            summary.reasons[0],
            ReasonCount {
                reason: Reason::Incorrect,
                count: 3
            }
        );
    }

    #[test]
    fn faces_and_thumbs_add_up() {
        let stats = PageStats::from_counts(
            "https://x.test/".into(),
            [
                (Rating::Up, 2),
                (Rating::Happy, 1),
                (Rating::Sad, 1),
                (Rating::Neutral, 4),
            ],
        );
        assert_eq!(
            (stats.positive, stats.negative, stats.neutral, stats.votes),
            (3, 1, 4, 8)
        );
        assert_eq!(stats.helpful_share, Some(0.75));
    }
}
