//! The daily digest cron: yesterday's figures, per site with an endpoint, as `digest.daily`.

use feedback_core::delivery::event::{id, Event};
use feedback_core::insight::digest::Digest;
use feedback_core::insight::query::format_day;
use feedback_core::Rating;
use serde::Deserialize;
use time::Date;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::runtime::Now;
use crate::webhooks;

const SITES: &str = "SELECT DISTINCT site_id FROM endpoints WHERE disabled_reason IS NULL";
const COUNTS: &str = "
SELECT page, rating, count(*) AS n FROM feedback
WHERE site_id = ?1 AND spam IS NULL AND rating IS NOT NULL AND created_at >= ?2 AND created_at < ?3
GROUP BY page, rating";
const URGENT: &str = "
SELECT count(*) AS n FROM feedback
WHERE site_id = ?1 AND spam IS NULL AND urgent IS NOT NULL AND created_at >= ?2 AND created_at < ?3";

#[derive(Deserialize)]
struct SiteRow {
    site_id: String,
}

#[derive(Deserialize)]
struct CountRow {
    page: String,
    rating: String,
    n: u64,
}

#[derive(Deserialize)]
struct Count {
    n: u64,
}

/// One day's `(day, rows, urgent)` for a site.
async fn day(
    bindings: &Bindings,
    site: &str,
    day: Date,
) -> Result<(String, Vec<(String, Rating, u64)>, u64), ApiError> {
    let (from, to) = (format_day(day), format_day(day.next_day().unwrap_or(day)));
    let bind = [site.into(), from.as_str().into(), to.as_str().into()];
    let rows: Vec<CountRow> = bindings
        .db
        .prepare(COUNTS)
        .bind(&bind)?
        .all()
        .await?
        .results()?;
    let urgent: Option<Count> = bindings.db.prepare(URGENT).bind(&bind)?.first(None).await?;
    let rows = rows
        .into_iter()
        .filter_map(|r| Some((r.page, Rating::parse(&r.rating)?, r.n)))
        .collect();
    Ok((from, rows, urgent.map_or(0, |c| c.n)))
}

/// Sends yesterday's digest (UTC) to every site with an enabled endpoint, once per site and day.
pub async fn send(bindings: &Bindings) -> Result<(), ApiError> {
    let now = Now::read();
    let yesterday = now.day.previous_day().unwrap_or(now.day);
    let before = yesterday.previous_day().unwrap_or(yesterday);
    let sites: Vec<SiteRow> = bindings.db.prepare(SITES).all().await?.results()?;
    for SiteRow { site_id } in sites {
        let (y, b) = (
            day(bindings, &site_id, yesterday).await?,
            day(bindings, &site_id, before).await?,
        );
        let digest = Digest::build(&site_id, (&y.0, y.1, y.2), (&b.0, b.1, b.2));
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
