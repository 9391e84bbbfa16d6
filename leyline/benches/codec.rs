//! The cost of the guarded codec over a bare encode, with no `tracing`
//! subscriber and no `metrics` recorder installed.
//!
//! The message is shaped like Esper's `SystemStatePacket`: 10 seed states,
//! each with a UUID, a stage, an accuracy and a 5-entry metrics map, plus a
//! 5-entry map and strings of its own. It is declared twice: `plain` without
//! validation rules (what the guard itself costs: breaker, span, size limit,
//! timing, metrics, logs, and the recursive walk of validation that finds
//! nothing to check) and `ruled` with the rules such a contract carries (the
//! guard plus those rules). `bare` encodes into a reused buffer as prost does;
//! `guarded` goes through `GuardedCodec::encode`; `validate` is validation alone.
//!
//! Before criterion runs, the bench prints guarded/bare ratios measured by
//! interleaving short batches of both and taking medians, which stays honest
//! on a machine whose load drifts during the run.
//!
//! Run with `cargo bench -p leyline --bench codec`.

#![allow(missing_docs, clippy::unwrap_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use leyline::codec::{CodecConfig, GuardedCodec};
use leyline::prost::Message as _;
use leyline::Contract;

#[leyline::enumeration(package = "bench.v1", prefix = "SEED_STAGE_")]
pub enum SeedStage {
    Unknown = 0,
    Germinating = 1,
    Training = 2,
    Blending = 3,
}

#[leyline::message(package = "bench.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(uuid))]
    pub seed_id: String,
    #[leyline(field = 2, validate(defined_only))]
    pub stage: SeedStage,
    #[leyline(field = 3, validate(gte = 0.0, lte = 1.0, finite))]
    pub accuracy: f32,
    #[leyline(field = 4, validate(max_pairs = 8, keys(max_len = 16), values(finite)))]
    pub metrics: HashMap<String, f32>,
    #[leyline(field = 5)]
    pub epoch: u32,
}

#[leyline::message(package = "bench.v1", max_size = 16384)]
pub struct SystemStatePacket {
    #[leyline(field = 1, validate(not_empty, max_len = 32))]
    pub subsystem: String,
    #[leyline(field = 2)]
    pub timestamp_ns: u64,
    #[leyline(field = 3, validate(max_items = 16))]
    pub seed_states: Vec<SeedState>,
    #[leyline(field = 4, validate(max_pairs = 8, keys(max_len = 32), values(finite)))]
    pub global_metrics: HashMap<String, f64>,
    #[leyline(field = 5, validate(max_len = 64))]
    pub source: String,
}

/// The same shape without rules.
#[allow(unreachable_pub)]
mod plain {
    use std::collections::HashMap;

    #[leyline::message(package = "bench.plain.v1")]
    pub struct SeedState {
        #[leyline(field = 1)]
        pub seed_id: String,
        #[leyline(field = 2)]
        pub stage: super::SeedStage,
        #[leyline(field = 3)]
        pub accuracy: f32,
        #[leyline(field = 4)]
        pub metrics: HashMap<String, f32>,
        #[leyline(field = 5)]
        pub epoch: u32,
    }

    #[leyline::message(package = "bench.plain.v1", max_size = 16384)]
    pub struct SystemStatePacket {
        #[leyline(field = 1)]
        pub subsystem: String,
        #[leyline(field = 2)]
        pub timestamp_ns: u64,
        #[leyline(field = 3)]
        pub seed_states: Vec<SeedState>,
        #[leyline(field = 4)]
        pub global_metrics: HashMap<String, f64>,
        #[leyline(field = 5)]
        pub source: String,
    }

    pub fn from(p: &super::SystemStatePacket) -> SystemStatePacket {
        SystemStatePacket {
            subsystem: p.subsystem.clone(),
            timestamp_ns: p.timestamp_ns,
            seed_states: p
                .seed_states
                .iter()
                .map(|s| SeedState {
                    seed_id: s.seed_id.clone(),
                    stage: s.stage,
                    accuracy: s.accuracy,
                    metrics: s.metrics.clone(),
                    epoch: s.epoch,
                })
                .collect(),
            global_metrics: p.global_metrics.clone(),
            source: p.source.clone(),
        }
    }
}

fn packet() -> SystemStatePacket {
    let names = ["loss", "accuracy", "grad_norm", "lr", "throughput"];
    SystemStatePacket {
        subsystem: "tamiyo".into(),
        timestamp_ns: 1_732_000_000_000_000_000,
        seed_states: (0..10u32)
            .map(|i| SeedState {
                seed_id: format!("123e4567-e89b-12d3-a456-4266141740{i:02}"),
                stage: SeedStage::Training,
                accuracy: 0.5 + i as f32 / 100.0,
                metrics: names
                    .iter()
                    .enumerate()
                    .map(|(j, n)| (n.to_string(), (i * 10 + j as u32) as f32 / 7.0))
                    .collect(),
                epoch: 100 + i,
            })
            .collect(),
        global_metrics: names
            .iter()
            .enumerate()
            .map(|(j, n)| (format!("global_{n}"), j as f64 * 1.5))
            .collect(),
        source: "esper/tolaria/node-3".into(),
    }
}

/// Time per call of `a` and `b`, measured in interleaved batches: the
/// median and the minimum over the batches.
fn interleaved(mut a: impl FnMut(), mut b: impl FnMut()) -> [(f64, f64); 2] {
    const ROUNDS: usize = 1001;
    const BATCH: u32 = 200;
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..BATCH {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(BATCH)
    };
    let (mut ta, mut tb) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    for _ in 0..ROUNDS {
        ta.push(time(&mut a));
        tb.push(time(&mut b));
    }
    ta.sort_by(f64::total_cmp);
    tb.sort_by(f64::total_cmp);
    [(ta[ROUNDS / 2], ta[0]), (tb[ROUNDS / 2], tb[0])]
}

fn bench(c: &mut Criterion) {
    let ruled = packet();
    assert_eq!(ruled.validate(), Ok(()));
    let plain = plain::from(&ruled);
    let codec = GuardedCodec::new(CodecConfig::default()).unwrap();
    let mut buf = Vec::with_capacity(4096);
    let len = codec.encode(&ruled, &mut buf).unwrap();
    assert_eq!(buf, ruled.encode_to_vec());
    assert_eq!(buf, plain.encode_to_vec());
    println!(
        "SystemStatePacket: {len} bytes encoded, static bound {:?}",
        SystemStatePacket::MAX_ENCODED_LEN
    );

    let mut b1 = Vec::with_capacity(4096);
    let mut b2 = Vec::with_capacity(4096);
    let plain_times = interleaved(
        || {
            b1.clear();
            black_box(&plain).encode(&mut b1).unwrap();
        },
        || {
            black_box(codec.encode(black_box(&plain), &mut b2).unwrap());
        },
    );
    let ruled_times = interleaved(
        || {
            b1.clear();
            black_box(&ruled).encode(&mut b1).unwrap();
        },
        || {
            black_box(codec.encode(black_box(&ruled), &mut b2).unwrap());
        },
    );
    for (name, [(bare_med, bare_min), (guarded_med, guarded_min)]) in
        [("plain", plain_times), ("ruled", ruled_times)]
    {
        println!(
            "interleaved {name}: bare median {bare_med:.0} ns (min {bare_min:.0}), guarded median {guarded_med:.0} ns (min {guarded_min:.0}); guarded/bare median {:.3}, min {:.3}",
            guarded_med / bare_med,
            guarded_min / bare_min
        );
    }

    let mut group = c.benchmark_group("codec");
    group.bench_function("plain/bare", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&plain).encode(&mut buf).unwrap();
            black_box(buf.len())
        })
    });
    group.bench_function("plain/guarded", |b| {
        b.iter(|| black_box(codec.encode(black_box(&plain), &mut buf).unwrap()))
    });
    group.bench_function("ruled/bare", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&ruled).encode(&mut buf).unwrap();
            black_box(buf.len())
        })
    });
    group.bench_function("ruled/guarded", |b| {
        b.iter(|| black_box(codec.encode(black_box(&ruled), &mut buf).unwrap()))
    });
    group.bench_function("ruled/validate", |b| {
        b.iter(|| black_box(black_box(&ruled).validate().is_ok()))
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
