//! When a delivery is tried again, and what a receiver's answer means: the delivery policy, beside
//! its schedule. The worker records what this module decides; it decides nothing itself.

use serde::{Deserialize, Serialize};

/// Where one event stands for one endpoint in the delivery log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its first or next attempt.
    #[default]
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed; waits for a replay.
    Dead,
    /// The endpoint is disabled (410 Gone, or by the operator).
    Disabled,
}

impl DeliveryStatus {
    /// Every status, in the order an event moves through them.
    pub const ALL: [Self; 4] = [Self::Pending, Self::Delivered, Self::Dead, Self::Disabled];

    /// The wire and database name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Dead => "dead",
            Self::Disabled => "disabled",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The names, for a message that lists them: `pending, delivered, dead or disabled`.
    pub fn listed() -> String {
        let names = Self::ALL.map(Self::as_str);
        format!(
            "{} or {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        )
    }
}

/// Seconds to wait before delivery attempt `attempt + 1` (`attempt` counts from 1), scaled by
/// `unit` seconds (60 in production; tests shorten it); `None` when it is time to give up. The full
/// schedule spans more than 24 hours of units of a minute: 1, 2, 5, 10, 30, 60, 120, 240, 480, 480, 480.
/// `jitter` (0.0..1.0) adds up to a fifth so that endpoints recovering at once are not hit in step.
pub fn delivery_delay(attempt: u32, unit: u32, jitter: f64) -> Option<u32> {
    const MINUTES: [u32; 11] = [1, 2, 5, 10, 30, 60, 120, 240, 480, 480, 480];
    let minutes = *MINUTES.get(usize::try_from(attempt).ok()?.checked_sub(1)?)?;
    let base = minutes.saturating_mul(unit);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let extra = (f64::from(base) * 0.2 * jitter.clamp(0.0, 1.0)) as u32;
    Some(base + extra)
}

/// The last attempt: after it, the event goes to the dead-letter queue.
pub const MAX_ATTEMPTS: u32 = 12;

/// The longest delay a Queue message may be given (Cloudflare Queues' cap: 12 hours).
pub const MAX_DELAY_SECONDS: u32 = 43_200;

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The receiver's HTTP status; `None` when it never answered (DNS, TLS, connection, timeout).
    pub status: Option<u16>,
    /// What went wrong, when something did.
    pub error: Option<String>,
    /// The receiver's `Retry-After`, in seconds.
    pub retry_after: Option<u32>,
}

/// What the delivery log and the queue do after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// 2xx: done.
    Delivered,
    /// 410 Gone: the receiver asks for no more; the endpoint is disabled, with this reason.
    DisableEndpoint {
        /// Why, for the operator.
        reason: String,
    },
    /// Try again after this many seconds (the schedule, at least the receiver's `Retry-After`,
    /// at most a Queue's cap).
    RetryAfter(u32),
    /// No attempts left: dead-lettered, waiting for a replay.
    GiveUp,
}

impl Next {
    /// The status the delivery log records for this step.
    pub const fn status(&self) -> DeliveryStatus {
        match self {
            Self::Delivered => DeliveryStatus::Delivered,
            Self::DisableEndpoint { .. } => DeliveryStatus::Disabled,
            Self::RetryAfter(_) => DeliveryStatus::Pending,
            Self::GiveUp => DeliveryStatus::Dead,
        }
    }
}

/// The operator's retry settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Seconds per "minute" of the schedule.
    pub unit: u32,
    /// Attempts before giving up (at most [`MAX_ATTEMPTS`]).
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            unit: 60,
            max_attempts: MAX_ATTEMPTS,
        }
    }
}

impl RetryPolicy {
    /// What follows attempt number `attempts` (counting from 1) that came to `attempt`, at `now`
    /// (named in a 410's reason); `jitter` in 0.0..1.0 spreads retries.
    pub fn next(&self, attempts: u32, attempt: &Attempt, now_iso: &str, jitter: f64) -> Next {
        match attempt.status {
            Some(200..=299) => Next::Delivered,
            Some(410) => Next::DisableEndpoint {
                reason: format!("the receiver answered 410 Gone at {now_iso}"),
            },
            _ => {
                let delay = (attempts < self.max_attempts)
                    .then(|| delivery_delay(attempts, self.unit, jitter))
                    .flatten();
                match delay {
                    // A receiver's Retry-After is honoured, within a Queue's delay cap.
                    Some(delay) => Next::RetryAfter(
                        delay
                            .max(attempt.retry_after.unwrap_or(0))
                            .min(MAX_DELAY_SECONDS),
                    ),
                    None => Next::GiveUp,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(status: Option<u16>, retry_after: Option<u32>) -> Attempt {
        Attempt {
            status,
            error: None,
            retry_after,
        }
    }

    #[test]
    fn retries_span_more_than_a_day_then_stop() {
        let total: u32 = (1..MAX_ATTEMPTS)
            .map(|a| delivery_delay(a, 60, 0.0).unwrap())
            .sum();
        assert!(total > 24 * 3600, "{total} s");
        assert_eq!(delivery_delay(MAX_ATTEMPTS, 60, 0.0), None);
        assert_eq!(delivery_delay(0, 60, 0.0), None);
        assert_eq!(delivery_delay(1, 60, 1.0), Some(72));
        assert_eq!(delivery_delay(2, 1, 0.0), Some(2));
    }

    #[test]
    fn a_2xx_delivers_and_a_410_disables() {
        let policy = RetryPolicy::default();
        for status in [200, 202, 204, 299] {
            assert_eq!(
                policy.next(1, &answered(Some(status), None), "t", 0.0),
                Next::Delivered
            );
        }
        let next = policy.next(3, &answered(Some(410), None), "2026-12-04T10:00:00Z", 0.0);
        assert_eq!(
            next,
            Next::DisableEndpoint {
                reason: "the receiver answered 410 Gone at 2026-12-04T10:00:00Z".into()
            }
        );
        assert_eq!(next.status(), DeliveryStatus::Disabled);
    }

    #[test]
    fn failures_follow_the_schedule_honour_retry_after_within_the_cap_then_give_up() {
        let policy = RetryPolicy::default();
        for status in [None, Some(500), Some(404), Some(429), Some(301)] {
            assert_eq!(
                policy.next(1, &answered(status, None), "t", 0.0),
                Next::RetryAfter(60),
                "{status:?}"
            );
        }
        assert_eq!(
            policy.next(1, &answered(Some(503), Some(600)), "t", 0.0),
            Next::RetryAfter(600),
            "a longer Retry-After wins"
        );
        assert_eq!(
            policy.next(5, &answered(Some(503), Some(5)), "t", 0.0),
            Next::RetryAfter(30 * 60),
            "a shorter one does not shorten the schedule"
        );
        assert_eq!(
            policy.next(1, &answered(Some(503), Some(999_999)), "t", 0.0),
            Next::RetryAfter(MAX_DELAY_SECONDS)
        );
        assert_eq!(
            policy.next(MAX_ATTEMPTS, &answered(Some(500), None), "t", 0.0),
            Next::GiveUp
        );
        let short = RetryPolicy {
            unit: 1,
            max_attempts: 2,
        };
        assert_eq!(
            short.next(1, &answered(None, None), "t", 0.0),
            Next::RetryAfter(1)
        );
        assert_eq!(short.next(2, &answered(None, None), "t", 0.0), Next::GiveUp);
        assert_eq!(Next::GiveUp.status(), DeliveryStatus::Dead);
    }

    #[test]
    fn statuses_round_trip() {
        for status in DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(DeliveryStatus::parse("sent"), None);
        assert_eq!(
            DeliveryStatus::listed(),
            "pending, delivered, dead or disabled"
        );
    }
}
