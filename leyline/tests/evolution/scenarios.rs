//! The evolution scenarios shared by `tests/evolution.rs` and
//! `tests/evolution_buf.rs`: each is a directory `tests/evolution/<name>/`
//! holding an `old/` and a `new/` tree of `.proto` files.

// Each of the two test crates uses part of this module.
#![allow(dead_code)]

use std::path::PathBuf;

use leyline::evolution::{Rule, RuleSet};

/// Which rules a scenario is checked with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    /// buf's `WIRE` category.
    Wire,
    /// buf's `WIRE_JSON` category.
    WireJson,
    /// Leyline's default: `WIRE_JSON` plus the package-level deletion rules.
    Leyline,
    /// Leyline's default plus the file-level `MESSAGE_NO_DELETE` and `ENUM_NO_DELETE`.
    File,
}

impl Profile {
    pub(crate) const ALL: [Profile; 4] = [
        Profile::Wire,
        Profile::WireJson,
        Profile::Leyline,
        Profile::File,
    ];

    pub(crate) fn rules(self) -> RuleSet {
        match self {
            Profile::Wire => RuleSet::wire(),
            Profile::WireJson => RuleSet::wire_json(),
            Profile::Leyline => RuleSet::default(),
            Profile::File => RuleSet::default()
                .with(Rule::MessageNoDelete)
                .with(Rule::EnumNoDelete),
        }
    }

    /// The `breaking.use` list of a buf.yaml checking the same rules.
    pub(crate) fn buf_use(self) -> &'static str {
        match self {
            Profile::Wire => "[WIRE]",
            Profile::WireJson => "[WIRE_JSON]",
            Profile::Leyline => {
                "[WIRE_JSON, PACKAGE_NO_DELETE, PACKAGE_MESSAGE_NO_DELETE, PACKAGE_ENUM_NO_DELETE]"
            }
            Profile::File => {
                "[WIRE_JSON, PACKAGE_NO_DELETE, PACKAGE_MESSAGE_NO_DELETE, PACKAGE_ENUM_NO_DELETE, \
                 MESSAGE_NO_DELETE, ENUM_NO_DELETE]"
            }
        }
    }
}

/// A scenario and the rule ids it must break under its profile (empty: the
/// change is compatible).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scenario {
    pub(crate) name: &'static str,
    pub(crate) profile: Profile,
    pub(crate) expect: &'static [&'static str],
}

impl Scenario {
    pub(crate) fn dir(&self) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/evolution")
            .join(self.name)
    }
}

const fn s(name: &'static str, profile: Profile, expect: &'static [&'static str]) -> Scenario {
    Scenario {
        name,
        profile,
        expect,
    }
}

pub(crate) const SCENARIOS: &[Scenario] = {
    use Profile::{File, Leyline, Wire, WireJson};
    &[
        // Fields.
        s("field_added", Leyline, &[]),
        s(
            "field_deleted",
            Leyline,
            &[
                "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
                "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
            ],
        ),
        s("field_deleted_reserved", Leyline, &[]),
        s(
            "field_deleted_name_reserved",
            Leyline,
            &["FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED"],
        ),
        s(
            "field_deleted_number_reserved",
            Leyline,
            &["FIELD_NO_DELETE_UNLESS_NAME_RESERVED"],
        ),
        s("field_deleted_number_reserved", Wire, &[]),
        s(
            "field_number_reused",
            Leyline,
            &[
                "FIELD_SAME_JSON_NAME",
                "FIELD_SAME_NAME",
                "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
            ],
        ),
        s(
            "field_renamed_same_json_name",
            Leyline,
            &["FIELD_SAME_NAME"],
        ),
        s("field_renamed_same_json_name", Wire, &[]),
        s(
            "field_json_name_changed",
            Leyline,
            &["FIELD_SAME_JSON_NAME"],
        ),
        // Types.
        s(
            "type_int32_to_int64",
            Leyline,
            &["FIELD_WIRE_JSON_COMPATIBLE_TYPE"],
        ),
        s("type_int32_to_int64", Wire, &[]),
        s("type_int32_to_uint32", Leyline, &[]),
        s("type_int32_to_bool", Wire, &[]),
        s(
            "type_int32_to_bool",
            Leyline,
            &["FIELD_WIRE_JSON_COMPATIBLE_TYPE"],
        ),
        s("type_fixed64_to_sfixed64", Leyline, &[]),
        s("type_sint32_to_sint64", Wire, &[]),
        s(
            "type_sint32_to_sint64",
            Leyline,
            &["FIELD_WIRE_JSON_COMPATIBLE_TYPE"],
        ),
        s(
            "type_sint32_to_int32",
            Wire,
            &["FIELD_WIRE_COMPATIBLE_TYPE"],
        ),
        s("type_string_to_bytes", Wire, &[]),
        s(
            "type_string_to_bytes",
            Leyline,
            &["FIELD_WIRE_JSON_COMPATIBLE_TYPE"],
        ),
        s(
            "type_bytes_to_string",
            Wire,
            &["FIELD_WIRE_COMPATIBLE_TYPE"],
        ),
        s(
            "type_float_to_double",
            Wire,
            &["FIELD_WIRE_COMPATIBLE_TYPE"],
        ),
        s("type_enum_to_int32", Wire, &["FIELD_WIRE_COMPATIBLE_TYPE"]),
        // Which of the 210 pairs break is checked field by field in tests/evolution.rs.
        s(
            "type_matrix_all_scalars",
            Wire,
            &["FIELD_WIRE_COMPATIBLE_TYPE"],
        ),
        s(
            "type_matrix_all_scalars",
            Leyline,
            &["FIELD_WIRE_JSON_COMPATIBLE_TYPE"],
        ),
        s(
            "type_enum_swapped",
            Leyline,
            &["FIELD_WIRE_JSON_COMPATIBLE_TYPE"],
        ),
        s(
            "type_message_renamed",
            WireJson,
            &["FIELD_WIRE_JSON_COMPATIBLE_TYPE"],
        ),
        s(
            "type_message_renamed",
            Leyline,
            &[
                "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
                "PACKAGE_MESSAGE_NO_DELETE",
            ],
        ),
        s("enum_moved_with_new_values", WireJson, &[]),
        // Cardinality.
        s(
            "cardinality_singular_to_repeated",
            Leyline,
            &["FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"],
        ),
        s(
            "cardinality_singular_to_repeated",
            Wire,
            &["FIELD_WIRE_COMPATIBLE_CARDINALITY"],
        ),
        s(
            "cardinality_message_to_repeated",
            Leyline,
            &["FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"],
        ),
        s("cardinality_proto3_optional_added", Leyline, &[]),
        s("cardinality_proto3_optional_removed", Leyline, &[]),
        s(
            "cardinality_repeated_to_map",
            Leyline,
            &[
                "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
                "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
            ],
        ),
        // Under WIRE the map is a repeated entry message, but not the same message type.
        s(
            "cardinality_repeated_to_map",
            Wire,
            &["FIELD_WIRE_COMPATIBLE_TYPE"],
        ),
        s(
            "cardinality_map_to_repeated_string",
            Leyline,
            &[
                "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
                "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
            ],
        ),
        s(
            "map_value_type_changed",
            Leyline,
            &["FIELD_WIRE_JSON_COMPATIBLE_TYPE"],
        ),
        s("map_value_type_changed", Wire, &[]),
        s("map_field_deleted_reserved", Leyline, &[]),
        // Oneofs (proto3 `optional` is a synthetic oneof, which does not count).
        s("oneof_field_moved_in", Wire, &["FIELD_SAME_ONEOF"]),
        s("oneof_field_moved_out", Leyline, &["FIELD_SAME_ONEOF"]),
        s("oneof_renamed", Leyline, &["FIELD_SAME_ONEOF"]),
        s("oneof_member_added", Leyline, &[]),
        s("oneof_optional_to_oneof", Leyline, &["FIELD_SAME_ONEOF"]),
        // Enums.
        s("enum_value_added", Leyline, &[]),
        s(
            "enum_value_deleted",
            Leyline,
            &[
                "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
                "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
            ],
        ),
        s("enum_value_deleted_reserved", Leyline, &[]),
        s(
            "enum_value_deleted_name_reserved",
            Leyline,
            &["ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED"],
        ),
        s(
            "enum_value_deleted_number_reserved",
            Leyline,
            &["ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"],
        ),
        s("enum_value_renamed", Leyline, &["ENUM_VALUE_SAME_NAME"]),
        s("enum_alias_removed", Leyline, &["ENUM_VALUE_SAME_NAME"]),
        s("enum_alias_added", Leyline, &[]),
        // Reserved numbers and names.
        s(
            "reserved_message_range_removed",
            Leyline,
            &["RESERVED_MESSAGE_NO_DELETE"],
        ),
        s(
            "reserved_message_name_removed",
            Wire,
            &["RESERVED_MESSAGE_NO_DELETE"],
        ),
        s("reserved_message_range_widened", Leyline, &[]),
        s(
            "reserved_enum_removed",
            Leyline,
            &["RESERVED_ENUM_NO_DELETE"],
        ),
        // Messages, enums, files and packages.
        s("message_added", Leyline, &[]),
        s("message_deleted", Leyline, &["PACKAGE_MESSAGE_NO_DELETE"]),
        s("message_deleted", WireJson, &[]),
        s(
            "nested_message_deleted",
            Leyline,
            &["PACKAGE_MESSAGE_NO_DELETE"],
        ),
        s("enum_deleted", Leyline, &["PACKAGE_ENUM_NO_DELETE"]),
        s(
            "enum_deleted",
            File,
            &["ENUM_NO_DELETE", "PACKAGE_ENUM_NO_DELETE"],
        ),
        s("message_moved_between_files", Leyline, &[]),
        s("message_moved_between_files", File, &["MESSAGE_NO_DELETE"]),
        s("enum_moved_between_files", File, &["ENUM_NO_DELETE"]),
        s("file_renamed", File, &[]),
        s("file_package_changed", WireJson, &["FILE_SAME_PACKAGE"]),
        s(
            "file_package_changed",
            Leyline,
            &["FILE_SAME_PACKAGE", "PACKAGE_NO_DELETE"],
        ),
        s("package_deleted", Leyline, &["PACKAGE_NO_DELETE"]),
        // proto2 features and syntax.
        s("default_changed", Leyline, &["FIELD_SAME_DEFAULT"]),
        s("default_same_value_respelled", Leyline, &[]),
        s(
            "required_field_added",
            Leyline,
            &["MESSAGE_SAME_REQUIRED_FIELDS"],
        ),
        s(
            "message_json_format_lost",
            Leyline,
            &["MESSAGE_SAME_JSON_FORMAT"],
        ),
        s("enum_json_format_lost", Leyline, &["ENUM_SAME_JSON_FORMAT"]),
        s("syntax_proto2_to_proto3", Leyline, &[]),
        // Services.
        s(
            "rpc_request_type_changed",
            Leyline,
            &["RPC_SAME_REQUEST_TYPE"],
        ),
        s(
            "rpc_response_type_changed",
            Leyline,
            &["RPC_SAME_RESPONSE_TYPE"],
        ),
        s(
            "rpc_client_streaming_changed",
            Leyline,
            &["RPC_SAME_CLIENT_STREAMING"],
        ),
        s(
            "rpc_server_streaming_changed",
            Leyline,
            &["RPC_SAME_SERVER_STREAMING"],
        ),
        s(
            "rpc_idempotency_changed",
            Leyline,
            &["RPC_SAME_IDEMPOTENCY_LEVEL"],
        ),
        // Deleting an RPC breaks callers, but no WIRE_JSON or PACKAGE rule covers it.
        s("rpc_deleted", Leyline, &[]),
    ]
};

/// Every scenario directory, once each.
pub(crate) fn scenario_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = SCENARIOS.iter().map(|s| s.name).collect();
    names.sort_unstable();
    names.dedup();
    names
}
