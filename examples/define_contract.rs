//! Defines a new contract, encodes it, decodes it and prints it, with the
//! `.proto` other languages would compile.
//!
//! Run with `cargo run --example define_contract`.

use std::collections::HashMap;

use leyline::prost::Message as _;
use leyline::Contract as _;

/// How urgent an alert is.
#[leyline::enumeration(package = "esper.example.v1", prefix = "ALERT_LEVEL_")]
pub enum AlertLevel {
    /// Not set.
    Unspecified = 0,
    /// Worth a look.
    Notice = 1,
    /// Someone should act now.
    Page = 2,
}

/// What triggered the alert.
#[leyline::oneof]
pub enum Trigger {
    /// A metric crossed its threshold; the value it reached.
    #[leyline(field = 10)]
    Threshold(f64),
    /// A free-form reason.
    #[leyline(field = 11)]
    Reason(String),
}

/// An alert raised by a training run.
#[leyline::message(package = "esper.example.v1", reserved(100..=199))]
pub struct TrainingAlert {
    /// Run that raised the alert.
    #[leyline(field = 1)]
    pub training_run_id: String,
    /// Urgency.
    #[leyline(field = 2)]
    pub level: AlertLevel,
    /// Epoch at which it was raised.
    #[leyline(field = 3)]
    pub epoch: u32,
    /// When it was raised.
    #[leyline(field = 4)]
    pub raised_at: Option<leyline::Timestamp>,
    /// Metrics at that moment.
    #[leyline(field = 5)]
    pub metrics: HashMap<String, f32>,
    /// Why.
    #[leyline(oneof)]
    pub trigger: Option<Trigger>,
    /// Change in loss since the last epoch, zigzag-encoded as it is often negative.
    #[leyline(field = 6, encoding = "sint64")]
    pub loss_delta_micros: i64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let alert = TrainingAlert {
        training_run_id: "run-42".into(),
        level: AlertLevel::Page,
        epoch: 17,
        raised_at: Some(leyline::Timestamp {
            seconds: 1_764_000_000,
            nanos: 0,
        }),
        metrics: HashMap::from([("loss".to_string(), 2.5), ("accuracy".to_string(), 0.41)]),
        trigger: Some(Trigger::Threshold(2.5)),
        loss_delta_micros: -120_000,
    };

    let bytes = alert.encode_to_vec();
    println!("encoded {} bytes: {:02x?}", bytes.len(), bytes);

    let decoded = TrainingAlert::decode_slice(&bytes)?;
    assert_eq!(decoded, alert);
    println!("decoded: {decoded:#?}");

    let export = leyline::export::Exporter::new()
        .message::<TrainingAlert>()
        .export()?;
    for file in export.files() {
        println!("--- {} ---\n{}", file.path(), file.source());
    }
    Ok(())
}
