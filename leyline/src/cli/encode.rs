//! `encode`: one message, by type name, from proto3 JSON on standard input
//! (or a file) to its protobuf encoding on standard output.

use std::io::Read;
use std::process::ExitCode;

use super::args::EncodeArgs;
use super::decode::{message_type, read_input};
use super::{Context, Failure, Output};
use crate::json::JsonOptions;

pub(super) fn run(
    cx: &Context<'_>,
    args: &EncodeArgs,
    stdin: &mut dyn Read,
    out: &mut Output<'_>,
) -> Result<ExitCode, Failure> {
    let ty = message_type(cx, &args.type_name)?;
    let text = read_input(args.input.as_deref(), stdin)?;
    let options = JsonOptions::default().ignore_unknown_fields(args.ignore_unknown_fields);
    // Nothing is written unless the whole document reads.
    let message = ty
        .from_json(&text, &options)
        .map_err(|e| Failure::new(format!("{}: {e}", ty.full_name())))?;
    out.bytes(&message.encode_to_vec())?;
    Ok(ExitCode::SUCCESS)
}
