//! Compile-time checks: every protoc rule is a compile error that points at the
//! offending token. One mistake per file under `tests/ui/<category>/`, except the
//! files under `tests/ui/accumulate/`, which hold several to prove that all
//! errors come out of one compile. `tests/ui/README.md` lists which file proves
//! which rule. `tests/ui-pass/` holds contracts that must compile, warning-free.
//!
//! Refresh the expected output with `TRYBUILD=overwrite cargo test -p leyline-tests --test ui`.

//!
//! Under `.ci/coverage` the compiles that trybuild runs inherit
//! `RUSTC_BOOTSTRAP=1`, which cargo-llvm-cov needs for branch coverage; with it
//! the stable compiler prints nightly's diagnostics, and some expected
//! `.stderr` files would not match. The script therefore names the crates that
//! are instrumented (the workspace's, which get `-Z coverage-options=branch`)
//! in `LEYLINE_UI_RUSTC_BOOTSTRAP`, and this test gives rustc that list as
//! `RUSTC_BOOTSTRAP` instead: the instrumented proc macro still runs on every
//! case, while each case compiles as on stable and prints stable's errors.

#[test]
fn ui() {
    if let Some(crates) = std::env::var_os("LEYLINE_UI_RUSTC_BOOTSTRAP") {
        // Before trybuild starts any process, on this test's only thread.
        std::env::set_var("RUSTC_BOOTSTRAP", crates);
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*/*.rs");
    t.pass("ui-pass/*.rs");
}
