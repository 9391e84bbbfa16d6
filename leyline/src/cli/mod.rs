//! The `leyline` command line for any set of contracts: export them to
//! `.proto`, check a checked-in export is fresh, guard their evolution against
//! a released export, decode messages by type name (printed as Rust values or
//! as proto3 JSON), and encode messages written as proto3 JSON.
//!
//! A crate with contracts gets the whole tool in a few lines (a binary
//! `src/bin/contracts.rs`):
//!
//! ```no_run
//! # mod my_contracts {
//! #     #[leyline::message(package = "acme.training.v1")]
//! #     pub struct StepReport { #[leyline(field = 1)] pub step: u64 }
//! #     #[leyline::message(package = "acme.training.v1")]
//! #     pub struct RunSummary { #[leyline(field = 1)] pub steps: u64 }
//! # }
//! # use my_contracts::{RunSummary, StepReport};
//! fn main() -> std::process::ExitCode {
//!     leyline::cli::main(leyline::export::Exporter::new().message::<StepReport>().message::<RunSummary>())
//! }
//! ```
//!
//! ```text
//! cargo run --bin contracts -- export --out proto-out [--descriptor-set FILE]
//! cargo run --bin contracts -- export --out proto-out --check
//! cargo run --bin contracts -- check --against last-release/proto-out
//! cargo run --bin contracts -- decode --type acme.training.v1.StepReport [--input FILE] [--format protobuf]
//! cargo run --bin contracts -- decode --type StepReport --json [--proto-names] [--emit-defaults]
//! cargo run --bin contracts -- encode --type StepReport [--input FILE] [--ignore-unknown-fields] < step.json > step.bin
//! ```
//!
//! With leyline's `registry` feature, [`Exporter::registered`] collects every
//! contract of the program without a list (on the targets where
//! [`REGISTRATION`](crate::export::REGISTRATION) is `true`).
//!
//! # Exit codes
//!
//! - 0: done (`export --check`: up to date; `check`: compatible).
//! - 1: failed, with `error: ...` on standard error; or `export --check`
//!   found the directory stale, or `check` found breaking changes, each
//!   reported on standard error.
//! - 2: the command line is wrong (clap's usage error).
//!
//! A closed standard output (`... | head`) ends the printout quietly: the
//! command still does all its work (every file is written) and exits as it
//! would have.

mod args;
mod check;
mod decode;
mod encode;
mod export;
mod output;

use core::fmt;
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};

use crate::export::{Export, Exporter};

use args::{Command, CommandLine};
use output::Output;

/// Runs the command line of this process over `contracts` and returns the
/// exit code: `fn main() -> ExitCode { leyline::cli::main(...) }`.
pub fn main(contracts: Exporter) -> ExitCode {
    Cli::new(contracts).main()
}

/// The command line over a set of contracts, with the program's own name,
/// description and version.
///
/// ```
/// use leyline::cli::{Cli, Io};
/// use leyline::export::Exporter;
///
/// #[leyline::message(package = "acme.v1")]
/// pub struct Ping {
///     #[leyline(field = 1)]
///     pub sequence: u64,
/// }
///
/// let cli = Cli::new(Exporter::new().message::<Ping>()).version("1.2.0");
/// let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
/// let code = cli.run(
///     ["pings", "decode", "--type", "Ping"],
///     Io::new(&mut &[0x08, 0x07][..], &mut stdout, &mut stderr),
/// );
/// assert_eq!(code, std::process::ExitCode::SUCCESS);
/// assert!(String::from_utf8_lossy(&stdout).contains("sequence: 7"));
/// ```
#[derive(Debug, Clone)]
pub struct Cli {
    contracts: Exporter,
    name: Option<String>,
    about: String,
    version: Option<String>,
}

impl Cli {
    /// The command line over `contracts`. Its name defaults to the program's
    /// file name; it has no `--version` until [`Cli::version`] gives one.
    pub fn new(contracts: Exporter) -> Self {
        Cli {
            contracts,
            name: None,
            about:
                "Export, check, decode and encode the Protocol Buffers contracts of this program."
                    .to_owned(),
            version: None,
        }
    }

    /// The program's name, shown by `--version`.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The line `--help` opens with.
    #[must_use]
    pub fn about(mut self, about: impl Into<String>) -> Self {
        self.about = about.into();
        self
    }

    /// The version `--version` prints (usually `env!("CARGO_PKG_VERSION")`).
    #[must_use]
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Runs with this process's arguments, standard input and output.
    pub fn main(&self) -> ExitCode {
        let mut stdin = io::stdin().lock();
        let mut stdout = io::stdout().lock();
        let mut stderr = io::stderr().lock();
        self.run(
            std::env::args_os(),
            Io::new(&mut stdin, &mut stdout, &mut stderr),
        )
    }

    /// Runs with these arguments (the first is the program's name, as in
    /// `std::env::args_os`) and these streams.
    pub fn run<I, T>(&self, args: I, io: Io<'_>) -> ExitCode
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        let program = args
            .first()
            .and_then(|arg0| Path::new(arg0).file_stem())
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "contracts".to_owned());
        let mut out = Output::new(io.stdout);
        let mut command = CommandLine::command()
            .name(self.name.clone().unwrap_or_else(|| program.clone()))
            .about(self.about.clone());
        if let Some(version) = &self.version {
            command = command.version(version.clone());
        }
        let parsed = command
            .try_get_matches_from(args)
            .and_then(|matches| CommandLine::from_arg_matches(&matches));
        let result = match parsed {
            Ok(line) => {
                let cx = Context {
                    contracts: &self.contracts,
                    program: &program,
                };
                match line.command {
                    Command::Export(args) => export::run(&cx, &args, &mut out, io.stderr),
                    Command::Decode(args) => decode::run(&cx, &args, io.stdin, &mut out),
                    Command::Encode(args) => encode::run(&cx, &args, io.stdin, &mut out),
                    Command::Check(args) => check::run(&cx, &args, &mut out, io.stderr),
                }
            }
            Err(err) => {
                let text = err.render().to_string();
                if err.use_stderr() {
                    let _ = write!(io.stderr, "{text}");
                    return ExitCode::from(2);
                }
                out.bytes(text.as_bytes()).map(|()| ExitCode::SUCCESS)
            }
        };
        match result.and_then(|code| out.flush().map(|()| code)) {
            Ok(code) => code,
            Err(failure) => {
                let _ = writeln!(io.stderr, "error: {failure}");
                ExitCode::FAILURE
            }
        }
    }
}

/// The streams a [`Cli::run`] reads and writes.
pub struct Io<'a> {
    stdin: &'a mut dyn Read,
    stdout: &'a mut dyn Write,
    stderr: &'a mut dyn Write,
}

impl<'a> Io<'a> {
    /// Standard input, output and error.
    pub fn new(
        stdin: &'a mut dyn Read,
        stdout: &'a mut dyn Write,
        stderr: &'a mut dyn Write,
    ) -> Self {
        Io {
            stdin,
            stdout,
            stderr,
        }
    }
}

impl fmt::Debug for Io<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Io").finish_non_exhaustive()
    }
}

/// What every subcommand works with.
struct Context<'a> {
    contracts: &'a Exporter,
    /// The program's file name, for the commands the messages suggest.
    program: &'a str,
}

impl Context<'_> {
    /// The export of every contract; an error when there is none, since a
    /// program with no contracts is a mistake (most likely registration that
    /// is off).
    fn export(&self) -> Result<Export, Failure> {
        let export = self
            .contracts
            .export()
            .map_err(|e| Failure::new(e.to_string()))?;
        if export.files().is_empty() {
            return Err(Failure::new(format!(
                "no contracts to export: {}",
                no_contracts_hint()
            )));
        }
        Ok(export)
    }
}

/// Why a program may have no contracts, and what to do.
fn no_contracts_hint() -> &'static str {
    if crate::export::REGISTRATION {
        "none is registered (a crate the program never refers to is not linked: \
         refer to the crate holding the contracts, or list them with Exporter::new().message::<T>())"
    } else {
        "the program lists none, and contracts do not register themselves in this build \
         (leyline's `registry` feature is off, or the target does not support it): \
         list them with Exporter::new().message::<T>()"
    }
}

/// A subcommand that could not do its work; printed as `error: ...`, exit
/// code 1.
#[derive(Debug)]
struct Failure {
    message: String,
}

impl Failure {
    fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests;
