//! The runtime paths generated code never takes: the default methods a
//! hand-written `Contract` relies on, and view internals reached only by
//! inputs the other tests do not build (fields split over several records).

use leyline::__private::{
    encode_message_field_cached, encode_message_value, merge_message_value, message_depth,
    message_is_default, message_value_len, message_value_len_cached, message_value_len_recorded,
    FieldPath, LenCache, MessageSchema, ValidationErrors,
};
use leyline::prost::Message as _;
use leyline::schema::FieldType;
use leyline::view::Regions;
use leyline::wire::{DecodeCtx, DecodeErrorKind, FieldValue, MemoryBudget, WireType};
use leyline::{Contract, DecodeError, EncodeError, MessageView, OwnedView, ProtoType};

/// A contract written by hand, as a user of `leyline::wire` would write one:
/// prost's derive for the wire side, and only the required `Contract`
/// methods, so that decoding, encoding and depth checks take the trait's
/// default methods.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Pair {
    #[prost(uint64, tag = "1")]
    pub a: u64,
    #[prost(string, tag = "2")]
    pub b: String,
}

static PAIR_SCHEMA: MessageSchema = MessageSchema {
    name: "Pair",
    package: "hand.v1",
    full_name: "hand.v1.Pair",
    defined_in: None,
    docs: "",
    members: &[],
    reserved_ranges: &[],
    reserved_names: &[],
    keeps_unknown_fields: false,
};

impl ProtoType for Pair {
    type Value = Pair;
    const WIRE_TYPE: WireType = WireType::LengthDelimited;
    const TYPE: FieldType = FieldType::Message(<Pair as Contract>::schema);
    const IS_MESSAGE: bool = true;

    fn is_default(value: &Pair) -> bool {
        message_is_default(value)
    }
    fn value_len(value: &Pair) -> usize {
        message_value_len(value)
    }
    fn encode_value(value: &Pair, buf: &mut impl bytes::BufMut) {
        encode_message_value(value, buf)
    }
    fn value_len_cached(value: &Pair, cache: &mut LenCache) -> usize {
        message_value_len_cached(value, cache)
    }
    fn value_len_recorded(value: &Pair, cache: &LenCache) -> usize {
        message_value_len_recorded(value, cache)
    }
    fn encode_field_cached(
        tag: u32,
        value: &Pair,
        buf: &mut impl bytes::BufMut,
        cache: &mut LenCache,
    ) {
        encode_message_field_cached(tag, value, buf, cache)
    }
    fn merge(
        value: &mut Pair,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        merge_message_value(value, field, ctx)
    }
    fn check_depth(value: &Pair, depth_left: u32) -> Result<(), EncodeError> {
        message_depth(value, depth_left)
    }
}

impl Contract for Pair {
    const NAME: &'static str = "Pair";
    const PACKAGE: &'static str = "hand.v1";
    const FULL_NAME: &'static str = "hand.v1.Pair";
    const MAX_ENCODED_LEN: Option<usize> = None;
    type View<'a> = OwnedView<Pair>;

    fn schema() -> &'static MessageSchema {
        &PAIR_SCHEMA
    }

    fn __validate(&self, _path: &FieldPath<'_>, _errors: &mut ValidationErrors) {}

    fn __merge_field(
        &mut self,
        tag: u32,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<bool, DecodeError> {
        match tag {
            1 => <u64 as ProtoType>::merge(&mut self.a, field, ctx).map(|()| true),
            2 => <String as ProtoType>::merge(&mut self.b, field, ctx).map(|()| true),
            _ => Ok(false),
        }
    }
}

/// `a = 42, b = "hi"`, written out by hand.
const PAIR_BYTES: [u8; 6] = [0x08, 42, 0x12, 2, b'h', b'i'];

fn pair() -> Pair {
    Pair {
        a: 42,
        b: "hi".into(),
    }
}

#[test]
fn a_hand_written_contract_decodes_through_the_default_field_loop() {
    // `decode_slice` runs `Contract::__merge_slice`'s default, the general
    // field loop; an unknown field (number 9) is skipped, as the contract
    // keeps none.
    let mut bytes = PAIR_BYTES.to_vec();
    bytes.extend_from_slice(&[0x48, 7]);
    assert_eq!(Pair::decode_slice(&bytes), Ok(pair()));
    assert_eq!(Pair::decode(&bytes[..]).map_err(|_| ()), Ok(pair()));

    // A wrong wire type for a known field is the field's error, and a cut
    // record is `Truncated`: the loop returns the first error it meets.
    let err = Pair::decode_slice(&[0x08, 42, 0x15, 0, 0, 0, 0]).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::UnexpectedWireType {
                expected: WireType::LengthDelimited,
                found: WireType::ThirtyTwoBit
            }
        ),
        "{err}"
    );
    let err = Pair::decode_slice(&PAIR_BYTES[..5]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::Truncated);
}

#[test]
fn a_hand_written_contract_encodes_through_the_default_cached_pass() {
    // `encode_into` sizes through `__encoded_len_cached`'s default and writes
    // through `__encode_cached`'s: prost's own bytes.
    let mut buf = Vec::new();
    pair().encode_into(&mut buf);
    assert_eq!(buf, PAIR_BYTES);
    assert_eq!(pair().encode_deterministic(), PAIR_BYTES);
    assert_eq!(pair().encode_to_vec(), PAIR_BYTES);
}

#[test]
fn a_hand_written_contract_has_no_depth_below_itself() {
    // `__check_depth`'s default: a message that holds no message is within
    // any limit, even 0, and `encode_checked` writes it.
    assert_eq!(pair().check_depth(0), Ok(()));
    assert_eq!(pair().encode_to_vec_checked(), Ok(PAIR_BYTES.to_vec()));
    // Its view is the owned decode.
    let view = Pair::decode_view(&PAIR_BYTES).unwrap();
    assert_eq!(view.to_owned_message(), pair());
}

/// A contract keeping unknown fields, held by another: its view keeps the
/// regions of every record it was merged from.
#[leyline::message(package = "core.v1")]
pub struct Keeps {
    #[leyline(field = 1)]
    pub x: u32,
    #[leyline(unknown_fields)]
    pub unknown: leyline::UnknownFields,
}

#[leyline::message(package = "core.v1")]
pub struct Outer {
    #[leyline(field = 1)]
    pub keeps: Option<Keeps>,
    #[leyline(field = 2)]
    pub tags: Vec<String>,
    #[leyline(field = 3)]
    pub n: u32,
}

#[test]
fn a_view_merged_from_two_records_keeps_the_unknown_fields_of_both() {
    // Field 1 of `Outer` twice: `Keeps { x: 5, #9 = 1 }`, then `{ #10 = 2 }`.
    let bytes = [0x0a, 4, 0x08, 5, 0x48, 1, 0x0a, 2, 0x50, 2];
    let owned = Outer::decode_slice(&bytes).unwrap();
    let keeps = owned.keeps.as_ref().unwrap();
    assert_eq!(keeps.x, 5);
    assert_eq!(keeps.unknown.as_bytes(), &[0x48, 1, 0x50, 2]);

    let view = Outer::decode_view(&bytes).unwrap();
    assert_eq!(view.to_owned_message(), owned);
}

#[test]
fn regions_keep_each_distinct_region_once_and_show_their_lengths() {
    let body = [0x08, 5, 0x48, 1];
    let more = [0x50, 2];
    let memory = MemoryBudget::unlimited();
    let ctx = DecodeCtx::new(10, &memory);
    let mut regions = Regions::default();
    assert_eq!(format!("{regions:?}"), "[]");
    regions.push(&body, ctx).unwrap();
    regions.push(&more, ctx).unwrap();
    // The same region again (a second record read from it) is not kept twice.
    regions.push(&more, ctx).unwrap();
    let all: Vec<&[u8]> = regions.iter().collect();
    assert_eq!(all, [&body[..], &more[..]]);
    assert_eq!(format!("{regions:?}"), "[4, 2]");
    // A budget too small for the list of later regions stops the push.
    let tight = MemoryBudget::new(0);
    let mut regions = Regions::default();
    regions.push(&body, DecodeCtx::new(10, &tight)).unwrap();
    let err = regions.push(&more, DecodeCtx::new(10, &tight)).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::MemoryLimit { limit: 0 });
}

#[test]
fn a_repeated_view_walks_records_spread_over_several_spans() {
    // `tags` in three runs, with `n` between them: the view reads the
    // records of each span in order, as the owned decode does.
    let bytes = [
        0x12, 1, b'a', 0x18, 1, 0x12, 1, b'b', 0x18, 2, 0x12, 1, b'c', 0x12, 1, b'd',
    ];
    let owned = Outer::decode_slice(&bytes).unwrap();
    assert_eq!(owned.tags, ["a", "b", "c", "d"]);
    assert_eq!(owned.n, 2);
    let view = Outer::decode_view(&bytes).unwrap();
    let tags: Vec<&str> = view.tags.iter().collect();
    assert_eq!(tags, ["a", "b", "c", "d"]);
    assert_eq!(view.tags.len(), 4);
    assert_eq!(view.to_owned_message(), owned);
    // The repeated view prints its elements.
    assert_eq!(format!("{:?}", view.tags), r#"["a", "b", "c", "d"]"#);
}

#[test]
fn the_depth_check_of_kept_unknown_fields_agrees_with_the_decoder() {
    // Three nested groups of number 9, kept as unknown fields.
    let bytes = [0x08, 1, 0x4b, 0x4b, 0x4b, 0x4c, 0x4c, 0x4c];
    let keeps = Keeps::decode_slice(&bytes).unwrap();
    assert_eq!(keeps.unknown.as_bytes(), &bytes[2..]);
    for limit in 0..6 {
        assert_eq!(
            keeps.check_depth(limit).is_ok(),
            Keeps::decode_slice_with_limit(&bytes, limit).is_ok(),
            "limit {limit}"
        );
    }
    assert!(keeps.check_depth(2).is_err());
    assert_eq!(keeps.check_depth(3), Ok(()));

    // Records no decoder wrote (a zero key, a cut length-delimited value)
    // hold no nesting: the check stops at the fault and passes.
    for raw in [&[0x00, 1][..], &[0x4a, 5, 1][..]] {
        let mut odd = Keeps::default();
        odd.unknown.push_raw(raw);
        assert_eq!(odd.check_depth(0), Ok(()), "{raw:?}");
    }
}
