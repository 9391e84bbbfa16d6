//! `leyline`: export the Esper contracts, decode messages, and guard schema
//! evolution.
//!
//! ```text
//! leyline export --out proto-out [--descriptor-set FILE]
//! leyline decode --type esper.leyline.v1.SystemStatePacket < msg.bin
//! leyline check --against proto-out
//! ```

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use leyline::export::{Export, Exporter};
use leyline::prost::Message as _;

/// Leyline: the Esper message contracts, as code.
#[derive(Debug, Parser)]
#[command(name = "leyline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the .proto files of every Esper contract, one file per package.
    Export {
        /// Directory to write into (files are laid out by package path).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Also write the schema as a serialized google.protobuf.FileDescriptorSet.
        #[arg(long, value_name = "FILE")]
        descriptor_set: Option<PathBuf>,
        /// Do not write: fail if DIR differs from a fresh export.
        #[arg(long)]
        check: bool,
    },
    /// Decode one message from standard input (or --input) and print it.
    Decode {
        /// Full proto name of the message, e.g. esper.leyline.v1.SystemStatePacket.
        #[arg(long = "type", value_name = "NAME")]
        type_name: String,
        /// Read the bytes from this file instead of standard input.
        #[arg(long, value_name = "FILE")]
        input: Option<PathBuf>,
    },
    /// Fail when the current contracts would break consumers of the .proto files in DIR.
    Check {
        /// Directory of previously exported .proto files (e.g. the last release's proto-out/).
        #[arg(long, value_name = "DIR")]
        against: PathBuf,
    },
}

/// Prints a line to standard output. A closed pipe (`leyline ... | head`) ends
/// the output quietly instead of panicking as `println!` would.
fn say(line: impl std::fmt::Display) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{line}") {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}

fn export_all() -> Result<Export, String> {
    let mut exporter = Exporter::new();
    for schema in leyline::contracts::all_messages() {
        exporter = exporter.message_schema(schema);
    }
    for schema in leyline::contracts::all_enums() {
        exporter = exporter.enum_schema(schema);
    }
    exporter.export().map_err(|e| e.to_string())
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Export {
            out,
            descriptor_set,
            check,
        } => {
            let export = export_all()?;
            if check {
                export.check_dir(&out).map_err(|e| e.to_string())?;
                say(format_args!(
                    "{} is up to date ({} files)",
                    out.display(),
                    export.files().len()
                ))?;
                return Ok(ExitCode::SUCCESS);
            }
            export
                .write_dir(&out)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            for file in export.files() {
                say(format_args!("wrote {}", out.join(file.path()).display()))?;
            }
            if let Some(path) = descriptor_set {
                let bytes = export.descriptor_set().encode_to_vec();
                std::fs::write(&path, bytes)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                say(format_args!("wrote {}", path.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Decode { type_name, input } => {
            let mut bytes = Vec::new();
            match &input {
                Some(path) => {
                    bytes = std::fs::read(path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                }
                None => {
                    std::io::stdin()
                        .read_to_end(&mut bytes)
                        .map_err(|e| format!("cannot read standard input: {e}"))?;
                }
            }
            let text =
                leyline::contracts::decode_debug(&type_name, &bytes).map_err(|e| e.to_string())?;
            say(text)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { against } => {
            let export = export_all()?;
            let report = leyline::evolution::check_against_dir(&export.descriptor_set(), &against)
                .map_err(|e| e.to_string())?;
            if report.is_compatible() {
                say(format_args!(
                    "compatible with {}: no breaking changes",
                    against.display()
                ))?;
                Ok(ExitCode::SUCCESS)
            } else {
                let _ = writeln!(
                    std::io::stderr(),
                    "breaking changes against {}:\n{report}",
                    against.display()
                );
                Ok(ExitCode::from(1))
            }
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(1)
        }
    }
}
