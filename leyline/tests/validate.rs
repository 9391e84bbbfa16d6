//! Validation rules end to end: every rule of the vocabulary on a contract,
//! every violation reported with its path, rule and value, nested messages
//! validated recursively.

use std::collections::{BTreeMap, HashMap};

use leyline::{Contract, ValidationErrors};

#[leyline::enumeration(package = "leyline.test.v1")]
pub enum Stage {
    Unknown = 0,
    Training = 1,
    Blending = 2,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Numbers {
    #[leyline(field = 1, validate(gte = 0.0, lte = 1.0, finite))]
    pub accuracy: f32,
    #[leyline(field = 2, validate(gt = 0, lt = 10))]
    pub count: u32,
    #[leyline(field = 3, validate(const = -5))]
    pub fixed: i64,
    #[leyline(field = 4, validate(in(1, 2, 3)))]
    pub choice: i32,
    #[leyline(field = 5, validate(not_in(0)), encoding = "sint32")]
    pub nonzero: i32,
    #[leyline(field = 6, validate(finite))]
    pub loss: f64,
    #[leyline(field = 7, validate(gte = 1, lte = 100))]
    pub maybe: Option<u64>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Texts {
    #[leyline(field = 1, validate(uuid))]
    pub id: String,
    #[leyline(field = 2, validate(not_empty, max_len = 8))]
    pub subsystem: String,
    #[leyline(field = 3, validate(min_len = 2))]
    pub short: String,
    #[leyline(field = 4, validate(len = 3))]
    pub code: String,
    #[leyline(field = 5, validate(pattern = "^[a-z_]+$"))]
    pub snake: String,
    #[leyline(field = 6, validate(prefix = "esper.", suffix = ".v1"))]
    pub package: String,
    #[leyline(field = 7, validate(in("tamiyo", "kasmina"), not_in = ["karn"]))]
    pub who: String,
    #[leyline(field = 8, validate(const = "v1"))]
    pub version: String,
    #[leyline(field = 9, validate(min_len = 1, max_len = 4))]
    pub blob: Vec<u8>,
    #[leyline(field = 10, validate(len = 2))]
    pub pair: bytes::Bytes,
    #[leyline(field = 11, validate(not_empty))]
    pub payload: Vec<u8>,
    #[leyline(field = 12, validate(max_len = 3))]
    pub nick: Option<String>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Collections {
    #[leyline(
        field = 1,
        validate(min_items = 1, max_items = 3, unique, items(gte = 0.0, finite))
    )]
    pub weights: Vec<f32>,
    #[leyline(
        field = 2,
        validate(min_pairs = 1, max_pairs = 2, keys(min_len = 2), values(lte = 1.0))
    )]
    pub metrics: BTreeMap<String, f64>,
    #[leyline(field = 3, validate(items(defined_only)))]
    pub stages: Vec<Stage>,
    #[leyline(field = 4, validate(defined_only))]
    pub stage: Stage,
    #[leyline(field = 5, validate(keys(gt = 0)))]
    pub by_id: BTreeMap<u32, String>,
    #[leyline(field = 6, validate(items(uuid)))]
    pub ids: Vec<String>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(uuid))]
    pub seed_id: String,
    #[leyline(field = 2, validate(values(finite, gte = 0.0)))]
    pub metrics: HashMap<String, f32>,
    #[leyline(field = 3, validate(defined_only))]
    pub stage: Stage,
}

#[leyline::oneof]
pub enum Command {
    #[leyline(field = 10, validate(max_len = 4))]
    Note(String),
    #[leyline(field = 11)]
    Seed(SeedState),
    #[leyline(field = 12)]
    Deep(Box<SeedState>),
}

/// Holds messages at every depth with no rules of its own on most of them:
/// validation still recurses.
#[leyline::message(package = "leyline.test.v1")]
pub struct SystemState {
    #[leyline(field = 1)]
    pub seed_states: Vec<SeedState>,
    #[leyline(field = 2)]
    pub primary: Option<SeedState>,
    #[leyline(field = 3)]
    pub by_name: BTreeMap<String, SeedState>,
    #[leyline(field = 4)]
    pub boxed: Option<Box<SeedState>>,
    #[leyline(oneof)]
    pub command: Option<Command>,
    #[leyline(field = 5, validate(required))]
    pub hardware: Option<Numbers>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Required {
    #[leyline(oneof, validate(required))]
    pub command: Option<Command>,
    #[leyline(field = 1, validate(required))]
    pub maybe: Option<u32>,
}

const UUID: &str = "123e4567-e89b-12d3-a456-426614174000";

fn violations(e: &ValidationErrors) -> Vec<(String, &'static str, String)> {
    e.iter()
        .map(|v| (v.path.clone(), v.rule, v.value.clone()))
        .collect()
}

fn good_seed() -> SeedState {
    SeedState {
        seed_id: UUID.into(),
        metrics: [("loss".to_string(), 0.5)].into_iter().collect(),
        stage: Stage::Training,
    }
}

fn good_numbers() -> Numbers {
    Numbers {
        accuracy: 0.9,
        count: 3,
        fixed: -5,
        choice: 2,
        nonzero: 7,
        loss: 0.1,
        maybe: None,
    }
}

#[test]
fn number_rules() {
    assert_eq!(good_numbers().validate(), Ok(()));
    let bad = Numbers {
        accuracy: f32::NAN,
        count: 10,
        fixed: 5,
        choice: 4,
        nonzero: 0,
        loss: f64::INFINITY,
        maybe: Some(0),
    };
    let e = bad.validate().unwrap_err();
    assert_eq!(
        violations(&e),
        [
            ("accuracy".into(), "float.gte", "NaN".into()),
            ("accuracy".into(), "float.lte", "NaN".into()),
            ("accuracy".into(), "float.finite", "NaN".into()),
            ("count".into(), "uint32.lt", "10".into()),
            ("fixed".into(), "int64.const", "5".into()),
            ("choice".into(), "int32.in", "4".into()),
            ("nonzero".into(), "sint32.not_in", "0".into()),
            ("loss".into(), "double.finite", "inf".into()),
            ("maybe".into(), "uint64.gte", "0".into()),
        ]
    );
    assert_eq!(e.violations()[3].message, "must be less than 10");
}

#[test]
fn string_and_bytes_rules() {
    let good = Texts {
        id: UUID.into(),
        subsystem: "tamiyo".into(),
        short: "ab".into(),
        code: "日本語".into(),
        snake: "seed_state".into(),
        package: "esper.leyline.v1".into(),
        who: "kasmina".into(),
        version: "v1".into(),
        blob: vec![1],
        pair: bytes::Bytes::from_static(b"ab"),
        payload: vec![0],
        nick: None,
    };
    assert_eq!(good.validate(), Ok(()));
    let bad = Texts {
        id: "not-a-uuid".into(),
        subsystem: String::new(),
        short: "a".into(),
        code: "abcd".into(),
        snake: "SeedState".into(),
        package: "leyline.v2".into(),
        who: "karn".into(),
        version: "v2".into(),
        blob: vec![0; 5],
        pair: bytes::Bytes::from_static(b"abc"),
        payload: vec![],
        nick: Some("abcd".into()),
    };
    let e = bad.validate().unwrap_err();
    let rules: Vec<_> = e.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(
        rules,
        [
            ("id", "string.uuid"),
            ("subsystem", "string.not_empty"),
            ("short", "string.min_len"),
            ("code", "string.len"),
            ("snake", "string.pattern"),
            ("package", "string.prefix"),
            ("package", "string.suffix"),
            ("who", "string.in"),
            ("who", "string.not_in"),
            ("version", "string.const"),
            ("blob", "bytes.max_len"),
            ("pair", "bytes.len"),
            ("payload", "bytes.not_empty"),
            ("nick", "string.max_len"),
        ]
    );
    assert_eq!(e.violations()[0].value, "\"not-a-uuid\"");
    assert_eq!(e.violations()[10].value, "5 bytes");
}

#[test]
fn collection_rules() {
    let good = Collections {
        weights: vec![0.5, 1.0],
        metrics: [("ab".to_string(), 0.5)].into_iter().collect(),
        stages: vec![Stage::Training],
        stage: Stage::Blending,
        by_id: [(1, "x".to_string())].into_iter().collect(),
        ids: vec![UUID.into()],
    };
    assert_eq!(good.validate(), Ok(()));
    let bad = Collections {
        weights: vec![0.5, -1.0, 0.5, f32::NAN],
        metrics: [
            ("a".to_string(), 2.0),
            ("bb".to_string(), 0.0),
            ("cc".to_string(), 0.0),
        ]
        .into_iter()
        .collect(),
        stages: vec![Stage::Training, Stage::Unrecognized(9)],
        stage: Stage::Unrecognized(-1),
        by_id: [(0, "x".to_string())].into_iter().collect(),
        ids: vec![UUID.into(), "x".into()],
    };
    let e = bad.validate().unwrap_err();
    let got: Vec<_> = e
        .iter()
        .map(|v| (v.path.as_str(), v.rule, v.for_key))
        .collect();
    assert_eq!(
        got,
        [
            ("weights", "repeated.max_items", false),
            ("weights[2]", "repeated.unique", false),
            ("weights[1]", "float.gte", false),
            ("weights[3]", "float.gte", false),
            ("weights[3]", "float.finite", false),
            ("metrics", "map.max_pairs", false),
            ("metrics[\"a\"]", "string.min_len", true),
            ("metrics[\"a\"]", "double.lte", false),
            ("stages[1]", "enum.defined_only", false),
            ("stage", "enum.defined_only", false),
            ("by_id[0]", "uint32.gt", true),
            ("ids[1]", "string.uuid", false),
        ]
    );
    assert_eq!(e.violations()[0].value, "4 items");
    assert_eq!(e.violations()[8].value, "9");
    let empty = Collections {
        stage: Stage::Training,
        ..Default::default()
    };
    let e = empty.validate().unwrap_err();
    let rules: Vec<_> = e.iter().map(|v| v.rule).collect();
    assert_eq!(rules, ["repeated.min_items", "map.min_pairs"]);
}

#[test]
fn nested_messages_are_validated_at_every_depth() {
    let mut bad_seed = good_seed();
    bad_seed.seed_id = "seed-3".into();
    bad_seed.metrics.insert("loss".into(), f32::NAN);
    let state = SystemState {
        seed_states: vec![good_seed(), good_seed(), good_seed(), bad_seed.clone()],
        primary: Some(bad_seed.clone()),
        by_name: [("x".to_string(), bad_seed.clone())].into_iter().collect(),
        boxed: Some(Box::new(bad_seed.clone())),
        command: Some(Command::Deep(Box::new(bad_seed.clone()))),
        hardware: Some(Numbers {
            count: 0,
            ..good_numbers()
        }),
    };
    let e = state.validate().unwrap_err();
    let paths: Vec<_> = e.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(
        paths,
        [
            ("seed_states[3].seed_id", "string.uuid"),
            ("seed_states[3].metrics[\"loss\"]", "float.gte"),
            ("seed_states[3].metrics[\"loss\"]", "float.finite"),
            ("primary.seed_id", "string.uuid"),
            ("primary.metrics[\"loss\"]", "float.gte"),
            ("primary.metrics[\"loss\"]", "float.finite"),
            ("by_name[\"x\"].seed_id", "string.uuid"),
            ("by_name[\"x\"].metrics[\"loss\"]", "float.gte"),
            ("by_name[\"x\"].metrics[\"loss\"]", "float.finite"),
            ("boxed.seed_id", "string.uuid"),
            ("boxed.metrics[\"loss\"]", "float.gte"),
            ("boxed.metrics[\"loss\"]", "float.finite"),
            ("deep.seed_id", "string.uuid"),
            ("deep.metrics[\"loss\"]", "float.gte"),
            ("deep.metrics[\"loss\"]", "float.finite"),
            ("hardware.count", "uint32.gt"),
        ]
    );
    // The display names every violation.
    let text = e.to_string();
    assert!(text.starts_with("16 validation errors: seed_states[3].seed_id: must be a UUID"));
}

#[test]
fn oneof_variants_and_required() {
    let e = Required::default().validate().unwrap_err();
    let got: Vec<_> = e.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(got, [("command", "required"), ("maybe", "required")]);
    let r = Required {
        command: Some(Command::Note("hello".into())),
        maybe: Some(0),
    };
    let e = r.validate().unwrap_err();
    assert_eq!(
        violations(&e),
        [("note".into(), "string.max_len", "\"hello\"".into())]
    );
    let mut seed = good_seed();
    seed.stage = Stage::Unrecognized(42);
    let r = Required {
        command: Some(Command::Seed(seed)),
        maybe: Some(1),
    };
    let e = r.validate().unwrap_err();
    assert_eq!(
        violations(&e),
        [("seed.stage".into(), "enum.defined_only", "42".into())]
    );
}

#[test]
fn required_message_field() {
    let state = SystemState::default();
    let e = state.validate().unwrap_err();
    assert_eq!(
        violations(&e),
        [("hardware".into(), "required", "None".into())]
    );
}
