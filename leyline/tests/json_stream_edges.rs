//! `json::protobuf_to_string` (protobuf bytes to JSON in one pass, with no
//! owned message in between) on the inputs where the one-pass writer has to
//! give up or report: a map value that fails to write (the error names the
//! key, as the owned path names it, for int, bool and string keys), a map
//! entry whose message value comes in two records, a key repeated, more
//! keys than the writer tracks, a packed run whose length is no multiple
//! of its width. On each, the output (up to key order) or the error is what
//! decoding then `json::to_string` gives.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use leyline::json::{self, JsonErrorKind};
use leyline::prost::Message as _;
use leyline::{Contract as _, DecodeErrorKind, Timestamp};

#[leyline::message(package = "leyline.cov.v1")]
pub struct Maps {
    #[leyline(field = 1)]
    pub by_int: BTreeMap<i32, Timestamp>,
    #[leyline(field = 2)]
    pub by_bool: BTreeMap<bool, Timestamp>,
    #[leyline(field = 3)]
    pub by_name: BTreeMap<String, Timestamp>,
    #[leyline(field = 4, encoding = "fixed32")]
    pub fixed: Vec<u32>,
    #[leyline(field = 5)]
    pub counts: BTreeMap<String, u32>,
}

/// Year 10000: no RFC 3339 timestamp.
const TOO_LATE: Timestamp = Timestamp {
    seconds: 253_402_300_800,
    nanos: 0,
};

/// Both paths from bytes: the one-pass writer, and decode then write.
fn both(bytes: &[u8]) -> (Result<String, String>, Result<String, String>) {
    let one_pass = json::protobuf_to_string::<Maps>(bytes).map_err(|e| e.to_string());
    let owned = Maps::decode_slice(bytes)
        .map_err(|e| json::JsonError::from(e).to_string())
        .and_then(|m| json::to_string(&m).map_err(|e| e.to_string()));
    (one_pass, owned)
}

#[test]
fn a_map_value_that_cannot_be_written_names_its_key() {
    for (maps, path) in [
        (
            Maps {
                by_int: BTreeMap::from([(-5, TOO_LATE)]),
                ..Maps::default()
            },
            "byInt.-5",
        ),
        (
            Maps {
                by_bool: BTreeMap::from([(true, TOO_LATE)]),
                ..Maps::default()
            },
            "byBool.true",
        ),
        (
            Maps {
                by_name: BTreeMap::from([("a key".to_owned(), TOO_LATE)]),
                ..Maps::default()
            },
            "byName[\"a key\"]",
        ),
    ] {
        let err = json::protobuf_to_string::<Maps>(&maps.encode_to_vec()).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::Unrepresentable, "{err}");
        assert_eq!(err.path(), path);
        let owned = json::to_string(&maps).unwrap_err();
        assert_eq!(err.to_string(), owned.to_string());
    }
}

/// A map entry record of field `tag` holding `body`.
fn entry(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![(tag << 3) | 2, body.len() as u8];
    out.extend_from_slice(body);
    out
}

/// A Timestamp as the value (field 2) of a map entry.
fn ts_value(seconds: u8) -> Vec<u8> {
    entry(2, &[0x08, seconds])
}

#[test]
fn a_message_value_in_two_records_merges_as_the_owned_decode_merges() {
    // Key "k", then the value twice: {seconds: 1} and {nanos: 7}, which merge.
    let mut body = entry(1, b"k");
    body.extend(ts_value(1));
    body.extend(entry(2, &[0x10, 7]));
    let bytes = entry(3, &body);
    let (one_pass, owned) = both(&bytes);
    assert_eq!(one_pass, owned);
    assert_eq!(
        one_pass.unwrap(),
        r#"{"byName":{"k":"1970-01-01T00:00:01.000000007Z"}}"#
    );
}

#[test]
fn a_repeated_key_keeps_the_last_value_on_both_paths() {
    let mut bytes = Vec::new();
    for (key, seconds) in [(b"a", 1), (b"b", 2), (b"a", 3)] {
        let mut body = entry(1, key);
        body.extend(ts_value(seconds));
        bytes.extend(entry(3, &body));
    }
    // The keys may come in another order (a JSON object's keys have none).
    let (one_pass, owned) = both(&bytes);
    let parse = |text: String| serde_json::from_str::<serde_json::Value>(&text).unwrap();
    let one_pass = parse(one_pass.unwrap());
    assert_eq!(one_pass, parse(owned.unwrap()));
    assert_eq!(
        one_pass,
        serde_json::json!({"byName": {"a": "1970-01-01T00:00:03Z", "b": "1970-01-01T00:00:02Z"}})
    );
}

#[test]
fn many_keys_are_written_as_the_owned_path_writes_them() {
    let maps = Maps {
        counts: (0..100).map(|i| (format!("key{i:03}"), i)).collect(),
        ..Maps::default()
    };
    let (one_pass, owned) = both(&maps.encode_to_vec());
    assert_eq!(one_pass, owned);
    let text = one_pass.unwrap();
    assert!(text.contains(r#""key099":99"#), "{text}");
    // The same with a key repeated past the tracked ones.
    let mut bytes = maps.encode_to_vec();
    let mut body = entry(1, b"key000");
    body.extend([0x10, 42]);
    bytes.extend(entry(5, &body));
    let (one_pass, owned) = both(&bytes);
    assert_eq!(one_pass, owned);
    assert!(one_pass.unwrap().contains(r#""key000":42"#));
}

#[test]
fn a_packed_run_of_the_wrong_length_is_the_decode_error() {
    // Field 4 (fixed32), packed, 6 bytes: not a multiple of 4.
    let bytes = [0x22, 6, 1, 0, 0, 0, 2, 0];
    let err = json::protobuf_to_string::<Maps>(&bytes).unwrap_err();
    let JsonErrorKind::Decode(decode) = err.kind() else {
        panic!("{err:?}");
    };
    let owned = Maps::decode_slice(&bytes).unwrap_err();
    assert_eq!(decode.kind(), owned.kind());
    assert_eq!(*owned.kind(), DecodeErrorKind::PackedLength);
    // Both name the field (one as the JSON path, one as the decode path).
    assert_eq!(err.path(), "fixed");
    assert!(owned.to_string().contains("Maps.fixed: "), "{owned}");
    // A whole run is fine.
    let bytes = [0x22, 8, 1, 0, 0, 0, 2, 0, 0, 0];
    let (one_pass, owned) = both(&bytes);
    assert_eq!(one_pass, owned);
    assert_eq!(one_pass.unwrap(), r#"{"fixed":[1,2]}"#);
}
