//! The wall clock freshness is judged against, injected so that tests (and
//! replays of recorded traffic) choose the time.
//!
//! Times are handled as signed nanoseconds since the Unix epoch in an `i128`,
//! so that no timestamp or duration a producer can write overflows.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::Timestamp;

/// A source of the current wall-clock time.
pub trait WallClock: Send + Sync {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock ([`SystemTime::now`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemWallClock;

impl WallClock for SystemWallClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that moves only when told to; clones share the same time. For
/// tests and for replaying recorded traffic.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use leyline::seal::{ManualWallClock, WallClock};
///
/// let clock = ManualWallClock::at(UNIX_EPOCH + Duration::from_secs(1_000));
/// let shared = clock.clone();
/// clock.advance(Duration::from_secs(5));
/// assert_eq!(shared.now(), UNIX_EPOCH + Duration::from_secs(1_005));
/// clock.rewind(Duration::from_secs(10));
/// assert_eq!(shared.now(), UNIX_EPOCH + Duration::from_secs(995));
/// ```
#[derive(Debug, Clone)]
pub struct ManualWallClock {
    /// Nanoseconds since the Unix epoch.
    nanos: Arc<AtomicI64>,
}

impl ManualWallClock {
    /// A clock showing `time` (clamped to the years 1678 to 2262, which
    /// nanoseconds in an `i64` cover).
    pub fn at(time: SystemTime) -> ManualWallClock {
        ManualWallClock {
            nanos: Arc::new(AtomicI64::new(clamp_i64(system_time_nanos(time)))),
        }
    }

    /// Sets the time.
    pub fn set(&self, time: SystemTime) {
        self.nanos
            .store(clamp_i64(system_time_nanos(time)), Ordering::SeqCst);
    }

    /// Moves the time forward.
    pub fn advance(&self, by: Duration) {
        self.shift(i128::try_from(by.as_nanos()).unwrap_or(i128::MAX));
    }

    /// Moves the time back (as a stepped system clock can).
    pub fn rewind(&self, by: Duration) {
        self.shift(-i128::try_from(by.as_nanos()).unwrap_or(i128::MAX));
    }

    fn shift(&self, by: i128) {
        let _ = self
            .nanos
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |now| {
                Some(clamp_i64(i128::from(now).saturating_add(by)))
            });
    }
}

impl WallClock for ManualWallClock {
    fn now(&self) -> SystemTime {
        let nanos = self.nanos.load(Ordering::SeqCst);
        let magnitude = Duration::from_nanos(nanos.unsigned_abs());
        if nanos >= 0 {
            UNIX_EPOCH + magnitude
        } else {
            UNIX_EPOCH - magnitude
        }
    }
}

fn clamp_i64(nanos: i128) -> i64 {
    nanos.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Nanoseconds since the epoch of a system time.
pub(crate) fn system_time_nanos(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::try_from(after.as_nanos()).unwrap_or(i128::MAX),
        Err(before) => -i128::try_from(before.duration().as_nanos()).unwrap_or(i128::MAX),
    }
}

/// Nanoseconds since the epoch of a protobuf timestamp, taken as written
/// (`nanos` outside 0..1e9 included: it is what the producer said).
pub(crate) fn timestamp_nanos(t: &Timestamp) -> i128 {
    i128::from(t.seconds) * 1_000_000_000 + i128::from(t.nanos)
}

/// Nanoseconds of a protobuf duration, taken as written (negative included).
pub(crate) fn duration_nanos(d: &crate::Duration) -> i128 {
    i128::from(d.seconds) * 1_000_000_000 + i128::from(d.nanos)
}

/// Nanoseconds of a standard duration.
pub(crate) fn std_duration_nanos(d: Duration) -> i128 {
    i128::try_from(d.as_nanos()).unwrap_or(i128::MAX)
}

/// The normalized protobuf timestamp of nanoseconds since the epoch (seconds
/// saturate at the ends of `i64`).
pub(crate) fn timestamp_of(nanos: i128) -> Timestamp {
    let seconds = nanos.div_euclid(1_000_000_000);
    let subsec = nanos.rem_euclid(1_000_000_000) as i32;
    Timestamp {
        seconds: seconds.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64,
        nanos: subsec,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip_both_sides_of_the_epoch() {
        for nanos in [
            0i128,
            1,
            -1,
            1_736_942_400_123_456_789,
            -999_999_999,
            -1_000_000_001,
        ] {
            let t = timestamp_of(nanos);
            assert!((0..1_000_000_000).contains(&t.nanos));
            assert_eq!(timestamp_nanos(&t), nanos);
            let clock = ManualWallClock::at(UNIX_EPOCH);
            clock.shift(nanos);
            assert_eq!(system_time_nanos(clock.now()), nanos);
        }
        let hostile = Timestamp {
            seconds: i64::MAX,
            nanos: i32::MAX,
        };
        assert!(timestamp_nanos(&hostile) > 0);
        assert_eq!(timestamp_of(i128::MAX).seconds, i64::MAX);
    }
}
