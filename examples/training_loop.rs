//! The training loop (Tolaria) publishes a SystemStatePacket inside an
//! EventEnvelope at every epoch boundary; a consumer (Tamiyo) receives the
//! envelope's bytes, unpacks the packet and checks its version.
//!
//! Run with `cargo run --example training_loop`.

use std::collections::HashMap;
use std::error::Error;
use std::time::{SystemTime, UNIX_EPOCH};

use leyline::codec::Versioned as _;
use leyline::contracts::{
    AdaptationCommand, DeliveryGuarantee, EventEnvelope, HardwareContext, MessagePriority,
    SeedLifecycleStage, SeedState, SystemStatePacket, Versioned,
};
use leyline::prost::Message as _;
use leyline::Contract;

/// What the training loop knows at the end of an epoch.
struct Epoch {
    number: u32,
    train_loss: f32,
    val_loss: f32,
    val_accuracy: f32,
}

/// Tolaria: assemble the epoch's packet and wrap it for the bus.
fn publish(epoch: &Epoch, seeds: &[SeedState]) -> Result<Vec<u8>, Box<dyn Error>> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?;
    let packet = SystemStatePacket {
        current_epoch: epoch.number,
        validation_accuracy: epoch.val_accuracy,
        validation_loss: epoch.val_loss,
        training_loss: epoch.train_loss,
        timestamp_ns: u64::try_from(now.as_nanos())?,
        global_step: u64::from(epoch.number) * 391,
        hardware_context: Some(HardwareContext {
            device_type: "cuda".into(),
            device_id: "cuda:0".into(),
            total_memory_gb: 24.0,
            available_memory_gb: 9.5,
            temperature_celsius: Some(71.0),
            utilization_percent: 96.0,
            compute_capability: 86,
            ..Default::default()
        }),
        training_metrics: HashMap::from([
            ("samples_per_second".to_owned(), 2810.0),
            ("grad_norm".to_owned(), 1.9 - 0.1 * epoch.number as f32),
        ]),
        seed_states: seeds.to_vec(),
        packet_id: format!("packet-{:04}", epoch.number),
        source_subsystem: "tolaria".into(),
        training_run_id: "run-0042".into(),
        experiment_name: "resnet18-cifar10".into(),
        // Stamped with the contract version this build writes.
        ..SystemStatePacket::current()
    };

    let mut envelope = EventEnvelope::wrap(&packet, "tolaria");
    envelope.event_type = "training.state".into();
    envelope.priority = MessagePriority::High;
    envelope.routing_keys = vec!["esper.training.state".into()];
    envelope.delivery_guarantee = DeliveryGuarantee::AtLeastOnce;
    envelope.max_attempts = 3;
    envelope.current_attempt = 1;

    let bytes = envelope.encode_to_vec();
    println!(
        "tolaria: epoch {} -> {} ({} bytes packet, {} bytes on the bus), event {}",
        epoch.number,
        envelope.payload_type,
        envelope.payload.len(),
        bytes.len(),
        envelope.event_id
    );
    Ok(bytes)
}

/// Tamiyo: decode the envelope, check what it holds, unpack the packet.
fn consume(bytes: &[u8]) -> Result<SystemStatePacket, Box<dyn Error>> {
    let envelope = EventEnvelope::decode_slice(bytes)?;
    if !envelope.holds::<SystemStatePacket>() {
        return Err(format!("unexpected payload {}", envelope.payload_type).into());
    }
    let packet: SystemStatePacket = envelope.unpack()?;
    packet.check_version()?;
    println!(
        "tamiyo:  epoch {} from {}: val_acc {:.3}, val_loss {:.3}, {} seeds ({})",
        packet.current_epoch,
        envelope.source_subsystem,
        packet.validation_accuracy,
        packet.validation_loss,
        packet.seed_states.len(),
        packet
            .seed_states
            .iter()
            .map(|s| format!("{}: {}", s.seed_id, s.stage.as_str_name().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(packet)
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut seeds = vec![SeedState {
        seed_id: "seed-L02-00".into(),
        stage: SeedLifecycleStage::Germinating,
        learning_rate: 1e-3,
        layer_depth: 2,
        ..Default::default()
    }];

    for number in 1..=3 {
        let epoch = Epoch {
            number,
            train_loss: 1.2 / number as f32,
            val_loss: 1.3 / number as f32,
            val_accuracy: 0.55 + 0.1 * number as f32,
        };
        let bytes = publish(&epoch, &seeds)?;
        let received = consume(&bytes)?;
        if received.current_epoch != number {
            return Err("the consumer received another epoch".into());
        }

        // The seeds move on between epochs.
        for seed in &mut seeds {
            seed.age_epochs += 1;
            seed.gradient_norm = 0.4 / number as f32;
            seed.stage = match seed.stage {
                SeedLifecycleStage::Germinating => SeedLifecycleStage::Training,
                SeedLifecycleStage::Training => SeedLifecycleStage::Grafting,
                other => other,
            };
        }
    }

    // A consumer that expects another contract is told so, not handed garbage.
    let envelope = EventEnvelope::wrap(&SystemStatePacket::current(), "tolaria");
    match envelope.unpack::<AdaptationCommand>() {
        Ok(_) => return Err("a SystemStatePacket unpacked as an AdaptationCommand".into()),
        Err(err) => println!("wrong consumer: {err}"),
    }
    println!(
        "{} is contract version {}",
        SystemStatePacket::FULL_NAME,
        SystemStatePacket::CONTRACT_VERSION
    );
    Ok(())
}
