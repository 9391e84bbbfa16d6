//! Contracts at the edges of what the macros generate: bounds at the least
//! value of their integer type (which no suffixed literal can spell), integer
//! bounds on float fields, a message whose only member is a oneof, and a
//! `split` field written one record per element. Each compiles without a
//! warning and behaves as declared.

#![deny(warnings)]

use leyline::prost::Message as _;
use leyline::Contract;

/// Bounds at the edges of their types.
#[leyline::message(package = "ui.v1")]
pub struct Edges {
    #[leyline(field = 1, validate(gte = -2147483648, lt = 0))]
    pub low32: i32,
    #[leyline(field = 2, validate(gte = -9223372036854775808, lt = 0))]
    pub low64: i64,
    #[leyline(field = 3, validate(gte = 0, lte = 1))]
    pub ratio: f32,
    #[leyline(field = 4, validate(gt = -1, lt = 1))]
    pub unit: f64,
}

/// One of two values.
#[leyline::oneof]
pub enum Either {
    #[leyline(field = 1)]
    Left(u32),
    #[leyline(field = 2)]
    Right(String),
}

/// A message whose only member is a oneof.
#[leyline::message(package = "ui.v1")]
pub struct OnlyOneof {
    #[leyline(oneof)]
    pub either: Option<Either>,
}

/// A `split` field that is not packed.
#[leyline::message(package = "ui.v1")]
pub struct Batch {
    #[leyline(field = 1)]
    pub id: u32,
    #[leyline(field = 2, split, packed = false)]
    pub xs: Vec<u32>,
}

fn main() {
    let least = Edges {
        low32: i32::MIN,
        low64: i64::MIN,
        ratio: 1.0,
        unit: -0.5,
    };
    assert_eq!(least.validate(), Ok(()));
    let outside = Edges {
        low32: 0,
        low64: 0,
        ratio: 1.5,
        unit: 1.0,
    };
    let rules: Vec<(String, &str)> = outside
        .validate()
        .unwrap_err()
        .iter()
        .map(|v| (v.path.clone(), v.rule))
        .collect();
    assert_eq!(
        rules,
        [
            ("low32".to_owned(), "int32.lt"),
            ("low64".to_owned(), "int64.lt"),
            ("ratio".to_owned(), "float.lte"),
            ("unit".to_owned(), "double.lt"),
        ]
    );

    for (either, bytes) in [
        (None, vec![]),
        (Some(Either::Left(7)), vec![0x08, 7]),
        (Some(Either::Right("x".to_owned())), vec![0x12, 1, b'x']),
    ] {
        let m = OnlyOneof { either };
        assert_eq!(m.encode_to_vec(), bytes);
        assert_eq!(OnlyOneof::decode_slice(&bytes), Ok(m));
    }
    // A field the message does not declare is skipped.
    assert_eq!(
        OnlyOneof::decode_slice(&[0x18, 1]).map(|m| m.either),
        Ok(None)
    );

    let batch = Batch {
        id: 3,
        xs: vec![1, 2],
    };
    // One record per element, not one packed run.
    assert_eq!(batch.encode_to_vec(), [0x08, 3, 0x10, 1, 0x10, 2]);
    let split = batch.__split_field().map(|s| (s.base, s.tag));
    assert_eq!(
        split,
        Some((
            Batch {
                id: 3,
                xs: Vec::new()
            },
            2
        ))
    );
}
