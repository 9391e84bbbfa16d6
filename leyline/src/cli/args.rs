//! The command line: subcommands and their options (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The whole command line. Name, about text and version are set at run time
/// by [`Cli`](super::Cli), since they are the program's, not leyline's.
#[derive(Debug, Parser)]
#[command(name = "contracts")]
pub(super) struct CommandLine {
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Write the .proto files of every contract, one file per package.
    Export(ExportArgs),
    /// Decode one message from standard input (or --input) and print it.
    Decode(DecodeArgs),
    /// Read one message as proto3 JSON from standard input (or --input) and write its
    /// protobuf encoding to standard output.
    Encode(EncodeArgs),
    /// Fail when the current contracts would break consumers of the .proto files in DIR.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// Directory to write into (files are laid out by package path).
    #[arg(long, value_name = "DIR")]
    pub(super) out: PathBuf,
    /// Also write the schema as a serialized google.protobuf.FileDescriptorSet.
    #[arg(long, value_name = "FILE")]
    pub(super) descriptor_set: Option<PathBuf>,
    /// Do not write: fail if DIR (and FILE) differ from a fresh export.
    #[arg(long)]
    pub(super) check: bool,
}

#[derive(Debug, Args)]
pub(super) struct DecodeArgs {
    /// Full proto name of the message (e.g. esper.leyline.v1.SystemStatePacket), or its
    /// name alone when no other message has it.
    #[arg(long = "type", value_name = "NAME")]
    pub(super) type_name: String,
    /// Read the bytes from this file instead of standard input.
    #[arg(long, value_name = "FILE")]
    pub(super) input: Option<PathBuf>,
    /// What to print: the decoded message, or its protobuf encoding as this build writes
    /// it (fields in this build's order, unknown fields kept).
    #[arg(long, value_enum, default_value_t = DecodeFormat::Debug)]
    pub(super) format: DecodeFormat,
    /// Print the message as canonical proto3 JSON (one line), as Python's
    /// json_format.MessageToJson writes it.
    #[arg(long, conflicts_with = "format")]
    pub(super) json: bool,
    /// With --json: field names as in the .proto (seed_id), not lowerCamelCase (seedId);
    /// Python's preserving_proto_field_name=True.
    #[arg(long, requires = "json")]
    pub(super) proto_names: bool,
    /// With --json: also print the fields at their default (0, "", false, the first enum
    /// value, empty lists and maps); Python's always_print_fields_with_no_presence=True.
    #[arg(long, requires = "json")]
    pub(super) emit_defaults: bool,
}

#[derive(Debug, Args)]
pub(super) struct EncodeArgs {
    /// Full proto name of the message (e.g. esper.leyline.v1.SystemStatePacket), or its
    /// name alone when no other message has it.
    #[arg(long = "type", value_name = "NAME")]
    pub(super) type_name: String,
    /// Read the JSON from this file instead of standard input.
    #[arg(long, value_name = "FILE")]
    pub(super) input: Option<PathBuf>,
    /// Skip fields (and enum value names) the message does not declare instead of failing;
    /// Python's json_format.Parse(..., ignore_unknown_fields=True).
    #[arg(long)]
    pub(super) ignore_unknown_fields: bool,
}

/// How `decode` prints the decoded message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum DecodeFormat {
    /// The Rust value, as `{:#?}` shows it (unknown fields listed by number).
    Debug,
    /// Protobuf bytes, re-encoded from the decoded value.
    Protobuf,
}

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// Directory of previously exported .proto files (e.g. the last release's proto-out/).
    #[arg(long, value_name = "DIR")]
    pub(super) against: PathBuf,
}
