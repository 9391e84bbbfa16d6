use std::collections::HashMap;

use leyline::prost::Message as _;
use leyline::Contract;

/// Lifecycle of a seed.
#[leyline::enumeration(package = "esper.leyline.v1", prefix = "SEED_STAGE_")]
pub enum SeedLifecycleStage {
    Unknown = 0,
    Germinating = 1,
    Training = 2,
}

/// One seed.
#[leyline::message(package = "esper.leyline.v1", reserved(3, 100..=199), reserved_names("legacy_flag"))]
pub struct SeedState {
    /// The seed's id.
    #[leyline(field = 1)]
    pub seed_id: String,
    #[leyline(field = 2)]
    pub stage: SeedLifecycleStage,
    #[leyline(field = 6)]
    pub metrics: HashMap<String, f32>,
    #[leyline(field = 9, encoding = "sint64")]
    pub delta: i64,
    #[leyline(field = 10)]
    pub child: Option<Box<SeedState>>,
    #[leyline(oneof)]
    pub payload: Option<Payload>,
    #[leyline(field = 4)]
    pub when: Option<leyline::Timestamp>,
    #[leyline(field = 5)]
    pub maybe: Option<u32>,
    #[leyline(field = 7)]
    pub list: Vec<f32>,
    #[leyline(unknown_fields)]
    pub unknown: leyline::UnknownFields,
}

#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 11)]
    Note(String),
    #[leyline(field = 12)]
    Inner(Box<SeedState>),
}

#[test]
fn round_trip() {
    let s = SeedState {
        seed_id: "abc".into(),
        stage: SeedLifecycleStage::Training,
        metrics: [("loss".to_string(), 0.5f32)].into_iter().collect(),
        delta: -5,
        child: Some(Box::new(SeedState {
            seed_id: "kid".into(),
            ..Default::default()
        })),
        payload: Some(Payload::Note("hi".into())),
        when: Some(leyline::Timestamp {
            seconds: 5,
            nanos: 1,
        }),
        maybe: Some(0),
        list: vec![1.0, 2.0],
        ..Default::default()
    };
    let bytes = s.encode_to_vec();
    assert_eq!(bytes.len(), s.encoded_len());
    let back = SeedState::decode(&bytes[..]).unwrap();
    assert_eq!(back, s);
    let back2 = SeedState::decode_slice(&bytes).unwrap();
    assert_eq!(back2, s);
    assert_eq!(SeedState::schema().full_name, "esper.leyline.v1.SeedState");
    assert_eq!(
        SeedLifecycleStage::from_value(7),
        SeedLifecycleStage::Unrecognized(7)
    );
    assert_eq!(
        SeedLifecycleStage::Training.as_str_name(),
        Some("SEED_STAGE_TRAINING")
    );
    println!("{:#?}", SeedState::schema());
}
