//! `protobuf_test_messages.proto3`, as declared in protobuf 27.2's
//! `src/google/protobuf/test_messages_proto3.proto`, field by field, with
//! Leyline's own macros.

// Field names follow the `.proto` (`optional_int32`, ...); the oddly named
// fields 401 to 418 keep their proto spelling through `name = "..."`.

use std::collections::HashMap;

use leyline::{
    Any, BoolValue, BytesValue, DoubleValue, Duration, FieldMask, FloatValue, Int32Value,
    Int64Value, ListValue, NullValue, StringValue, Struct, Timestamp, UInt32Value, UInt64Value,
    UnknownFields, Value,
};

/// `TestAllTypesProto3.NestedMessage`.
#[leyline::message(package = "protobuf_test_messages.proto3", parent = TestAllTypesProto3)]
pub struct NestedMessage {
    #[leyline(field = 1)]
    pub a: i32,
    #[leyline(field = 2)]
    pub corecursive: Option<Box<TestAllTypesProto3>>,
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

/// `TestAllTypesProto3.NestedEnum`: its value names (FOO, BAR, ...) are
/// scoped to `TestAllTypesProto3`, as protoc scopes them.
#[leyline::enumeration(
    package = "protobuf_test_messages.proto3",
    parent = TestAllTypesProto3,
    prefix = ""
)]
pub enum NestedEnum {
    Foo = 0,
    Bar = 1,
    Baz = 2,
    /// Intentionally negative.
    Neg = -1,
}

/// `TestAllTypesProto3.AliasedEnum`.
#[leyline::enumeration(
    package = "protobuf_test_messages.proto3",
    parent = TestAllTypesProto3,
    prefix = "ALIAS_",
    allow_alias
)]
pub enum AliasedEnum {
    Foo = 0,
    Bar = 1,
    Baz = 2,
    #[leyline(name = "MOO")]
    Moo = 2,
    #[leyline(name = "moo")]
    MooLower = 2,
    #[leyline(name = "bAz")]
    BAz = 2,
}

/// `protobuf_test_messages.proto3.ForeignMessage`.
#[leyline::message(package = "protobuf_test_messages.proto3")]
pub struct ForeignMessage {
    #[leyline(field = 1)]
    pub c: i32,
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

/// `protobuf_test_messages.proto3.ForeignEnum`.
#[leyline::enumeration(package = "protobuf_test_messages.proto3", prefix = "FOREIGN_")]
pub enum ForeignEnum {
    Foo = 0,
    Bar = 1,
    Baz = 2,
}

/// `protobuf_test_messages.proto3.NullHypothesisProto3`.
#[leyline::message(package = "protobuf_test_messages.proto3")]
pub struct NullHypothesisProto3 {
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

/// `EnumOnlyProto3.Bool`.
#[leyline::enumeration(
    package = "protobuf_test_messages.proto3",
    parent = EnumOnlyProto3,
    prefix = ""
)]
pub enum Bool {
    #[leyline(name = "kFalse")]
    False = 0,
    #[leyline(name = "kTrue")]
    True = 1,
}

/// `protobuf_test_messages.proto3.EnumOnlyProto3`: a message holding only an enum.
#[leyline::message(package = "protobuf_test_messages.proto3")]
pub struct EnumOnlyProto3 {
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

/// `TestAllTypesProto3.oneof_field`.
#[leyline::oneof]
pub enum OneofField {
    #[leyline(field = 111)]
    OneofUint32(u32),
    #[leyline(field = 112)]
    OneofNestedMessage(NestedMessage),
    #[leyline(field = 113)]
    OneofString(String),
    #[leyline(field = 114)]
    OneofBytes(Vec<u8>),
    #[leyline(field = 115)]
    OneofBool(bool),
    #[leyline(field = 116)]
    OneofUint64(u64),
    #[leyline(field = 117)]
    OneofFloat(f32),
    #[leyline(field = 118)]
    OneofDouble(f64),
    #[leyline(field = 119)]
    OneofEnum(NestedEnum),
    #[leyline(field = 120)]
    OneofNullValue(NullValue),
}

/// `protobuf_test_messages.proto3.TestAllTypesProto3`: every proto3 field type.
#[leyline::message(package = "protobuf_test_messages.proto3", reserved(501..=510))]
pub struct TestAllTypesProto3 {
    // Singular
    #[leyline(field = 1)]
    pub optional_int32: i32,
    #[leyline(field = 2)]
    pub optional_int64: i64,
    #[leyline(field = 3)]
    pub optional_uint32: u32,
    #[leyline(field = 4)]
    pub optional_uint64: u64,
    #[leyline(field = 5, encoding = "sint32")]
    pub optional_sint32: i32,
    #[leyline(field = 6, encoding = "sint64")]
    pub optional_sint64: i64,
    #[leyline(field = 7, encoding = "fixed32")]
    pub optional_fixed32: u32,
    #[leyline(field = 8, encoding = "fixed64")]
    pub optional_fixed64: u64,
    #[leyline(field = 9, encoding = "sfixed32")]
    pub optional_sfixed32: i32,
    #[leyline(field = 10, encoding = "sfixed64")]
    pub optional_sfixed64: i64,
    #[leyline(field = 11)]
    pub optional_float: f32,
    #[leyline(field = 12)]
    pub optional_double: f64,
    #[leyline(field = 13)]
    pub optional_bool: bool,
    #[leyline(field = 14)]
    pub optional_string: String,
    #[leyline(field = 15)]
    pub optional_bytes: Vec<u8>,

    #[leyline(field = 18)]
    pub optional_nested_message: Option<NestedMessage>,
    #[leyline(field = 19)]
    pub optional_foreign_message: Option<ForeignMessage>,

    #[leyline(field = 21)]
    pub optional_nested_enum: NestedEnum,
    #[leyline(field = 22)]
    pub optional_foreign_enum: ForeignEnum,
    #[leyline(field = 23)]
    pub optional_aliased_enum: AliasedEnum,

    /// `[ctype = STRING_PIECE]` in the `.proto`: a C++ option only.
    #[leyline(field = 24)]
    pub optional_string_piece: String,
    /// `[ctype = CORD]` in the `.proto`: a C++ option only.
    #[leyline(field = 25)]
    pub optional_cord: String,

    #[leyline(field = 27)]
    pub recursive_message: Option<Box<TestAllTypesProto3>>,

    // Repeated
    #[leyline(field = 31)]
    pub repeated_int32: Vec<i32>,
    #[leyline(field = 32)]
    pub repeated_int64: Vec<i64>,
    #[leyline(field = 33)]
    pub repeated_uint32: Vec<u32>,
    #[leyline(field = 34)]
    pub repeated_uint64: Vec<u64>,
    #[leyline(field = 35, encoding = "sint32")]
    pub repeated_sint32: Vec<i32>,
    #[leyline(field = 36, encoding = "sint64")]
    pub repeated_sint64: Vec<i64>,
    #[leyline(field = 37, encoding = "fixed32")]
    pub repeated_fixed32: Vec<u32>,
    #[leyline(field = 38, encoding = "fixed64")]
    pub repeated_fixed64: Vec<u64>,
    #[leyline(field = 39, encoding = "sfixed32")]
    pub repeated_sfixed32: Vec<i32>,
    #[leyline(field = 40, encoding = "sfixed64")]
    pub repeated_sfixed64: Vec<i64>,
    #[leyline(field = 41)]
    pub repeated_float: Vec<f32>,
    #[leyline(field = 42)]
    pub repeated_double: Vec<f64>,
    #[leyline(field = 43)]
    pub repeated_bool: Vec<bool>,
    #[leyline(field = 44)]
    pub repeated_string: Vec<String>,
    #[leyline(field = 45)]
    pub repeated_bytes: Vec<Vec<u8>>,

    #[leyline(field = 48)]
    pub repeated_nested_message: Vec<NestedMessage>,
    #[leyline(field = 49)]
    pub repeated_foreign_message: Vec<ForeignMessage>,

    #[leyline(field = 51)]
    pub repeated_nested_enum: Vec<NestedEnum>,
    #[leyline(field = 52)]
    pub repeated_foreign_enum: Vec<ForeignEnum>,

    /// `[ctype = STRING_PIECE]` in the `.proto`.
    #[leyline(field = 54)]
    pub repeated_string_piece: Vec<String>,
    /// `[ctype = CORD]` in the `.proto`.
    #[leyline(field = 55)]
    pub repeated_cord: Vec<String>,

    // Packed (`[packed = true]`; proto3 packs numeric fields anyway)
    #[leyline(field = 75)]
    pub packed_int32: Vec<i32>,
    #[leyline(field = 76)]
    pub packed_int64: Vec<i64>,
    #[leyline(field = 77)]
    pub packed_uint32: Vec<u32>,
    #[leyline(field = 78)]
    pub packed_uint64: Vec<u64>,
    #[leyline(field = 79, encoding = "sint32")]
    pub packed_sint32: Vec<i32>,
    #[leyline(field = 80, encoding = "sint64")]
    pub packed_sint64: Vec<i64>,
    #[leyline(field = 81, encoding = "fixed32")]
    pub packed_fixed32: Vec<u32>,
    #[leyline(field = 82, encoding = "fixed64")]
    pub packed_fixed64: Vec<u64>,
    #[leyline(field = 83, encoding = "sfixed32")]
    pub packed_sfixed32: Vec<i32>,
    #[leyline(field = 84, encoding = "sfixed64")]
    pub packed_sfixed64: Vec<i64>,
    #[leyline(field = 85)]
    pub packed_float: Vec<f32>,
    #[leyline(field = 86)]
    pub packed_double: Vec<f64>,
    #[leyline(field = 87)]
    pub packed_bool: Vec<bool>,
    #[leyline(field = 88)]
    pub packed_nested_enum: Vec<NestedEnum>,

    // Unpacked (`[packed = false]`)
    #[leyline(field = 89, packed = false)]
    pub unpacked_int32: Vec<i32>,
    #[leyline(field = 90, packed = false)]
    pub unpacked_int64: Vec<i64>,
    #[leyline(field = 91, packed = false)]
    pub unpacked_uint32: Vec<u32>,
    #[leyline(field = 92, packed = false)]
    pub unpacked_uint64: Vec<u64>,
    #[leyline(field = 93, packed = false, encoding = "sint32")]
    pub unpacked_sint32: Vec<i32>,
    #[leyline(field = 94, packed = false, encoding = "sint64")]
    pub unpacked_sint64: Vec<i64>,
    #[leyline(field = 95, packed = false, encoding = "fixed32")]
    pub unpacked_fixed32: Vec<u32>,
    #[leyline(field = 96, packed = false, encoding = "fixed64")]
    pub unpacked_fixed64: Vec<u64>,
    #[leyline(field = 97, packed = false, encoding = "sfixed32")]
    pub unpacked_sfixed32: Vec<i32>,
    #[leyline(field = 98, packed = false, encoding = "sfixed64")]
    pub unpacked_sfixed64: Vec<i64>,
    #[leyline(field = 99, packed = false)]
    pub unpacked_float: Vec<f32>,
    #[leyline(field = 100, packed = false)]
    pub unpacked_double: Vec<f64>,
    #[leyline(field = 101, packed = false)]
    pub unpacked_bool: Vec<bool>,
    #[leyline(field = 102, packed = false)]
    pub unpacked_nested_enum: Vec<NestedEnum>,

    // Map
    #[leyline(field = 56)]
    pub map_int32_int32: HashMap<i32, i32>,
    #[leyline(field = 57)]
    pub map_int64_int64: HashMap<i64, i64>,
    #[leyline(field = 58)]
    pub map_uint32_uint32: HashMap<u32, u32>,
    #[leyline(field = 59)]
    pub map_uint64_uint64: HashMap<u64, u64>,
    #[leyline(field = 60, key_encoding = "sint32", encoding = "sint32")]
    pub map_sint32_sint32: HashMap<i32, i32>,
    #[leyline(field = 61, key_encoding = "sint64", encoding = "sint64")]
    pub map_sint64_sint64: HashMap<i64, i64>,
    #[leyline(field = 62, key_encoding = "fixed32", encoding = "fixed32")]
    pub map_fixed32_fixed32: HashMap<u32, u32>,
    #[leyline(field = 63, key_encoding = "fixed64", encoding = "fixed64")]
    pub map_fixed64_fixed64: HashMap<u64, u64>,
    #[leyline(field = 64, key_encoding = "sfixed32", encoding = "sfixed32")]
    pub map_sfixed32_sfixed32: HashMap<i32, i32>,
    #[leyline(field = 65, key_encoding = "sfixed64", encoding = "sfixed64")]
    pub map_sfixed64_sfixed64: HashMap<i64, i64>,
    #[leyline(field = 66)]
    pub map_int32_float: HashMap<i32, f32>,
    #[leyline(field = 67)]
    pub map_int32_double: HashMap<i32, f64>,
    #[leyline(field = 68)]
    pub map_bool_bool: HashMap<bool, bool>,
    #[leyline(field = 69)]
    pub map_string_string: HashMap<String, String>,
    #[leyline(field = 70)]
    pub map_string_bytes: HashMap<String, Vec<u8>>,
    #[leyline(field = 71)]
    pub map_string_nested_message: HashMap<String, NestedMessage>,
    #[leyline(field = 72)]
    pub map_string_foreign_message: HashMap<String, ForeignMessage>,
    #[leyline(field = 73)]
    pub map_string_nested_enum: HashMap<String, NestedEnum>,
    #[leyline(field = 74)]
    pub map_string_foreign_enum: HashMap<String, ForeignEnum>,

    #[leyline(oneof)]
    pub oneof_field: Option<OneofField>,

    // Well-known types
    #[leyline(field = 201)]
    pub optional_bool_wrapper: Option<BoolValue>,
    #[leyline(field = 202)]
    pub optional_int32_wrapper: Option<Int32Value>,
    #[leyline(field = 203)]
    pub optional_int64_wrapper: Option<Int64Value>,
    #[leyline(field = 204)]
    pub optional_uint32_wrapper: Option<UInt32Value>,
    #[leyline(field = 205)]
    pub optional_uint64_wrapper: Option<UInt64Value>,
    #[leyline(field = 206)]
    pub optional_float_wrapper: Option<FloatValue>,
    #[leyline(field = 207)]
    pub optional_double_wrapper: Option<DoubleValue>,
    #[leyline(field = 208)]
    pub optional_string_wrapper: Option<StringValue>,
    #[leyline(field = 209)]
    pub optional_bytes_wrapper: Option<BytesValue>,

    #[leyline(field = 211)]
    pub repeated_bool_wrapper: Vec<BoolValue>,
    #[leyline(field = 212)]
    pub repeated_int32_wrapper: Vec<Int32Value>,
    #[leyline(field = 213)]
    pub repeated_int64_wrapper: Vec<Int64Value>,
    #[leyline(field = 214)]
    pub repeated_uint32_wrapper: Vec<UInt32Value>,
    #[leyline(field = 215)]
    pub repeated_uint64_wrapper: Vec<UInt64Value>,
    #[leyline(field = 216)]
    pub repeated_float_wrapper: Vec<FloatValue>,
    #[leyline(field = 217)]
    pub repeated_double_wrapper: Vec<DoubleValue>,
    #[leyline(field = 218)]
    pub repeated_string_wrapper: Vec<StringValue>,
    #[leyline(field = 219)]
    pub repeated_bytes_wrapper: Vec<BytesValue>,

    #[leyline(field = 301)]
    pub optional_duration: Option<Duration>,
    #[leyline(field = 302)]
    pub optional_timestamp: Option<Timestamp>,
    #[leyline(field = 303)]
    pub optional_field_mask: Option<FieldMask>,
    #[leyline(field = 304)]
    pub optional_struct: Option<Struct>,
    #[leyline(field = 305)]
    pub optional_any: Option<Any>,
    #[leyline(field = 306)]
    pub optional_value: Option<Value>,
    #[leyline(field = 307)]
    pub optional_null_value: NullValue,

    #[leyline(field = 311)]
    pub repeated_duration: Vec<Duration>,
    #[leyline(field = 312)]
    pub repeated_timestamp: Vec<Timestamp>,
    #[leyline(field = 313)]
    pub repeated_fieldmask: Vec<FieldMask>,
    #[leyline(field = 324)]
    pub repeated_struct: Vec<Struct>,
    #[leyline(field = 315)]
    pub repeated_any: Vec<Any>,
    #[leyline(field = 316)]
    pub repeated_value: Vec<Value>,
    #[leyline(field = 317)]
    pub repeated_list_value: Vec<ListValue>,

    // Test field-name-to-JSON-name convention (proto3 only).
    #[leyline(field = 401)]
    pub fieldname1: i32,
    #[leyline(field = 402)]
    pub field_name2: i32,
    #[leyline(field = 403, name = "_field_name3")]
    pub field_name3: i32,
    #[leyline(field = 404, name = "field__name4_")]
    pub field_name4: i32,
    #[leyline(field = 405)]
    pub field0name5: i32,
    #[leyline(field = 406)]
    pub field_0_name6: i32,
    #[leyline(field = 407, name = "fieldName7")]
    pub field_name7: i32,
    #[leyline(field = 408, name = "FieldName8")]
    pub field_name8: i32,
    #[leyline(field = 409, name = "field_Name9")]
    pub field_name9: i32,
    #[leyline(field = 410, name = "Field_Name10")]
    pub field_name10: i32,
    #[leyline(field = 411, name = "FIELD_NAME11")]
    pub field_name11: i32,
    #[leyline(field = 412, name = "FIELD_name12")]
    pub field_name12: i32,
    #[leyline(field = 413, name = "__field_name13")]
    pub field_name13: i32,
    #[leyline(field = 414, name = "__Field_name14")]
    pub field_name14: i32,
    #[leyline(field = 415, name = "field__name15")]
    pub field_name15: i32,
    #[leyline(field = 416, name = "field__Name16")]
    pub field_name16: i32,
    #[leyline(field = 417, name = "field_name17__")]
    pub field_name17: i32,
    #[leyline(field = 418, name = "Field_name18__")]
    pub field_name18: i32,

    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}
