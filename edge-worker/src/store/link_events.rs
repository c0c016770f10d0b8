//! The `link_events` table: what happened to each signed e-mail link, so scanners can be told from
//! people.

use worker::D1Database;

use super::text_or_null;
use crate::api_error::ApiError;

const LOG: &str =
    "INSERT INTO link_events (site_id, message, kind, reason, served, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const TRAPPED: &str = "SELECT COUNT(*) AS n FROM link_events WHERE served = ?1 AND kind = 'trap'";

/// What happened to a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A HEAD request.
    Head,
    /// The landing page was shown.
    View,
    /// The hidden link was followed.
    Trap,
    /// A person confirmed an answer.
    Confirmed,
    /// A confirmation looked like a scanner's.
    SuspectedScanner,
}

impl Kind {
    /// The database name.
    const fn as_str(self) -> &'static str {
        match self {
            Self::Head => "head",
            Self::View => "view",
            Self::Trap => "trap",
            Self::Confirmed => "confirmed",
            Self::SuspectedScanner => "suspected_scanner",
        }
    }
}

/// One event of a link.
pub struct Event<'a> {
    /// The link's site.
    pub site: &'a str,
    /// The link's message.
    pub message: &'a str,
    /// What happened.
    pub kind: Kind,
    /// Why, for suspected scanners and traps.
    pub reason: Option<&'a str>,
    /// The landing page view it belongs to.
    pub served: Option<&'a str>,
}

/// Records one event of a link at `now`.
pub async fn record(db: &D1Database, event: &Event<'_>, now: &str) -> Result<(), ApiError> {
    db.prepare(LOG)
        .bind(&[
            event.site.into(),
            event.message.into(),
            event.kind.as_str().into(),
            text_or_null(event.reason),
            text_or_null(event.served),
            now.into(),
        ])?
        .run()
        .await?;
    Ok(())
}

#[derive(serde::Deserialize)]
struct N {
    n: u64,
}

/// Whether the hidden link of the landing page view `served` was followed.
pub async fn trapped(db: &D1Database, served: &str) -> Result<bool, ApiError> {
    let row: Option<N> = db
        .prepare(TRAPPED)
        .bind(&[served.into()])?
        .first(None)
        .await?;
    Ok(row.is_some_and(|r| r.n > 0))
}
