//! `cargo bench -p leyline-benches`: see `leyline_benches::harness`.

#[global_allocator]
static ALLOC: leyline_benches::alloc_count::CountingAllocator =
    leyline_benches::alloc_count::CountingAllocator;

fn main() {
    leyline_benches::harness::criterion_main();
}
