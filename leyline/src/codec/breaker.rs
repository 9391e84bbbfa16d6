//! A circuit breaker per message type, around serialization.
//!
//! After [`BreakerConfig::failure_threshold`] consecutive failures (3 by
//! default) to serialize a message type, the breaker for that type opens:
//! every request is rejected at once for [`BreakerConfig::open_for`] (30 s).
//! Then one trial request is let through (half-open); its success closes the
//! breaker, its failure opens it again for another period. Types are
//! independent: a stream of bad `FieldReport`s does not stop `SeedState`s.
//!
//! Time comes from a [`Clock`], so tests drive it with a [`ManualClock`]
//! instead of sleeping. The breaker is shared between threads; while every
//! type is closed with no failures, admitting a request and recording its
//! success cost one atomic load each, without taking the lock.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::ConfigError;

/// A source of monotonic time.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The system's monotonic clock ([`Instant::now`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[inline]
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that moves only when told to; clones share the same time. For tests.
#[derive(Debug, Clone)]
pub struct ManualClock {
    base: Instant,
    offset_ns: Arc<AtomicU64>,
    step_ns: Arc<AtomicU64>,
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}

impl ManualClock {
    /// A clock standing still at an arbitrary instant.
    pub fn new() -> Self {
        ManualClock {
            base: Instant::now(),
            offset_ns: Arc::new(AtomicU64::new(0)),
            step_ns: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        self.offset_ns
            .fetch_add(saturating_nanos(by), Ordering::SeqCst);
    }

    /// Makes every reading move the clock forward by `step` after it is taken
    /// (so that a measured operation appears to take `step`); zero stops it.
    pub fn set_step(&self, step: Duration) {
        self.step_ns.store(saturating_nanos(step), Ordering::SeqCst);
    }
}

fn saturating_nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        let step = self.step_ns.load(Ordering::SeqCst);
        let offset = self.offset_ns.fetch_add(step, Ordering::SeqCst);
        self.base + Duration::from_nanos(offset)
    }
}

/// When a breaker opens and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the breaker (3).
    pub failure_threshold: u32,
    /// How long an open breaker rejects requests before a trial (30 s).
    pub open_for: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            failure_threshold: 3,
            open_for: Duration::from_secs(30),
        }
    }
}

impl BreakerConfig {
    /// The longest open period allowed: a day. (A longer one is a mistake for
    /// a breaker that is meant to let a trial through, and far enough past it
    /// an `Instant` cannot hold the end of the period.)
    pub const MAX_OPEN_FOR: Duration = Duration::from_secs(24 * 60 * 60);

    /// Checks both values: `failure_threshold` at least 1, `open_for` at most
    /// [`BreakerConfig::MAX_OPEN_FOR`].
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.failure_threshold == 0 {
            return Err(ConfigError::Invalid {
                key: "breaker.failure_threshold",
                message: "0 is out of range: at least 1 failure opens the breaker".into(),
            });
        }
        if self.open_for > Self::MAX_OPEN_FOR {
            return Err(ConfigError::Invalid {
                key: "breaker.open_for",
                message: format!(
                    "{:?} is out of range: at most {:?} (a day)",
                    self.open_for,
                    Self::MAX_OPEN_FOR
                ),
            });
        }
        Ok(())
    }
}

/// The state of the breaker of one message type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Requests pass; `consecutive_failures` failures in a row so far.
    Closed {
        /// Failures since the last success.
        consecutive_failures: u32,
    },
    /// Requests are rejected until `until`.
    Open {
        /// When the trial request will be let through.
        until: Instant,
    },
    /// The trial request is in flight; others are rejected until it ends.
    HalfOpen,
}

impl BreakerState {
    const CLEAN: BreakerState = BreakerState::Closed {
        consecutive_failures: 0,
    };
}

/// A request the breaker rejected: when to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected {
    /// Time left until the trial request (zero while a trial is in flight).
    pub retry_in: Duration,
}

/// Circuit breakers for every message type, keyed by its full proto name.
#[derive(Debug)]
pub struct CircuitBreaker<C: Clock = SystemClock> {
    clock: C,
    config: BreakerConfig,
    /// How many types are in a state other than closed-without-failures.
    dirty: AtomicUsize,
    states: Mutex<HashMap<&'static str, BreakerState>>,
}

impl Default for CircuitBreaker<SystemClock> {
    fn default() -> Self {
        CircuitBreaker::new(BreakerConfig::default(), SystemClock)
    }
}

impl<C: Clock> CircuitBreaker<C> {
    /// Breakers with this configuration and clock. A configuration that
    /// [`BreakerConfig::validate`] refuses is brought into range (a threshold
    /// of 0 acts as 1, an open period is at most [`BreakerConfig::MAX_OPEN_FOR`]);
    /// [`CircuitBreaker::try_new`] refuses it instead, as the guarded codec does.
    pub fn new(config: BreakerConfig, clock: C) -> Self {
        let config = BreakerConfig {
            failure_threshold: config.failure_threshold.max(1),
            open_for: config.open_for.min(BreakerConfig::MAX_OPEN_FOR),
        };
        CircuitBreaker {
            clock,
            config,
            dirty: AtomicUsize::new(0),
            states: Mutex::new(HashMap::new()),
        }
    }

    /// Breakers with this configuration and clock, when the configuration is valid.
    pub fn try_new(config: BreakerConfig, clock: C) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(CircuitBreaker::new(config, clock))
    }

    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// The configuration.
    pub fn config(&self) -> BreakerConfig {
        self.config
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<&'static str, BreakerState>> {
        // A panic while holding the lock cannot leave a state half-written
        // (every update is one assignment), so a poisoned map is still sound.
        self.states.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores `new` for `message_type`, keeping `dirty` in step.
    fn set(
        &self,
        states: &mut HashMap<&'static str, BreakerState>,
        message_type: &'static str,
        new: BreakerState,
    ) {
        let old = states
            .get(message_type)
            .copied()
            .unwrap_or(BreakerState::CLEAN);
        match (old == BreakerState::CLEAN, new == BreakerState::CLEAN) {
            (true, false) => {
                self.dirty.fetch_add(1, Ordering::AcqRel);
            }
            (false, true) => {
                self.dirty.fetch_sub(1, Ordering::AcqRel);
            }
            _ => {}
        }
        if new == BreakerState::CLEAN {
            states.remove(message_type);
        } else {
            states.insert(message_type, new);
        }
    }

    /// The state of the breaker of `message_type`.
    pub fn state(&self, message_type: &str) -> BreakerState {
        self.lock()
            .get(message_type)
            .copied()
            .unwrap_or(BreakerState::CLEAN)
    }

    /// Whether a request for `message_type` may go ahead. An open breaker whose
    /// period is over lets this request through as the trial (half-open).
    #[inline]
    pub fn admit(&self, message_type: &'static str) -> Result<(), Rejected> {
        if self.dirty.load(Ordering::Acquire) == 0 {
            return Ok(());
        }
        self.admit_slow(message_type)
    }

    #[cold]
    fn admit_slow(&self, message_type: &'static str) -> Result<(), Rejected> {
        let mut states = self.lock();
        match states.get(message_type).copied() {
            None | Some(BreakerState::Closed { .. }) => Ok(()),
            Some(BreakerState::HalfOpen) => Err(Rejected {
                retry_in: Duration::ZERO,
            }),
            Some(BreakerState::Open { until }) => {
                let now = self.clock.now();
                if now >= until {
                    self.set(&mut states, message_type, BreakerState::HalfOpen);
                    Ok(())
                } else {
                    Err(Rejected {
                        retry_in: until - now,
                    })
                }
            }
        }
    }

    /// Records a successful request: closes a half-open breaker, clears the
    /// failure count of a closed one.
    #[inline]
    pub fn record_success(&self, message_type: &'static str) {
        if self.dirty.load(Ordering::Acquire) == 0 {
            return;
        }
        self.record_success_slow(message_type);
    }

    #[cold]
    fn record_success_slow(&self, message_type: &'static str) {
        let mut states = self.lock();
        match states.get(message_type).copied() {
            Some(BreakerState::HalfOpen | BreakerState::Closed { .. }) => {
                self.set(&mut states, message_type, BreakerState::CLEAN);
            }
            // A request admitted before the breaker opened: the breaker stays open.
            Some(BreakerState::Open { .. }) | None => {}
        }
    }

    /// Records a failed request: counts it, opening the breaker at the
    /// threshold; a failed trial opens it again.
    pub fn record_failure(&self, message_type: &'static str) {
        let mut states = self.lock();
        let now = self.clock.now();
        // `open_for` is at most a day (see `new`), so the end of the period is
        // an `Instant` for any real reading; should it not be, the breaker
        // lets the next request through as its trial rather than panicking.
        let until = now.checked_add(self.config.open_for).unwrap_or(now);
        let open = BreakerState::Open { until };
        let new = match states.get(message_type).copied() {
            None => {
                if self.config.failure_threshold <= 1 {
                    open
                } else {
                    BreakerState::Closed {
                        consecutive_failures: 1,
                    }
                }
            }
            Some(BreakerState::Closed {
                consecutive_failures,
            }) => {
                let failures = consecutive_failures.saturating_add(1);
                if failures >= self.config.failure_threshold {
                    open
                } else {
                    BreakerState::Closed {
                        consecutive_failures: failures,
                    }
                }
            }
            Some(BreakerState::HalfOpen) => open,
            // Already open (a request admitted before it opened): keep the period.
            Some(state @ BreakerState::Open { .. }) => state,
        };
        self.set(&mut states, message_type, new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "test.v1.A";
    const B: &str = "test.v1.B";

    fn breaker() -> (CircuitBreaker<ManualClock>, ManualClock) {
        let clock = ManualClock::new();
        (
            CircuitBreaker::new(BreakerConfig::default(), clock.clone()),
            clock,
        )
    }

    #[test]
    fn opens_after_three_consecutive_failures() {
        let (b, _) = breaker();
        for _ in 0..2 {
            assert!(b.admit(A).is_ok());
            b.record_failure(A);
        }
        assert_eq!(
            b.state(A),
            BreakerState::Closed {
                consecutive_failures: 2
            }
        );
        assert!(b.admit(A).is_ok());
        b.record_failure(A);
        assert!(matches!(b.state(A), BreakerState::Open { .. }));
        let rejected = b.admit(A).unwrap_err();
        assert_eq!(rejected.retry_in, Duration::from_secs(30));
        // Other types are unaffected.
        assert!(b.admit(B).is_ok());
    }

    #[test]
    fn a_success_resets_the_count() {
        let (b, _) = breaker();
        b.record_failure(A);
        b.record_failure(A);
        b.record_success(A);
        assert_eq!(b.state(A), BreakerState::CLEAN);
        b.record_failure(A);
        b.record_failure(A);
        assert!(b.admit(A).is_ok());
        assert_eq!(b.dirty.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn half_open_trial_closes_on_success() {
        let (b, clock) = breaker();
        for _ in 0..3 {
            b.record_failure(A);
        }
        clock.advance(Duration::from_secs(29));
        assert_eq!(b.admit(A).unwrap_err().retry_in, Duration::from_secs(1));
        clock.advance(Duration::from_secs(1));
        // The trial goes through; a second request waits for it.
        assert!(b.admit(A).is_ok());
        assert_eq!(b.state(A), BreakerState::HalfOpen);
        assert_eq!(b.admit(A).unwrap_err().retry_in, Duration::ZERO);
        b.record_success(A);
        assert_eq!(b.state(A), BreakerState::CLEAN);
        assert!(b.admit(A).is_ok());
        assert_eq!(b.dirty.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn half_open_trial_reopens_on_failure() {
        let (b, clock) = breaker();
        for _ in 0..3 {
            b.record_failure(A);
        }
        clock.advance(Duration::from_secs(30));
        assert!(b.admit(A).is_ok());
        b.record_failure(A);
        assert_eq!(b.admit(A).unwrap_err().retry_in, Duration::from_secs(30));
        clock.advance(Duration::from_secs(30));
        assert!(b.admit(A).is_ok());
        b.record_success(A);
        assert_eq!(b.state(A), BreakerState::CLEAN);
    }

    #[test]
    fn late_outcomes_do_not_move_an_open_breaker() {
        let (b, clock) = breaker();
        for _ in 0..3 {
            b.record_failure(A);
        }
        let open = b.state(A);
        clock.advance(Duration::from_secs(10));
        b.record_success(A);
        b.record_failure(A);
        assert_eq!(b.state(A), open);
    }

    #[test]
    fn shared_between_threads() {
        let (b, _) = breaker();
        let b = Arc::new(b);
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let b = Arc::clone(&b);
                std::thread::spawn(move || {
                    for _ in 0..100 {
                        let _ = b.admit(A);
                        b.record_failure(A);
                        b.record_success(B);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert!(matches!(b.state(A), BreakerState::Open { .. }));
        assert_eq!(b.state(B), BreakerState::CLEAN);
        assert_eq!(b.dirty.load(Ordering::SeqCst), 1);
    }
}
