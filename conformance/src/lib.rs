//! The testee for Google's conformance suite (`conformance_test_runner`).
//!
//! The runner starts this program and talks to it over stdin and stdout: each
//! request is a 4-byte little-endian length followed by a serialized
//! `conformance.ConformanceRequest`, and each answer is framed the same way
//! around a `conformance.ConformanceResponse`. The program ends when stdin does.
//!
//! Run the suite with `bash .ci/conformance`. The binary (`src/main.rs`) only
//! connects [`serve`] to stdin and stdout. Requests in protobuf binary and
//! proto3 JSON are answered (through `leyline::json`); text format, JSPB, and
//! proto2 and editions messages are answered `skipped`.

use std::io::{self, ErrorKind, Read, Write};

use prost::Message as _;

pub mod envelope;
pub mod proto3;
pub mod testee;

use envelope::{ConformanceRequest, ConformanceResponse, ResponseResult};

/// Answers requests until the input ends; fails only when reading or writing
/// a frame does (a bad request gets a `runtime_error` answer).
pub fn serve(input: &mut impl Read, output: &mut impl Write) -> io::Result<()> {
    while let Some(frame) = read_frame(input)? {
        let result = match ConformanceRequest::decode(frame.as_slice()) {
            Ok(request) => testee::respond(&request),
            Err(e) => ResponseResult::RuntimeError(format!("bad ConformanceRequest: {e}")),
        };
        let response = ConformanceResponse {
            result: Some(result),
        };
        write_frame(output, &response.encode_to_vec())?;
    }
    Ok(())
}

/// One length-prefixed frame, or `None` at a clean end of input.
pub fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u64::from(u32::from_le_bytes(len));
    // Read through `take` rather than into a buffer of the announced size, so a
    // bad length costs no more memory than the bytes that actually arrive.
    let mut frame = Vec::new();
    input.take(len).read_to_end(&mut frame)?;
    if (frame.len() as u64) < len {
        return Err(io::Error::new(
            ErrorKind::UnexpectedEof,
            format!(
                "the input ended inside a request: {len} bytes announced, {} read",
                frame.len()
            ),
        ));
    }
    Ok(Some(frame))
}

pub fn write_frame(output: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| {
        io::Error::new(
            ErrorKind::InvalidData,
            format!("a response of {} bytes does not fit the frame", bytes.len()),
        )
    })?;
    output.write_all(&len.to_le_bytes())?;
    output.write_all(bytes)?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{RequestPayload, TestCategory, WireFormat};

    fn frame(bytes: &[u8]) -> Vec<u8> {
        let mut out = (bytes.len() as u32).to_le_bytes().to_vec();
        out.extend_from_slice(bytes);
        out
    }

    /// Runs `serve` over the framed requests and returns the decoded answers.
    fn exchange(requests: &[ConformanceRequest]) -> Vec<Option<ResponseResult>> {
        let mut input = Vec::new();
        for r in requests {
            input.extend(frame(&r.encode_to_vec()));
        }
        let mut output = Vec::new();
        let served = serve(&mut input.as_slice(), &mut output);
        assert!(served.is_ok(), "{served:?}");
        let mut answers = Vec::new();
        let mut rest = output.as_slice();
        while let Ok(Some(bytes)) = read_frame(&mut rest) {
            let response = ConformanceResponse::decode(bytes.as_slice());
            assert!(response.is_ok(), "{response:?}");
            answers.push(response.ok().and_then(|r| r.result));
        }
        answers
    }

    fn binary_request(message_type: &str, payload: &[u8]) -> ConformanceRequest {
        ConformanceRequest {
            payload: Some(RequestPayload::ProtobufPayload(payload.to_vec())),
            requested_output_format: WireFormat::Protobuf as i32,
            message_type: message_type.to_owned(),
            ..ConformanceRequest::default()
        }
    }

    const PROTO3: &str = "protobuf_test_messages.proto3.TestAllTypesProto3";

    #[test]
    fn answers_each_request_in_order() {
        // optional_int32 = 150, then an unknown varint field 1000 = 1.
        let payload = [0x08, 0x96, 0x01, 0xC0, 0x3E, 0x01];
        let answers = exchange(&[
            binary_request(PROTO3, &payload),
            binary_request(PROTO3, &[0x08]),
            binary_request("protobuf_test_messages.proto2.TestAllTypesProto2", &payload),
        ]);
        assert_eq!(answers.len(), 3);
        assert_eq!(
            answers[0],
            Some(ResponseResult::ProtobufPayload(payload.to_vec()))
        );
        assert!(
            matches!(&answers[1], Some(ResponseResult::ParseError(e)) if !e.is_empty()),
            "{:?}",
            answers[1]
        );
        assert!(
            matches!(&answers[2], Some(ResponseResult::Skipped(why)) if why.contains("proto3 only")),
            "{:?}",
            answers[2]
        );
    }

    fn json_request(json: &str, output: WireFormat) -> ConformanceRequest {
        ConformanceRequest {
            payload: Some(RequestPayload::JsonPayload(json.to_owned())),
            requested_output_format: output as i32,
            message_type: PROTO3.to_owned(),
            test_category: TestCategory::JsonTest as i32,
            ..ConformanceRequest::default()
        }
    }

    #[test]
    fn json_requests_are_answered_in_json_and_binary() {
        let mut binary_to_json = binary_request(PROTO3, &[0x08, 0x96, 0x01]);
        binary_to_json.requested_output_format = WireFormat::Json as i32;
        let mut ignore = json_request(r#"{"unknownField": 1}"#, WireFormat::Protobuf);
        ignore.test_category = TestCategory::JsonIgnoreUnknownParsingTest as i32;
        let answers = exchange(&[
            json_request(
                r#"{"optional_int32": 150, "optionalString": "x"}"#,
                WireFormat::Json,
            ),
            json_request(r#"{"optionalInt32": 150}"#, WireFormat::Protobuf),
            binary_to_json,
            json_request(r#"{"unknownField": 1}"#, WireFormat::Protobuf),
            ignore,
            json_request(r#"{"optionalInt32": 1.5}"#, WireFormat::Json),
        ]);
        assert_eq!(
            answers,
            [
                Some(ResponseResult::JsonPayload(
                    r#"{"optionalInt32":150,"optionalString":"x"}"#.to_owned()
                )),
                Some(ResponseResult::ProtobufPayload(vec![0x08, 0x96, 0x01])),
                Some(ResponseResult::JsonPayload(r#"{"optionalInt32":150}"#.to_owned())),
                Some(ResponseResult::ParseError(
                    "unknown field \"unknownField\": protobuf_test_messages.proto3.\
                     TestAllTypesProto3 has no field with this JSON or proto name at line 1 column 2"
                        .to_owned()
                )),
                Some(ResponseResult::ProtobufPayload(Vec::new())),
                Some(ResponseResult::ParseError(
                    "optionalInt32: 1.5 is not an integer, as int32 requires at line 1 column 19"
                        .to_owned()
                )),
            ]
        );
    }

    #[test]
    fn an_any_of_a_test_message_resolves() {
        let json = r#"{"optionalAny":{"@type":"type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3","optionalInt32":12345}}"#;
        let answers = exchange(&[json_request(json, WireFormat::Json)]);
        assert_eq!(
            answers,
            [Some(ResponseResult::JsonPayload(json.to_owned()))]
        );
    }

    #[test]
    fn text_format_proto2_and_editions_are_skipped() {
        let mut text_out = binary_request(PROTO3, &[]);
        text_out.requested_output_format = WireFormat::TextFormat as i32;
        let mut text_in = binary_request(PROTO3, &[]);
        text_in.payload = Some(RequestPayload::TextPayload(String::new()));
        let mut proto2_json = json_request("{}", WireFormat::Json);
        proto2_json.message_type = "protobuf_test_messages.proto2.TestAllTypesProto2".to_owned();
        let mut editions_json = json_request("{}", WireFormat::Json);
        editions_json.message_type =
            "protobuf_test_messages.editions.proto3.TestAllTypesProto3".to_owned();
        for answer in exchange(&[text_out, text_in, proto2_json, editions_json]) {
            assert!(
                matches!(&answer, Some(ResponseResult::Skipped(_))),
                "{answer:?}"
            );
        }
    }

    #[test]
    fn unknown_types_and_bad_requests_are_runtime_errors() {
        let mut no_payload = binary_request(PROTO3, &[]);
        no_payload.payload = None;
        let answers = exchange(&[binary_request("acme.Nothing", &[]), no_payload]);
        for answer in answers {
            assert!(
                matches!(&answer, Some(ResponseResult::RuntimeError(_))),
                "{answer:?}"
            );
        }
        // A frame that is not a ConformanceRequest at all.
        let mut output = Vec::new();
        let served = serve(&mut frame(&[0xFF]).as_slice(), &mut output);
        assert!(served.is_ok(), "{served:?}");
        let answer = read_frame(&mut output.as_slice())
            .ok()
            .flatten()
            .and_then(|b| ConformanceResponse::decode(b.as_slice()).ok());
        assert!(
            matches!(
                answer,
                Some(ConformanceResponse {
                    result: Some(ResponseResult::RuntimeError(_))
                })
            ),
            "{answer:?}"
        );
    }

    #[test]
    fn the_failure_set_request_gets_an_empty_list() {
        let answers = exchange(&[binary_request("conformance.FailureSet", &[])]);
        assert_eq!(answers, [Some(ResponseResult::ProtobufPayload(Vec::new()))]);
    }

    #[test]
    fn a_truncated_frame_is_an_error_not_a_panic() {
        let mut input = frame(&binary_request(PROTO3, &[]).encode_to_vec());
        input.truncate(input.len() - 1);
        let mut output = Vec::new();
        let served = serve(&mut input.as_slice(), &mut output);
        assert!(served.is_err());
        // A length that announces far more than arrives allocates nothing big.
        let served = serve(&mut [0xFF, 0xFF, 0xFF, 0xFF, 0x01].as_slice(), &mut output);
        assert!(served.is_err());
    }
}
