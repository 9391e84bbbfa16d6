//! The cost of sealing and opening an EventEnvelope with a 200-byte payload
//! (`contracts::fixtures::event_envelope`, 405 bytes encoded) next to plain
//! encoding and decoding of the same envelope.
//!
//! - `encode`: `encode_to_vec` of the envelope;
//! - `seal`: `seal::seal` (encode, HMAC-SHA256, the frame);
//! - `decode`: `EventEnvelope::decode_slice` of the encoded envelope;
//! - `open`: `seal::open` of the frame (parse, constant-time tag check,
//!   decode, freshness, and recording the event id in the replay guard).
//!
//! A frame opens once per replay guard, so `open` runs over a pool of 1024
//! frames with distinct event ids and a fresh policy for each pass over the
//! pool (made outside the timed region): the guard grows from 0 to 1024 ids
//! during a pass, as a consumer's does.
//!
//! Before criterion runs, the bench prints seal/encode and open/decode as
//! ratios of medians measured by interleaving batches of both, which stays
//! honest on a machine whose load drifts during the run.
//!
//! Run with `cargo bench -p leyline --bench seal`.

#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::time::{Duration, Instant, UNIX_EPOCH};

use criterion::{criterion_group, criterion_main, Criterion};
use leyline::contracts::{fixtures, EventEnvelope};
use leyline::prost::Message as _;
use leyline::seal::{open, seal, Keyring, ManualWallClock, OpenPolicy};
use leyline::Contract as _;

const POOL: usize = 1024;

fn policy() -> OpenPolicy<ManualWallClock> {
    let now = UNIX_EPOCH + Duration::from_secs(fixtures::FIXTURE_TIME.seconds as u64);
    OpenPolicy::new().with_clock(ManualWallClock::at(now))
}

/// Frames of the fixture envelope with distinct event ids.
fn pool(ring: &Keyring) -> Vec<Vec<u8>> {
    (0..POOL)
        .map(|i| {
            let envelope = EventEnvelope {
                event_id: format!("9b2e4d71-0c5a-4e8f-b3d6-{i:012x}"),
                ..fixtures::event_envelope()
            };
            seal(&envelope, ring)
        })
        .collect()
}

/// Nanoseconds per open of every frame of the pool, under a fresh policy.
fn open_pass(frames: &[Vec<u8>], ring: &Keyring) -> (Duration, usize) {
    let policy = policy();
    let start = Instant::now();
    for frame in frames {
        black_box(open(black_box(frame), ring, &policy).unwrap());
    }
    (start.elapsed(), frames.len())
}

/// Medians over interleaved batches of `a` and `b`, each a batch timer that
/// returns (time, operations).
fn interleaved(
    mut a: impl FnMut() -> (Duration, usize),
    mut b: impl FnMut() -> (Duration, usize),
) -> (f64, f64) {
    const ROUNDS: usize = 301;
    let per_op = |(t, n): (Duration, usize)| t.as_nanos() as f64 / n as f64;
    let (mut ta, mut tb) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    for _ in 0..ROUNDS {
        ta.push(per_op(a()));
        tb.push(per_op(b()));
    }
    ta.sort_by(f64::total_cmp);
    tb.sort_by(f64::total_cmp);
    (ta[ROUNDS / 2], tb[ROUNDS / 2])
}

fn batch(mut f: impl FnMut()) -> (Duration, usize) {
    let start = Instant::now();
    for _ in 0..POOL {
        f();
    }
    (start.elapsed(), POOL)
}

fn bench(c: &mut Criterion) {
    let ring = Keyring::new("2025-06", b"benchmark key, thirty-two bytes or more").unwrap();
    let envelope = fixtures::event_envelope();
    let encoded = envelope.encode_to_vec();
    let frame = seal(&envelope, &ring);
    let frames = pool(&ring);
    assert_eq!(open(&frame, &ring, &policy()).unwrap(), envelope);
    println!(
        "EventEnvelope: {} bytes encoded, {} bytes sealed (+{})",
        encoded.len(),
        frame.len(),
        frame.len() - encoded.len()
    );

    let (encode, seal_t) = interleaved(
        || batch(|| drop(black_box(black_box(&envelope).encode_to_vec()))),
        || batch(|| drop(black_box(seal(black_box(&envelope), &ring)))),
    );
    let (decode, open_t) = interleaved(
        || {
            batch(|| {
                drop(black_box(
                    EventEnvelope::decode_slice(black_box(&encoded)).unwrap(),
                ))
            })
        },
        || open_pass(&frames, &ring),
    );
    println!(
        "interleaved medians: encode {encode:.0} ns, seal {seal_t:.0} ns, seal/encode {:.2}; \
         decode {decode:.0} ns, open {open_t:.0} ns, open/decode {:.2}",
        seal_t / encode,
        open_t / decode
    );

    let mut group = c.benchmark_group("seal");
    group.bench_function("envelope/encode", |b| {
        b.iter(|| black_box(black_box(&envelope).encode_to_vec()))
    });
    group.bench_function("envelope/seal", |b| {
        b.iter(|| black_box(seal(black_box(&envelope), &ring)))
    });
    group.bench_function("envelope/decode", |b| {
        b.iter(|| black_box(EventEnvelope::decode_slice(black_box(&encoded)).unwrap()))
    });
    group.bench_function("envelope/open", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters as usize;
            while left > 0 {
                let n = left.min(POOL);
                total += open_pass(&frames[..n], &ring).0;
                left -= n;
            }
            total
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(6));
    targets = bench
}
criterion_main!(benches);
