//! `export`: write the `.proto` files (and a descriptor set), or check that a
//! directory holds exactly what a fresh export would write.

use core::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use prost::Message as _;

use super::args::ExportArgs;
use super::{Context, Failure, Output};
use crate::export::{Export, StaleDir};

pub(super) fn run(
    cx: &Context<'_>,
    args: &ExportArgs,
    out: &mut Output<'_>,
    stderr: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let export = cx.export()?;
    if args.check {
        return check(cx, args, &export, out, stderr);
    }
    export
        .write_dir(&args.out)
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", args.out.display())))?;
    let written = export.files().iter().map(|f| f.path());
    for path in written.chain(export.python_facade().map(|p| p.path())) {
        out.line(format_args!("wrote {}", args.out.join(path).display()))?;
    }
    if let Some(path) = &args.descriptor_set {
        std::fs::write(path, export.descriptor_set().encode_to_vec())
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))?;
        out.line(format_args!("wrote {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `export --check`: exit code 1, with what differs and the command that
/// refreshes it on standard error, when the directory (or the descriptor set
/// file) is not what `export` would write.
fn check(
    cx: &Context<'_>,
    args: &ExportArgs,
    export: &Export,
    out: &mut Output<'_>,
    stderr: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let mut report = String::new();
    if let Err(stale) = export.check_dir(&args.out) {
        report.push_str(&stale_files(&stale));
    }
    if let Some(path) = &args.descriptor_set {
        if let Some(problem) = stale_descriptor_set(export, path) {
            let _ = writeln!(report, "{problem}");
        }
    }
    if report.is_empty() {
        out.line(format_args!(
            "{} is up to date ({} files)",
            args.out.display(),
            export.files().len()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut refresh = format!("{} export --out {}", cx.program, args.out.display());
    if let Some(path) = &args.descriptor_set {
        let _ = write!(refresh, " --descriptor-set {}", path.display());
    }
    let _ = writeln!(stderr, "{report}refresh with: {refresh}");
    Ok(ExitCode::FAILURE)
}

/// What differs in the directory, one line each (the refresh command follows
/// separately: [`StaleDir`]'s own message names leyline's, not this program's).
fn stale_files(stale: &StaleDir) -> String {
    let mut text = format!(
        "the .proto files in `{}` do not match the contracts:\n",
        stale.dir.display()
    );
    for changed in &stale.changed {
        let _ = writeln!(
            text,
            "  changed: {} (line {}: expected `{}`, found `{}`)",
            changed.path, changed.line, changed.expected, changed.found
        );
    }
    for path in &stale.missing {
        let _ = writeln!(text, "  missing: {path}");
    }
    for path in &stale.extra {
        let _ = writeln!(text, "  extra:   {path}");
    }
    for (path, reason) in &stale.unreadable {
        let _ = writeln!(text, "  unreadable: {path} ({reason})");
    }
    text
}

/// Why the descriptor set file is not the fresh one, if it is not.
fn stale_descriptor_set(export: &Export, path: &Path) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) if bytes == export.descriptor_set().encode_to_vec() => None,
        Ok(_) => Some(format!(
            "the descriptor set `{}` does not match the contracts",
            path.display()
        )),
        Err(e) => Some(format!(
            "the descriptor set `{}` cannot be read: {e}",
            path.display()
        )),
    }
}
