//! Site settings for the hot path, cached per isolate for a short while.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use feedback_core::follow_up::team::Routing;
use feedback_core::insight::digest::SiteClock;
use feedback_core::intake::urgency::UrgencyRules;
use feedback_core::language::Language;
use feedback_core::AllowedOrigins;
use worker::D1Database;

use crate::api_error::ApiError;
use crate::store;

/// How long a cached site is trusted; a change of allowed origins reaches every isolate within it.
const CACHE_MILLIS: f64 = 30_000.0;

/// What a request needs to know about its site.
pub struct Site {
    /// Pages that may send feedback.
    pub allowed_origins: AllowedOrigins,
    /// SHA-256 of the read token.
    pub read_token_hash: String,
    /// Which items are urgent.
    pub urgency: UrgencyRules,
    /// Whether visitors see the site's notes and notices.
    pub public_notes: bool,
    /// The language the site writes its notes in.
    pub language: Language,
    /// Which team gets which items.
    pub routing: Routing,
    /// The site's clock: the day each answer counts on, and the dashboard's today.
    pub clock: SiteClock,
}

thread_local! {
    static CACHE: RefCell<HashMap<String, (f64, Rc<Site>)>> = RefCell::new(HashMap::new());
}

/// Reads a site from D1; `None` when it is not registered.
pub async fn fresh(db: &D1Database, id: &str) -> Result<Option<Site>, ApiError> {
    let row = store::sites::settings(db, id).await?;
    Ok(row.map(|row| Site {
        // The column is written only through AllowedOrigins, so it always reads back.
        allowed_origins: serde_json::from_str(&row.allowed_origins).unwrap_or_default(),
        read_token_hash: row.read_token_hash,
        // Written only from UrgencyRules; missing fields take the defaults.
        urgency: serde_json::from_str(&row.urgency).unwrap_or_default(),
        public_notes: row.public_notes == 1,
        // Written only from Language codes (and CHECKed), so it always reads back.
        language: Language::from_tag(&row.language).unwrap_or(Language::En),
        // Written only from Routing, checked against the site's teams.
        routing: Routing::from_stored(&row.routing),
        clock: SiteClock::of(&row.time_zone),
    }))
}

/// A site for the hot path: from the isolate's cache when recent, else from D1.
pub async fn cached(
    db: &D1Database,
    id: &str,
    now_millis: f64,
) -> Result<Option<Rc<Site>>, ApiError> {
    let hit = CACHE.with_borrow(|cache| {
        cache
            .get(id)
            .filter(|(at, _)| now_millis - at < CACHE_MILLIS)
            .map(|(_, site)| Rc::clone(site))
    });
    if hit.is_some() {
        return Ok(hit);
    }
    let Some(site) = fresh(db, id).await? else {
        return Ok(None);
    };
    let site = Rc::new(site);
    CACHE.with_borrow_mut(|cache| cache.insert(id.to_owned(), (now_millis, Rc::clone(&site))));
    Ok(Some(site))
}

/// Drops a cached site after its settings changed.
pub fn forget(id: &str) {
    CACHE.with_borrow_mut(|cache| cache.remove(id));
}
