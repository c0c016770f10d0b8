//! Early warning: a burst of negatives on one page fires one `page.alert` per cooldown.

use feedback_core::delivery::webhook::EventType;
use feedback_core::intake::urgency::PageAlertRule;
use feedback_core::{Polarity, Rating};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::runtime::{random_uuid, Now};
use crate::webhooks;

/// `?1` site, `?2` page, `?3` now, `?4` window start, `?5` negatives needed, `?6` cooldown start.
/// One statement decides, so concurrent negatives cannot fire twice. `{negative}` is the SQL list of
/// negative ratings.
const FIRE: &str = "
INSERT INTO page_alerts (site_id, page, fired_at)
SELECT ?1, ?2, ?3
WHERE (SELECT count(*) FROM feedback WHERE site_id = ?1 AND page = ?2 AND rating IN ({negative})
       AND spam IS NULL AND updated_at >= ?4) >= ?5
ON CONFLICT (site_id, page) DO UPDATE SET fired_at = excluded.fired_at
  WHERE page_alerts.fired_at < ?6
RETURNING fired_at";
const RECENT: &str = "
SELECT rating, comment, updated_at FROM feedback
WHERE site_id = ?1 AND page = ?2 AND rating IN ({negative}) AND spam IS NULL AND updated_at >= ?3
ORDER BY updated_at DESC";

/// The negative ratings as an SQL list, from `feedback-core`'s scale.
fn negative_list() -> String {
    Rating::ALL
        .iter()
        .filter(|r| r.polarity() == Polarity::Negative)
        .map(|r| format!("'{}'", r.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn iso(millis: f64) -> String {
    js_sys::Date::new(&JsValue::from_f64(millis))
        .to_iso_string()
        .into()
}

#[derive(Deserialize)]
struct Recent {
    rating: String,
    comment: Option<String>,
    updated_at: String,
}

#[derive(Serialize)]
struct BurstComment {
    rating: String,
    comment: String,
    at: String,
}

/// The `data` of a `page.alert` event.
#[derive(Serialize)]
struct PageAlert<'a> {
    site: &'a str,
    page: &'a str,
    negatives: usize,
    window_minutes: u32,
    since: String,
    /// Up to ten of the burst's comments, newest first.
    recent_comments: Vec<BurstComment>,
}

/// Called after a negative answer is stored: fires `page.alert` when the page's burst crosses the rule.
pub async fn check(
    bindings: &Bindings,
    rule: PageAlertRule,
    site: &str,
    page: &str,
    now: &Now,
) -> Result<(), ApiError> {
    if !rule.enabled() {
        return Ok(());
    }
    let (window, cooldown) = rule.since(now.millis);
    let (window, cooldown) = (iso(window), iso(cooldown));
    let negative = negative_list();
    let fired: Option<serde_json::Value> = bindings
        .db
        .prepare(FIRE.replace("{negative}", &negative))
        .bind(&[
            site.into(),
            page.into(),
            now.iso.as_str().into(),
            window.as_str().into(),
            rule.negatives.into(),
            cooldown.as_str().into(),
        ])?
        .first(None)
        .await?;
    if fired.is_none() {
        return Ok(());
    }
    let recent: Vec<Recent> = bindings
        .db
        .prepare(RECENT.replace("{negative}", &negative))
        .bind(&[site.into(), page.into(), window.as_str().into()])?
        .all()
        .await?
        .results()?;
    let alert = PageAlert {
        site,
        page,
        negatives: recent.len(),
        window_minutes: rule.window_minutes,
        since: window,
        recent_comments: recent
            .into_iter()
            .filter_map(|r| {
                Some(BurstComment {
                    comment: r.comment?,
                    rating: r.rating,
                    at: r.updated_at,
                })
            })
            .take(10)
            .collect(),
    };
    let event_id = format!("msg_alert_{}", random_uuid().replace('-', ""));
    webhooks::announce(
        bindings,
        site,
        EventType::PageAlert,
        &event_id,
        &alert,
        &now.iso,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use feedback_core::delivery::webhook::{slack_text, Envelope};

    /// The body of `page.alert`, pinned before the payload moved into `feedback-core`.
    #[test]
    fn the_page_alert_body_is_pinned() {
        let data = PageAlert {
            site: "demo",
            page: "https://docs.example.com/export",
            negatives: 3,
            window_minutes: 60,
            since: "2026-12-04T09:00:00.000Z".into(),
            recent_comments: vec![
                BurstComment {
                    rating: "down".into(),
                    comment: "Export fails with \"error 500\"".into(),
                    at: "2026-12-04T09:58:00.000Z".into(),
                },
                BurstComment {
                    rating: "sad".into(),
                    comment: "Still broken".into(),
                    at: "2026-12-04T09:30:00.000Z".into(),
                },
            ],
        };
        let body = serde_json::to_string(&Envelope {
            kind: EventType::PageAlert,
            timestamp: "2026-12-04T10:00:00.000Z",
            data,
        })
        .unwrap();
        let golden = include_str!("../../feedback-core/golden/page.alert.json");
        assert_eq!(body, golden.trim_end());
        let slack = include_str!("../../feedback-core/golden/page.alert.slack.txt");
        assert_eq!(slack_text(&body), slack.trim_end());
    }
}
