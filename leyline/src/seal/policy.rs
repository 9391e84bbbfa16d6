//! What an authenticated envelope must also be to open: fresh by the
//! consumer's clock, within its delivery attempts, and not a replay.

use std::time::Duration;

use super::clock::{
    duration_nanos, std_duration_nanos, system_time_nanos, timestamp_nanos, timestamp_of,
    SystemWallClock, WallClock,
};
use super::error::SealError;
use super::replay::ReplayGuard;
use crate::contracts::EventEnvelope;

/// The freshness rules and the replay guard that [`open`](super::open)
/// applies once a frame's tag is verified.
///
/// An envelope opens when, by the policy's clock (`now`):
///
/// - `created_at` is set and not later than `now + max_clock_skew`;
/// - `now` is not later than `created_at + ttl`, where `ttl` is the
///   envelope's (or `default_ttl` when it has none), cut to `max_ttl`;
/// - `current_attempt <= max_attempts` (or `default_max_attempts` when the
///   envelope's `max_attempts` is 0, "the bus default");
/// - its `event_id` is a UUID the replay guard has not seen within that
///   window (the guard then remembers it until `created_at + ttl`).
///
/// | setting | default |
/// |---|---|
/// | clock | [`SystemWallClock`] |
/// | `max_clock_skew` | 5 s |
/// | `default_ttl` | 60 s |
/// | `max_ttl` | 300 s |
/// | `default_max_attempts` | 3 |
/// | replay guard capacity | [`ReplayGuard::DEFAULT_CAPACITY`] (100 000) |
///
/// The policy owns the replay guard, so share one policy between the threads
/// of a consumer (`&OpenPolicy` or `Arc<OpenPolicy>`): it is `Sync`.
///
/// ```
/// use std::time::Duration;
/// use leyline::seal::{ManualWallClock, OpenPolicy};
///
/// let clock = ManualWallClock::at(std::time::SystemTime::now());
/// let policy = OpenPolicy::new()
///     .with_clock(clock.clone())
///     .with_max_clock_skew(Duration::from_secs(2))
///     .with_max_ttl(Duration::from_secs(120))
///     .with_replay_capacity(10_000);
/// assert_eq!(policy.max_ttl(), Duration::from_secs(120));
/// assert_eq!(policy.replay_guard().capacity(), 10_000);
/// ```
#[derive(Debug)]
pub struct OpenPolicy<C = SystemWallClock> {
    clock: C,
    max_clock_skew: Duration,
    default_ttl: Duration,
    max_ttl: Duration,
    default_max_attempts: u32,
    replay: ReplayGuard,
}

impl OpenPolicy<SystemWallClock> {
    /// The default policy (see the table above), on the system clock.
    pub fn new() -> Self {
        OpenPolicy {
            clock: SystemWallClock,
            max_clock_skew: Duration::from_secs(5),
            default_ttl: Duration::from_secs(60),
            max_ttl: Duration::from_secs(300),
            default_max_attempts: 3,
            replay: ReplayGuard::default(),
        }
    }
}

impl Default for OpenPolicy<SystemWallClock> {
    fn default() -> Self {
        OpenPolicy::new()
    }
}

impl<C: WallClock> OpenPolicy<C> {
    /// The same policy on another clock.
    pub fn with_clock<D: WallClock>(self, clock: D) -> OpenPolicy<D> {
        OpenPolicy {
            clock,
            max_clock_skew: self.max_clock_skew,
            default_ttl: self.default_ttl,
            max_ttl: self.max_ttl,
            default_max_attempts: self.default_max_attempts,
            replay: self.replay,
        }
    }

    /// How far in the future `created_at` may be (the producers' clocks may
    /// run ahead of the consumer's).
    pub fn with_max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_clock_skew = skew;
        self
    }

    /// The ttl of an envelope that has none.
    pub fn with_default_ttl(mut self, ttl: Duration) -> Self {
        self.default_ttl = ttl;
        self
    }

    /// The longest ttl honoured: a longer one is cut to this. It bounds how
    /// long the replay guard remembers an id.
    pub fn with_max_ttl(mut self, ttl: Duration) -> Self {
        self.max_ttl = ttl;
        self
    }

    /// The attempt limit of an envelope whose `max_attempts` is 0.
    pub fn with_default_max_attempts(mut self, attempts: u32) -> Self {
        self.default_max_attempts = attempts;
        self
    }

    /// A new, empty replay guard of this capacity.
    pub fn with_replay_capacity(mut self, capacity: usize) -> Self {
        self.replay = ReplayGuard::new(capacity);
        self
    }

    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// The allowed clock skew.
    pub fn max_clock_skew(&self) -> Duration {
        self.max_clock_skew
    }

    /// The ttl of an envelope that has none.
    pub fn default_ttl(&self) -> Duration {
        self.default_ttl
    }

    /// The longest ttl honoured.
    pub fn max_ttl(&self) -> Duration {
        self.max_ttl
    }

    /// The attempt limit of an envelope whose `max_attempts` is 0.
    pub fn default_max_attempts(&self) -> u32 {
        self.default_max_attempts
    }

    /// The replay guard.
    pub fn replay_guard(&self) -> &ReplayGuard {
        &self.replay
    }

    /// Checks an authenticated envelope and records its event id.
    pub(crate) fn admit(&self, envelope: &EventEnvelope) -> Result<(), SealError> {
        let created_at = envelope
            .created_at
            .as_ref()
            .map(timestamp_nanos)
            .ok_or(SealError::MissingCreatedAt)?;
        let now = system_time_nanos(self.clock.now());
        if created_at > now.saturating_add(std_duration_nanos(self.max_clock_skew)) {
            return Err(SealError::FromTheFuture {
                created_at: timestamp_of(created_at),
                now: timestamp_of(now),
                max_skew: self.max_clock_skew,
            });
        }
        let ttl = envelope
            .ttl
            .as_ref()
            .map_or(std_duration_nanos(self.default_ttl), duration_nanos)
            .min(std_duration_nanos(self.max_ttl));
        let expires_at = created_at.saturating_add(ttl);
        if now > expires_at {
            return Err(SealError::Expired {
                expired_at: timestamp_of(expires_at),
                now: timestamp_of(now),
            });
        }
        let max_attempts = match envelope.max_attempts {
            0 => self.default_max_attempts,
            n => n,
        };
        if envelope.current_attempt > max_attempts {
            return Err(SealError::AttemptsExhausted {
                current_attempt: envelope.current_attempt,
                max_attempts,
            });
        }
        let event_id = uuid::Uuid::try_parse(&envelope.event_id)
            .map_err(|_| SealError::InvalidEventId)?
            .as_u128();
        self.replay.admit(event_id, expires_at, now)
    }
}
