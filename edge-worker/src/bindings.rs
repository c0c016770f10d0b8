//! The worker's bindings, read once per request into one typed struct.

use feedback_core::Retention;
use worker::{D1Database, Env, RateLimiter, Result};

/// Everything a handler may use from the environment.
pub struct Bindings {
    /// The database.
    pub db: D1Database,
    /// The operator's secret for `/v1/admin/*`; `None` turns the admin API off.
    pub admin_token: Option<String>,
    /// Limits one visitor's submissions (`[[ratelimits]] VISITOR_LIMIT`).
    pub visitor_limit: Option<RateLimiter>,
    /// Limits one site's submissions (`[[ratelimits]] SITE_LIMIT`).
    pub site_limit: Option<RateLimiter>,
    /// How long data is kept.
    pub retention: Retention,
}

fn text(env: &Env, name: &str) -> Option<String> {
    env.secret(name)
        .map(|s| s.to_string())
        .ok()
        .filter(|s| !s.is_empty())
}

impl Bindings {
    /// Reads the bindings; only the database is required.
    pub fn read(env: &Env) -> Result<Self> {
        Ok(Self {
            db: env.d1("DB")?,
            admin_token: text(env, "ADMIN_TOKEN"),
            visitor_limit: env.rate_limiter("VISITOR_LIMIT").ok(),
            site_limit: env.rate_limiter("SITE_LIMIT").ok(),
            retention: Retention::from_settings(
                text(env, "RETENTION_CONTACT_DAYS").as_deref(),
                text(env, "RETENTION_ITEM_DAYS").as_deref(),
            ),
        })
    }
}
