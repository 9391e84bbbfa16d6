//! The runner's envelope: `conformance.ConformanceRequest`,
//! `conformance.ConformanceResponse` and `conformance.FailureSet`, as declared in
//! `conformance/conformance.proto` of protobuf 27.2, written as prost derives.
//!
//! These are plain prost messages, not Leyline contracts: the envelope is the
//! test harness, and Leyline is what it tests.

/// `conformance.WireFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum WireFormat {
    /// `UNSPECIFIED`.
    Unspecified = 0,
    /// `PROTOBUF`.
    Protobuf = 1,
    /// `JSON`.
    Json = 2,
    /// `JSPB`: only used inside Google.
    Jspb = 3,
    /// `TEXT_FORMAT`.
    TextFormat = 4,
}

/// `conformance.TestCategory`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum TestCategory {
    /// `UNSPECIFIED_TEST`.
    UnspecifiedTest = 0,
    /// `BINARY_TEST`.
    BinaryTest = 1,
    /// `JSON_TEST`.
    JsonTest = 2,
    /// `JSON_IGNORE_UNKNOWN_PARSING_TEST`.
    JsonIgnoreUnknownParsingTest = 3,
    /// `JSPB_TEST`.
    JspbTest = 4,
    /// `TEXT_FORMAT_TEST`.
    TextFormatTest = 5,
}

/// `conformance.FailureSet`: older runners ask the testee for its failure list
/// with a request of this message type.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FailureSet {
    /// `repeated string failure = 1;`
    #[prost(string, repeated, tag = "1")]
    pub failure: Vec<String>,
}

/// `conformance.JspbEncodingConfig`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct JspbEncodingConfig {
    /// `bool use_jspb_array_any_format = 1;`
    #[prost(bool, tag = "1")]
    pub use_jspb_array_any_format: bool,
}

/// `conformance.ConformanceRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ConformanceRequest {
    /// `oneof payload`.
    #[prost(oneof = "RequestPayload", tags = "1, 2, 7, 8")]
    pub payload: Option<RequestPayload>,
    /// `WireFormat requested_output_format = 3;`
    #[prost(enumeration = "WireFormat", tag = "3")]
    pub requested_output_format: i32,
    /// `string message_type = 4;`: the full name of the message to parse into.
    #[prost(string, tag = "4")]
    pub message_type: String,
    /// `TestCategory test_category = 5;`
    #[prost(enumeration = "TestCategory", tag = "5")]
    pub test_category: i32,
    /// `JspbEncodingConfig jspb_encoding_options = 6;`
    #[prost(message, optional, tag = "6")]
    pub jspb_encoding_options: Option<JspbEncodingConfig>,
    /// `bool print_unknown_fields = 9;`
    #[prost(bool, tag = "9")]
    pub print_unknown_fields: bool,
}

/// `ConformanceRequest.payload`.
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum RequestPayload {
    /// `bytes protobuf_payload = 1;`
    #[prost(bytes, tag = "1")]
    ProtobufPayload(Vec<u8>),
    /// `string json_payload = 2;`
    #[prost(string, tag = "2")]
    JsonPayload(String),
    /// `string jspb_payload = 7;`
    #[prost(string, tag = "7")]
    JspbPayload(String),
    /// `string text_payload = 8;`
    #[prost(string, tag = "8")]
    TextPayload(String),
}

/// `conformance.ConformanceResponse`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ConformanceResponse {
    /// `oneof result`.
    #[prost(oneof = "ResponseResult", tags = "1, 6, 9, 2, 3, 4, 5, 7, 8")]
    pub result: Option<ResponseResult>,
}

/// `ConformanceResponse.result`.
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum ResponseResult {
    /// `string parse_error = 1;`: the input did not parse.
    #[prost(string, tag = "1")]
    ParseError(String),
    /// `string serialize_error = 6;`: the parsed message did not serialize.
    #[prost(string, tag = "6")]
    SerializeError(String),
    /// `string timeout_error = 9;`
    #[prost(string, tag = "9")]
    TimeoutError(String),
    /// `string runtime_error = 2;`: anything else went wrong.
    #[prost(string, tag = "2")]
    RuntimeError(String),
    /// `bytes protobuf_payload = 3;`
    #[prost(bytes, tag = "3")]
    ProtobufPayload(Vec<u8>),
    /// `string json_payload = 4;`
    #[prost(string, tag = "4")]
    JsonPayload(String),
    /// `string skipped = 5;`: the testee does not support this test.
    #[prost(string, tag = "5")]
    Skipped(String),
    /// `string jspb_payload = 7;`
    #[prost(string, tag = "7")]
    JspbPayload(String),
    /// `string text_payload = 8;`
    #[prost(string, tag = "8")]
    TextPayload(String),
}
