//! Borrowed views against the owned decode, for every contract of the
//! differential tests (every scalar, optional, repeated, map, nested and boxed
//! message, oneof and well-known type) and a contract keeping unknown fields:
//!
//! - the view of any encoding converts to exactly what the owned decode returns;
//! - so does the view of two encodings concatenated (protobuf merges them:
//!   scalars last-wins, messages and oneofs merge, repeated fields append);
//! - on damaged input (bytes changed, inserted or cut) the view fails exactly
//!   when the owned decode fails, with the same error, and never panics.
//!
//! Along the way, the two-pass encoders (`encode_to_vec`, `encode_into`, which
//! record nested lengths once) are checked against the one-pass `encode_raw`.
//!
//! (The differential module is compiled in to reuse its contracts and
//! strategies, so its own tests run here a second time.)

#[path = "differential.rs"]
#[allow(dead_code)]
mod differential;

use std::collections::{BTreeMap, HashMap};

use differential::*;
use leyline::prost::Message as _;
use leyline::{Contract, MessageView};
use proptest::prelude::*;

/// A contract that keeps unknown fields (a relay between producer versions).
#[leyline::message(package = "leyline.test.v1")]
pub struct Relay {
    #[leyline(field = 1)]
    pub id: String,
    #[leyline(field = 2)]
    pub hops: Vec<u32>,
    #[leyline(field = 3)]
    pub labels: HashMap<String, String>,
    #[leyline(unknown_fields)]
    pub unknown: leyline::UnknownFields,
}

/// Two decodes hold the same value. Damaged input can decode to a NaN float,
/// which never equals itself: then the values must encode to the same bytes
/// (both decoders keep a float's bits).
fn same<T: Contract>(a: &T, b: &T) -> Result<(), TestCaseError> {
    if a != b {
        prop_assert_eq!(
            leyline::prost::Message::encode_to_vec(a),
            leyline::prost::Message::encode_to_vec(b),
            "the decodes differ: {:?} vs {:?}",
            a,
            b
        );
    }
    Ok(())
}

/// The view of `bytes` agrees with the owned decode: same value, or same error.
fn agree<T: Contract>(bytes: &[u8]) -> Result<(), TestCaseError> {
    let owned = T::decode_slice(bytes);
    let view = T::decode_view(bytes);
    match (owned, view) {
        (Ok(owned), Ok(view)) => {
            same(&view.to_owned_message(), &owned)?;
            // The inherent conversion and `From` agree with the trait's.
            let via_from: T = T::View::decode_view(bytes)
                .map(|v| v.to_owned_message())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            same(&via_from, &owned)?;
        }
        (Err(owned), Err(view)) => prop_assert_eq!(view, owned),
        (Ok(_), Err(e)) => prop_assert!(false, "view rejects what owned accepts: {}", e),
        (Err(e), Ok(_)) => prop_assert!(false, "view accepts what owned rejects: {}", e),
    }
    Ok(())
}

/// A valid encoding, the concatenation of two, and damaged variants.
fn check_all<T: Contract>(a: &T, b: &T, damage: &[(usize, u8, u8)]) -> Result<(), TestCaseError> {
    let ea = a.encode_to_vec();
    let eb = b.encode_to_vec();
    // The two-pass encoders (nested lengths recorded once) write what the
    // one-pass `encode_raw` writes.
    let mut raw = Vec::new();
    a.encode_raw(&mut raw);
    prop_assert_eq!(&raw, &ea);
    let mut appended = vec![0xAA];
    a.encode_into(&mut appended);
    prop_assert_eq!(&appended[1..], &ea[..]);
    prop_assert_eq!(a.encoded_len(), ea.len());
    agree::<T>(&ea)?;
    let both = [ea.clone(), eb].concat();
    agree::<T>(&both)?;
    for &(at, byte, how) in damage {
        let mut bad = both.clone();
        if bad.is_empty() {
            bad.push(byte);
        } else {
            let i = at % bad.len();
            match how % 3 {
                0 => bad[i] = byte,
                1 => bad.insert(i, byte),
                _ => bad.truncate(i),
            }
        }
        agree::<T>(&bad)?;
    }
    Ok(())
}

fn damage() -> impl Strategy<Value = Vec<(usize, u8, u8)>> {
    prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..6)
}

fn relays() -> impl Strategy<Value = Relay> {
    (
        "[a-z]{0,6}",
        prop::collection::vec(any::<u32>(), 0..4),
        prop::collection::hash_map("[a-z]{0,3}", "[a-z]{0,3}", 0..3),
    )
        .prop_map(|(id, hops, labels)| Relay {
            id,
            hops,
            labels,
            ..Default::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn scalars_views_agree(a in scalars(), b in scalars(), d in damage()) {
        check_all(&a, &b, &d)?;
    }

    #[test]
    fn optionals_views_agree(a in optionals(), b in optionals(), d in damage()) {
        check_all(&a, &b, &d)?;
    }

    #[test]
    fn repeateds_views_agree(a in repeateds(), b in repeateds(), d in damage()) {
        check_all(&a, &b, &d)?;
    }

    #[test]
    fn maps_views_agree(a in maps(), b in maps(), d in damage()) {
        check_all(&a, &b, &d)?;
    }

    #[test]
    fn nested_views_agree(a in nested(), b in nested(), d in damage()) {
        check_all(&a, &b, &d)?;
    }

    #[test]
    fn well_known_views_agree(a in well_known(), b in well_known(), d in damage()) {
        check_all(&a, &b, &d)?;
    }

    #[test]
    fn unknown_fields_survive_a_view(a in relays(), extra in nested(), d in damage()) {
        // A Nested encoding read as a Relay: all but field 1..=3 are unknown.
        let mut bytes = a.encode_to_vec();
        bytes.extend(extra.encode_to_vec());
        agree::<Relay>(&bytes)?;
        check_all(&a, &a, &d)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        agree::<Nested>(&bytes)?;
        agree::<Maps>(&bytes)?;
        agree::<Repeateds>(&bytes)?;
        agree::<WellKnown>(&bytes)?;
    }
}

#[test]
fn strings_and_bytes_borrow_from_the_input() {
    let value = Scalars {
        f_string: "hello".into(),
        f_bytes: vec![1, 2, 3],
        ..Default::default()
    };
    let bytes = value.encode_to_vec();
    let view = ScalarsView::decode(&bytes).unwrap();
    let range = bytes.as_ptr_range();
    assert!(range.contains(&view.f_string.as_ptr()));
    assert!(range.contains(&view.f_bytes.as_ptr()));
    assert_eq!(view.f_string, "hello");
    assert_eq!(Scalars::from(&view), value);
    assert_eq!(Scalars::from(view), value);
}

#[test]
fn repeated_and_map_fields_read_lazily() {
    let value = Repeateds {
        f_float: vec![1.5, -2.0, 3.25],
        f_string: vec!["a".into(), "bc".into()],
        f_message: vec![
            Scalars {
                f_int32: 7,
                ..Default::default()
            },
            Scalars::default(),
        ],
        ..Default::default()
    };
    let bytes = value.encode_to_vec();
    let view = RepeatedsView::decode(&bytes).unwrap();
    assert_eq!(view.f_float.len(), 3);
    assert_eq!(view.f_float.iter().collect::<Vec<_>>(), [1.5, -2.0, 3.25]);
    assert_eq!(view.f_string.iter().collect::<Vec<_>>(), ["a", "bc"]);
    assert_eq!(view.f_message.get(0).map(|m| m.f_int32), Some(7));
    assert_eq!(view.f_message.get(2).map(|m| m.f_int32), None);

    let maps = Maps {
        str_float: BTreeMap::from([("x".to_owned(), 1.0), ("y".to_owned(), 2.0)]),
        ..Default::default()
    };
    let bytes = maps.encode_to_vec();
    let view = MapsView::decode(&bytes).unwrap();
    assert_eq!(view.str_float.len(), 2);
    assert_eq!(view.str_float.get(&"y"), Some(2.0));
    assert_eq!(view.str_float.get(&"z"), None);
    let again: HashMap<String, f32> = view.str_float.to_map();
    assert_eq!(again.len(), 2);
}

#[test]
fn a_later_map_entry_replaces_an_earlier_one() {
    // str_float: {"a": 1.0}, then {"a": 2.0}
    let entry = |v: f32| cat(&[&key(1, 2), &[1, b'a'], &key(2, 5), &v.to_le_bytes()]);
    let (e1, e2) = (entry(1.0), entry(2.0));
    let bytes = cat(&[
        &key(1, 2),
        &[e1.len() as u8],
        &e1,
        &key(1, 2),
        &[e2.len() as u8],
        &e2,
    ]);
    let view = MapsView::decode(&bytes).unwrap();
    assert_eq!(view.str_float.len(), 2);
    assert_eq!(view.str_float.get(&"a"), Some(2.0));
    assert_eq!(view.to_owned(), Maps::decode_slice(&bytes).unwrap());
}

#[test]
fn oneofs_view_as_their_variant() {
    let value = Nested {
        choice: Some(Choice::Text("t".into())),
        second: Some(Second::Late(9)),
        ..Default::default()
    };
    let bytes = value.encode_to_vec();
    let view = NestedView::decode(&bytes).unwrap();
    assert!(matches!(view.choice, Some(ChoiceView::Text("t"))));
    assert!(matches!(view.second, Some(SecondView::Late(9))));
}

#[test]
fn invalid_utf8_is_the_same_error() {
    let bytes = cat(&[&key(14, 2), &[2, 0xff, 0xfe]]);
    let owned = Scalars::decode_slice(&bytes).unwrap_err();
    let view = ScalarsView::decode(&bytes).unwrap_err();
    assert_eq!(owned, view);
    assert!(view.to_string().contains("Scalars.f_string"));
}

#[test]
fn recursion_limit_applies_to_views() {
    let mut value = Nested::default();
    for _ in 0..150 {
        value = Nested {
            child: Some(Box::new(value)),
            ..Default::default()
        };
    }
    let bytes = value.encode_to_vec();
    let owned = Nested::decode_slice(&bytes).unwrap_err();
    let view = NestedView::decode(&bytes).unwrap_err();
    assert_eq!(owned, view);
}

/// A packed run of fixed-width numbers is read straight from its bytes as
/// it is iterated. Here each fixed-width field of `Repeateds` arrives as two
/// packed runs with an empty run, an unpacked element and another field's
/// records between them, NaN payloads and signed zeros among the floats:
/// the view yields every element, bit for bit, in the owned decode's order,
/// and its length is exact at every step.
#[test]
fn packed_fixed_width_runs_read_bit_for_bit() {
    fn run(field: u32, elems: &[&[u8]]) -> Vec<u8> {
        let payload = elems.concat();
        cat(&[&key(field, 2), &[payload.len() as u8], &payload])
    }
    let f32s: [u32; 6] = [
        0x7fc0_0001,
        0xffff_ffff,
        0x7f80_0001,
        0x8000_0000,
        0x3fc0_0000,
        0,
    ];
    let f64s: [u64; 4] = [
        0x7ff8_0000_0000_0001,
        0xfff0_0000_0000_0001,
        0x8000_0000_0000_0000,
        1,
    ];
    let b32: Vec<[u8; 4]> = f32s.iter().map(|v| v.to_le_bytes()).collect();
    let b64: Vec<[u8; 8]> = f64s.iter().map(|v| v.to_le_bytes()).collect();
    let r32: Vec<&[u8]> = b32.iter().map(|b| &b[..]).collect();
    let r64: Vec<&[u8]> = b64.iter().map(|b| &b[..]).collect();
    let mut bytes = Vec::new();
    for (field, wire, elems) in [
        (2u32, 5u32, &r32), // float
        (9, 5, &r32),       // fixed32
        (11, 5, &r32),      // sfixed32
        (1, 1, &r64),       // double
        (10, 1, &r64),      // fixed64
        (12, 1, &r64),      // sfixed64
    ] {
        let (first, second) = elems.split_at(elems.len() / 2);
        bytes.extend(run(field, first));
        bytes.extend(run(field, &[]));
        bytes.extend(cat(&[&key(3, 0), &[5]])); // f_int32 = 5 in between
        bytes.extend(cat(&[&key(field, wire), second[0]])); // unpacked
        bytes.extend(run(field, &second[1..]));
    }
    let owned = Repeateds::decode_slice(&bytes).unwrap();
    let view = RepeatedsView::decode(&bytes).unwrap();
    assert_eq!(owned.f_float.len(), f32s.len());

    /// The elements' bits, checking before each step that the iterator
    /// counts exactly the `total - taken` elements left.
    fn walk<T: Copy, I: ExactSizeIterator<Item = T>>(
        mut it: I,
        total: usize,
        bits: impl Fn(T) -> u64,
    ) -> Vec<u64> {
        let mut out = Vec::new();
        loop {
            let left = total - out.len();
            assert_eq!(it.size_hint(), (left, Some(left)));
            assert_eq!(it.len(), left);
            match it.next() {
                Some(v) => out.push(bits(v)),
                None => {
                    assert_eq!(left, 0);
                    return out;
                }
            }
        }
    }
    let want32: Vec<u64> = f32s.iter().map(|&v| u64::from(v)).collect();
    let want64: Vec<u64> = f64s.to_vec();
    assert_eq!(
        walk(view.f_float.iter(), 6, |v: f32| u64::from(v.to_bits())),
        want32
    );
    assert_eq!(walk(view.f_fixed32.iter(), 6, u64::from), want32);
    assert_eq!(
        walk(view.f_sfixed32.iter(), 6, |v: i32| u64::from(v as u32)),
        want32
    );
    assert_eq!(walk(view.f_double.iter(), 4, f64::to_bits), want64);
    assert_eq!(walk(view.f_fixed64.iter(), 4, |v| v), want64);
    assert_eq!(walk(view.f_sfixed64.iter(), 4, |v: i64| v as u64), want64);
    assert_eq!(
        owned
            .f_float
            .iter()
            .map(|v| u64::from(v.to_bits()))
            .collect::<Vec<_>>(),
        want32
    );
    assert_eq!(
        owned
            .f_double
            .iter()
            .map(|v| v.to_bits())
            .collect::<Vec<_>>(),
        want64
    );
    assert_eq!(
        owned
            .f_sfixed64
            .iter()
            .map(|&v| v as u64)
            .collect::<Vec<_>>(),
        want64
    );
    assert_eq!(view.f_fixed32.get(4), Some(f32s[4]));
    assert_eq!(view.f_double.get(4), None);
    assert_eq!(owned.f_int32, [5; 6]);
    assert_eq!(view.f_int32.iter().collect::<Vec<_>>(), [5; 6]);
    // What the view converts to is the owned decode, bit for bit.
    assert_eq!(view.to_owned().encode_to_vec(), owned.encode_to_vec());
}

/// A packed run of fixed-width numbers whose length is not a multiple of
/// the width, or which runs past the input, is refused by the view decode
/// with the owned decode's error, so the iterator never meets a partial
/// element.
#[test]
fn bad_packed_fixed_width_runs_are_the_same_error() {
    for (field, width) in [(2u32, 4usize), (9, 4), (11, 4), (1, 8), (10, 8), (12, 8)] {
        for len in 1..=2 * width + 1 {
            let payload = vec![0x41u8; len];
            let whole = cat(&[&key(field, 2), &[len as u8], &payload]);
            let cut = &whole[..whole.len() - 1];
            for bytes in [&whole[..], cut] {
                let owned = Repeateds::decode_slice(bytes);
                let view = RepeatedsView::decode(bytes);
                match (&owned, &view) {
                    (Ok(o), Ok(v)) => {
                        assert_eq!(len % width, 0, "field {field}, {len} bytes");
                        assert_eq!(v.to_owned().encode_to_vec(), o.encode_to_vec());
                    }
                    (Err(o), Err(v)) => assert_eq!(o, v, "field {field}, {len} bytes"),
                    _ => panic!("field {field}, {len} bytes: {owned:?} vs {view:?}"),
                }
                if len % width != 0 {
                    assert!(view.is_err(), "field {field}, {len} bytes accepted");
                }
            }
        }
    }
}

/// The records of a repeated message field and of a map field, with records
/// of other fields between them (known, unknown, a group), a message of more
/// than 127 bytes (a two-byte length) and a map entry written value first:
/// the view yields what the owned decode holds, in its order, counts exactly
/// the elements left at every step, and ends after the last one.
#[test]
fn message_and_map_records_between_other_records_read_in_order() {
    fn len_record(field: u32, payload: &[u8]) -> Vec<u8> {
        let mut len = Vec::new();
        leyline::wire::encode_varint(payload.len() as u64, &mut len);
        cat(&[&key(field, 2), &len, payload])
    }
    fn walk<T, I: ExactSizeIterator<Item = T>>(mut it: I, total: usize) -> Vec<T> {
        let mut out = Vec::new();
        loop {
            let left = total - out.len();
            assert_eq!(it.size_hint(), (left, Some(left)));
            match it.next() {
                Some(v) => out.push(v),
                None => {
                    assert_eq!(left, 0);
                    assert!(it.next().is_none());
                    return out;
                }
            }
        }
    }
    let small = Scalars {
        f_int32: 7,
        ..Default::default()
    };
    let big = Scalars {
        f_string: "x".repeat(200),
        f_int64: -3,
        ..Default::default()
    };
    let int32 = cat(&[&key(3, 0), &[5]]);
    let unknown = cat(&[&key(99, 0), &[1]]);
    let group = cat(&[&key(98, 3), &key(1, 0), &[2], &key(98, 4)]);
    let mut bytes = Vec::new();
    bytes.extend(len_record(17, &small.encode_to_vec()));
    bytes.extend(&int32);
    bytes.extend(len_record(17, &big.encode_to_vec()));
    bytes.extend(&unknown);
    bytes.extend(&group);
    bytes.extend(len_record(17, &[]));
    bytes.extend(len_record(17, &small.encode_to_vec()));
    bytes.extend(&int32);
    let owned = Repeateds::decode_slice(&bytes).unwrap();
    let view = RepeatedsView::decode(&bytes).unwrap();
    assert_eq!(
        owned.f_message,
        [small.clone(), big, Scalars::default(), small]
    );
    let read: Vec<Scalars> = walk(view.f_message.iter(), 4)
        .iter()
        .map(|m| m.to_owned())
        .collect();
    assert_eq!(read, owned.f_message);
    assert_eq!(walk(view.f_int32.iter(), 2), [5, 5]);

    let entry =
        |k: &str, v: f32| cat(&[&len_record(1, k.as_bytes()), &key(2, 5), &v.to_le_bytes()]);
    let value_first = cat(&[&key(2, 5), &2.5f32.to_le_bytes(), &len_record(1, b"b")]);
    let int_str = len_record(2, &cat(&[&key(1, 0), &[4], &len_record(2, b"four")]));
    let mut bytes = Vec::new();
    bytes.extend(len_record(1, &entry("a", 1.0)));
    bytes.extend(&int_str);
    bytes.extend(len_record(1, &value_first));
    bytes.extend(&unknown);
    bytes.extend(&group);
    bytes.extend(len_record(1, &entry("a", 3.0)));
    bytes.extend(&int_str);
    let owned = Maps::decode_slice(&bytes).unwrap();
    let view = MapsView::decode(&bytes).unwrap();
    assert_eq!(
        walk(view.str_float.iter(), 3),
        [("a", 1.0), ("b", 2.5), ("a", 3.0)]
    );
    assert_eq!(view.str_float.get(&"a"), Some(3.0));
    assert_eq!(view.str_float.to_map::<BTreeMap<_, _>>(), owned.str_float);
    assert_eq!(walk(view.int_str.iter(), 2), [(4, "four"), (4, "four")]);
    assert_eq!(view.to_owned(), owned);
}
