//! Compile-time checks: every protoc rule is a compile error that points at the
//! offending token. One mistake per file under `tests/ui/<category>/`, except the
//! files under `tests/ui/accumulate/`, which hold several to prove that all
//! errors come out of one compile. `tests/ui/README.md` lists which file proves
//! which rule. `tests/ui-pass/` holds contracts that must compile, warning-free.
//!
//! Refresh the expected output with `TRYBUILD=overwrite cargo test -p leyline-tests --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*/*.rs");
    t.pass("ui-pass/*.rs");
}
