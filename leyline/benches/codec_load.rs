//! `GuardedCodec::encode` contended against uncontended: one codec shared by
//! 8 threads, against the same codec used by one thread, with no `tracing`
//! subscriber and no `metrics` recorder installed.
//!
//! Each case runs with every breaker clean (the lock-free path: one atomic
//! load) and with the breaker of one *other* message type open, which sends
//! every encode of every type through the breaker's mutex twice (admission and
//! success; see the `codec` module's documentation of its locks). Two
//! messages: a small one (two scalars and a short string, where the lock
//! weighs most) and a `SystemStatePacket`-shaped one of about 1 kB.
//!
//! Criterion's time is wall time per encode: for 8 threads, the time for all
//! of them to do their share divided by the number of encodes, so on a machine
//! with N cores perfect scaling shows as 1/min(N, 8) of the one-thread time.
//! Compare medians of the same run only.
//!
//! Run with `cargo bench -p leyline --bench codec_load`.

#![allow(missing_docs, clippy::unwrap_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use leyline::breaker::BreakerState;
use leyline::codec::{CodecConfig, GuardedCodec};
use leyline::prost::Message as _;
use leyline::Contract;

const THREADS: usize = 8;

#[leyline::message(package = "bench.load.v1")]
pub struct Beat {
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub node: String,
    #[leyline(field = 2, validate(gte = 0.0, lte = 1.0))]
    pub load: f32,
    #[leyline(field = 3)]
    pub sequence: u64,
}

#[leyline::message(package = "bench.load.v1")]
pub struct Seed {
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub seed_id: String,
    #[leyline(field = 2, validate(gte = 0.0, lte = 1.0, finite))]
    pub accuracy: f32,
    #[leyline(field = 3, validate(max_pairs = 8, keys(max_len = 16), values(finite)))]
    pub metrics: HashMap<String, f32>,
    #[leyline(field = 4)]
    pub epoch: u32,
}

#[leyline::message(package = "bench.load.v1", max_size = 16384)]
pub struct Packet {
    #[leyline(field = 1, validate(not_empty, max_len = 32))]
    pub subsystem: String,
    #[leyline(field = 2)]
    pub timestamp_ns: u64,
    #[leyline(field = 3, validate(max_items = 16))]
    pub seeds: Vec<Seed>,
    #[leyline(field = 4, validate(max_len = 64))]
    pub source: String,
}

/// The type whose breaker is opened in the "one breaker open" cases.
#[leyline::message(package = "bench.load.v1")]
pub struct Tripped {
    #[leyline(field = 1, validate(not_empty))]
    pub name: String,
}

fn beat() -> Beat {
    Beat {
        node: "tolaria/node-3".into(),
        load: 0.5,
        sequence: 1 << 40,
    }
}

fn packet() -> Packet {
    let names = ["loss", "accuracy", "grad_norm", "lr", "throughput"];
    Packet {
        subsystem: "tamiyo".into(),
        timestamp_ns: 1_732_000_000_000_000_000,
        seeds: (0..10u32)
            .map(|i| Seed {
                seed_id: format!("123e4567-e89b-12d3-a456-4266141740{i:02}"),
                accuracy: 0.5 + i as f32 / 100.0,
                metrics: names
                    .iter()
                    .enumerate()
                    .map(|(j, n)| (n.to_string(), (i * 10 + j as u32) as f32 / 7.0))
                    .collect(),
                epoch: 100 + i,
            })
            .collect(),
        source: "esper/tolaria/node-3".into(),
    }
}

/// A codec with every breaker clean, or with `Tripped`'s breaker open (for
/// the default 30 s, and it stays open: nothing asks for `Tripped` again).
fn codec(open: bool) -> GuardedCodec {
    let codec = GuardedCodec::new(CodecConfig::default()).unwrap();
    if open {
        let mut buf = Vec::new();
        let bad = Tripped::default();
        while !matches!(
            codec.breaker().state(Tripped::FULL_NAME),
            BreakerState::Open { .. }
        ) {
            assert!(codec.encode(&bad, &mut buf).is_err());
        }
    }
    codec
}

/// Wall time for `threads` threads sharing `codec` to encode `msg` `iters`
/// times between them (each its own buffer), from the moment all are ready.
fn shared_encode<M: Contract>(
    codec: &GuardedCodec,
    msg: &M,
    threads: usize,
    iters: u64,
) -> Duration {
    let barrier = Barrier::new(threads + 1);
    let share = iters.div_ceil(threads as u64);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut buf = Vec::with_capacity(4096);
                    barrier.wait();
                    for _ in 0..share {
                        black_box(codec.encode(black_box(msg), &mut buf).unwrap());
                    }
                })
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        for w in workers {
            w.join().unwrap();
        }
        // Per encode: the threads did `share * threads` of them.
        start
            .elapsed()
            .mul_f64(iters as f64 / (share * threads as u64) as f64)
    })
}

fn bench_message<M: Contract>(c: &mut Criterion, name: &str, msg: &M) {
    let mut group = c.benchmark_group(format!("codec_load/{name}"));
    for (breakers, open) in [("clean", false), ("one_open", true)] {
        let codec = codec(open);
        let mut buf = Vec::with_capacity(4096);
        codec.encode(msg, &mut buf).unwrap();
        group.bench_function(BenchmarkId::new("1_thread", breakers), |b| {
            b.iter(|| black_box(codec.encode(black_box(msg), &mut buf).unwrap()))
        });
        group.bench_function(BenchmarkId::new("8_threads", breakers), |b| {
            b.iter_custom(|iters| shared_encode(&codec, msg, THREADS, iters))
        });
        // Still as set up: the encodes above changed no breaker.
        assert_eq!(
            matches!(
                codec.breaker().state(Tripped::FULL_NAME),
                BreakerState::Open { .. }
            ),
            open
        );
    }
    group.finish();
}

fn bench(c: &mut Criterion) {
    println!(
        "{} cores; Beat {} bytes, Packet {} bytes encoded",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        beat().encoded_len(),
        packet().encoded_len(),
    );
    bench_message(c, "beat", &beat());
    bench_message(c, "packet", &packet());
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
