//! `cargo bench -p leyline`: the benchmarks of the design's four cases against
//! prost-build, defined in the `leyline-benches` crate (which owns the build
//! script generating the prost side). Same as `cargo bench -p leyline-benches`.

#[global_allocator]
static ALLOC: leyline_benches::alloc_count::CountingAllocator =
    leyline_benches::alloc_count::CountingAllocator;

fn main() {
    leyline_benches::harness::criterion_main();
}
