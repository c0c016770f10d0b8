//! The worker's bindings and the operator's settings, read once per isolate into one typed struct.

use std::cell::RefCell;
use std::rc::Rc;

use feedback_core::delivery::policy::MAX_ATTEMPTS;
use feedback_core::follow_up::link::{KeyError, LinkKeys};
use feedback_core::Retention;
use wasm_bindgen::JsValue;
use worker::{D1Database, Env, Queue, RateLimiter, Result};

/// Everything a handler may use from the environment.
pub struct Bindings {
    /// The database.
    pub db: D1Database,
    /// Limits one visitor's submissions (`[[ratelimits]] VISITOR_LIMIT`).
    pub visitor_limit: Option<RateLimiter>,
    /// Limits one site's submissions (`[[ratelimits]] SITE_LIMIT`).
    pub site_limit: Option<RateLimiter>,
    /// Deliveries to make (`[[queues.producers]] WEBHOOKS`).
    pub webhooks: Option<Queue>,
    /// Deliveries that gave up (`WEBHOOKS_DEAD`).
    pub webhooks_dead: Option<Queue>,
    /// Where accepted submissions go first: `Some` when `WRITE_PATH = "queued"` and the `INGEST`
    /// queue is bound (see `queued.rs`); `None` writes each to D1 before answering (the default).
    pub ingest: Option<Queue>,
    /// The operator's settings.
    pub settings: Settings,
}

/// The operator's settings (`[vars]` and secrets).
pub struct Settings {
    /// The operator's secret for `/v1/admin/*`; `None` turns the admin API off.
    pub admin_token: Option<String>,
    /// How long data is kept.
    pub retention: Retention,
    /// Seconds per "minute" of the retry schedule: 60, or less in tests (`WEBHOOK_RETRY_UNIT_SECONDS`).
    pub webhook_retry_unit: u32,
    /// Seconds per hour of the teams' escalation: 3600, or less in tests (`ESCALATION_HOUR_SECONDS`).
    pub escalation_hour_seconds: i64,
    /// Attempts before an event is dead-lettered (`WEBHOOK_MAX_ATTEMPTS`, at most the schedule's).
    pub webhook_max_attempts: u32,
    /// Whether endpoints may be http or on loopback (`WEBHOOK_ALLOW_LOCAL`, local development only).
    pub webhook_allow_local: bool,
    /// The keys that sign e-mail links (`EMAIL_LINK_KEYS`: `id:secret,…`, newest first), as set;
    /// parsed by [`Bindings::link_keys`] only where links are made or opened, not on every request.
    link_keys: Option<String>,
    /// How a submission reaches D1 (`WRITE_PATH`).
    pub write_path: WritePath,
    /// Test only (`TEST_FAIL_DELIVERY_WRITE = "once"`): the first write with deliveries in this
    /// isolate fails as a whole, so a story can watch a write fail halfway. Off in wrangler.toml.
    fail_delivery_write_once: bool,
    /// Test only (`TEST_PANIC_ON_COMMENT`): a submission with exactly this comment panics, so a
    /// story can watch the worker rebuild its Wasm instance and answer the next request. Unset in
    /// wrangler.toml.
    pub panic_on_comment: Option<String>,
    /// Seconds between the open dashboard's refreshes (`DASHBOARD_REFRESH_SECONDS`, 2 to 300).
    pub dashboard_refresh_seconds: u32,
}

/// How a submission reaches D1 (`WRITE_PATH`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WritePath {
    /// Written before the answer, together with the answers arriving alongside it in one D1
    /// batch (the default, see `group_commit.rs`).
    Grouped,
    /// Written before the answer in a batch of its own (`"direct"`).
    Direct,
    /// Answered once on the `INGEST` queue, written by its consumer (`"queued"`, see `queued.rs`).
    Queued,
}

fn text(env: &Env, name: &str) -> Option<String> {
    env.secret(name)
        .map(|s| s.to_string())
        .ok()
        .filter(|s| !s.is_empty())
}

impl Settings {
    /// Parses the settings from the environment.
    fn read(env: &Env) -> Self {
        Self {
            admin_token: text(env, "ADMIN_TOKEN"),
            retention: Retention::from_settings(
                text(env, "RETENTION_CONTACT_DAYS").as_deref(),
                text(env, "RETENTION_ITEM_DAYS").as_deref(),
            ),
            webhook_retry_unit: text(env, "WEBHOOK_RETRY_UNIT_SECONDS")
                .and_then(|s| s.parse().ok())
                .unwrap_or(60),
            escalation_hour_seconds: text(env, "ESCALATION_HOUR_SECONDS")
                .and_then(|s| s.parse().ok())
                .filter(|s: &i64| *s > 0)
                .unwrap_or(3600),
            webhook_max_attempts: text(env, "WEBHOOK_MAX_ATTEMPTS")
                .and_then(|s| s.parse().ok())
                .map_or(MAX_ATTEMPTS, |n: u32| n.clamp(1, MAX_ATTEMPTS)),
            webhook_allow_local: text(env, "WEBHOOK_ALLOW_LOCAL").as_deref() == Some("true"),
            link_keys: text(env, "EMAIL_LINK_KEYS"),
            write_path: match text(env, "WRITE_PATH").as_deref() {
                Some("queued") => WritePath::Queued,
                Some("direct") => WritePath::Direct,
                _ => WritePath::Grouped,
            },
            fail_delivery_write_once: text(env, "TEST_FAIL_DELIVERY_WRITE").as_deref()
                == Some("once"),
            panic_on_comment: text(env, "TEST_PANIC_ON_COMMENT"),
            dashboard_refresh_seconds: text(env, "DASHBOARD_REFRESH_SECONDS")
                .and_then(|s| s.parse().ok())
                .map_or(15, |n: u32| n.clamp(2, 300)),
        }
    }
}

thread_local! {
    /// The bindings read from the environment object the runtime passed last, with that object.
    static READ: RefCell<Option<(JsValue, Rc<Bindings>)>> = const { RefCell::new(None) };
}

impl Bindings {
    /// The bindings of `env`: read once and kept while the runtime passes the same environment
    /// object (it passes one per isolate). A deployment's bindings and settings cannot change
    /// under a running isolate — a new value is a new version, with new isolates — and reading
    /// them on every request cost the collector about 7 % of its CPU under load
    /// (`bench/worker_profile.mjs`). Only the database is required.
    pub fn read(env: &Env) -> Result<Rc<Self>> {
        let object: &JsValue = env.as_ref();
        let kept = READ.with_borrow(|read| {
            read.as_ref()
                .filter(|(from, _)| from == object)
                .map(|(_, bindings)| Rc::clone(bindings))
        });
        if let Some(bindings) = kept {
            return Ok(bindings);
        }
        let bindings = Rc::new(Self::read_fresh(env)?);
        READ.set(Some((object.clone(), Rc::clone(&bindings))));
        Ok(bindings)
    }

    fn read_fresh(env: &Env) -> Result<Self> {
        let settings = Settings::read(env);
        Ok(Self {
            db: env.d1("DB")?,
            visitor_limit: env.rate_limiter("VISITOR_LIMIT").ok(),
            site_limit: env.rate_limiter("SITE_LIMIT").ok(),
            webhooks: env.queue("WEBHOOKS").ok(),
            webhooks_dead: env.queue("WEBHOOKS_DEAD").ok(),
            ingest: (settings.write_path == WritePath::Queued)
                .then(|| env.queue("INGEST").ok())
                .flatten(),
            settings,
        })
    }
}

thread_local! {
    /// Whether the test switch has failed its one write in this isolate.
    static FAILED_ONCE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Bindings {
    /// Whether this write's deliveries must fail (the test switch, once per isolate).
    pub fn fail_delivery_write(&self) -> bool {
        self.settings.fail_delivery_write_once && !FAILED_ONCE.replace(true)
    }

    /// The e-mail link keys, or why they cannot be used.
    pub fn link_keys(&self) -> std::result::Result<LinkKeys, KeyError> {
        LinkKeys::parse(self.settings.link_keys.as_deref().unwrap_or_default())
    }
}
