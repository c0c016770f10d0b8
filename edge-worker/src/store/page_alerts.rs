//! The `page_alerts` table: when a page last fired `page.alert`, at most once per cooldown.

use feedback_core::intake::urgency::PageAlertRule;
use feedback_core::Polarity;
use worker::{D1Database, D1PreparedStatement};

use super::ratings_json;
use crate::api_error::ApiError;

/// `?1` site, `?2` page, `?3` now, `?4` window start, `?5` negatives needed, `?6` cooldown start,
/// `?7` the alert's event id, `?8` the negative ratings (JSON). Answers given or changed in the
/// window count; the day before the window bounds the seek on the page's time index (an item is
/// changed by its visitor within the day), so the check costs the same on a page with millions. One statement decides, so concurrent negatives cannot fire twice; the
/// request that fires writes its own event id, which is how its deliveries know to follow.
const FIRE: &str = "
INSERT INTO page_alerts (site_id, page, fired_at, event_id)
SELECT ?1, ?2, ?3, ?7
WHERE (SELECT count(*) FROM feedback WHERE site_id = ?1 AND page = ?2 AND rating IN (SELECT value FROM json_each(?8))
       AND spam IS NULL AND created_at >= date(?4, '-1 day') AND updated_at >= ?4) >= ?5
ON CONFLICT (site_id, page) DO UPDATE SET fired_at = excluded.fired_at, event_id = excluded.event_id
  WHERE page_alerts.fired_at < ?6";

/// Fires the page's alert as `event_id` at `now` when its burst crosses `rule` and the cooldown
/// has passed.
pub fn fire(
    db: &D1Database,
    (site, page): (&str, &str),
    rule: PageAlertRule,
    (window, cooldown): (&str, &str),
    event_id: &str,
    now: &str,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(db.prepare(FIRE).bind(&[
        site.into(),
        page.into(),
        now.into(),
        window.into(),
        rule.negatives.into(),
        cooldown.into(),
        event_id.into(),
        ratings_json(Polarity::Negative).into(),
    ])?)
}

/// `?1` site, `?2` since (ISO), `?3` page or NULL: the latest alerts, newest first.
const RECENT: &str = "SELECT page, fired_at FROM page_alerts WHERE site_id = ?1 AND fired_at >= ?2
  AND (?3 IS NULL OR page = ?3) ORDER BY fired_at DESC LIMIT 5";

/// A page's last alert.
#[derive(serde::Deserialize)]
pub struct Fired {
    /// The page.
    pub page: String,
    /// When it last fired (ISO, UTC).
    pub fired_at: String,
}

/// The statement that reads the alerts fired since `since` ([`Fired`] rows), of one page or all.
pub fn recent(
    db: &D1Database,
    site: &str,
    since: &str,
    page: Option<&str>,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(db
        .prepare(RECENT)
        .bind(&[site.into(), since.into(), super::text_or_null(page)])?)
}
