//! When to fetch a source again: its interval, spread by jitter, and backoff after failures.
//!
//! Sources added together with the same interval would otherwise be fetched in the same
//! second forever after, and sources that fail together (their host is down) would retry
//! together. [`Pacing`] spreads both with a [`RandomSource`], which tests seed so that
//! every draw is known.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The wait after the first failure in a row.
pub const FIRST_BACKOFF: Duration = Duration::from_mins(15);

/// The longest wait after failures, and the longest `Retry-After` honoured.
pub const LONGEST_BACKOFF: Duration = Duration::from_hours(24);

/// How long to wait before fetching a source again.
#[derive(Debug)]
pub struct Pacing {
    random: RandomSource,
}

impl Pacing {
    /// Pacing that draws its jitter from `random`.
    pub fn new(random: RandomSource) -> Self {
        Self { random }
    }

    /// The wait before the next attempt after `failures` failures in a row.
    ///
    /// [`FIRST_BACKOFF`] after the first, doubling with each failure up to
    /// [`LONGEST_BACKOFF`]; each wait is drawn between three quarters of that and all of
    /// it, so that sources failing together do not retry together. It is never shorter
    /// than `retry_after`, the wait the server asked for, honoured up to
    /// [`LONGEST_BACKOFF`]. With no failure and no `retry_after` there is nothing to
    /// wait for: the result is zero and the source's own interval applies.
    pub fn next_attempt_after(&self, failures: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = if failures == 0 {
            Duration::ZERO
        } else {
            let doubled = 1_u32
                .checked_shl(failures - 1)
                .map_or(LONGEST_BACKOFF, |factor| {
                    FIRST_BACKOFF.saturating_mul(factor)
                });
            doubled
                .min(LONGEST_BACKOFF)
                .mul_f64(0.75 + 0.25 * self.random.next_fraction())
        };
        let asked = retry_after.map_or(Duration::ZERO, |wait| wait.min(LONGEST_BACKOFF));
        backoff.max(asked)
    }

    /// A source's polling `interval`, moved by up to a tenth either way, so that sources
    /// with the same interval drift apart.
    pub fn jittered(&self, interval: Duration) -> Duration {
        interval.mul_f64(0.9 + 0.2 * self.random.next_fraction())
    }
}

/// Random numbers for jitter: fast, shared between threads, not for secrets.
///
/// A SplitMix64 sequence: [`seeded`](Self::seeded) gives the same numbers every time,
/// [`from_entropy`](Self::from_entropy) starts from the operating system's randomness.
#[derive(Debug)]
pub struct RandomSource {
    state: AtomicU64,
}

impl RandomSource {
    /// A sequence that starts from the operating system's randomness (the clock, should
    /// that fail).
    pub fn from_entropy() -> Self {
        let seed = getrandom::u64().unwrap_or_else(|_| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| since.as_secs() ^ u64::from(since.subsec_nanos()))
        });
        Self::seeded(seed)
    }

    /// The same sequence for the same `seed`.
    pub fn seeded(seed: u64) -> Self {
        Self {
            state: AtomicU64::new(seed),
        }
    }

    fn next_u64(&self) -> u64 {
        const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut mixed = self
            .state
            .fetch_add(GOLDEN_GAMMA, Ordering::Relaxed)
            .wrapping_add(GOLDEN_GAMMA);
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        mixed ^ (mixed >> 31)
    }

    /// A number in `[0, 1)`.
    #[expect(
        clippy::cast_precision_loss,
        reason = "53 bits fit an f64's mantissa exactly"
    )]
    fn next_fraction(&self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_mins(1);
    const HOUR: Duration = Duration::from_hours(1);

    fn pacing() -> Pacing {
        Pacing::new(RandomSource::seeded(5))
    }

    #[test]
    fn a_seed_gives_the_same_waits_every_time() {
        let first: Vec<Duration> = (1..10)
            .map(|n| pacing().next_attempt_after(n, None))
            .collect();
        let again: Vec<Duration> = (1..10)
            .map(|n| pacing().next_attempt_after(n, None))
            .collect();
        assert_eq!(first, again);
        let other = Pacing::new(RandomSource::seeded(6));
        assert_ne!(pacing().jittered(HOUR), other.jittered(HOUR));
    }

    #[test]
    fn the_wait_doubles_from_fifteen_minutes_within_a_quarter_below() {
        let pacing = pacing();
        let mut full = 15 * MINUTE;
        for failures in 1..=7 {
            for _ in 0..200 {
                let wait = pacing.next_attempt_after(failures, None);
                assert!(wait <= full && wait >= full * 3 / 4, "{failures}: {wait:?}");
            }
            full *= 2;
        }
    }

    #[test]
    fn the_wait_stops_growing_at_a_day_however_many_failures() {
        let pacing = pacing();
        for failures in [8, 9, 20, 32, 33, 64, u32::MAX] {
            let wait = pacing.next_attempt_after(failures, None);
            assert!(
                wait <= 24 * HOUR && wait >= 18 * HOUR,
                "{failures}: {wait:?}"
            );
        }
    }

    #[test]
    fn the_wait_is_spread_rather_than_fixed() {
        let pacing = pacing();
        let waits: std::collections::HashSet<Duration> = (0..50)
            .map(|_| pacing.next_attempt_after(3, None))
            .collect();
        assert!(waits.len() > 40, "{} distinct waits", waits.len());
    }

    #[test]
    fn the_server_s_retry_after_is_honoured_up_to_a_day() {
        let pacing = pacing();
        assert_eq!(pacing.next_attempt_after(0, Some(2 * HOUR)), 2 * HOUR);
        assert_eq!(pacing.next_attempt_after(1, Some(2 * HOUR)), 2 * HOUR);
        assert_eq!(pacing.next_attempt_after(0, Some(400 * HOUR)), 24 * HOUR);
        let short = pacing.next_attempt_after(3, Some(MINUTE));
        assert!(
            short >= 45 * MINUTE,
            "a short Retry-After does not cut the backoff"
        );
    }

    #[test]
    fn no_failure_and_no_request_means_no_wait() {
        assert_eq!(pacing().next_attempt_after(0, None), Duration::ZERO);
    }

    #[test]
    fn intervals_move_by_at_most_a_tenth() {
        let pacing = pacing();
        let drawn: Vec<Duration> = (0..500).map(|_| pacing.jittered(HOUR)).collect();
        assert!(
            drawn
                .iter()
                .all(|wait| *wait >= 54 * MINUTE && *wait <= 66 * MINUTE)
        );
        assert!(drawn.iter().any(|wait| *wait < 57 * MINUTE));
        assert!(drawn.iter().any(|wait| *wait > 63 * MINUTE));
        assert_eq!(pacing.jittered(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn fractions_stay_below_one() {
        let random = RandomSource::seeded(u64::MAX);
        assert!(
            (0..10_000)
                .map(|_| random.next_fraction())
                .all(|x| (0.0..1.0).contains(&x))
        );
    }
}
