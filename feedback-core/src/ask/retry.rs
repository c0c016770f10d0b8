//! When the widget tries again to deliver what a visitor sent.

/// What to do with an unsent item after one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Stored (or already stored): forget it.
    Delivered,
    /// Try again after this many milliseconds.
    RetryAfter(u64),
    /// The collector refused it for good (invalid, unknown site, not allowed): keep it no longer.
    Refused,
}

/// The first retry's delay; each later one doubles it.
pub const FIRST_DELAY_MS: u64 = 1_000;
/// The longest wait between two attempts.
pub const MAX_DELAY_MS: u64 = 5 * 60 * 1_000;
/// How long an unsent item is kept before it is given up, in milliseconds (a week).
pub const KEEP_MS: u64 = 7 * 24 * 60 * 60 * 1_000;

/// The delay before attempt `attempt + 1` (`attempt` counts from 1): exponential, capped, and spread
/// by `jitter` (0.0..1.0, random) over its upper half so that many visitors do not retry in step.
pub fn backoff_ms(attempt: u32, jitter: f64) -> u64 {
    let exponent = attempt.saturating_sub(1).min(20);
    let full = FIRST_DELAY_MS
        .saturating_mul(1 << exponent)
        .min(MAX_DELAY_MS);
    let jitter = jitter.clamp(0.0, 1.0);
    // Truncation is fine: these are milliseconds.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let spread = (full as f64 * 0.5 * jitter) as u64;
    full / 2 + spread
}

/// What an HTTP answer means for an item; `status` 0 is a network failure. `retry_after` is the
/// answer's `Retry-After` in seconds, when it gave one.
pub fn after(status: u16, attempt: u32, jitter: f64, retry_after: Option<u64>) -> Next {
    match status {
        200..=299 => Next::Delivered,
        // Timeouts, rate limits and server trouble pass; anything else in 4xx will not change.
        0 | 408 | 425 | 429 | 500..=599 => {
            let own = backoff_ms(attempt, jitter);
            let asked = retry_after.map_or(0, |s| s.saturating_mul(1_000).min(MAX_DELAY_MS));
            Next::RetryAfter(own.max(asked))
        }
        _ => Next::Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_stay_capped_and_spread() {
        assert_eq!(backoff_ms(1, 0.0), 500);
        assert_eq!(backoff_ms(1, 1.0), 1_000);
        assert_eq!(backoff_ms(2, 1.0), 2_000);
        assert_eq!(backoff_ms(3, 0.5), 3_000);
        assert_eq!(backoff_ms(40, 1.0), MAX_DELAY_MS);
        assert!(backoff_ms(40, 0.0) >= MAX_DELAY_MS / 2);
        assert_eq!(backoff_ms(2, 7.0), backoff_ms(2, 1.0));
    }

    #[test]
    fn answers_decide_between_done_again_and_never() {
        assert_eq!(after(201, 1, 0.0, None), Next::Delivered);
        assert_eq!(after(200, 3, 0.0, None), Next::Delivered);
        assert_eq!(after(0, 1, 1.0, None), Next::RetryAfter(1_000));
        assert_eq!(after(503, 2, 1.0, None), Next::RetryAfter(2_000));
        assert_eq!(after(429, 1, 1.0, Some(30)), Next::RetryAfter(30_000));
        assert_eq!(
            after(429, 1, 1.0, Some(99_999)),
            Next::RetryAfter(MAX_DELAY_MS)
        );
        assert_eq!(after(422, 1, 0.0, None), Next::Refused);
        assert_eq!(after(403, 1, 0.0, None), Next::Refused);
        assert_eq!(after(404, 1, 0.0, None), Next::Refused);
    }
}
