//! `cargo bench -p leyline-benches --bench json`: see `leyline_benches::json`.

#[global_allocator]
static ALLOC: leyline_benches::alloc_count::CountingAllocator =
    leyline_benches::alloc_count::CountingAllocator;

fn main() {
    leyline_benches::json::criterion_main();
}
