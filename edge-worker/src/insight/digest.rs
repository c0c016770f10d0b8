//! The daily digest cron: yesterday's figures on each site's own clock, as `digest.daily`, once the
//! clock passes the site's digest time (07:30 unless set), to the site-wide endpoints; and a digest
//! of each team's own items to that team's endpoints. Runs every five minutes; a digest's id is its
//! site (and team) and day, so however often (or concurrently) the cron runs, it goes out once.

use feedback_core::delivery::event::{id, Event};
use feedback_core::insight::digest::{Digest, DigestSchedule, LocalDay};
use feedback_core::insight::handling::Handled;
use feedback_core::{Rating, Reason};

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::delivery::webhooks;
use crate::runtime::Now;
use crate::store::deliveries::Audience;
use crate::store::{counts, deliveries, endpoints, sites};

/// One local day of a site: its `(day, rows, urgent)`, its reasons and its urgent items.
struct Day {
    totals: (String, Vec<(String, Rating, u64)>, u64),
    reasons: Vec<(Reason, u64)>,
    handled: Vec<Handled>,
}

async fn day(
    bindings: &Bindings,
    of: (&str, Option<&str>),
    day: &LocalDay,
) -> Result<Day, ApiError> {
    // Answers are counted under the day their site's clock showed: a 23- or 25-hour day is
    // simply that day's answers.
    let rows = counts::day(&bindings.db, of, (&day.day, &day.next_day())).await?;
    let pages = rows.pages;
    let reasons = rows
        .reasons
        .into_iter()
        .filter_map(|c| Some((Reason::parse(&c.key)?, c.votes)))
        .collect();
    Ok(Day {
        totals: (day.day.clone(), pages, rows.feeling.urgent),
        reasons,
        handled: rows.handled,
    })
}

/// Sends every digest that is due at `now` (the cron's scheduled time): to each site with an
/// enabled endpoint whose clock has passed its digest time, for its yesterday, once; and to each
/// of its teams with endpoints of their own, once, counting that team's items.
pub async fn send(bindings: &Bindings, now: &Now) -> Result<u32, ApiError> {
    let mut sent = 0;
    for clock in sites::clocks(&bindings.db).await? {
        // Stored only after feedback-core accepted them; a schedule that no longer parses (a zone
        // removed from the database) falls back to UTC rather than silencing the site.
        let schedule = DigestSchedule::parse(&clock.time_zone, &clock.digest_time)
            .or_else(|_| DigestSchedule::parse("UTC", &clock.digest_time))
            .or_else(|_| DigestSchedule::parse("UTC", "07:30"))
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let Some(days) = schedule.due(now.unix_millis()) else {
            continue;
        };
        let site = clock.id.as_str();
        if send_one(bindings, (site, None), &schedule, &days, now).await? {
            sent += 1;
        }
        for team in endpoints::teams_hearing_events(&bindings.db, site).await? {
            if send_one(bindings, (site, Some(&team)), &schedule, &days, now).await? {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// Sends the digest of a site (or of one of its teams) for `(yesterday, the day before)` unless
/// it went out already; says whether it sent it now.
async fn send_one(
    bindings: &Bindings,
    (site, team): (&str, Option<&str>),
    schedule: &DigestSchedule,
    (yesterday, before): &(LocalDay, LocalDay),
    now: &Now,
) -> Result<bool, ApiError> {
    let event_id = match team {
        Some(team) => id::team_digest(site, team, &yesterday.day),
        None => id::digest(site, &yesterday.day),
    };
    if deliveries::event_recorded(&bindings.db, &event_id).await? {
        return Ok(false);
    }
    let (y, b) = (
        day(bindings, (site, team), yesterday).await?,
        day(bindings, (site, team), before).await?,
    );
    let (yt, bt) = (y.totals, b.totals);
    let mut digest = Digest::build(site, (&yt.0, yt.1, yt.2), (&bt.0, bt.1, bt.2));
    if let Some(team) = team {
        digest = digest.for_team(team);
    }
    let event = Event::Digest(
        digest
            .with_reasons(y.reasons)
            .with_handling(&y.handled, &now.iso)
            .on_clock_of(schedule.time_zone()),
    );
    let audience = match team {
        Some(team) => Audience::Team(site, team),
        None => Audience::Site(site),
    };
    webhooks::announce(bindings, audience, &event_id, &event, &now.iso).await?;
    Ok(true)
}
