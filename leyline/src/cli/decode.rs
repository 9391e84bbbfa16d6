//! `decode`: one message, by type name, from standard input or a file.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use super::args::{DecodeArgs, DecodeFormat};
use super::{no_contracts_hint, Context, Failure, Output};
use crate::export::MessageType;
use crate::json::JsonOptions;

pub(super) fn run(
    cx: &Context<'_>,
    args: &DecodeArgs,
    stdin: &mut dyn Read,
    out: &mut Output<'_>,
) -> Result<ExitCode, Failure> {
    let ty = message_type(cx, &args.type_name)?;
    let bytes = read_input(args.input.as_deref(), stdin)?;
    let message = ty
        .decode(&bytes)
        .map_err(|e| Failure::new(format!("{}: {e}", ty.full_name())))?;
    if args.json {
        let options = JsonOptions::default()
            .proto_field_names(args.proto_names)
            .emit_default_values(args.emit_defaults);
        let text = message
            .to_json(&options)
            .map_err(|e| Failure::new(format!("{}: cannot write JSON: {e}", ty.full_name())))?;
        out.line(text)?;
        return Ok(ExitCode::SUCCESS);
    }
    match args.format {
        DecodeFormat::Debug => out.line(format_args!("{message:#?}"))?,
        DecodeFormat::Protobuf => out.bytes(&message.encode_to_vec())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The bytes of `input`, or else of standard input.
pub(super) fn read_input(input: Option<&Path>, stdin: &mut dyn Read) -> Result<Vec<u8>, Failure> {
    match input {
        Some(path) => std::fs::read(path)
            .map_err(|e| Failure::new(format!("cannot read {}: {e}", path.display()))),
        None => {
            let mut bytes = Vec::new();
            stdin
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::new(format!("cannot read standard input: {e}")))?;
            Ok(bytes)
        }
    }
}

/// The message type named `name` (its full name, or its simple name when
/// that is unambiguous); the error lists the names there are.
pub(super) fn message_type(cx: &Context<'_>, name: &str) -> Result<MessageType, Failure> {
    if let Some(ty) = cx.contracts.find_message_type(name) {
        return Ok(ty);
    }
    let mut known: Vec<&str> = cx
        .contracts
        .message_types()
        .iter()
        .map(MessageType::full_name)
        .collect();
    known.sort_unstable();
    if known.is_empty() {
        return Err(Failure::new(format!(
            "unknown message type {name:?}: this program knows no message types; {}",
            no_contracts_hint()
        )));
    }
    let ambiguous: Vec<&str> = known
        .iter()
        .copied()
        .filter(|full| full.rsplit('.').next() == Some(name))
        .collect();
    if ambiguous.len() > 1 {
        return Err(Failure::new(format!(
            "message type {name:?} is ambiguous: give one of {}",
            ambiguous.join(", ")
        )));
    }
    Err(Failure::new(format!(
        "unknown message type {name:?}; the known types are: {}",
        known.join(", ")
    )))
}
