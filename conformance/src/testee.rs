//! What the testee does with one request: parse the payload into the named
//! message type, serialize it back in the requested format, and say why when it
//! cannot.
//!
//! Input and output formats are separate steps ([`parse`] and [`serialize`]),
//! each a `match` on the format: protobuf binary and proto3 JSON
//! (`leyline::json`); text format and JSPB are answered `skipped`.

use std::sync::{Arc, LazyLock};

use leyline::json::{self, JsonMessage, JsonOptions, TypeRegistry};
use leyline::Contract;
use prost::Message as _;

use crate::envelope::{
    ConformanceRequest, FailureSet, RequestPayload, ResponseResult, TestCategory, WireFormat,
};
use crate::proto3::{EnumOnlyProto3, NullHypothesisProto3, TestAllTypesProto3};

/// Answers one request.
pub fn respond(request: &ConformanceRequest) -> ResponseResult {
    let message_type = request.message_type.as_str();
    if message_type == "conformance.FailureSet" {
        // Runners before v3.21 ask the testee for its failure list this way;
        // ours lives in conformance/failing_tests.txt and is given to the runner.
        return ResponseResult::ProtobufPayload(FailureSet::default().encode_to_vec());
    }
    if let Some(reason) = unsupported_syntax(message_type) {
        return ResponseResult::Skipped(reason.to_owned());
    }
    if message_type == full_name::<TestAllTypesProto3>() {
        round_trip::<TestAllTypesProto3>(request)
    } else if message_type == full_name::<NullHypothesisProto3>() {
        round_trip::<NullHypothesisProto3>(request)
    } else if message_type == full_name::<EnumOnlyProto3>() {
        round_trip::<EnumOnlyProto3>(request)
    } else {
        ResponseResult::RuntimeError(format!(
            "the testee declares no message type \"{message_type}\""
        ))
    }
}

fn full_name<M: Contract>() -> &'static str {
    M::schema().full_name
}

/// Proto2 and editions test messages: Leyline is proto3 only.
fn unsupported_syntax(message_type: &str) -> Option<&'static str> {
    if message_type.starts_with("protobuf_test_messages.proto2.") {
        Some("Leyline is proto3 only: proto2 messages are not supported")
    } else if message_type.starts_with("protobuf_test_messages.editions.") {
        Some("Leyline is proto3 only: editions messages are not supported")
    } else {
        None
    }
}

/// The registry `google.protobuf.Any` resolves type URLs in: the
/// well-known types and the test messages.
static REGISTRY: LazyLock<Arc<TypeRegistry>> = LazyLock::new(|| {
    Arc::new(
        TypeRegistry::new()
            .with::<TestAllTypesProto3>()
            .with::<NullHypothesisProto3>()
            .with::<EnumOnlyProto3>()
            .with::<crate::proto3::ForeignMessage>()
            .with::<crate::proto3::NestedMessage>(),
    )
});

/// The JSON options a request asks for: unknown fields are an error, except
/// in the `JSON_IGNORE_UNKNOWN_PARSING_TEST` category.
pub fn json_options(request: &ConformanceRequest) -> JsonOptions {
    let ignore = request.test_category == TestCategory::JsonIgnoreUnknownParsingTest as i32;
    JsonOptions::default()
        .ignore_unknown_fields(ignore)
        .registry(Arc::clone(&REGISTRY))
}

fn round_trip<M: Contract + JsonMessage>(request: &ConformanceRequest) -> ResponseResult {
    let options = json_options(request);
    let message = match parse::<M>(request.payload.as_ref(), &options) {
        Ok(message) => message,
        Err(result) => return result,
    };
    serialize(&message, request.requested_output_format, &options)
}

/// The request's payload as a message, or the response that says why not.
fn parse<M: Contract + JsonMessage>(
    payload: Option<&RequestPayload>,
    options: &JsonOptions,
) -> Result<M, ResponseResult> {
    match payload {
        Some(RequestPayload::ProtobufPayload(bytes)) => {
            M::decode_slice(bytes).map_err(|e| ResponseResult::ParseError(e.to_string()))
        }
        Some(RequestPayload::JsonPayload(text)) => json::from_str_with::<M>(text, options)
            .map_err(|e| ResponseResult::ParseError(e.to_string())),
        Some(RequestPayload::TextPayload(_)) => Err(skipped("text-format input")),
        Some(RequestPayload::JspbPayload(_)) => Err(skipped("JSPB input")),
        None => Err(ResponseResult::RuntimeError(
            "the request has no payload".to_owned(),
        )),
    }
}

/// The message in the requested output format.
fn serialize<M: Contract + JsonMessage>(
    message: &M,
    format: i32,
    options: &JsonOptions,
) -> ResponseResult {
    match WireFormat::try_from(format) {
        Ok(WireFormat::Protobuf) => ResponseResult::ProtobufPayload(message.encode_to_vec()),
        Ok(WireFormat::Json) => match json::to_string_with(message, options) {
            Ok(text) => ResponseResult::JsonPayload(text),
            Err(e) => ResponseResult::SerializeError(e.to_string()),
        },
        Ok(WireFormat::TextFormat) => skipped("text-format output"),
        Ok(WireFormat::Jspb) => skipped("JSPB output"),
        Ok(WireFormat::Unspecified) => {
            ResponseResult::RuntimeError("the request names no output format".to_owned())
        }
        Err(_) => ResponseResult::RuntimeError(format!("unknown output format {format}")),
    }
}

fn skipped(what: &str) -> ResponseResult {
    ResponseResult::Skipped(format!("{what} is not supported yet"))
}
