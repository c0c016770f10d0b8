//! Escalation, from the five-minute cron: an urgent item that nobody acknowledged within its
//! team's hours goes to the team's escalation endpoints as `feedback.escalated`, once per level and
//! wait, however many cron runs overlap.

use feedback_core::delivery::event::{id, Escalated, Event};
use feedback_core::follow_up::status::seconds_between;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::delivery::webhooks;
use crate::runtime::Now;
use crate::store::{deliveries, teams};

/// Escalates every item whose team has waited long enough; answers how many events were written.
pub async fn run(bindings: &Bindings, now: &Now) -> Result<usize, ApiError> {
    let db = &bindings.db;
    let hour = bindings.settings.escalation_hour_seconds;
    let mut escalated = 0;
    for item in teams::waiting(db, &now.iso, hour).await? {
        let Some(waited) = seconds_between(&item.waiting_since, &now.iso) else {
            continue;
        };
        let since_millis = js_sys::Date::parse(&item.waiting_since);
        #[allow(clippy::cast_possible_truncation)] // milliseconds since 1970
        let since_millis = since_millis as i64;
        let mut statements = Vec::new();
        for level in item
            .escalation()
            .levels_to_announce(item.state(), waited, hour)
        {
            let event = Event::Escalated(Escalated {
                id: item.id.clone(),
                site: item.site_id.clone(),
                page: item.page.clone(),
                team: item.team.clone(),
                level,
                waiting_since: item.waiting_since.clone(),
                waited_minutes: waited / 60,
                owner: item.owner.clone(),
                // Written only from feedback-core's UrgentReason.
                urgent: serde_json::from_str(&item.urgent).unwrap_or_default(),
                comment: item.comment.clone(),
            });
            let event_id = id::escalated(&item.id, level, since_millis);
            statements.extend(teams::escalate(
                db,
                &item,
                level,
                &event_id,
                &event.body(&now.iso),
                &now.iso,
            )?);
            escalated += 1;
        }
        if statements.is_empty() {
            continue;
        }
        // The level and its deliveries in one transaction: both, or neither and the next run tries.
        let jobs = deliveries::jobs(db.batch(statements).await?)?;
        webhooks::enqueue_all(bindings, &jobs).await?;
    }
    Ok(escalated)
}
