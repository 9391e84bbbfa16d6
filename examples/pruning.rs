//! A structured pruning round trip: Emrakul sends a StructuralPruningRequest
//! with the importance statistics of every convolution of a ResNet-18; Elesh
//! chooses the channels to keep, returns bit-packed PruningMasks with the
//! analysis, the decision and the safety validation; Emrakul checks the masks.
//!
//! The selection rule and the accuracy estimate are toys; the contracts are
//! the point.
//!
//! Run with `cargo run --example pruning`.

use std::error::Error;
use std::time::{Instant, SystemTime};

use leyline::contracts::{
    fixtures, EventEnvelope, LayerImportance, LayerPruningDecision, PruningConfiguration,
    PruningDecision, PruningDecisionReport, PruningMask, SafetyCheck, StructuralAnalysisResult,
    StructuralPruningRequest, StructuralPruningResponse, StructuralSafetyReport,
};
use leyline::prost::Message as _;
use leyline::{Contract, Timestamp};

/// One layer's plan: the mask and the numbers behind it.
struct LayerPlan {
    mask: PruningMask,
    decision: LayerPruningDecision,
    removed_importance: f32,
}

/// Keeps the most important channels: as many as the target sparsity allows,
/// rounded up to the unit multiple, never fewer than the minimum.
fn plan_layer(
    layer: &LayerImportance,
    config: &PruningConfiguration,
) -> Result<LayerPlan, Box<dyn Error>> {
    let scores = &layer.channel_importance;
    let units = scores.len();
    let protected = config.protected_layers.contains(&layer.layer_name);
    let sparsity = if protected {
        0.0
    } else {
        config.target_sparsity.min(config.max_layer_sparsity)
    };
    let multiple = config.unit_multiple.max(1) as usize;
    let mut keep = units - (units as f32 * sparsity).floor() as usize;
    keep = keep.div_ceil(multiple) * multiple;
    keep = keep.max(config.min_units_per_layer as usize).min(units);

    let mut order: Vec<usize> = (0..units).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut flags = vec![false; units];
    for &i in &order[..keep] {
        flags[i] = true;
    }
    let threshold = order[..keep].last().map_or(0.0, |&i| scores[i]);
    let removed_importance = order[keep..].iter().map(|&i| scores[i]).sum();

    let mask = PruningMask::from_keep_flags(&layer.layer_name, layer.granularity, &flags)?;
    let decision = LayerPruningDecision {
        layer_name: layer.layer_name.clone(),
        units_before: u32::try_from(units)?,
        units_after: u32::try_from(keep)?,
        importance_threshold: threshold,
        rationale: if protected {
            "protected layer".into()
        } else {
            format!("keep the top {keep} of {units} channels")
        },
        ..Default::default()
    };
    Ok(LayerPlan {
        mask,
        decision,
        removed_importance,
    })
}

/// Elesh: analyse the request and answer it.
fn analyse(
    request: &StructuralPruningRequest,
) -> Result<StructuralPruningResponse, Box<dyn Error>> {
    let started = Instant::now();
    let stats = request
        .importance_stats
        .as_ref()
        .ok_or("the request has no importance statistics")?;
    let config = request
        .config
        .as_ref()
        .ok_or("the request has no configuration")?;

    let plans = stats
        .layers
        .iter()
        .map(|layer| plan_layer(layer, config))
        .collect::<Result<Vec<_>, _>>()?;

    let mut analysis = StructuralAnalysisResult {
        layers_analyzed: u32::try_from(plans.len())?,
        ..Default::default()
    };
    let (mut removed, mut total_importance) = (0.0f32, 0.0f32);
    for (layer, plan) in stats.layers.iter().zip(&plans) {
        let before = u64::from(plan.decision.units_before);
        let after = u64::from(plan.decision.units_after);
        analysis.units_total += before;
        analysis.units_pruned += before - after;
        analysis.parameters_before += layer.parameter_count;
        analysis.parameters_after += layer.parameter_count * after / before.max(1);
        analysis.flops_before += layer.flops;
        analysis.flops_after += layer.flops * after / before.max(1);
        analysis.layer_sparsity.insert(
            layer.layer_name.clone(),
            1.0 - after as f32 / before.max(1) as f32,
        );
        removed += plan.removed_importance;
        total_importance += layer.channel_importance.iter().sum::<f32>();
    }
    analysis.achieved_sparsity = analysis.units_pruned as f32 / analysis.units_total.max(1) as f32;
    // A toy estimate: the share of importance removed, scaled down.
    analysis.estimated_accuracy_drop = 0.02 * removed / total_importance.max(f32::MIN_POSITIVE);

    let parameter_fraction =
        analysis.parameters_after as f64 / analysis.parameters_before.max(1) as f64;
    let observed = |name: &str| match name {
        "max_accuracy_drop" => Some(f64::from(analysis.estimated_accuracy_drop)),
        "min_parameter_fraction" => Some(parameter_fraction),
        _ => None,
    };
    let mut constraints: Vec<(&String, &f32)> = request.safety_constraints.iter().collect();
    constraints.sort_by(|a, b| a.0.cmp(b.0));
    let checks: Vec<SafetyCheck> = constraints
        .into_iter()
        .filter_map(|(name, &threshold)| {
            let value = observed(name)?;
            let threshold = f64::from(threshold);
            let passed = if name.starts_with("min_") {
                value >= threshold
            } else {
                value <= threshold
            };
            Some(SafetyCheck {
                name: name.clone(),
                passed,
                observed: value,
                threshold,
                detail: "estimated from the importance statistics".into(),
                ..Default::default()
            })
        })
        .collect();
    let passed = checks.iter().all(|c| c.passed);
    let safety = StructuralSafetyReport {
        passed,
        violated_constraints: checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.name.clone())
            .collect(),
        checks,
        accuracy_before: 0.9132,
        // Not measured: the masks have not been applied yet.
        accuracy_after: None,
        ..Default::default()
    };
    let decision = PruningDecisionReport {
        decision: if config.dry_run || !passed {
            PruningDecision::Reject
        } else {
            PruningDecision::Apply
        },
        rationale: format!(
            "{:.1}% of channels removed, estimated accuracy drop {:.4}",
            100.0 * analysis.achieved_sparsity,
            analysis.estimated_accuracy_drop
        ),
        decided_by: "elesh/top-k-v1".into(),
        confidence: 0.8,
        layer_decisions: plans.iter().map(|p| p.decision.clone()).collect(),
        ..Default::default()
    };
    Ok(StructuralPruningResponse {
        request_id: request.request_id.clone(),
        response_id: format!("response-{}", request.request_id),
        validation_passed: passed,
        analysis_result: Some(analysis),
        pruning_masks: plans.into_iter().map(|p| p.mask).collect(),
        decision_report: Some(decision),
        safety_report: Some(safety),
        completed_at: Some(Timestamp::from(SystemTime::now())),
        source_subsystem: "elesh".into(),
        processing_time_ms: u32::try_from(started.elapsed().as_millis())?,
        ..Default::default()
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    // Emrakul sends the request over the bus.
    let request = fixtures::structural_pruning_request();
    let outgoing = EventEnvelope::wrap(&request, "emrakul").encode_to_vec();
    let stats = request.importance_stats.as_ref().ok_or("no statistics")?;
    println!(
        "emrakul: request {} for checkpoint {}: {} layers, {} channel scores, {} bytes on the bus",
        request.request_id,
        request.checkpoint_id,
        stats.layers.len(),
        stats
            .layers
            .iter()
            .map(|l| l.channel_importance.len())
            .sum::<usize>(),
        outgoing.len()
    );

    // Elesh unpacks, analyses and answers.
    let received: StructuralPruningRequest = EventEnvelope::decode_slice(&outgoing)?.unpack()?;
    let response = analyse(&received)?;
    let mut reply = EventEnvelope::wrap(&response, "elesh");
    reply.correlation_id = received.request_id.clone();
    let reply_bytes = reply.encode_to_vec();
    let mask_bytes: usize = response.pruning_masks.iter().map(|m| m.bitmap.len()).sum();
    println!(
        "elesh:   response {}: {} masks ({} bitmap bytes), {} bytes on the bus",
        response.response_id,
        response.pruning_masks.len(),
        mask_bytes,
        reply_bytes.len()
    );

    // Emrakul checks the answer and every mask before applying anything.
    let reply = EventEnvelope::decode_slice(&reply_bytes)?;
    let response: StructuralPruningResponse = reply.unpack()?;
    if response.request_id != request.request_id {
        return Err("the response answers another request".into());
    }
    for mask in &response.pruning_masks {
        mask.check()?;
    }
    let analysis = response.analysis_result.as_ref().ok_or("no analysis")?;
    let decision = response.decision_report.as_ref().ok_or("no decision")?;
    let safety = response.safety_report.as_ref().ok_or("no safety report")?;
    println!(
        "emrakul: {} -- {}",
        decision.decision.as_str_name().unwrap_or("?"),
        decision.rationale
    );
    println!(
        "emrakul: parameters {} -> {}, FLOPs {} -> {}",
        analysis.parameters_before,
        analysis.parameters_after,
        analysis.flops_before,
        analysis.flops_after
    );
    for check in &safety.checks {
        println!(
            "emrakul: safety {:<24} {:<6} observed {:.4} vs {:.4}",
            check.name,
            if check.passed { "pass" } else { "FAIL" },
            check.observed,
            check.threshold
        );
    }
    for mask in response.pruning_masks.iter().step_by(4) {
        let first: String = mask
            .keep_flags()
            .take(16)
            .map(|k| if k { '1' } else { '0' })
            .collect();
        println!(
            "emrakul: mask {:<16} keeps {:>3}/{:<3} first bits {first}",
            mask.layer_name, mask.kept_count, mask.length
        );
    }
    Ok(())
}
