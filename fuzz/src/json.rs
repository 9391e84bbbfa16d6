//! What the JSON fuzz targets check, for any contract:
//!
//! - `check_json_parse`: any bytes, read as proto3 JSON, give a message or an
//!   error, never a panic; the lenient read (`ignore_unknown_fields`) accepts
//!   whatever the strict one does, to the same message. A message read is
//!   then carried JSON → binary → JSON: it writes as JSON, that JSON reads
//!   back to it, its binary decodes to it, and the view transcoder's JSON of
//!   that binary reads back to it too.
//! - `check_binary_json`: any bytes that decode as the contract go
//!   binary → JSON → binary: the JSON (owned writer and view transcoder
//!   alike, or both refusing with `Unrepresentable`) reads back to the same
//!   message.
//!
//! Included by path from `fuzz/src/lib.rs` and from `tests/json_hostile.rs`.

use leyline::json::{self, JsonErrorKind, JsonFields, JsonMessage, JsonOptions};
use leyline::Contract;

/// Equal under `==`, or with the same deterministic encoding (a NaN float,
/// which JSON carries as `"NaN"`, makes `==` false).
fn same_value<T: Contract>(a: &T, b: &T) -> bool {
    a == b || a.encode_deterministic() == b.encode_deterministic()
}

/// JSON bytes → message (strict and lenient), then JSON → binary → JSON.
pub fn check_json_parse<T: Contract + JsonMessage + JsonFields>(bytes: &[u8]) {
    let strict = json::from_slice::<T>(bytes);
    let lenient_options = JsonOptions::default().ignore_unknown_fields(true);
    let lenient = json::from_slice_with::<T>(bytes, &lenient_options);
    let message = match (strict, lenient) {
        (Ok(s), Ok(l)) => {
            assert!(same_value(&s, &l), "strict and lenient reads differ");
            s
        }
        (Ok(_), Err(e)) => panic!("the lenient read refused what the strict one read: {e}"),
        (Err(_), Ok(l)) => l,
        (Err(_), Err(_)) => return,
    };
    // Whatever was read writes as JSON, which reads back to it.
    let text = match json::to_string(&message) {
        Ok(text) => text,
        Err(e) => panic!("a message read from JSON does not write as JSON: {e}"),
    };
    match json::from_str::<T>(&text) {
        Ok(back) => assert!(
            same_value(&back, &message),
            "JSON round trip differs: {text}"
        ),
        Err(e) => panic!("written JSON does not read back: {e}: {text}"),
    }
    // JSON → binary → JSON.
    let binary = message.encode_to_vec_checked();
    let binary = match binary {
        Ok(binary) => binary,
        Err(e) => panic!("a message read from JSON does not encode: {e}"),
    };
    match T::decode_slice(&binary) {
        Ok(decoded) => assert!(same_value(&decoded, &message), "binary round trip differs"),
        Err(e) => panic!("the binary of a JSON-read message does not decode: {e}"),
    }
    match json::protobuf_to_string::<T>(&binary) {
        Ok(streamed) => match json::from_str::<T>(&streamed) {
            Ok(back) => assert!(
                same_value(&back, &message),
                "transcoded JSON differs: {streamed}"
            ),
            Err(e) => panic!("transcoded JSON does not read back: {e}: {streamed}"),
        },
        Err(e) => panic!("the transcoder refused what the owned writer wrote: {e}"),
    }
}

/// Binary bytes → message → JSON → message: the same message, from the owned
/// writer and from the view transcoder; both refuse alike.
pub fn check_binary_json<T: Contract + JsonMessage + JsonFields>(bytes: &[u8]) {
    let Ok(message) = T::decode_slice(bytes) else {
        // The transcoder checks the bytes as the decoder does.
        assert!(
            json::protobuf_to_string::<T>(bytes).is_err(),
            "the transcoder accepted bytes the decoder refuses"
        );
        return;
    };
    let owned = json::to_string(&message);
    let streamed = json::protobuf_to_string::<T>(bytes);
    match (&owned, &streamed) {
        (Ok(owned), Ok(streamed)) => {
            // Unknown fields are not part of proto3 JSON, so the message read
            // back is compared with the other JSON readings, not with
            // `message`: both writers give the same known fields, and the
            // reading writes the same JSON again (same length: a `HashMap`
            // field's members may come in another order).
            let from_owned = read_back::<T>(owned);
            let from_streamed = read_back::<T>(streamed);
            assert!(
                same_value(&from_owned, &from_streamed),
                "the owned writer and the transcoder write other messages: {owned} vs {streamed}"
            );
            let again = match json::to_string(&from_owned) {
                Ok(again) => again,
                Err(e) => panic!("a message read from JSON does not write as JSON: {e}"),
            };
            assert_eq!(
                again.len(),
                owned.len(),
                "JSON is not stable: {owned} vs {again}"
            );
            assert!(
                same_value(&read_back::<T>(&again), &from_owned),
                "JSON is not stable"
            );
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.kind(), &JsonErrorKind::Unrepresentable, "{a}");
            assert_eq!(b.kind(), &JsonErrorKind::Unrepresentable, "{b}");
        }
        _ => panic!(
            "the owned writer and the transcoder disagree: {:?} vs {:?}",
            owned.as_ref().err(),
            streamed.as_ref().err()
        ),
    }
}

fn read_back<T: JsonMessage>(text: &str) -> T {
    match json::from_str::<T>(text) {
        Ok(back) => back,
        Err(e) => panic!("written JSON does not read back: {e}: {text}"),
    }
}
