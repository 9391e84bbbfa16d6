//! The leyline command line for this crate's contracts:
//! `cargo run --bin contracts -- export --out proto-out`.

use leyline_example_contracts::{RunSummary, StepReport};

fn main() -> std::process::ExitCode {
    leyline::cli::main(
        leyline::export::Exporter::new()
            .message::<StepReport>()
            .message::<RunSummary>(),
    )
}
