//! Writing a valid submission: the item and every delivery it raises in one D1 batch, then what it
//! came to. The direct path and the queue's consumer both write through here.

use feedback_core::intake::decision::decide;
use feedback_core::{Accepted, Outcome, Submission};

use crate::api_error::ApiError;
use crate::bindings::{Bindings, WritePath};
use crate::delivery::webhooks;
use crate::intake::group_commit;
use crate::runtime::{random_uuid, Now};
use crate::sites::Site;
use crate::store::deliveries::Job;
use crate::store::feedback::{self, Stored, Write};

/// Stores a valid submission for `visitor` (mood, urgency, alerts and their deliveries in one D1
/// batch) and answers what happened with the HTTP status it deserves. The widget's submissions and
/// e-mail confirmations both come through here.
pub async fn store(
    bindings: &Bindings,
    site: &Site,
    submission: &Submission,
    visitor: &str,
    now: &Now,
    arrival: group_commit::Arrival,
) -> Result<(Accepted, u16), ApiError> {
    let decision = decide(submission, &site.urgency, &site.routing);
    let new_id = random_uuid();
    let day = site.clock.day_of(now.unix_millis());
    let write = Write {
        submission,
        decision: &decision,
        visitor,
        new_id: &new_id,
        now,
        day: &day,
    };
    let pending = feedback::pending(&bindings.db, &write, || bindings.fail_delivery_write())?;
    let (row, jobs) = if bindings.settings.write_path == WritePath::Grouped {
        group_commit::write(&bindings.db, pending, arrival).await?
    } else {
        drop(arrival);
        feedback::written(bindings.db.batch(pending.statements(&bindings.db)?).await?)?
    };
    settle(bindings, submission, &new_id, row, &jobs, now).await
}

/// What a written submission came to: the outcome (the upsert's row, or `None` when it changed
/// nothing), its deliveries queued, and the HTTP status it deserves.
pub async fn settle(
    bindings: &Bindings,
    submission: &Submission,
    new_id: &str,
    row: Option<Stored>,
    jobs: &[Job],
    now: &Now,
) -> Result<(Accepted, u16), ApiError> {
    let stored = match row {
        Some(stored) => stored,
        None => {
            feedback::by_key(&bindings.db, &submission.site, &submission.idempotency_key)
                .await?
                // Neither stored nor there: the site was deleted between the cache and the insert.
                .ok_or_else(|| ApiError::UnknownSite(submission.site.clone()))?
                .stored
        }
    };
    // Written in the same transaction as the item: if queueing fails, the sweeper queues them.
    if let Err(error) = webhooks::enqueue_all(bindings, jobs).await {
        worker::console_warn!("deliveries stay pending for the sweeper: {error:?}");
    }
    let outcome = Outcome::of(new_id, &stored.id, stored.updated_at == now.iso);
    Ok((
        Accepted {
            id: stored.id,
            outcome,
        },
        outcome.status(),
    ))
}
