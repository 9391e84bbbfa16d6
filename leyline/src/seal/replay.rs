//! The replay guard: remembers the event id of every envelope opened until
//! that envelope expires, and refuses the same id while it is remembered.
//!
//! **Structure.** A hash map from event id (the UUID as a `u128`) to expiry,
//! and an ordered set of (expiry, id), both behind one mutex. Each admission
//! first forgets the ids that have expired (the front of the ordered set), so
//! the guard holds only ids that could still open; then it checks and records
//! the new id, atomically: of two threads opening the same frame at once,
//! exactly one succeeds.
//!
//! **Limit.** At most `capacity` ids ([`ReplayGuard::DEFAULT_CAPACITY`]:
//! 100 000). Each costs at most 160 bytes of heap (measured: 107 to 139,
//! the most just after the hash table grows), so a full default guard holds
//! about 11 MB (`tests/seal_memory.rs`). When it holds `capacity` unexpired ids,
//! a new id is refused with [`SealError::ReplayGuardFull`]: it is never
//! accepted without being remembered, and never makes the guard forget an id
//! that could still be replayed. Size it for the peak rate of envelopes times
//! the longest ttl the policy allows.
//!
//! **A clock that goes back.** Forgetting an id is safe only while its
//! envelope stays expired. The guard keeps the latest expiry it has
//! forgotten (its horizon) and refuses, with
//! [`SealError::BeyondReplayHorizon`], an unremembered envelope that expires
//! no later than that: after the clock steps back, the guard cannot tell
//! whether such an envelope is a replay.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};

use super::clock::timestamp_of;
use super::error::SealError;

/// The event ids of the envelopes opened and not yet expired. Shared by every
/// thread of a consumer (it is `Sync`; the [`OpenPolicy`](super::OpenPolicy)
/// that owns it is shared by reference or in an `Arc`).
#[derive(Debug)]
pub struct ReplayGuard {
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Event id → expiry (nanoseconds since the epoch).
    seen: HashMap<u128, i128>,
    /// (expiry, event id), earliest first.
    by_expiry: BTreeSet<(i128, u128)>,
    /// The latest expiry of an id already forgotten.
    horizon: Option<i128>,
}

impl ReplayGuard {
    /// The capacity of [`ReplayGuard::default`].
    pub const DEFAULT_CAPACITY: usize = 100_000;

    /// A guard that remembers at most `capacity` unexpired event ids (0
    /// refuses every envelope).
    pub fn new(capacity: usize) -> ReplayGuard {
        ReplayGuard {
            capacity,
            state: Mutex::new(State::default()),
        }
    }

    /// The most event ids remembered at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many event ids are remembered now (some may have expired since
    /// the last admission; they are forgotten at the next one).
    pub fn len(&self) -> usize {
        self.lock().seen.len()
    }

    /// Whether no event id is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records `event_id`, which expires at `expires_at` (not before `now`),
    /// or refuses it.
    pub(crate) fn admit(
        &self,
        event_id: u128,
        expires_at: i128,
        now: i128,
    ) -> Result<(), SealError> {
        let mut state = self.lock();
        state.forget_expired(now);
        if state.seen.contains_key(&event_id) {
            return Err(SealError::Replayed {
                event_id: uuid::Uuid::from_u128(event_id).hyphenated().to_string(),
            });
        }
        if let Some(horizon) = state.horizon.filter(|&h| expires_at <= h) {
            return Err(SealError::BeyondReplayHorizon {
                expires_at: timestamp_of(expires_at),
                horizon: timestamp_of(horizon),
            });
        }
        if state.seen.len() >= self.capacity {
            return Err(SealError::ReplayGuardFull {
                capacity: self.capacity,
            });
        }
        state.seen.insert(event_id, expires_at);
        state.by_expiry.insert((expires_at, event_id));
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // No code panics while holding the lock, and every update leaves the
        // two indexes consistent; a poisoned lock is still a valid state.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for ReplayGuard {
    fn default() -> Self {
        ReplayGuard::new(Self::DEFAULT_CAPACITY)
    }
}

impl State {
    /// Forgets the ids whose envelopes expired before `now`.
    fn forget_expired(&mut self, now: i128) {
        while let Some(&(expires_at, id)) = self.by_expiry.first() {
            if expires_at >= now {
                break;
            }
            self.by_expiry.pop_first();
            self.seen.remove(&id);
            self.horizon = Some(self.horizon.map_or(expires_at, |h| h.max(expires_at)));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const S: i128 = 1_000_000_000;

    #[test]
    fn an_id_is_refused_until_it_expires_then_forgotten() {
        let guard = ReplayGuard::new(10);
        guard.admit(1, 30 * S, 0).unwrap();
        assert!(matches!(
            guard.admit(1, 30 * S, 10 * S),
            Err(SealError::Replayed { .. })
        ));
        // At its expiry it is still remembered; after, forgotten.
        assert!(guard.admit(1, 30 * S, 30 * S).is_err());
        guard.admit(2, 60 * S, 31 * S).unwrap();
        assert_eq!(guard.len(), 1);
    }

    #[test]
    fn a_full_guard_refuses_new_ids_until_some_expire() {
        let guard = ReplayGuard::new(2);
        guard.admit(1, 10 * S, 0).unwrap();
        guard.admit(2, 20 * S, 0).unwrap();
        assert_eq!(
            guard.admit(3, 20 * S, 5 * S),
            Err(SealError::ReplayGuardFull { capacity: 2 })
        );
        // The remembered ones are still refused as replays, not forgotten.
        assert!(matches!(
            guard.admit(1, 10 * S, 5 * S),
            Err(SealError::Replayed { .. })
        ));
        // Once id 1 expires, there is room again.
        guard.admit(3, 20 * S, 11 * S).unwrap();
        assert_eq!(guard.len(), 2);
    }

    #[test]
    fn after_the_clock_goes_back_forgotten_windows_are_refused() {
        let guard = ReplayGuard::new(10);
        guard.admit(1, 10 * S, 0).unwrap();
        // Time passes: id 1 is forgotten when id 2 arrives.
        guard.admit(2, 100 * S, 50 * S).unwrap();
        // The clock steps back to 5 s: id 1 would look fresh again.
        assert!(matches!(
            guard.admit(1, 10 * S, 5 * S),
            Err(SealError::BeyondReplayHorizon { .. })
        ));
        // An envelope expiring after the horizon is judged normally.
        guard.admit(3, 11 * S, 5 * S).unwrap();
    }

    #[test]
    fn zero_capacity_refuses_everything() {
        let guard = ReplayGuard::new(0);
        assert_eq!(
            guard.admit(1, S, 0),
            Err(SealError::ReplayGuardFull { capacity: 0 })
        );
    }
}
