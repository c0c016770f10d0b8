//! How feedback is handled: how long urgent items wait to be acknowledged and resolved (median and
//! 90th percentile), the share acknowledged within the team's escalation window, and how many
//! customers said a fix solved their problem — for a site and for each of its teams.

use serde::{Deserialize, Serialize};

use crate::follow_up::status::unix_seconds;
use crate::follow_up::team::DEFAULT_ESCALATE_AFTER_HOURS;

/// The most urgent items of a range whose times the handling figures measure (medians, 90th
/// percentiles, the share in time): the newest, so a screen or digest answers in bounded time
/// however many a site has, and tell how the range's latest items were handled. The counts are
/// exact whatever the range holds (README: "measured on the range's newest 1 000 urgent items").
pub const TIMED_AT_MOST: u32 = 1_000;

/// One team's urgent items of a range (or those without a team), as handling counts them: exact
/// counts (kept in the rollups as items change), and the times of the newest [`TIMED_AT_MOST`]
/// items of the range as a few lists of numbers rather than as a record each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handled {
    /// The team, if routing gave the items one.
    pub team: Option<String>,
    /// The team's escalation window in hours (4 without a team).
    pub window_hours: u32,
    /// How many items became urgent in the range.
    pub urgent: u64,
    /// Of them, how many someone moved on from new (acknowledged, resolved or dismissed).
    pub acknowledged: u64,
    /// Of them, how many were resolved.
    pub resolved: u64,
    /// Of them, how many customers answered "did this solve it?".
    pub customers_answered: u64,
    /// Of those, how many said it did.
    pub customers_solved: u64,
    /// For each timed item someone moved on from new: seconds from its becoming urgent to the first
    /// such move.
    pub acknowledged_after: Vec<i64>,
    /// For each timed item resolved: seconds from its becoming urgent to its first resolution.
    pub resolved_after: Vec<i64>,
    /// For each timed item nobody has moved on yet: when it became urgent, in Unix seconds.
    pub waiting_since: Vec<i64>,
}

/// Handling figures of a group of urgent items. Times are minutes; `None` where nothing was measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handling {
    /// The team, or `None` for the whole site.
    pub team: Option<String>,
    /// Urgent items in the range.
    pub urgent: u64,
    /// Of them, the newest the times and the in-time share were measured on: all of them up to
    /// [`TIMED_AT_MOST`] in the range.
    pub timed: u64,
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

impl Handling {
    /// The figures of `groups` together, counted at `now` (RFC 3339), labelled `team`.
    pub fn of<'a>(
        team: Option<String>,
        groups: impl IntoIterator<Item = &'a Handled>,
        now: &str,
    ) -> Self {
        let now = unix_seconds(now);
        let mut acknowledge = Vec::new();
        let mut resolve = Vec::new();
        let (mut urgent, mut acknowledged, mut resolved, mut answered, mut solved) =
            (0, 0, 0, 0, 0);
        let (mut timed, mut in_time, mut judged) = (0, 0, 0);
        for group in groups {
            let window = i64::from(group.window_hours) * 3600;
            urgent += group.urgent;
            acknowledged += group.acknowledged;
            resolved += group.resolved;
            answered += group.customers_answered;
            solved += group.customers_solved;
            timed += (group.acknowledged_after.len() + group.waiting_since.len()) as u64;
            for &seconds in &group.acknowledged_after {
                acknowledge.push(seconds.max(0) / 60);
                judged += 1;
                in_time += u64::from(seconds <= window);
            }
            // Still waiting: late once its window has passed; not yet judged before that.
            judged += group
                .waiting_since
                .iter()
                .filter(|&&since| now.is_some_and(|now| now - since > window))
                .count() as u64;
            resolve.extend(group.resolved_after.iter().map(|s| s.max(&0) / 60));
        }
        acknowledge.sort_unstable();
        resolve.sort_unstable();
        #[allow(clippy::cast_precision_loss)] // counts of items
        let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
        Self {
            team,
            urgent,
            timed,
            acknowledged,
            acknowledge_median_minutes: percentile(&acknowledge, 50),
            acknowledge_p90_minutes: percentile(&acknowledge, 90),
            resolved,
            resolve_median_minutes: percentile(&resolve, 50),
            resolve_p90_minutes: percentile(&resolve, 90),
            acknowledged_in_time_share: share(in_time, judged),
            customers_answered: answered,
            solved_share: share(solved, answered),
        }
    }

    /// The site's figures, then each team's (by name; items without a team only count for the site).
    pub fn by_team(groups: &[Handled], now: &str) -> (Self, Vec<Self>) {
        let site = Self::of(None, groups, now);
        let mut teams: Vec<&str> = groups.iter().filter_map(|g| g.team.as_deref()).collect();
        teams.sort_unstable();
        teams.dedup();
        let per_team = teams
            .into_iter()
            .map(|team| {
                let own = groups.iter().filter(|g| g.team.as_deref() == Some(team));
                Self::of(Some(team.to_owned()), own, now)
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

    /// The group the store would make of one team's items: (minutes to acknowledged, to resolved,
    /// the customer's answer), each item urgent at 2026-12-01 08:00.
    fn group(team: &str, items: &[(Option<i64>, Option<i64>, Option<&str>)]) -> Handled {
        let urgent_at = time::macros::datetime!(2026-12-01 08:00 UTC).unix_timestamp();
        Handled {
            team: (!team.is_empty()).then(|| team.to_owned()),
            window_hours: if team == "billing" { 2 } else { 4 },
            urgent: items.len() as u64,
            acknowledged: items.iter().filter(|i| i.0.is_some()).count() as u64,
            resolved: items.iter().filter(|i| i.1.is_some()).count() as u64,
            customers_answered: items.iter().filter(|i| i.2.is_some()).count() as u64,
            customers_solved: items.iter().filter(|i| i.2 == Some("solved")).count() as u64,
            acknowledged_after: items.iter().filter_map(|i| i.0).map(|m| m * 60).collect(),
            resolved_after: items.iter().filter_map(|i| i.1).map(|m| m * 60).collect(),
            waiting_since: items
                .iter()
                .filter(|i| i.0.is_none())
                .map(|_| urgent_at)
                .collect(),
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
        let groups = [
            group(
                "billing",
                &[
                    (Some(30), Some(90), Some("solved")),
                    (Some(150), Some(600), Some("not_solved")),
                    (None, None, None),
                ],
            ),
            group("docs", &[(Some(200), None, None)]),
            group("", &[(Some(10), Some(20), Some("solved"))]),
        ];
        let (site, teams) = Handling::by_team(&groups, NOW);
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
    fn counts_are_exact_and_times_come_from_the_newest_items() {
        // A busy range: 5 000 urgent items, of which the store timed the newest three.
        let mut busy = group(
            "docs",
            &[
                (Some(30), Some(60), None),
                (Some(90), None, None),
                (None, None, None),
            ],
        );
        (busy.urgent, busy.acknowledged, busy.resolved) = (5_000, 4_200, 3_900);
        (busy.customers_answered, busy.customers_solved) = (800, 600);
        let figures = Handling::of(None, [&busy], NOW);
        assert_eq!((figures.urgent, figures.timed), (5_000, 3));
        assert_eq!((figures.acknowledged, figures.resolved), (4_200, 3_900));
        assert_eq!(figures.solved_share, Some(0.75));
        assert_eq!(figures.acknowledge_median_minutes, Some(30));
        // In time: 30 and 90 minutes of 4 hours; the waiting one is a day late.
        assert_eq!(figures.acknowledged_in_time_share, Some(2.0 / 3.0));
    }

    #[test]
    fn an_item_still_within_its_window_is_not_judged_yet() {
        let fresh = group("docs", &[(None, None, None)]);
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
