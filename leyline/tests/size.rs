//! Static size bounds and splitting.
//!
//! - No value that passes validation encodes longer than `MAX_ENCODED_LEN`
//!   (property test), and the bound is reached by the largest value.
//! - A message with a `split` field over its limit is cut into parts that each
//!   fit and that merge back into the original (property test); a piece that
//!   cannot fit alone is a size overflow.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use leyline::codec::{merge_parts, CodecConfig, CodecError, GuardedCodec, Parts};
use leyline::prost::Message as _;
use leyline::{Contract, Timestamp};
use proptest::prelude::*;

#[leyline::enumeration(package = "leyline.test.v1")]
pub enum Kind {
    Unspecified = 0,
    Some = 1,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Inner {
    #[leyline(field = 1)]
    pub a: u64,
    #[leyline(field = 2, validate(max_len = 3))]
    pub s: String,
}

#[leyline::oneof]
pub enum Pick {
    #[leyline(field = 20)]
    Num(i32),
    #[leyline(field = 21, validate(max_len = 5))]
    Text(String),
    #[leyline(field = 22)]
    Nested(Inner),
}

/// Every kind of bounded field.
#[leyline::message(package = "leyline.test.v1", max_size = 1024)]
pub struct Bounded {
    #[leyline(field = 1)]
    pub f_uint32: u32,
    #[leyline(field = 2)]
    pub f_int64: i64,
    #[leyline(field = 3, encoding = "sint64")]
    pub f_sint64: i64,
    #[leyline(field = 4, encoding = "fixed32")]
    pub f_fixed32: u32,
    #[leyline(field = 5)]
    pub f_double: f64,
    #[leyline(field = 6)]
    pub f_bool: bool,
    #[leyline(field = 7)]
    pub f_kind: Kind,
    #[leyline(field = 8, validate(max_len = 4))]
    pub f_string: String,
    #[leyline(field = 9, validate(max_len = 6))]
    pub f_bytes: Vec<u8>,
    #[leyline(field = 10)]
    pub f_optional: Option<u32>,
    #[leyline(field = 11)]
    pub f_inner: Option<Inner>,
    #[leyline(field = 12, validate(max_items = 3))]
    pub f_floats: Vec<f32>,
    #[leyline(field = 13, validate(max_items = 2))]
    pub f_ints: Vec<i32>,
    #[leyline(field = 14, validate(max_items = 2, items(max_len = 2)))]
    pub f_strings: Vec<String>,
    #[leyline(field = 15, validate(max_items = 2))]
    pub f_inners: Vec<Inner>,
    #[leyline(field = 16, validate(max_pairs = 2, keys(max_len = 2)))]
    pub f_map: BTreeMap<String, f32>,
    #[leyline(field = 17, validate(max_pairs = 2))]
    pub f_inner_map: BTreeMap<u32, Inner>,
    #[leyline(field = 18)]
    pub f_when: Option<Timestamp>,
    #[leyline(field = 19, validate(uuid))]
    pub f_id: String,
    #[leyline(oneof)]
    pub pick: Option<Pick>,
    #[leyline(field = 2000, validate(len = 2))]
    pub f_code: String,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Unbounded {
    #[leyline(field = 1)]
    pub name: String,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct KeepsUnknown {
    #[leyline(field = 1)]
    pub n: u32,
    #[leyline(unknown_fields)]
    pub unknown: leyline::UnknownFields,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Recursive {
    #[leyline(field = 1)]
    pub n: u32,
    #[leyline(field = 2)]
    pub next: Option<Box<Recursive>>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct NoItemLimit {
    #[leyline(field = 1)]
    pub xs: Vec<u32>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Empty {}

const _: () = {
    assert!(Unbounded::MAX_ENCODED_LEN.is_none());
    assert!(KeepsUnknown::MAX_ENCODED_LEN.is_none());
    assert!(Recursive::MAX_ENCODED_LEN.is_none());
    assert!(NoItemLimit::MAX_ENCODED_LEN.is_none());
    assert!(matches!(Empty::MAX_ENCODED_LEN, Some(0)));
    assert!(matches!(Inner::MAX_ENCODED_LEN, Some(25)));
    assert!(matches!(Bounded::MAX_SIZE, Some(1024)));
    assert!(Inner::MAX_SIZE.is_none());
};

const EMOJI: char = '\u{1F600}';

fn emoji(n: usize) -> String {
    std::iter::repeat_n(EMOJI, n).collect()
}

fn max_inner() -> Inner {
    Inner {
        a: u64::MAX,
        s: emoji(3),
    }
}

/// The largest value: every field present and as long as its rules allow.
fn max_bounded() -> Bounded {
    Bounded {
        f_uint32: u32::MAX,
        f_int64: -1,
        f_sint64: i64::MIN,
        f_fixed32: 1,
        f_double: 1.0,
        f_bool: true,
        f_kind: Kind::Unrecognized(-1),
        f_string: emoji(4),
        f_bytes: vec![0xff; 6],
        f_optional: Some(u32::MAX),
        f_inner: Some(max_inner()),
        f_floats: vec![1.0; 3],
        f_ints: vec![-1; 2],
        f_strings: vec![emoji(2); 2],
        f_inners: vec![max_inner(); 2],
        f_map: [(emoji(2), 1.0), ("\u{1F601}\u{1F601}".to_string(), 2.0)]
            .into_iter()
            .collect(),
        f_inner_map: [(u32::MAX, max_inner()), (u32::MAX - 1, max_inner())]
            .into_iter()
            .collect(),
        f_when: Some(Timestamp {
            seconds: -1,
            nanos: -1,
        }),
        f_id: "123e4567-e89b-12d3-a456-426614174000".into(),
        pick: Some(Pick::Nested(max_inner())),
        f_code: emoji(2),
    }
}

#[test]
fn the_bound_is_reached_by_the_largest_value() {
    let max = max_bounded();
    assert_eq!(max.validate(), Ok(()));
    assert_eq!(max.f_map.len(), 2);
    assert_eq!(Some(max.encoded_len()), Bounded::MAX_ENCODED_LEN);
    assert_eq!(max.encode_to_vec().len(), max.encoded_len());
}

fn text(max_chars: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![Just('a'), Just('é'), Just('語'), Just(EMOJI)],
        0..=max_chars,
    )
    .prop_map(|c| c.into_iter().collect())
}

fn inner() -> impl Strategy<Value = Inner> {
    (any::<u64>(), text(3)).prop_map(|(a, s)| Inner { a, s })
}

fn pick() -> impl Strategy<Value = Option<Pick>> {
    proptest::option::of(prop_oneof![
        any::<i32>().prop_map(Pick::Num),
        text(5).prop_map(Pick::Text),
        inner().prop_map(Pick::Nested),
    ])
}

prop_compose! {
    fn bounded()(
        scalars in (any::<u32>(), any::<i64>(), any::<i64>(), any::<u32>(), any::<f64>(), any::<bool>(), any::<i32>()),
        f_string in text(4),
        f_bytes in proptest::collection::vec(any::<u8>(), 0..=6),
        f_optional in proptest::option::of(any::<u32>()),
        f_inner in proptest::option::of(inner()),
        f_floats in proptest::collection::vec(any::<f32>(), 0..=3),
        f_ints in proptest::collection::vec(any::<i32>(), 0..=2),
        f_strings in proptest::collection::vec(text(2), 0..=2),
        f_inners in proptest::collection::vec(inner(), 0..=2),
        f_map in proptest::collection::btree_map(text(2), any::<f32>(), 0..=2),
        f_inner_map in proptest::collection::btree_map(any::<u32>(), inner(), 0..=2),
        f_when in proptest::option::of((any::<i64>(), any::<i32>()).prop_map(|(seconds, nanos)| Timestamp { seconds, nanos })),
        uuid in any::<u128>(),
        pick in pick(),
        f_code in (text(2), text(2)).prop_map(|(a, b)| a.chars().chain(b.chars()).chain("xy".chars()).take(2).collect::<String>()),
    ) -> Bounded {
        let (f_uint32, f_int64, f_sint64, f_fixed32, f_double, f_bool, kind) = scalars;
        let h = format!("{uuid:032x}");
        Bounded {
            f_uint32, f_int64, f_sint64, f_fixed32, f_double, f_bool,
            f_kind: Kind::from_value(kind),
            f_string, f_bytes, f_optional, f_inner, f_floats, f_ints, f_strings, f_inners,
            f_map, f_inner_map, f_when,
            f_id: format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32]),
            pick,
            f_code,
        }
    }
}

proptest! {
    #[test]
    fn valid_values_stay_within_the_bound(msg in bounded()) {
        prop_assert_eq!(msg.validate(), Ok(()));
        let bound = Bounded::MAX_ENCODED_LEN.unwrap_or(0);
        prop_assert!(msg.encoded_len() <= bound, "{} > {}", msg.encoded_len(), bound);
    }
}

// ---------------------------------------------------------------------------
// Splitting

#[leyline::message(package = "leyline.test.v1")]
pub struct Item {
    #[leyline(field = 1)]
    pub name: String,
    #[leyline(field = 2)]
    pub value: f32,
}

/// Split along a repeated message field; every other kind of field rides in
/// the first part.
#[leyline::message(package = "leyline.test.v1", max_size = 64)]
pub struct Batch {
    #[leyline(field = 1)]
    pub id: String,
    #[leyline(field = 2)]
    pub epoch: u32,
    #[leyline(field = 3, split)]
    pub items: Vec<Item>,
    #[leyline(field = 4)]
    pub tags: BTreeMap<String, u32>,
    #[leyline(field = 5)]
    pub inner: Option<Item>,
}

/// Split along a packed field.
#[leyline::message(package = "leyline.test.v1", max_size = 40)]
pub struct Samples {
    #[leyline(field = 1)]
    pub name: String,
    #[leyline(field = 2, split)]
    pub values: Vec<f64>,
    #[leyline(field = 3)]
    pub ticks: Vec<u64>,
}

fn codec() -> GuardedCodec {
    GuardedCodec::new(CodecConfig::default()).unwrap()
}

fn item() -> impl Strategy<Value = Item> {
    (
        "[a-z]{0,40}",
        any::<f32>().prop_filter("comparable", |f| !f.is_nan()),
    )
        .prop_map(|(name, value)| Item { name, value })
}

prop_compose! {
    fn batch()(
        id in "[a-z]{0,50}",
        epoch in any::<u32>(),
        items in proptest::collection::vec(item(), 0..30),
        tags in proptest::collection::btree_map("[a-z]{1,4}", any::<u32>(), 0..3),
        inner in proptest::option::of(item()),
    ) -> Batch {
        Batch { id, epoch, items, tags, inner }
    }
}

prop_compose! {
    fn samples()(
        name in "[a-z]{0,30}",
        values in proptest::collection::vec(any::<f64>().prop_filter("comparable", |f| !f.is_nan()), 0..40),
        ticks in proptest::collection::vec(any::<u64>(), 0..3),
    ) -> Samples {
        Samples { name, values, ticks }
    }
}

prop_compose! {
    /// A batch that must split: a base and items that each fit in a part
    /// (every piece under the limit of 64), and more items than one part holds.
    fn splittable_batch()(
        id in "[a-z]{0,8}",
        epoch in any::<u32>(),
        items in proptest::collection::vec(
            ("[a-z]{5,20}", any::<f32>().prop_filter("comparable", |f| !f.is_nan()))
                .prop_map(|(name, value)| Item { name, value }),
            10..30,
        ),
        tags in proptest::collection::btree_map("[a-z]{1,4}", any::<u32>(), 0..2),
        inner in proptest::option::of(("[a-z]{0,8}", any::<f32>().prop_filter("comparable", |f| !f.is_nan())).prop_map(|(name, value)| Item { name, value })),
    ) -> Batch {
        Batch { id, epoch, items, tags, inner }
    }
}

prop_compose! {
    /// Samples that must split: a small base and more doubles than one part holds.
    fn splittable_samples()(
        name in "[a-z]{0,8}",
        values in proptest::collection::vec(any::<f64>().prop_filter("comparable", |f| !f.is_nan()), 10..40),
        ticks in proptest::collection::vec(any::<u64>(), 0..2),
    ) -> Samples {
        Samples { name, values, ticks }
    }
}

/// A message that must be cut: it is over its limit, every piece fits alone,
/// and so the codec splits it into two parts or more (never refuses it), which
/// merge back into the original.
fn check_must_split<M: Contract>(msg: &M) -> Result<(), TestCaseError> {
    let codec = codec();
    let limit = codec.limit_for::<M>();
    prop_assert!(
        msg.encoded_len() > limit,
        "the strategy made a message that fits"
    );
    let mut parts = Parts::new();
    let n = codec
        .encode_parts(msg, &mut parts)
        .map_err(|e| TestCaseError::fail(format!("refused a splittable message: {e}")))?;
    prop_assert!(
        n >= 2,
        "{} bytes over a limit of {} in {} part",
        msg.encoded_len(),
        limit,
        n
    );
    check_split(msg, |_| (0, Vec::new()))
}

/// Checks one split: every part fits, the parts merge back into the original;
/// or, on overflow, some piece really cannot fit alone.
fn check_split<M: Contract>(
    msg: &M,
    pieces: impl Fn(&M) -> (usize, Vec<usize>),
) -> Result<(), TestCaseError> {
    let codec = codec();
    let limit = codec.limit_for::<M>();
    let mut parts = Parts::new();
    match codec.encode_parts(msg, &mut parts) {
        Ok(n) => {
            prop_assert_eq!(n, parts.len());
            if msg.encoded_len() <= limit {
                prop_assert_eq!(n, 1);
            }
            for part in parts.iter() {
                prop_assert!(part.len() <= limit, "part of {} > {}", part.len(), limit);
            }
            let merged: M =
                merge_parts(parts.iter()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&merged, msg);
            let whole = M::decode_slice(parts.concatenated())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&whole, msg);
            let decoded: M = codec
                .decode_parts(parts.iter())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&decoded, msg);
        }
        Err(CodecError::SizeOverflow { size, limit: l }) => {
            prop_assert_eq!(l, limit);
            let (base, elems) = pieces(msg);
            prop_assert!(base > limit || elems.iter().any(|&e| e > limit));
            prop_assert!(size > limit);
        }
        Err(other) => return Err(TestCaseError::fail(other.to_string())),
    }
    Ok(())
}

proptest! {
    #[test]
    fn split_then_merge_gives_back_the_original(msg in batch()) {
        check_split(&msg, |m| {
            let base = Batch { items: Vec::new(), ..m.clone() }.encoded_len();
            // one element alone: key (1 byte) + length-delimited message
            let elems = m.items.iter().map(|i| 1 + leyline::wire::varint_len(i.encoded_len() as u64) + i.encoded_len()).collect();
            (base, elems)
        })?;
    }

    #[test]
    fn a_message_that_must_split_is_split_and_merged_back(msg in splittable_batch()) {
        check_must_split(&msg)?;
    }

    #[test]
    fn a_packed_field_that_must_split_is_split_and_merged_back(msg in splittable_samples()) {
        check_must_split(&msg)?;
    }

    #[test]
    fn split_of_a_packed_field(msg in samples()) {
        check_split(&msg, |m| {
            let base = Samples { values: Vec::new(), ..m.clone() }.encoded_len();
            // one double alone in a packed run: key + length 8 + 8 bytes
            (base, m.values.iter().map(|_| 10).collect())
        })?;
    }
}

#[test]
fn an_oversized_message_splits_in_order() {
    let batch = Batch {
        id: "batch".into(),
        epoch: 7,
        items: (0..10)
            .map(|i| Item {
                name: format!("item-{i}"),
                value: i as f32,
            })
            .collect(),
        tags: [("a".to_string(), 1)].into_iter().collect(),
        inner: Some(Item {
            name: "x".into(),
            value: 1.0,
        }),
    };
    assert!(batch.encoded_len() > 64);
    let codec = codec();
    let mut parts = Parts::new();
    let n = codec.encode_parts(&batch, &mut parts).unwrap();
    assert!(n > 1);
    // The first part carries every other field; later parts only items.
    let first = Batch::decode_slice(parts.get(0).unwrap()).unwrap();
    assert_eq!(
        (first.id.as_str(), first.epoch, &first.tags),
        ("batch", 7, &batch.tags)
    );
    for part in parts.iter().skip(1) {
        let p = Batch::decode_slice(part).unwrap();
        assert!(p.id.is_empty() && p.epoch == 0 && p.tags.is_empty() && p.inner.is_none());
        assert!(!p.items.is_empty());
    }
    assert_eq!(merge_parts::<Batch>(parts.iter()).unwrap(), batch);
    // encode (one frame) refuses it.
    let mut buf = Vec::new();
    assert!(matches!(
        codec.encode(&batch, &mut buf),
        Err(CodecError::SizeOverflow { limit: 64, .. })
    ));
}

#[test]
fn an_element_too_big_for_any_part_is_an_overflow() {
    let batch = Batch {
        items: vec![Item {
            name: "x".repeat(100),
            value: 0.0,
        }],
        ..Default::default()
    };
    let mut parts = Parts::new();
    let err = codec().encode_parts(&batch, &mut parts).unwrap_err();
    assert_eq!(
        err,
        CodecError::SizeOverflow {
            size: 104,
            limit: 64
        }
    );
    // and so is a first part too big without any element
    let batch = Batch {
        id: "x".repeat(100),
        items: vec![Item::default(); 3],
        ..Default::default()
    };
    assert!(matches!(
        codec().encode_parts(&batch, &mut parts),
        Err(CodecError::SizeOverflow {
            size: 102,
            limit: 64
        })
    ));
}

#[test]
fn a_message_without_split_field_is_refused_whole() {
    let mut parts = Parts::new();
    let long = Unbounded {
        name: "x".repeat(300),
    };
    assert!(matches!(
        codec().encode_parts(&long, &mut parts),
        Err(CodecError::SizeOverflow {
            size: 303,
            limit: 280
        })
    ));
}
