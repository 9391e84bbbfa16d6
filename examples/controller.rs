//! The controller (Tamiyo) reads a SystemStatePacket and answers with an
//! AdaptationCommand; the executor (Kasmina) unpacks the command, carries it
//! out and sends a FieldReport back. Everything travels in EventEnvelopes,
//! correlated by the packet's id.
//!
//! Run with `cargo run --example controller`.

use std::collections::HashMap;
use std::error::Error;
use std::time::SystemTime;

use leyline::codec::Versioned as _;
use leyline::contracts::{
    decode_versioned, fixtures, AdaptationCommand, AdaptationPayload, CommandOptimizerAdjustment,
    CommandSeedOperation, CommandType, EventEnvelope, FieldReport, FieldReportOutcome,
    MessagePriority, SeedLifecycleStage, SeedOperation, SystemStatePacket, Versioned,
};
use leyline::prost::Message as _;
use leyline::{Contract, Timestamp};

/// Tamiyo's policy, in miniature: advance a seed that trains well to grafting;
/// otherwise, if the validation loss is high, lower the learning rate.
fn decide(packet: &SystemStatePacket) -> AdaptationCommand {
    let mut command = AdaptationCommand {
        command_id: format!("cmd-{}-0001", packet.packet_id),
        execution_deadline_ms: 500,
        issued_at: Some(Timestamp::from(SystemTime::now())),
        issued_by: "tamiyo/policy-v7".into(),
        ..AdaptationCommand::current()
    };
    let ready = packet.seed_states.iter().find(|s| {
        s.stage == SeedLifecycleStage::Training && s.gradient_norm > 0.1 && s.risk_score < 0.5
    });
    if let Some(seed) = ready {
        command.command_type = CommandType::Seed;
        command.target_seed_id = seed.seed_id.clone();
        command.payload = Some(AdaptationPayload::SeedOperation(CommandSeedOperation {
            operation: SeedOperation::StartGrafting,
            parameters: HashMap::from([("blend_epochs".to_owned(), 5.0)]),
            ..Default::default()
        }));
        command.annotations.insert(
            "reason".into(),
            format!(
                "gradient norm {:.3} with risk {:.2}",
                seed.gradient_norm, seed.risk_score
            ),
        );
    } else {
        command.command_type = CommandType::Optimizer;
        command.payload = Some(AdaptationPayload::OptimizerAdjustment(
            CommandOptimizerAdjustment {
                optimizer_id: "sgd-main".into(),
                hyperparameters: HashMap::from([("lr".to_owned(), 0.005)]),
                ..Default::default()
            },
        ));
    }
    command
}

/// Kasmina: carry the command out and report what happened.
fn execute(command: &AdaptationCommand) -> FieldReport {
    let what = match &command.payload {
        Some(AdaptationPayload::SeedOperation(op)) => format!(
            "{} on {} with {:?}",
            op.operation.as_str_name().unwrap_or("unknown operation"),
            command.target_seed_id,
            op.parameters
        ),
        Some(AdaptationPayload::OptimizerAdjustment(adj)) => {
            format!("set {:?} on {}", adj.hyperparameters, adj.optimizer_id)
        }
        Some(AdaptationPayload::CircuitBreaker(cb)) => {
            format!("breaker to {:?}", cb.desired_state)
        }
        Some(AdaptationPayload::RollbackPayload(spec)) => format!("rollback {spec:?}"),
        None => "nothing (no payload)".into(),
    };
    println!("kasmina: executing {}: {what}", command.command_id);
    FieldReport {
        report_id: format!("report-{}", command.command_id),
        command_id: command.command_id.clone(),
        seed_id: command.target_seed_id.clone(),
        outcome: FieldReportOutcome::Success,
        metrics: HashMap::from([("val_accuracy_delta".to_owned(), 0.004)]),
        observation_window_epochs: 2,
        issued_at: Some(Timestamp::from(SystemTime::now())),
        tamiyo_policy_version: "policy-v7".into(),
        ..FieldReport::current()
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    // Tolaria's packet for epoch 120 arrives on the bus.
    let state = fixtures::system_state_packet();
    let on_bus = EventEnvelope::wrap(&state, "tolaria").encode_to_vec();

    // Tamiyo unpacks it and decides.
    let received = EventEnvelope::decode_slice(&on_bus)?;
    let packet: SystemStatePacket = received.unpack()?;
    println!(
        "tamiyo: epoch {}, val_acc {:.4}, {} seeds",
        packet.current_epoch,
        packet.validation_accuracy,
        packet.seed_states.len()
    );
    let command = decide(&packet);
    let mut reply = EventEnvelope::wrap(&command, "tamiyo");
    reply.event_type = "control.adaptation".into();
    reply.correlation_id = packet.packet_id.clone();
    reply.priority = MessagePriority::High;
    let reply_bytes = reply.encode_to_vec();
    println!(
        "tamiyo: {} {} -> {} ({} bytes command, {} bytes on the bus)",
        command.command_type.as_str_name().unwrap_or("?"),
        command.target_seed_id,
        reply.payload_type,
        reply.payload.len(),
        reply_bytes.len()
    );

    // Kasmina receives the reply, checks it answers the packet, executes it.
    let reply = EventEnvelope::decode_slice(&reply_bytes)?;
    if reply.correlation_id != state.packet_id {
        return Err("the reply answers another packet".into());
    }
    // decode_versioned refuses a command from a controller of another version.
    let command = decode_versioned::<AdaptationCommand>(&reply.payload)?;
    let report = execute(&command);

    // The field report goes back to Tamiyo.
    let report_envelope = EventEnvelope::wrap(&report, "kasmina");
    let report: FieldReport = report_envelope.unpack()?;
    println!(
        "tamiyo: report {} says {} with {:?}",
        report.report_id,
        report.outcome.as_str_name().unwrap_or("?"),
        report.metrics
    );

    // A command from a newer controller is refused, with the reason.
    let newer = AdaptationCommand {
        version: AdaptationCommand::CONTRACT_VERSION + 1,
        ..command
    };
    if let Err(err) = decode_versioned::<AdaptationCommand>(&newer.encode_to_vec()) {
        println!("kasmina: refused a command: {err}");
    }
    Ok(())
}
