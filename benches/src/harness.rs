//! The measurements: criterion benchmarks of every case (encode and decode,
//! leyline and prost side by side in the same run), allocation counts, and the
//! simple median-of-batches timer behind the `perf-table` binary.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::Criterion;
use leyline::Contract;
use prost::Message;

use crate::alloc_count::count_allocations;
use crate::{fixtures, pb};

/// One benchmark case: a leyline value, the prost value holding the same data,
/// and the bytes both decode.
#[derive(Debug)]
pub struct Case<L, P> {
    /// The case's name (`system_state_packet`).
    pub name: &'static str,
    /// The design's serialization target for this case.
    pub design_target: &'static str,
    /// Whether the encode ratio target is 0.7 (else 1.0).
    pub encode_target: f64,
    pub leyline: L,
    pub prost: P,
    /// The leyline encoding (what both sides decode).
    pub bytes: Vec<u8>,
}

impl<L: Contract, P: Message + Default + PartialEq> Case<L, P> {
    fn new(
        name: &'static str,
        design_target: &'static str,
        encode_target: f64,
        leyline: L,
    ) -> Result<Self, String> {
        let prost: P = fixtures::to_prost(&leyline).map_err(|e| format!("{name}: {e}"))?;
        fixtures::check(&leyline, &prost).map_err(|e| format!("{name}: {e}"))?;
        let bytes = leyline.encode_to_vec();
        Ok(Case {
            name,
            design_target,
            encode_target,
            leyline,
            prost,
            bytes,
        })
    }

    /// Encodes with leyline, as a user would (`encode_to_vec`).
    #[inline(never)]
    pub fn encode_leyline(&self) -> Vec<u8> {
        black_box(&self.leyline).encode_to_vec()
    }

    /// Encodes with prost (`encode_to_vec`).
    #[inline(never)]
    pub fn encode_prost(&self) -> Vec<u8> {
        black_box(&self.prost).encode_to_vec()
    }

    /// Decodes into the owned leyline type (`Contract::decode_slice`).
    #[inline(never)]
    pub fn decode_leyline(&self) -> Option<L> {
        L::decode_slice(black_box(&self.bytes)).ok()
    }

    /// Decodes leyline's borrowed view (`Contract::decode_view`), returning
    /// whether it succeeded (the view borrows the case's bytes).
    #[inline(never)]
    pub fn decode_view(&self) -> bool {
        black_box(L::decode_view(black_box(&self.bytes))).is_ok()
    }

    /// Decodes into the owned prost type (`Message::decode` from a slice).
    #[inline(never)]
    pub fn decode_prost(&self) -> Option<P> {
        P::decode(black_box(self.bytes.as_slice())).ok()
    }
}

/// Every case, checked: the leyline and prost values agree.
pub struct Cases {
    pub system_state_packet: Case<leyline::contracts::SystemStatePacket, pb::SystemStatePacket>,
    pub system_state_packet_seed_metrics:
        Case<leyline::contracts::SystemStatePacket, pb::SystemStatePacket>,
    pub adaptation_command: Case<leyline::contracts::AdaptationCommand, pb::AdaptationCommand>,
    pub event_envelope: Case<leyline::contracts::EventEnvelope, pb::EventEnvelope>,
    pub structural_pruning_request:
        Case<leyline::contracts::StructuralPruningRequest, pb::StructuralPruningRequest>,
}

impl std::fmt::Debug for Cases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cases")
    }
}

impl Cases {
    /// Builds and checks every case.
    pub fn new() -> Result<Self, String> {
        Ok(Cases {
            system_state_packet: Case::new(
                "system_state_packet",
                "<80 µs",
                0.7,
                fixtures::system_state_packet(),
            )?,
            system_state_packet_seed_metrics: Case::new(
                "system_state_packet_seed_metrics",
                "<80 µs",
                0.7,
                fixtures::system_state_packet_seed_metrics(),
            )?,
            adaptation_command: Case::new(
                "adaptation_command",
                "<40 µs",
                1.0,
                fixtures::adaptation_command(),
            )?,
            event_envelope: Case::new("event_envelope", "<20 µs", 1.0, fixtures::event_envelope())?,
            structural_pruning_request: Case::new(
                "structural_pruning_request",
                "<120 µs",
                0.7,
                fixtures::structural_pruning_request(),
            )?,
        })
    }
}

impl Cases {
    /// Runs one operation of one case in a loop for `seconds` (for profiling);
    /// `false` when no such case, operation or side exists.
    pub fn profile(&self, case: &str, op: &str, side: &str, seconds: f64) -> bool {
        let until = Instant::now() + Duration::from_secs_f64(seconds);
        fn run(until: Instant, mut f: impl FnMut()) -> bool {
            let mut n = 0u64;
            while Instant::now() < until {
                for _ in 0..100 {
                    f();
                }
                n += 100;
            }
            println!("{n} iterations");
            true
        }
        macro_rules! cell {
            ($c:expr) => {
                match (op, side) {
                    ("encode", "leyline") => run(until, || drop(black_box($c.encode_leyline()))),
                    ("encode", "prost") => run(until, || drop(black_box($c.encode_prost()))),
                    ("decode", "leyline") => run(until, || drop(black_box($c.decode_leyline()))),
                    ("decode", "prost") => run(until, || drop(black_box($c.decode_prost()))),
                    ("view", "leyline") => run(until, || {
                        black_box($c.decode_view());
                    }),
                    _ => false,
                }
            };
        }
        match case {
            "system_state_packet" => cell!(self.system_state_packet),
            "system_state_packet_seed_metrics" => cell!(self.system_state_packet_seed_metrics),
            "adaptation_command" => cell!(self.adaptation_command),
            "event_envelope" => cell!(self.event_envelope),
            "structural_pruning_request" => cell!(self.structural_pruning_request),
            _ => false,
        }
    }
}

/// Heap allocations of one call of each operation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allocations {
    pub encode_leyline: Option<u64>,
    pub encode_prost: Option<u64>,
    pub decode_leyline: Option<u64>,
    pub decode_view: Option<u64>,
    pub decode_prost: Option<u64>,
}

impl<L: Contract, P: Message + Default + PartialEq> Case<L, P> {
    /// Counts the allocations of one call of each operation.
    pub fn allocations(&self) -> Allocations {
        Allocations {
            encode_leyline: count_allocations(|| self.encode_leyline()).1,
            encode_prost: count_allocations(|| self.encode_prost()).1,
            decode_leyline: count_allocations(|| self.decode_leyline()).1,
            decode_view: count_allocations(|| self.decode_view()).1,
            decode_prost: count_allocations(|| self.decode_prost()).1,
        }
    }
}

fn show(n: Option<u64>) -> String {
    n.map_or_else(|| "?".to_owned(), |n| n.to_string())
}

/// Registers the criterion benchmarks of one case: groups `<case>.encode`
/// and `<case>.decode`, each with a `leyline` and a `prost` function.
pub fn bench_case<L: Contract, P: Message + Default + PartialEq>(
    c: &mut Criterion,
    case: &Case<L, P>,
) {
    let a = case.allocations();
    println!(
        "{}: {} bytes; allocations per encode: leyline {} prost {}; per decode: leyline {} (view {}) prost {}",
        case.name,
        case.bytes.len(),
        show(a.encode_leyline),
        show(a.encode_prost),
        show(a.decode_leyline),
        show(a.decode_view),
        show(a.decode_prost),
    );
    let mut g = c.benchmark_group(format!("{}.encode", case.name));
    g.bench_function("leyline", |b| b.iter(|| case.encode_leyline()));
    g.bench_function("prost", |b| b.iter(|| case.encode_prost()));
    g.finish();
    let mut g = c.benchmark_group(format!("{}.decode", case.name));
    g.bench_function("leyline", |b| b.iter(|| case.decode_leyline()));
    g.bench_function("leyline_view", |b| b.iter(|| case.decode_view()));
    g.bench_function("prost", |b| b.iter(|| case.decode_prost()));
    g.finish();
}

/// Runs every criterion benchmark, then prints the medians side by side.
pub fn criterion_main() {
    let cases = match Cases::new() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("fixtures disagree: {e}");
            std::process::exit(1);
        }
    };
    let mut c = Criterion::default().configure_from_args();
    let mut names = Vec::new();
    let mut run = |case_name: &'static str, f: &mut dyn FnMut(&mut Criterion)| {
        names.push(case_name);
        f(&mut c);
    };
    run(cases.system_state_packet.name, &mut |c| {
        bench_case(c, &cases.system_state_packet)
    });
    run(cases.system_state_packet_seed_metrics.name, &mut |c| {
        bench_case(c, &cases.system_state_packet_seed_metrics)
    });
    run(cases.adaptation_command.name, &mut |c| {
        bench_case(c, &cases.adaptation_command)
    });
    run(cases.event_envelope.name, &mut |c| {
        bench_case(c, &cases.event_envelope)
    });
    run(cases.structural_pruning_request.name, &mut |c| {
        bench_case(c, &cases.structural_pruning_request)
    });
    c.final_summary();
    print_criterion_medians(&names);
}

/// Where criterion writes its estimates (as criterion itself decides, minus
/// the `cargo metadata` call).
pub(crate) fn criterion_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return Some(home.into());
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(target).join("criterion"));
    }
    // The bench binary lives in <target>/<profile>/deps/.
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.parent()?.join("criterion"))
}

/// The median point estimate (ns) of one criterion benchmark, from its
/// `estimates.json`.
pub(crate) fn criterion_median(dir: &std::path::Path, group: &str, function: &str) -> Option<f64> {
    let text =
        std::fs::read_to_string(dir.join(group).join(function).join("new/estimates.json")).ok()?;
    let median = &text[text.find("\"median\"")?..];
    let point = &median[median.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = point.find([',', '}'])?;
    point[..end].trim().parse().ok()
}

fn print_criterion_medians(cases: &[&str]) {
    let Some(dir) = criterion_dir() else { return };
    println!("\ncriterion medians of this run (leyline / prost):");
    println!(
        "{:<28} {:<7} {:>12} {:>12} {:>7}",
        "case", "op", "leyline", "prost", "ratio"
    );
    for case in cases {
        for (op, function) in [
            ("encode", "leyline"),
            ("decode", "leyline"),
            ("decode", "leyline_view"),
        ] {
            let group = format!("{case}.{op}");
            let (Some(l), Some(p)) = (
                criterion_median(&dir, &group, function),
                criterion_median(&dir, &group, "prost"),
            ) else {
                continue;
            };
            let op = if function == "leyline_view" {
                "view"
            } else {
                op
            };
            println!(
                "{:<28} {:<7} {:>12} {:>12} {:>7.2}",
                case,
                op,
                fmt_ns(l),
                fmt_ns(p),
                l / p
            );
        }
    }
}

/// A duration in ns, shown with a unit.
pub fn fmt_ns(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

/// The median time of one call of each function, timed in interleaved batches
/// (a batch of `a`, a batch of `b`, ...) so that drift on a shared machine hits
/// both alike. Each batch runs long enough (about 2 ms) for the clock to be
/// precise; the median of the batches is returned, in ns per call.
pub fn median_pair(mut a: impl FnMut(), mut b: impl FnMut(), batches: usize) -> (f64, f64) {
    let iters = calibrate(&mut a).max(calibrate(&mut b));
    let mut ta = Vec::with_capacity(batches);
    let mut tb = Vec::with_capacity(batches);
    for _ in 0..batches {
        ta.push(time_batch(&mut a, iters));
        tb.push(time_batch(&mut b, iters));
    }
    (median(&mut ta), median(&mut tb))
}

fn calibrate(f: &mut impl FnMut()) -> u32 {
    let mut iters = 1u32;
    loop {
        let t = Instant::now();
        for _ in 0..iters {
            f();
        }
        if t.elapsed() >= Duration::from_millis(2) || iters >= 1 << 24 {
            return iters;
        }
        iters *= 2;
    }
}

fn time_batch(f: &mut impl FnMut(), iters: u32) -> f64 {
    let t = Instant::now();
    for _ in 0..iters {
        f();
    }
    t.elapsed().as_nanos() as f64 / f64::from(iters)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// One row of the performance table.
#[derive(Debug, Clone)]
pub struct Row {
    pub case: &'static str,
    pub bytes: usize,
    pub op: &'static str,
    pub leyline_ns: f64,
    pub prost_ns: f64,
    pub leyline_allocs: Option<u64>,
    pub prost_allocs: Option<u64>,
    pub target: String,
}

impl<L: Contract, P: Message + Default + PartialEq> Case<L, P> {
    /// Measures every operation of this case for the table.
    pub fn rows(&self, batches: usize) -> Vec<Row> {
        let a = self.allocations();
        let (le, pe) = median_pair(
            || drop(black_box(self.encode_leyline())),
            || drop(black_box(self.encode_prost())),
            batches,
        );
        let (ld, pd) = median_pair(
            || drop(black_box(self.decode_leyline())),
            || drop(black_box(self.decode_prost())),
            batches,
        );
        let (lv, pv) = median_pair(
            || {
                black_box(self.decode_view());
            },
            || drop(black_box(self.decode_prost())),
            batches,
        );
        vec![
            Row {
                case: self.name,
                bytes: self.bytes.len(),
                op: "encode",
                leyline_ns: le,
                prost_ns: pe,
                leyline_allocs: a.encode_leyline,
                prost_allocs: a.encode_prost,
                target: format!(
                    "≤ {:.1}× prost; design {}",
                    self.encode_target, self.design_target
                ),
            },
            Row {
                case: self.name,
                bytes: self.bytes.len(),
                op: "decode",
                leyline_ns: ld,
                prost_ns: pd,
                leyline_allocs: a.decode_leyline,
                prost_allocs: a.decode_prost,
                target: "≤ 0.8× prost".to_owned(),
            },
            Row {
                case: self.name,
                bytes: self.bytes.len(),
                op: "decode (view)",
                leyline_ns: lv,
                prost_ns: pv,
                leyline_allocs: a.decode_view,
                prost_allocs: a.decode_prost,
                target: "≤ 0.25× prost owned".to_owned(),
            },
        ]
    }
}

/// Prints rows as a Markdown table.
pub fn print_table(rows: &[Row]) {
    println!("| case | bytes | op | leyline | prost | leyline/prost | allocs leyline | allocs prost | target |");
    println!("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {:.2} | {} | {} | {} |",
            r.case,
            r.bytes,
            r.op,
            fmt_ns(r.leyline_ns),
            fmt_ns(r.prost_ns),
            r.leyline_ns / r.prost_ns,
            show(r.leyline_allocs),
            show(r.prost_allocs),
            r.target
        );
    }
}
