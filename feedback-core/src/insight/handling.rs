//! How feedback is handled: how long urgent items wait to be acknowledged and resolved (median and
//! 90th percentile), the share acknowledged within the team's escalation window, and how many
//! customers said a fix solved their problem — for a site and for each of its teams.

use serde::{Deserialize, Serialize};

use crate::follow_up::status::unix_seconds;
use crate::follow_up::team::DEFAULT_ESCALATE_AFTER_HOURS;

/// The most urgent items one range's handling figures count: the newest, so a screen or digest
/// answers in bounded time however many a site has (README: "counts its newest 10 000").
pub const COUNTED_AT_MOST: u32 = 10_000;

/// One urgent item, as handling counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handled {
    /// Its team, if routing gave it one.
    pub team: Option<String>,
    /// When it became urgent, in Unix seconds (times arrive as numbers: thousands of items are
    /// counted at once, and reading as many timestamps cost more than the counting).
    pub urgent_at: i64,
    /// When someone first moved it on from new (acknowledged, resolved or dismissed), if anyone did.
    pub acknowledged_at: Option<i64>,
    /// When it was first resolved, if it was.
    pub resolved_at: Option<i64>,
    /// The customer's answer to "did this solve it?" (`solved`, `not_solved`), once given.
    pub customer_answer: Option<String>,
    /// Its team's escalation window in hours (4 without a team).
    pub window_hours: u32,
}

/// Handling figures of a group of urgent items. Times are minutes; `None` where nothing was measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handling {
    /// The team, or `None` for the whole site.
    pub team: Option<String>,
    /// Urgent items in the range.
    pub urgent: u64,
    /// Of them, acknowledged (moved on from new) by now.
    pub acknowledged: u64,
    /// Median minutes from urgent to acknowledged, over the acknowledged.
    pub acknowledge_median_minutes: Option<i64>,
    /// 90th percentile of the same.
    pub acknowledge_p90_minutes: Option<i64>,
    /// Of them, resolved by now.
    pub resolved: u64,
    /// Median minutes from urgent to resolved, over the resolved.
    pub resolve_median_minutes: Option<i64>,
    /// 90th percentile of the same.
    pub resolve_p90_minutes: Option<i64>,
    /// The share of urgent items acknowledged within their team's escalation window; an item
    /// still waiting counts against it once its window has passed, and not at all before.
    pub acknowledged_in_time_share: Option<f64>,
    /// Customers who answered "did this solve it?".
    pub customers_answered: u64,
    /// Of them, the share who said it did ("solved, say customers").
    pub solved_share: Option<f64>,
}

/// The `p`-th percentile (0–100) of sorted `values`, nearest rank (a value that occurred, never
/// one between two); `None` for no values.
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (u64::from(p) * sorted.len() as u64).div_ceil(100).max(1);
    let index = usize::try_from(rank - 1).unwrap_or(0).min(sorted.len() - 1);
    Some(sorted[index])
}

/// An item's durations: seconds from urgent to acknowledged, to resolved, and (while it waits)
/// to now.
struct Measured<'a> {
    team: Option<&'a str>,
    acknowledged_after: Option<i64>,
    resolved_after: Option<i64>,
    waiting_for: Option<i64>,
    window: i64,
    customer_answer: Option<&'a str>,
}

impl<'a> Measured<'a> {
    fn of(item: &'a Handled, now: Option<i64>) -> Self {
        let since = |at: Option<i64>| at.map(|at| at - item.urgent_at);
        let acknowledged_after = since(item.acknowledged_at);
        Measured {
            team: item.team.as_deref(),
            acknowledged_after,
            resolved_after: since(item.resolved_at),
            waiting_for: if acknowledged_after.is_none() {
                since(now)
            } else {
                None
            },
            window: i64::from(item.window_hours) * 3600,
            customer_answer: item.customer_answer.as_deref(),
        }
    }
}

impl Handling {
    /// The figures of `items`, counted at `now` (RFC 3339), labelled `team`.
    pub fn of<'a>(
        team: Option<String>,
        items: impl IntoIterator<Item = &'a Handled>,
        now: &str,
    ) -> Self {
        let now = unix_seconds(now);
        let measured: Vec<Measured> = items.into_iter().map(|i| Measured::of(i, now)).collect();
        Self::of_measured(team, measured.iter())
    }

    fn of_measured<'a, 'b: 'a>(
        team: Option<String>,
        items: impl Iterator<Item = &'a Measured<'b>>,
    ) -> Self {
        let mut acknowledge = Vec::new();
        let mut resolve = Vec::new();
        let (mut urgent, mut in_time, mut judged, mut answered, mut solved) = (0, 0, 0, 0, 0);
        for item in items {
            urgent += 1;
            match item.acknowledged_after {
                Some(seconds) => {
                    acknowledge.push(seconds.max(0) / 60);
                    judged += 1;
                    in_time += u64::from(seconds <= item.window);
                }
                // Still waiting: late once its window has passed; not yet judged before that.
                None => judged += u64::from(item.waiting_for.is_some_and(|s| s > item.window)),
            }
            if let Some(seconds) = item.resolved_after {
                resolve.push(seconds.max(0) / 60);
            }
            if let Some(answer) = item.customer_answer {
                answered += 1;
                solved += u64::from(answer == "solved");
            }
        }
        acknowledge.sort_unstable();
        resolve.sort_unstable();
        #[allow(clippy::cast_precision_loss)] // counts of items
        let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
        Self {
            team,
            urgent,
            acknowledged: acknowledge.len() as u64,
            acknowledge_median_minutes: percentile(&acknowledge, 50),
            acknowledge_p90_minutes: percentile(&acknowledge, 90),
            resolved: resolve.len() as u64,
            resolve_median_minutes: percentile(&resolve, 50),
            resolve_p90_minutes: percentile(&resolve, 90),
            acknowledged_in_time_share: share(in_time, judged),
            customers_answered: answered,
            solved_share: share(solved, answered),
        }
    }

    /// The site's figures, then each team's (by name; items without a team only count for the site).
    pub fn by_team(items: &[Handled], now: &str) -> (Self, Vec<Self>) {
        let now = unix_seconds(now);
        let measured: Vec<Measured> = items.iter().map(|i| Measured::of(i, now)).collect();
        let site = Self::of_measured(None, measured.iter());
        let mut teams: Vec<&str> = measured.iter().filter_map(|i| i.team).collect();
        teams.sort_unstable();
        teams.dedup();
        let per_team = teams
            .into_iter()
            .map(|team| {
                let own = measured.iter().filter(|i| i.team == Some(team));
                Self::of_measured(Some(team.to_owned()), own)
            })
            .collect();
        (site, per_team)
    }
}

/// An escalation window in hours, the default when an item has no team.
pub fn window_hours(team_hours: Option<u32>) -> u32 {
    team_hours.unwrap_or(DEFAULT_ESCALATE_AFTER_HOURS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(
        team: &str,
        ack_minutes: Option<i64>,
        resolve_minutes: Option<i64>,
        answer: Option<&str>,
    ) -> Handled {
        let at = |minutes: i64| {
            (time::macros::datetime!(2026-12-01 08:00 UTC) + time::Duration::minutes(minutes))
                .unix_timestamp()
        };
        Handled {
            team: (!team.is_empty()).then(|| team.to_owned()),
            urgent_at: at(0),
            acknowledged_at: ack_minutes.map(at),
            resolved_at: resolve_minutes.map(at),
            customer_answer: answer.map(str::to_owned),
            window_hours: if team == "billing" { 2 } else { 4 },
        }
    }

    const NOW: &str = "2026-12-02T08:00:00Z";

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&values, 50), Some(5));
        assert_eq!(percentile(&values, 90), Some(9));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[3, 9], 50), Some(3));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn the_site_and_each_team_get_their_own_figures() {
        let items = [
            item("billing", Some(30), Some(90), Some("solved")),
            item("billing", Some(150), Some(600), Some("not_solved")),
            item("billing", None, None, None),
            item("docs", Some(200), None, None),
            item("", Some(10), Some(20), Some("solved")),
        ];
        let (site, teams) = Handling::by_team(&items, NOW);
        assert_eq!((site.urgent, site.acknowledged, site.resolved), (5, 4, 3));
        assert_eq!(site.acknowledge_median_minutes, Some(30));
        assert_eq!(site.acknowledge_p90_minutes, Some(200));
        assert_eq!(site.resolve_median_minutes, Some(90));
        assert_eq!(
            (site.customers_answered, site.solved_share),
            (3, Some(2.0 / 3.0))
        );
        // In time: 30 (of 2 h), 10 (of 4 h), 200 (of 4 h) yes; 150 (of 2 h) no; the waiting one is a day late.
        assert_eq!(site.acknowledged_in_time_share, Some(3.0 / 5.0));
        let names: Vec<_> = teams.iter().map(|t| t.team.as_deref()).collect();
        assert_eq!(names, [Some("billing"), Some("docs")]);
        let billing = &teams[0];
        assert_eq!((billing.urgent, billing.acknowledged), (3, 2));
        assert_eq!(billing.acknowledged_in_time_share, Some(1.0 / 3.0));
        assert_eq!(billing.solved_share, Some(0.5));
        assert_eq!(teams[1].resolve_median_minutes, None);
    }

    #[test]
    fn an_item_still_within_its_window_is_not_judged_yet() {
        let fresh = item("docs", None, None, None);
        let figures = Handling::of(None, [&fresh], "2026-12-01T09:00:00Z");
        assert_eq!(figures.acknowledged_in_time_share, None);
        let late = Handling::of(None, [&fresh], "2026-12-01T12:00:01Z");
        assert_eq!(late.acknowledged_in_time_share, Some(0.0));
        let nothing = Handling::of(None, [], NOW);
        assert_eq!(
            (
                nothing.urgent,
                nothing.solved_share,
                nothing.acknowledge_median_minutes
            ),
            (0, None, None)
        );
    }
}
