//! The timer behind `perf-table`: the cells of one group timed in interleaved
//! batches (a batch of each, round after round), so that the drift of a
//! shared machine hits them alike; each cell's median batch, in ns per call.

use std::time::{Duration, Instant};

/// A cell: runs its operation `n` times.
pub type Runner<'s> = Box<dyn FnMut(u32) + 's>;

/// The median time per call of each runner, over `batches` rounds. Every
/// batch runs as many calls as the fastest runner needs for about 2 ms, so
/// the clock is precise for all of them.
pub fn medians(runners: &mut [Runner<'_>], batches: usize) -> Vec<f64> {
    let iters = runners.iter_mut().map(calibrate).max().unwrap_or(1);
    let mut times = vec![Vec::with_capacity(batches); runners.len()];
    for _ in 0..batches {
        for (r, t) in runners.iter_mut().zip(&mut times) {
            t.push(time_batch(r, iters));
        }
    }
    times.iter_mut().map(|t| median(t)).collect()
}

fn calibrate(f: &mut Runner<'_>) -> u32 {
    let mut iters = 1u32;
    loop {
        let t = Instant::now();
        f(iters);
        if t.elapsed() >= Duration::from_millis(2) || iters >= 1 << 24 {
            return iters;
        }
        iters *= 2;
    }
}

fn time_batch(f: &mut Runner<'_>, iters: u32) -> f64 {
    let t = Instant::now();
    f(iters);
    t.elapsed().as_nanos() as f64 / f64::from(iters)
}

/// The medians of two operations, timed in interleaved batches (see
/// [`medians`]), in ns per call.
pub fn median_pair(a: impl Fn(), b: impl Fn(), batches: usize) -> (f64, f64) {
    let mut runners: [Runner<'_>; 2] = [
        Box::new(|n| (0..n).for_each(|_| a())),
        Box::new(|n| (0..n).for_each(|_| b())),
    ];
    let m = medians(&mut runners, batches);
    (m[0], m[1])
}

/// The median of `v` (NaN when empty).
pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
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
