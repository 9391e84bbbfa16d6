//! The replay guard's memory: a counting global allocator measures the heap
//! the guard keeps per remembered event id, and checks that a full guard
//! stops growing (it refuses new ids instead).
//!
//! Its own test binary, with one test, so that no other test allocates while
//! it measures. `cargo test -p leyline-tests --test seal_memory -- --nocapture`
//! prints the bytes per id.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use leyline::contracts::{fixtures, EventEnvelope};
use leyline::seal::{open, seal, Keyring, ManualWallClock, OpenPolicy, SealError};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; the counter only
// observes sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::SeqCst);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::SeqCst);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(new_size, Ordering::SeqCst);
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap a remembered id may cost, in bytes, as the README and the
/// `leyline::seal::ReplayGuard` docs state.
const BOUND_PER_ID: usize = 160;

fn uuid(n: u128) -> String {
    let h = format!("{n:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[test]
fn replay_guard_memory_per_entry() {
    let ring = Keyring::new("k1", &[7; 32]).unwrap();
    let at = UNIX_EPOCH + Duration::from_secs(fixtures::FIXTURE_TIME.seconds as u64);
    // Sizes just past a growth of the hash table (7/8 of a power of two, plus
    // one), where an id costs the most, and a full default-capacity guard.
    for count in [1_793usize, 14_337, 100_000] {
        let frames: Vec<Vec<u8>> = (0..count as u128)
            .map(|n| {
                let envelope = EventEnvelope {
                    event_id: uuid(n + 1),
                    ..fixtures::event_envelope()
                };
                seal(&envelope, &ring)
            })
            .collect();
        let policy = OpenPolicy::new()
            .with_clock(ManualWallClock::at(at))
            .with_replay_capacity(count);
        let before = LIVE.load(Ordering::SeqCst);
        for frame in &frames {
            open(frame, &ring, &policy).unwrap();
        }
        let kept = LIVE.load(Ordering::SeqCst) - before;
        assert_eq!(policy.replay_guard().len(), count);
        let per_id = kept as f64 / count as f64;
        println!("replay guard: {count} ids keep {kept} bytes, {per_id:.1} bytes per id");
        assert!(
            kept <= BOUND_PER_ID * count,
            "{count} ids keep {kept} bytes, over {BOUND_PER_ID} per id"
        );

        // Full: a new id is refused, and the guard does not grow.
        let extra = seal(
            &EventEnvelope {
                event_id: uuid(u128::MAX),
                ..fixtures::event_envelope()
            },
            &ring,
        );
        let full = LIVE.load(Ordering::SeqCst);
        for _ in 0..100 {
            assert_eq!(
                open(&extra, &ring, &policy),
                Err(SealError::ReplayGuardFull { capacity: count })
            );
        }
        assert_eq!(LIVE.load(Ordering::SeqCst), full);
    }
}
