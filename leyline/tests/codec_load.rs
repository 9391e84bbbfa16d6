//! The guarded codec under load: one `GuardedCodec` shared by 8 threads, each
//! encoding and decoding 100,000 messages of several types, valid, invalid
//! and oversized, while every thread's own message type trips its circuit
//! breaker and recovers, on a `ManualClock`, again and again.
//!
//! Every outcome is known in advance, so afterwards the test checks that
//! every valid message came back equal, every refused one was refused with
//! the right error, each breaker went through exactly the states its
//! failures call for, the metrics (`metrics-util`'s `DebuggingRecorder`,
//! installed for the whole process) count exactly what happened, and that
//! nothing deadlocked (the threads finish within a deadline).
//!
//! The threads run in phases between barriers. Within a phase the clock
//! stands still, so an open breaker stays open; between phases one thread
//! moves it past the open period, so each breaker's next request is its
//! trial. Only a thread's own type (`Probe0` to `Probe7`) ever fails to
//! encode: the breakers of the shared types stay closed, which makes their
//! counts exact whatever the interleaving, while every encode of every type
//! takes the breaker's locked path whenever some breaker is not clean.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use leyline::breaker::{BreakerConfig, BreakerState, Clock as _, ManualClock};
use leyline::codec::{CodecConfig, CodecError, GuardedCodec};
use leyline::contracts::{fixtures, SeedState, SystemStatePacket};
use leyline::prost::Message as _;
use leyline::wire::DecodeErrorKind;
use leyline::Contract;
use metrics_util::debugging::{DebugValue, DebuggingRecorder, Snapshotter};

const THREADS: usize = 8;
const MESSAGES_PER_THREAD: usize = 100_000;
const PHASES: usize = 40;
const PER_PHASE: usize = MESSAGES_PER_THREAD / PHASES;
/// The messages that close a phase: two validation failures and an
/// oversized message (the breaker opens), then two requests it rejects.
const CLOSING: usize = 5;

macro_rules! probes {
    ($($name:ident),*) => {$(
        /// A thread's own message type.
        #[leyline::message(package = "leyline.load.v1")]
        pub struct $name {
            #[leyline(field = 1, validate(not_empty, max_len = 2000))]
            pub name: String,
            #[leyline(field = 2, validate(gte = 0.0, lte = 1.0))]
            pub value: f32,
            #[leyline(field = 3)]
            pub readings: HashMap<String, u32>,
        }
    )*};
}

probes!(Probe0, Probe1, Probe2, Probe3, Probe4, Probe5, Probe6, Probe7);

const LIMIT: usize = 1024;
const MEMORY: usize = 64 << 10;

fn config() -> CodecConfig {
    CodecConfig {
        max_message_size: LIMIT,
        max_decode_memory: MEMORY,
        ..CodecConfig::default()
    }
}

/// What one thread expects the metrics to count, by (message type, kind).
#[derive(Debug, Default)]
struct Counts {
    encode_failures: HashMap<(&'static str, &'static str), u64>,
    decode_failures: HashMap<(&'static str, &'static str), u64>,
    encoded: HashMap<&'static str, u64>,
    round_trips: u64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        for (k, v) in &other.encode_failures {
            *self.encode_failures.entry(*k).or_default() += v;
        }
        for (k, v) in &other.decode_failures {
            *self.decode_failures.entry(*k).or_default() += v;
        }
        for (k, v) in &other.encoded {
            *self.encoded.entry(k).or_default() += v;
        }
        self.round_trips += other.round_trips;
    }
}

/// One thread's share: its own probe type, the shared types, the phases.
struct Worker<'a, P: Contract> {
    codec: &'a GuardedCodec<ManualClock>,
    clock: &'a ManualClock,
    barrier: &'a Barrier,
    thread: usize,
    make: fn(String, f32) -> P,
    counts: Counts,
    buf: Vec<u8>,
}

impl<P: Contract> Worker<'_, P> {
    /// Encodes a message that must pass, decodes it back, compares.
    fn round_trip<M: Contract>(&mut self, msg: &M) {
        let n = self.codec.encode(msg, &mut self.buf).unwrap();
        assert_eq!(n, self.buf.len());
        let back: M = self.codec.decode(&self.buf).unwrap();
        assert_eq!(&back, msg);
        *self.counts.encoded.entry(M::FULL_NAME).or_default() += 1;
        self.counts.round_trips += 1;
    }

    /// Encodes a message that must be refused with `kind`.
    fn refused<M: Contract>(&mut self, msg: &M, kind: &'static str) {
        let err = self.codec.encode(msg, &mut self.buf).unwrap_err();
        assert_eq!(err.kind(), kind, "{err}");
        if kind == "size_overflow" {
            // Nothing of an oversized message is left in the buffer.
            assert!(self.buf.is_empty());
        }
        *self
            .counts
            .encode_failures
            .entry((M::FULL_NAME, kind))
            .or_default() += 1;
    }

    /// Decodes bytes that must be refused; checks the error.
    fn undecodable<M: Contract>(&mut self, bytes: &[u8], check: impl Fn(&CodecError) -> bool) {
        let err = self.codec.decode::<M>(bytes).unwrap_err();
        assert!(check(&err), "{}: {err}", M::FULL_NAME);
        *self
            .counts
            .decode_failures
            .entry((M::FULL_NAME, err.kind()))
            .or_default() += 1;
    }

    fn probe(&self, i: usize) -> P {
        (self.make)(format!("t{}-{i}", self.thread), (i % 100) as f32 / 100.0)
    }

    fn run(mut self, shared: &Shared) -> Counts {
        let me = P::FULL_NAME;
        for phase in 0..PHASES {
            // The first request of a phase after the first is the trial of
            // an open breaker whose period is over: it closes it.
            if phase > 0 {
                assert!(matches!(
                    self.codec.breaker().state(me),
                    BreakerState::Open { until } if until <= self.clock.now()
                ));
            }
            let first = self.probe(phase);
            self.round_trip(&first);
            assert_eq!(
                self.codec.breaker().state(me),
                BreakerState::Closed {
                    consecutive_failures: 0
                }
            );
            for i in 1..PER_PHASE - CLOSING {
                let n = phase * PER_PHASE + i;
                match n % 16 {
                    0..=5 => {
                        let p = self.probe(n);
                        self.round_trip(&p);
                    }
                    6..=9 => {
                        let seed = &shared.seeds[n % shared.seeds.len()];
                        self.round_trip(seed);
                    }
                    10 => {
                        if n % 64 == 10 {
                            self.round_trip(&shared.packet);
                        } else {
                            let p = self.probe(n);
                            self.round_trip(&p);
                        }
                    }
                    11 => self.undecodable::<SeedState>(&shared.truncated, |e| {
                        matches!(e, CodecError::Decode(d) if *d.kind() == DecodeErrorKind::Truncated)
                    }),
                    12 => self.undecodable::<SystemStatePacket>(&shared.oversized, |e| {
                        *e == CodecError::SizeOverflow {
                            size: LIMIT + 1,
                            limit: LIMIT,
                        }
                    }),
                    13 => self.undecodable::<SystemStatePacket>(&shared.hostile, |e| {
                        matches!(e, CodecError::Decode(d)
                            if *d.kind() == DecodeErrorKind::MemoryLimit { limit: MEMORY })
                    }),
                    14 => self.undecodable::<SeedState>(&shared.invalid_seed, |e| {
                        matches!(e, CodecError::Validation(v) if v.len() == 1)
                    }),
                    _ => {
                        let p = with_readings(self.probe(n), n);
                        self.round_trip(&p);
                    }
                }
            }
            // Close the phase: two invalid probes, an oversized one (the
            // breaker opens on the third failure), two rejected requests.
            let bad = (self.make)(String::new(), 2.0);
            self.refused(&bad, "validation");
            assert_eq!(
                self.codec.breaker().state(me),
                BreakerState::Closed {
                    consecutive_failures: 1
                }
            );
            self.refused(&bad, "validation");
            let big = (self.make)("x".repeat(LIMIT + 100), 0.5);
            self.refused(&big, "size_overflow");
            assert_eq!(
                self.codec.breaker().state(me),
                BreakerState::Open {
                    until: self.clock.now() + Duration::from_secs(30)
                }
            );
            let good = self.probe(phase);
            for _ in 0..2 {
                match self.codec.encode(&good, &mut self.buf) {
                    Err(CodecError::CircuitOpen {
                        message_type,
                        retry_in,
                    }) => {
                        assert_eq!(message_type, me);
                        assert_eq!(retry_in, Duration::from_secs(30));
                    }
                    other => panic!("{me}: {other:?}"),
                }
                *self
                    .counts
                    .encode_failures
                    .entry((me, "circuit_open"))
                    .or_default() += 1;
            }
            // Everyone has closed the phase; one thread moves the clock past
            // the open period; then the next phase starts.
            self.barrier.wait();
            if self.thread == 0 {
                self.clock.advance(Duration::from_secs(31));
            }
            self.barrier.wait();
        }
        self.counts
    }
}

/// A probe with a few map entries, so maps decode under load too.
fn with_readings<P: Contract>(probe: P, n: usize) -> P {
    let mut bytes = probe.encode_to_vec();
    for k in 0..3 {
        let key = format!("r{k}");
        let mut entry = vec![0x0a, key.len() as u8];
        entry.extend_from_slice(key.as_bytes());
        entry.extend_from_slice(&[0x10, (n % 100) as u8]);
        bytes.extend_from_slice(&[3 << 3 | 2, entry.len() as u8]);
        bytes.extend_from_slice(&entry);
    }
    P::decode_slice(&bytes).unwrap()
}

/// The inputs every thread shares.
struct Shared {
    seeds: Vec<SeedState>,
    packet: SystemStatePacket,
    truncated: Vec<u8>,
    oversized: Vec<u8>,
    hostile: Vec<u8>,
    invalid_seed: Vec<u8>,
}

fn shared() -> Shared {
    let packet = fixtures::system_state_packet();
    let seeds = packet.seed_states.clone();
    let mut truncated = seeds[3].encode_to_vec();
    truncated.pop();
    // 500 empty seeds: 1000 bytes on the wire, far more than 64 KiB as
    // elements.
    let hostile: Vec<u8> = std::iter::repeat_n([8 << 3 | 2, 0], 480)
        .flatten()
        .collect();
    assert!(hostile.len() <= LIMIT);
    let invalid_seed = SeedState {
        seed_id: String::new(),
        ..seeds[0].clone()
    }
    .encode_to_vec();
    Shared {
        seeds,
        packet,
        truncated,
        oversized: vec![0; LIMIT + 1],
        hostile,
        invalid_seed,
    }
}

/// Counter values by (metric, `message_type`, `error_kind`).
type Counters = HashMap<(String, String, String), u64>;
/// How many values each histogram holds, by (metric, `message_type`).
type Histograms = HashMap<(String, String), usize>;

fn counters(snapshotter: &Snapshotter) -> (Counters, Histograms) {
    let mut counters = HashMap::new();
    let mut histograms = HashMap::new();
    for (key, _, _, value) in snapshotter.snapshot().into_vec() {
        let key = key.key();
        let label = |name: &str| {
            key.labels()
                .find(|l| l.key() == name)
                .map(|l| l.value().to_owned())
                .unwrap_or_default()
        };
        match value {
            DebugValue::Counter(n) => {
                counters.insert(
                    (
                        key.name().to_owned(),
                        label("message_type"),
                        label("error_kind"),
                    ),
                    n,
                );
            }
            DebugValue::Histogram(values) => {
                histograms.insert((key.name().to_owned(), label("message_type")), values.len());
            }
            DebugValue::Gauge(_) => {}
        }
    }
    (counters, histograms)
}

#[test]
fn one_codec_shared_by_eight_threads_under_load() {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    metrics::set_global_recorder(recorder).unwrap();

    let clock = ManualClock::new();
    let codec = Arc::new(
        GuardedCodec::with_clock(config(), BreakerConfig::default(), clock.clone()).unwrap(),
    );
    let shared = Arc::new(shared());
    let barrier = Arc::new(Barrier::new(THREADS));
    let (done, finished) = mpsc::channel();
    for thread in 0..THREADS {
        let (codec, clock, barrier, shared, done) = (
            Arc::clone(&codec),
            clock.clone(),
            Arc::clone(&barrier),
            Arc::clone(&shared),
            done.clone(),
        );
        std::thread::spawn(move || {
            macro_rules! worker {
                ($ty:ident) => {
                    Worker::<$ty> {
                        codec: &codec,
                        clock: &clock,
                        barrier: &barrier,
                        thread,
                        make: |name, value| $ty {
                            name,
                            value,
                            ..$ty::default()
                        },
                        counts: Counts::default(),
                        buf: Vec::new(),
                    }
                    .run(&shared)
                };
            }
            // A failed check in a worker is reported at once (the others
            // would wait at the next barrier for ever).
            let counts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match thread {
                0 => worker!(Probe0),
                1 => worker!(Probe1),
                2 => worker!(Probe2),
                3 => worker!(Probe3),
                4 => worker!(Probe4),
                5 => worker!(Probe5),
                6 => worker!(Probe6),
                _ => worker!(Probe7),
            }));
            let _ = done.send((thread, counts));
        });
    }
    drop(done);
    let mut total = Counts::default();
    for _ in 0..THREADS {
        // A deadlock (or a thread that panicked and left the others at a
        // barrier) shows as a timeout here.
        let (thread, counts) = finished
            .recv_timeout(Duration::from_secs(300))
            .expect("the workers did not finish within 300 s: a deadlock");
        match counts {
            Ok(counts) => total.add(&counts),
            Err(_) => panic!("worker {thread} failed a check (its message is above)"),
        }
    }
    assert_eq!(
        total.round_trips as usize
            + total.encode_failures.values().sum::<u64>() as usize
            + total.decode_failures.values().sum::<u64>() as usize,
        THREADS * MESSAGES_PER_THREAD
    );

    // Every breaker is open again, its period over but no trial yet.
    for name in probe_names() {
        assert!(
            matches!(codec.breaker().state(name), BreakerState::Open { .. }),
            "{name}"
        );
    }
    for name in [SeedState::FULL_NAME, SystemStatePacket::FULL_NAME] {
        assert_eq!(
            codec.breaker().state(name),
            BreakerState::Closed {
                consecutive_failures: 0
            }
        );
    }

    let (counters, histograms) = counters(&snapshotter);
    let mut expected = HashMap::new();
    for ((ty, kind), n) in &total.encode_failures {
        expected.insert(
            (
                "leyline.serialization.failures".to_owned(),
                ty.to_string(),
                kind.to_string(),
            ),
            *n,
        );
    }
    for ((ty, kind), n) in &total.decode_failures {
        expected.insert(
            (
                "leyline.deserialization.failures".to_owned(),
                ty.to_string(),
                kind.to_string(),
            ),
            *n,
        );
    }
    assert_eq!(counters, expected);
    for (ty, n) in &total.encoded {
        assert_eq!(
            histograms[&("leyline.message.size_bytes".to_owned(), ty.to_string())],
            *n as usize,
            "{ty}"
        );
        assert_eq!(
            histograms[&(
                "leyline.serialization.duration_us".to_owned(),
                ty.to_string()
            )],
            *n as usize,
            "{ty}"
        );
    }
    // The exact figures: per thread and phase, 2 validation failures, one
    // oversized message, 2 rejections.
    for name in probe_names() {
        let count = |kind: &str| {
            counters[&(
                "leyline.serialization.failures".to_owned(),
                name.to_owned(),
                kind.to_owned(),
            )]
        };
        assert_eq!(count("validation"), 2 * PHASES as u64);
        assert_eq!(count("size_overflow"), PHASES as u64);
        assert_eq!(count("circuit_open"), 2 * PHASES as u64);
    }
}

fn probe_names() -> [&'static str; 8] {
    [
        Probe0::FULL_NAME,
        Probe1::FULL_NAME,
        Probe2::FULL_NAME,
        Probe3::FULL_NAME,
        Probe4::FULL_NAME,
        Probe5::FULL_NAME,
        Probe6::FULL_NAME,
        Probe7::FULL_NAME,
    ]
}
