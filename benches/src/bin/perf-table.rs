//! Prints the performance table of the README: every case, encode and decode,
//! leyline and prost timed side by side in this run (median of interleaved
//! batches), with allocation counts.
//!
//! `cargo run -p leyline-benches --release --bin perf-table [-- BATCHES [CASE]]`
//! (CASE: only the cases whose name contains it)
//!
//! `perf-table --profile CASE OP SIDE [SECONDS]` instead runs one cell in a
//! loop (OP is `encode` or `decode`, SIDE `leyline` or `prost`), for `perf record`.

#[global_allocator]
static ALLOC: leyline_benches::alloc_count::CountingAllocator =
    leyline_benches::alloc_count::CountingAllocator;

use leyline_benches::harness::{print_table, Cases};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--profile") {
        let cases = Cases::new().unwrap_or_else(|e| {
            eprintln!("fixtures disagree: {e}");
            std::process::exit(1)
        });
        let get = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
        let seconds = get(4).parse().unwrap_or(5.0);
        if !cases.profile(get(1), get(2), get(3), seconds) {
            eprintln!("usage: perf-table --profile CASE encode|decode leyline|prost [SECONDS]");
            std::process::exit(2);
        }
        return;
    }
    let batches = args.first().and_then(|a| a.parse().ok()).unwrap_or(201);
    let cases = match Cases::new() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("fixtures disagree: {e}");
            std::process::exit(1);
        }
    };
    let filter = args.get(1).cloned().unwrap_or_default();
    let mut rows = Vec::new();
    if cases.system_state_packet.name.contains(&filter) {
        rows.extend(cases.system_state_packet.rows(batches));
    }
    if cases
        .system_state_packet_seed_metrics
        .name
        .contains(&filter)
    {
        rows.extend(cases.system_state_packet_seed_metrics.rows(batches));
    }
    if cases.adaptation_command.name.contains(&filter) {
        rows.extend(cases.adaptation_command.rows(batches));
    }
    if cases.event_envelope.name.contains(&filter) {
        rows.extend(cases.event_envelope.rows(batches));
    }
    if cases.structural_pruning_request.name.contains(&filter) {
        rows.extend(cases.structural_pruning_request.rows(batches));
    }
    println!("median of {batches} interleaved batches per cell, ~2 ms each; ratio < 1 means leyline is faster\n");
    print_table(&rows);
}
