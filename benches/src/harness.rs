//! The criterion benchmarks (`cargo bench -p leyline-benches`, also run by
//! `cargo bench -p leyline`): every cell of every case (`crate::case`), one
//! group per case and operation with a function per library, and at the end
//! the medians side by side with their ratios.

use std::path::PathBuf;
use std::time::Instant;

use criterion::Criterion;

use crate::case::{self, AnyCase};
use crate::timing::fmt_ns;

/// The operations and the sides each has.
const CELLS: [(&str, &[&str]); 7] = [
    ("encode", &["leyline", "prost", "buffa"]),
    ("deterministic", &["leyline"]),
    ("into", &["leyline", "prost", "buffa"]),
    ("prostapi", &["leyline"]),
    ("decode", &["leyline", "prost", "buffa"]),
    ("view", &["leyline", "buffa"]),
    ("read", &["leyline", "prost", "buffa"]),
];

fn show(n: Option<u64>) -> String {
    n.map_or_else(|| "-".to_owned(), |n| n.to_string())
}

/// Registers the criterion benchmarks of one case: a group `<case>.<op>` per
/// operation, with a function per side.
pub fn bench_case(c: &mut Criterion, case: &dyn AnyCase) {
    for (op, sides) in CELLS {
        let a = case.allocations(op);
        println!(
            "{} {op}: {} bytes; allocations leyline {} prost {} buffa {}",
            case.name(),
            case.len(),
            show(a[0]),
            show(a[1]),
            show(a[2])
        );
        let mut g = c.benchmark_group(format!("{}.{op}", case.name()));
        for side in sides {
            let Some(mut run) = case.runner(op, side) else {
                continue;
            };
            g.bench_function(*side, |b| {
                b.iter_custom(|iters| {
                    let n = u32::try_from(iters).unwrap_or(u32::MAX);
                    let t = Instant::now();
                    run(n);
                    t.elapsed()
                })
            });
        }
        g.finish();
    }
}

/// Runs every criterion benchmark, then prints the medians side by side.
pub fn criterion_main() {
    let cases = match case::all() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("fixtures disagree: {e}");
            std::process::exit(1);
        }
    };
    let mut c = Criterion::default().configure_from_args();
    for case in &cases {
        bench_case(&mut c, case.as_ref());
    }
    c.final_summary();
    print_criterion_medians(&cases);
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

fn print_criterion_medians(cases: &[Box<dyn AnyCase>]) {
    let Some(dir) = criterion_dir() else { return };
    println!("\ncriterion medians of this run (separately timed: prefer perf-table's ratios):");
    println!(
        "{:<34} {:<14} {:>10} {:>10} {:>10}",
        "case", "op", "leyline", "prost", "buffa"
    );
    for case in cases {
        for (op, _) in CELLS {
            let group = format!("{}.{op}", case.name());
            let cell =
                |side| criterion_median(&dir, &group, side).map_or_else(|| "-".to_owned(), fmt_ns);
            println!(
                "{:<34} {:<14} {:>10} {:>10} {:>10}",
                case.name(),
                op,
                cell("leyline"),
                cell("prost"),
                cell("buffa")
            );
        }
    }
}
