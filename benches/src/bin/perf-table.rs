//! Prints the performance table of the README: every case and operation,
//! leyline, prost and buffa timed side by side in this run (median of
//! interleaved batches), with allocation counts and the goals met or missed.
//!
//! `cargo run -p leyline-benches --release --bin perf-table [-- BATCHES [CASE]]`
//! (CASE: only the cases whose name contains it)
//!
//! `perf-table --profile CASE OP SIDE [SECONDS]` instead runs one cell in a
//! loop, for `perf record` or callgrind (OP: encode, deterministic, into,
//! prostapi, decode, view, read; SIDE: leyline, prost, buffa).

#[global_allocator]
static ALLOC: leyline_benches::alloc_count::CountingAllocator =
    leyline_benches::alloc_count::CountingAllocator;

use std::time::{Duration, Instant};

use leyline_benches::{case, table};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cases = match case::all() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("fixtures disagree: {e}");
            std::process::exit(1);
        }
    };
    let get = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    if get(0) == "--profile" {
        let seconds: f64 = get(4).parse().unwrap_or(5.0);
        let run = cases
            .iter()
            .find(|c| c.name() == get(1))
            .and_then(|c| c.runner(get(2), get(3)));
        let Some(mut run) = run else {
            eprintln!("usage: perf-table --profile CASE OP SIDE [SECONDS]");
            std::process::exit(2);
        };
        let until = Instant::now() + Duration::from_secs_f64(seconds);
        let mut n = 0u64;
        while Instant::now() < until {
            run(100);
            n += 100;
        }
        println!("{n} iterations");
        return;
    }
    let batches = get(0).parse().unwrap_or(201);
    let filter = get(1);
    let mut rows = Vec::new();
    for case in cases.iter().filter(|c| c.name().contains(filter)) {
        rows.extend(table::rows(case.as_ref(), batches));
    }
    println!(
        "median of {batches} interleaved batches per cell, ~2 ms each or more; ×prost and ×buffa are leyline's median over theirs (< 1: leyline is faster)\n"
    );
    table::print(&rows);
}
