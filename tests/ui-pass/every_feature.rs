//! A contract using every feature of the macros compiles without a warning.

#![deny(warnings)]

use std::collections::{BTreeMap, HashMap};

use leyline::prost::Message as _;
use leyline::Contract;

/// Lifecycle of a seed.
#[leyline::enumeration(
    package = "esper.leyline.v1",
    prefix = "SEED_STAGE_",
    allow_alias,
    reserved(4, 10..=19, 20..30),
    reserved_names("SEED_STAGE_CULLED")
)]
pub enum SeedStage {
    /// Not set.
    Unspecified = 0,
    Germinating = 1,
    Training = 2,
    /// An alias of `Training`.
    #[leyline(name = "SEED_STAGE_LEARNING")]
    Learning = 2,
    Negative = -1,
}

/// A plain enumeration with the default prefix.
#[leyline::enumeration(package = "esper.leyline.v1")]
pub enum Colour {
    Unspecified = 0,
    Red = 1,
}

/// What a seed carries.
#[leyline::oneof]
pub enum Payload {
    /// A note.
    #[leyline(field = 20)]
    Note(String),
    #[leyline(field = 21, encoding = "sint64")]
    Delta(i64),
    #[leyline(field = 22, name = "child_seed")]
    Child(Box<Seed>),
    #[leyline(field = 23)]
    Phase(SeedStage),
    #[leyline(field = 24)]
    At(leyline::Timestamp),
}

/// Where a seed came from.
#[leyline::oneof]
pub enum Origin {
    #[leyline(field = 30)]
    Host(String),
    #[leyline(field = 31)]
    Pid(u32),
}

/// One seed, with a field of every kind.
#[leyline::message(
    package = "esper.leyline.v1",
    reserved(3, 100..=199, 200..300),
    reserved_names("legacy_flag", "old_id")
)]
pub struct Seed {
    /// The seed's id.
    #[leyline(field = 1)]
    pub seed_id: String,
    #[leyline(field = 2)]
    pub stage: SeedStage,
    #[leyline(field = 4)]
    pub a_u32: u32,
    #[leyline(field = 5)]
    pub a_u64: u64,
    #[leyline(field = 6)]
    pub a_i32: i32,
    #[leyline(field = 7)]
    pub a_i64: i64,
    #[leyline(field = 8)]
    pub a_f32: f32,
    #[leyline(field = 9)]
    pub a_f64: f64,
    #[leyline(field = 10)]
    pub a_bool: bool,
    #[leyline(field = 11)]
    pub raw: Vec<u8>,
    #[leyline(field = 12)]
    pub shared: bytes::Bytes,
    #[leyline(field = 13, encoding = "sint32")]
    pub s32: i32,
    #[leyline(field = 14, encoding = "sint64")]
    pub s64: i64,
    #[leyline(field = 15, encoding = "fixed32")]
    pub f32_bits: u32,
    #[leyline(field = 16, encoding = "fixed64")]
    pub f64_bits: u64,
    #[leyline(field = 17, encoding = "sfixed32")]
    pub sf32: i32,
    #[leyline(field = 18, encoding = "sfixed64")]
    pub sf64: i64,
    #[leyline(field = 19, name = "renamed_field")]
    pub r#type: u32,
    #[leyline(field = 40)]
    pub maybe: Option<u32>,
    #[leyline(field = 41)]
    pub maybe_stage: Option<SeedStage>,
    #[leyline(field = 42)]
    pub child: Option<Box<Seed>>,
    #[leyline(field = 43)]
    pub when: Option<leyline::Timestamp>,
    #[leyline(field = 44)]
    pub took: Option<leyline::Duration>,
    #[leyline(field = 45)]
    pub wrapped: Option<leyline::Int64Value>,
    #[leyline(field = 46)]
    pub nothing: Option<leyline::Empty>,
    #[leyline(field = 47)]
    pub list: Vec<f32>,
    #[leyline(field = 48)]
    pub stages: Vec<SeedStage>,
    #[leyline(field = 49)]
    pub names: Vec<String>,
    #[leyline(field = 50, encoding = "sint32")]
    pub deltas: Vec<i32>,
    #[leyline(field = 51)]
    pub colours: Vec<Colour>,
    #[leyline(field = 52)]
    pub metrics: HashMap<String, f32>,
    #[leyline(field = 53, key_encoding = "sint64", encoding = "fixed32")]
    pub by_offset: BTreeMap<i64, u32>,
    #[leyline(field = 54)]
    pub by_flag: HashMap<bool, SeedStage>,
    #[leyline(oneof)]
    pub payload: Option<Payload>,
    #[leyline(oneof, name = "source")]
    pub origin: Option<Origin>,
    #[leyline(unknown_fields)]
    pub unknown: leyline::UnknownFields,
}

/// A message with no fields.
#[leyline::message(package = "esper.leyline.v1")]
pub struct Ping {}

fn main() {
    let seed = Seed {
        seed_id: "s-1".into(),
        stage: SeedStage::Learning,
        r#type: 7,
        child: Some(Box::new(Seed::default())),
        payload: Some(Payload::Child(Box::new(Seed::default()))),
        origin: Some(Origin::Pid(3)),
        metrics: [("loss".to_owned(), 0.5)].into_iter().collect(),
        by_offset: [(-3, 9)].into_iter().collect(),
        ..Seed::default()
    };
    let bytes = seed.encode_to_vec();
    let back = Seed::decode_slice(&bytes).expect("round trip");
    assert_eq!(back, seed);
    assert_eq!(SeedStage::Learning, SeedStage::Training);
    assert_eq!(SeedStage::from_value(9), SeedStage::Unrecognized(9));
    assert_eq!(Colour::Red.as_str_name(), Some("COLOUR_RED"));
    assert_eq!(Seed::schema().full_name, "esper.leyline.v1.Seed");
    assert_eq!(Ping::default().encoded_len(), 0);
    let _ = (
        SeedStage::Germinating,
        SeedStage::Negative,
        SeedStage::DEFINED_VALUES,
    );
    let _ = (
        Payload::Note(String::new()),
        Payload::Delta(0),
        Payload::Phase(SeedStage::Unspecified),
    );
    let _ = (
        Payload::At(leyline::Timestamp::default()),
        Origin::Host(String::new()),
    );
}
