//! `check --against DIR`: would the current contracts break consumers of a
//! released export?

use std::io::Write;
use std::process::ExitCode;

use super::args::CheckArgs;
use super::{Context, Failure, Output};

pub(super) fn run(
    cx: &Context<'_>,
    args: &CheckArgs,
    out: &mut Output<'_>,
    stderr: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let export = cx.export()?;
    let report = crate::evolution::check_against_dir(&export.descriptor_set(), &args.against)
        .map_err(|e| Failure::new(e.to_string()))?;
    if report.is_compatible() {
        out.line(format_args!(
            "compatible with {}: no breaking changes",
            args.against.display()
        ))?;
        Ok(ExitCode::SUCCESS)
    } else {
        let _ = writeln!(
            stderr,
            "breaking changes against {}:\n{report}",
            args.against.display()
        );
        Ok(ExitCode::FAILURE)
    }
}
