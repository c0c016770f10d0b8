//! The daily digest cron: yesterday's figures, per site with an endpoint, as `digest.daily`.

use feedback_core::delivery::event::{id, Event};
use feedback_core::insight::digest::Digest;
use feedback_core::insight::query::format_day;
use feedback_core::{Rating, Reason};
use time::Date;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::delivery::webhooks;
use crate::runtime::Now;
use crate::store::{counts, endpoints};

/// One day's `(day, rows, urgent)` for a site, and its reasons.
async fn day(
    bindings: &Bindings,
    site: &str,
    day: Date,
) -> Result<
    (
        (String, Vec<(String, Rating, u64)>, u64),
        Vec<(Reason, u64)>,
    ),
    ApiError,
> {
    let (rows, feeling, reasons) = counts::day(&bindings.db, site, day).await?;
    let rows = rows
        .into_iter()
        .filter_map(|r| Some((r.page, Rating::parse(&r.rating)?, r.votes)))
        .collect();
    let reasons = reasons
        .into_iter()
        .filter_map(|c| Some((Reason::parse(&c.key)?, c.votes)))
        .collect();
    Ok(((format_day(day), rows, feeling.urgent), reasons))
}

/// Sends yesterday's digest (UTC) to every site with an enabled endpoint, once per site and day.
pub async fn send(bindings: &Bindings) -> Result<(), ApiError> {
    let now = Now::read();
    let yesterday = now.day.previous_day().unwrap_or(now.day);
    let before = yesterday.previous_day().unwrap_or(yesterday);
    for site_id in endpoints::sites_with_endpoints(&bindings.db).await? {
        let ((y, reasons), (b, _)) = (
            day(bindings, &site_id, yesterday).await?,
            day(bindings, &site_id, before).await?,
        );
        let digest =
            Digest::build(&site_id, (&y.0, y.1, y.2), (&b.0, b.1, b.2)).with_reasons(reasons);
        // The same id if the cron runs twice: the delivery log takes it once.
        let event_id = id::digest(&site_id, &y.0);
        webhooks::announce(
            bindings,
            &site_id,
            &event_id,
            &Event::Digest(digest),
            &now.iso,
        )
        .await?;
    }
    Ok(())
}
