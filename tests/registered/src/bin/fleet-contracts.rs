//! The leyline command line for every contract this program links, found by
//! registration: no list to keep up to date.

// Refers to the library, so that it (and its contracts) are linked.
use leyline_registered_tests as _;

fn main() -> std::process::ExitCode {
    leyline::cli::main(leyline::export::Exporter::registered())
}
