//! "Read every field and every element": what a consumer that uses the whole
//! message does (Nissa, a relay, a logger). Each library's value is walked
//! field by field, element by element, into a [`Sum`]; the three walks of the
//! same case must reach the same sum (checked before anything is timed, see
//! `crate::case`), so none of them can skip work the others do.
//!
//! - leyline: the borrowed view (`Contract::decode_view`), its repeated and
//!   map fields iterated through `Repeated::iter` and `MapView::iter`;
//! - buffa: its borrowed view (`MessageView::decode_view`);
//! - prost: the owned value (`Message::decode`), as prost has no view.
//!
//! A string or bytes field counts its length and its first and last byte (the
//! bytes are touched, not hashed: hashing them would time the hash). Map
//! entries are summed in any order (prost's `HashMap` has its own).

use leyline::contracts as ly;

use crate::{buffa_pb as bf, pb};

/// A running checksum of the values read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sum(pub u64);

impl Sum {
    /// Adds one number (order matters).
    #[inline(always)]
    pub fn u(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x0100_0000_01b3);
    }

    /// Adds a float, by its bits.
    #[inline(always)]
    pub fn f(&mut self, v: f32) {
        self.u(u64::from(v.to_bits()));
    }

    /// Adds a string or bytes: its length and its first and last byte.
    #[inline(always)]
    pub fn s(&mut self, v: &[u8]) {
        let ends = match (v.first(), v.last()) {
            (Some(&a), Some(&b)) => u64::from(a) | u64::from(b) << 8,
            _ => 0,
        };
        self.u(v.len() as u64 ^ ends << 32);
    }

    /// Adds the entries of a map, in whatever order they come: each entry is
    /// summed on its own and the entries' sums are added.
    #[inline(always)]
    pub fn map<I>(&mut self, entries: I, mut entry: impl FnMut(&mut Sum, I::Item))
    where
        I: IntoIterator,
    {
        let mut total = 0u64;
        let mut n = 0u64;
        for e in entries {
            let mut s = Sum(0);
            entry(&mut s, e);
            total = total.wrapping_add(s.0);
            n += 1;
        }
        self.u(n);
        self.u(total);
    }

    /// Starts an optional message: whether it is there.
    #[inline(always)]
    pub fn present(&mut self, there: bool) {
        self.u(u64::from(there));
    }
}

/// Reads every field of a value into `sum`.
pub trait ReadAll {
    fn read_all(&self, sum: &mut Sum);
}

/// The sum of reading every field of `value`.
#[inline]
pub fn sum_of(value: &impl ReadAll) -> u64 {
    let mut sum = Sum::default();
    value.read_all(&mut sum);
    sum.0
}

// ---------------------------------------------------------------------------
// The well-known types.

fn ts(sum: &mut Sum, seconds: i64, nanos: i32) {
    sum.u(seconds as u64);
    sum.u(nanos as u64);
}

fn ly_time(sum: &mut Sum, t: &Option<leyline::Timestamp>) {
    sum.present(t.is_some());
    if let Some(t) = t {
        ts(sum, t.seconds, t.nanos);
    }
}

fn ly_duration(sum: &mut Sum, d: &Option<leyline::Duration>) {
    sum.present(d.is_some());
    if let Some(d) = d {
        ts(sum, d.seconds, d.nanos);
    }
}

fn pb_time(sum: &mut Sum, t: &Option<prost_types::Timestamp>) {
    sum.present(t.is_some());
    if let Some(t) = t {
        ts(sum, t.seconds, t.nanos);
    }
}

fn pb_duration(sum: &mut Sum, d: &Option<prost_types::Duration>) {
    sum.present(d.is_some());
    if let Some(d) = d {
        ts(sum, d.seconds, d.nanos);
    }
}

fn bf_time(
    sum: &mut Sum,
    t: &buffa::MessageFieldView<buffa_types::google::protobuf::__buffa::view::TimestampView<'_>>,
) {
    sum.present(t.as_option().is_some());
    if let Some(t) = t.as_option() {
        ts(sum, t.seconds, t.nanos);
    }
}

fn bf_duration(
    sum: &mut Sum,
    d: &buffa::MessageFieldView<buffa_types::google::protobuf::__buffa::view::DurationView<'_>>,
) {
    sum.present(d.as_option().is_some());
    if let Some(d) = d.as_option() {
        ts(sum, d.seconds, d.nanos);
    }
}

fn f32_entry(sum: &mut Sum, k: &str, v: f32) {
    sum.s(k.as_bytes());
    sum.f(v);
}

// ---------------------------------------------------------------------------
// SystemStatePacket

impl ReadAll for ly::SystemStatePacketView<'_> {
    fn read_all(&self, sum: &mut Sum) {
        sum.u(self.version.into());
        sum.u(self.current_epoch.into());
        sum.f(self.validation_accuracy);
        sum.f(self.validation_loss);
        sum.u(self.timestamp_ns);
        sum.present(self.hardware_context.is_some());
        if let Some(h) = &self.hardware_context {
            sum.s(h.device_type.as_bytes());
            sum.s(h.device_id.as_bytes());
            sum.f(h.total_memory_gb);
            sum.f(h.available_memory_gb);
            sum.present(h.temperature_celsius.is_some());
            sum.f(h.temperature_celsius.unwrap_or_default());
            sum.f(h.utilization_percent);
            sum.u(h.compute_capability.into());
        }
        sum.map(self.training_metrics.iter(), |s, (k, v)| f32_entry(s, k, v));
        sum.u(self.seed_states.len() as u64);
        for seed in self.seed_states.iter() {
            sum.s(seed.seed_id.as_bytes());
            sum.u(seed.stage.value() as u64);
            sum.f(seed.gradient_norm);
            sum.f(seed.learning_rate);
            sum.u(seed.layer_depth.into());
            sum.map(seed.metrics.iter(), |s, (k, v)| f32_entry(s, k, v));
            sum.u(seed.age_epochs.into());
            sum.f(seed.risk_score);
        }
        sum.s(self.packet_id.as_bytes());
        sum.u(self.global_step);
        sum.f(self.training_loss);
        sum.s(self.source_subsystem.as_bytes());
        sum.s(self.training_run_id.as_bytes());
        sum.s(self.experiment_name.as_bytes());
    }
}

impl ReadAll for bf::SystemStatePacketView<'_> {
    fn read_all(&self, sum: &mut Sum) {
        sum.u(self.version.into());
        sum.u(self.current_epoch.into());
        sum.f(self.validation_accuracy);
        sum.f(self.validation_loss);
        sum.u(self.timestamp_ns);
        let h = self.hardware_context.as_option();
        sum.present(h.is_some());
        if let Some(h) = h {
            sum.s(h.device_type.as_bytes());
            sum.s(h.device_id.as_bytes());
            sum.f(h.total_memory_gb);
            sum.f(h.available_memory_gb);
            sum.present(h.temperature_celsius.is_some());
            sum.f(h.temperature_celsius.unwrap_or_default());
            sum.f(h.utilization_percent);
            sum.u(h.compute_capability.into());
        }
        sum.map(self.training_metrics.iter(), |s, (k, v)| {
            f32_entry(s, k, *v)
        });
        sum.u(self.seed_states.len() as u64);
        for seed in self.seed_states.iter() {
            sum.s(seed.seed_id.as_bytes());
            sum.u(seed.stage.to_i32() as u64);
            sum.f(seed.gradient_norm);
            sum.f(seed.learning_rate);
            sum.u(seed.layer_depth.into());
            sum.map(seed.metrics.iter(), |s, (k, v)| f32_entry(s, k, *v));
            sum.u(seed.age_epochs.into());
            sum.f(seed.risk_score);
        }
        sum.s(self.packet_id.as_bytes());
        sum.u(self.global_step);
        sum.f(self.training_loss);
        sum.s(self.source_subsystem.as_bytes());
        sum.s(self.training_run_id.as_bytes());
        sum.s(self.experiment_name.as_bytes());
    }
}

impl ReadAll for pb::SystemStatePacket {
    fn read_all(&self, sum: &mut Sum) {
        sum.u(self.version.into());
        sum.u(self.current_epoch.into());
        sum.f(self.validation_accuracy);
        sum.f(self.validation_loss);
        sum.u(self.timestamp_ns);
        sum.present(self.hardware_context.is_some());
        if let Some(h) = &self.hardware_context {
            sum.s(h.device_type.as_bytes());
            sum.s(h.device_id.as_bytes());
            sum.f(h.total_memory_gb);
            sum.f(h.available_memory_gb);
            sum.present(h.temperature_celsius.is_some());
            sum.f(h.temperature_celsius.unwrap_or_default());
            sum.f(h.utilization_percent);
            sum.u(h.compute_capability.into());
        }
        sum.map(&self.training_metrics, |s, (k, v)| f32_entry(s, k, *v));
        sum.u(self.seed_states.len() as u64);
        for seed in &self.seed_states {
            sum.s(seed.seed_id.as_bytes());
            sum.u(seed.stage as u64);
            sum.f(seed.gradient_norm);
            sum.f(seed.learning_rate);
            sum.u(seed.layer_depth.into());
            sum.map(&seed.metrics, |s, (k, v)| f32_entry(s, k, *v));
            sum.u(seed.age_epochs.into());
            sum.f(seed.risk_score);
        }
        sum.s(self.packet_id.as_bytes());
        sum.u(self.global_step);
        sum.f(self.training_loss);
        sum.s(self.source_subsystem.as_bytes());
        sum.s(self.training_run_id.as_bytes());
        sum.s(self.experiment_name.as_bytes());
    }
}

// ---------------------------------------------------------------------------
// AdaptationCommand

impl ReadAll for ly::AdaptationCommandView<'_> {
    fn read_all(&self, sum: &mut Sum) {
        sum.u(self.version.into());
        sum.s(self.command_id.as_bytes());
        sum.u(self.command_type.value() as u64);
        sum.s(self.target_seed_id.as_bytes());
        sum.u(self.execution_deadline_ms.into());
        ly_time(sum, &self.issued_at);
        sum.s(self.issued_by.as_bytes());
        match &self.payload {
            None => sum.u(0),
            Some(ly::AdaptationPayloadView::SeedOperation(op)) => {
                sum.u(10);
                sum.u(op.operation.value() as u64);
                sum.s(op.blueprint_id.as_bytes());
                sum.map(op.parameters.iter(), |s, (k, v)| f32_entry(s, k, v));
            }
            Some(ly::AdaptationPayloadView::OptimizerAdjustment(adj)) => {
                sum.u(11);
                sum.s(adj.optimizer_id.as_bytes());
                sum.map(adj.hyperparameters.iter(), |s, (k, v)| f32_entry(s, k, v));
            }
            Some(ly::AdaptationPayloadView::CircuitBreaker(cb)) => {
                sum.u(12);
                sum.u(cb.desired_state.value() as u64);
                sum.s(cb.rationale.as_bytes());
            }
            Some(ly::AdaptationPayloadView::RollbackPayload(st)) => {
                sum.u(13);
                sum.u(st.get().fields.len() as u64);
            }
        }
        sum.map(self.annotations.iter(), |s, (k, v)| {
            s.s(k.as_bytes());
            s.s(v.as_bytes());
        });
    }
}

impl ReadAll for bf::AdaptationCommandView<'_> {
    fn read_all(&self, sum: &mut Sum) {
        use bf::__buffa::view::oneof::adaptation_command::Payload;
        sum.u(self.version.into());
        sum.s(self.command_id.as_bytes());
        sum.u(self.command_type.to_i32() as u64);
        sum.s(self.target_seed_id.as_bytes());
        sum.u(self.execution_deadline_ms.into());
        bf_time(sum, &self.issued_at);
        sum.s(self.issued_by.as_bytes());
        match &self.payload {
            None => sum.u(0),
            Some(Payload::SeedOperation(op)) => {
                sum.u(10);
                sum.u(op.operation.to_i32() as u64);
                sum.s(op.blueprint_id.as_bytes());
                sum.map(op.parameters.iter(), |s, (k, v)| f32_entry(s, k, *v));
            }
            Some(Payload::OptimizerAdjustment(adj)) => {
                sum.u(11);
                sum.s(adj.optimizer_id.as_bytes());
                sum.map(adj.hyperparameters.iter(), |s, (k, v)| f32_entry(s, k, *v));
            }
            Some(Payload::CircuitBreaker(cb)) => {
                sum.u(12);
                sum.u(cb.desired_state.to_i32() as u64);
                sum.s(cb.rationale.as_bytes());
            }
            Some(Payload::RollbackPayload(st)) => {
                sum.u(13);
                sum.u(st.fields.len() as u64);
            }
        }
        sum.map(self.annotations.iter(), |s, (k, v)| {
            s.s(k.as_bytes());
            s.s(v.as_bytes());
        });
    }
}

impl ReadAll for pb::AdaptationCommand {
    fn read_all(&self, sum: &mut Sum) {
        use pb::adaptation_command::Payload;
        sum.u(self.version.into());
        sum.s(self.command_id.as_bytes());
        sum.u(self.command_type as u64);
        sum.s(self.target_seed_id.as_bytes());
        sum.u(self.execution_deadline_ms.into());
        pb_time(sum, &self.issued_at);
        sum.s(self.issued_by.as_bytes());
        match &self.payload {
            None => sum.u(0),
            Some(Payload::SeedOperation(op)) => {
                sum.u(10);
                sum.u(op.operation as u64);
                sum.s(op.blueprint_id.as_bytes());
                sum.map(&op.parameters, |s, (k, v)| f32_entry(s, k, *v));
            }
            Some(Payload::OptimizerAdjustment(adj)) => {
                sum.u(11);
                sum.s(adj.optimizer_id.as_bytes());
                sum.map(&adj.hyperparameters, |s, (k, v)| f32_entry(s, k, *v));
            }
            Some(Payload::CircuitBreaker(cb)) => {
                sum.u(12);
                sum.u(cb.desired_state as u64);
                sum.s(cb.rationale.as_bytes());
            }
            Some(Payload::RollbackPayload(st)) => {
                sum.u(13);
                sum.u(st.fields.len() as u64);
            }
        }
        sum.map(&self.annotations, |s, (k, v)| {
            s.s(k.as_bytes());
            s.s(v.as_bytes());
        });
    }
}

// ---------------------------------------------------------------------------
// EventEnvelope

impl ReadAll for ly::EventEnvelopeView<'_> {
    fn read_all(&self, sum: &mut Sum) {
        sum.s(self.event_id.as_bytes());
        sum.s(self.event_type.as_bytes());
        sum.s(self.source_subsystem.as_bytes());
        ly_time(sum, &self.created_at);
        ly_duration(sum, &self.processing_deadline);
        ly_duration(sum, &self.ttl);
        sum.s(self.payload);
        sum.s(self.payload_type.as_bytes());
        sum.s(self.content_encoding.as_bytes());
        sum.u(self.priority.value() as u64);
        sum.u(self.routing_keys.len() as u64);
        for k in self.routing_keys.iter() {
            sum.s(k.as_bytes());
        }
        sum.s(self.correlation_id.as_bytes());
        sum.u(self.delivery_guarantee.value() as u64);
        sum.u(self.max_attempts.into());
        sum.u(self.current_attempt.into());
    }
}

impl ReadAll for bf::EventEnvelopeView<'_> {
    fn read_all(&self, sum: &mut Sum) {
        sum.s(self.event_id.as_bytes());
        sum.s(self.event_type.as_bytes());
        sum.s(self.source_subsystem.as_bytes());
        bf_time(sum, &self.created_at);
        bf_duration(sum, &self.processing_deadline);
        bf_duration(sum, &self.ttl);
        sum.s(self.payload);
        sum.s(self.payload_type.as_bytes());
        sum.s(self.content_encoding.as_bytes());
        sum.u(self.priority.to_i32() as u64);
        sum.u(self.routing_keys.len() as u64);
        for k in self.routing_keys.iter() {
            sum.s(k.as_bytes());
        }
        sum.s(self.correlation_id.as_bytes());
        sum.u(self.delivery_guarantee.to_i32() as u64);
        sum.u(self.max_attempts.into());
        sum.u(self.current_attempt.into());
    }
}

impl ReadAll for pb::EventEnvelope {
    fn read_all(&self, sum: &mut Sum) {
        sum.s(self.event_id.as_bytes());
        sum.s(self.event_type.as_bytes());
        sum.s(self.source_subsystem.as_bytes());
        pb_time(sum, &self.created_at);
        pb_duration(sum, &self.processing_deadline);
        pb_duration(sum, &self.ttl);
        sum.s(&self.payload);
        sum.s(self.payload_type.as_bytes());
        sum.s(self.content_encoding.as_bytes());
        sum.u(self.priority as u64);
        sum.u(self.routing_keys.len() as u64);
        for k in &self.routing_keys {
            sum.s(k.as_bytes());
        }
        sum.s(self.correlation_id.as_bytes());
        sum.u(self.delivery_guarantee as u64);
        sum.u(self.max_attempts.into());
        sum.u(self.current_attempt.into());
    }
}

// ---------------------------------------------------------------------------
// StructuralPruningRequest

/// What the three libraries' `LayerImportance` have in common (the repeated
/// element of `ImportanceStatistics.layers`), for one reader of the layers.
trait LayerFields {
    fn read(&self, sum: &mut Sum);
}

fn read_layer(sum: &mut Sum, l: &impl LayerFields) {
    l.read(sum);
}

impl LayerFields for ly::LayerImportanceView<'_> {
    fn read(&self, sum: &mut Sum) {
        sum.s(self.layer_name.as_bytes());
        sum.s(self.layer_type.as_bytes());
        sum.u(self.granularity.value() as u64);
        sum.u(self.channel_importance.len() as u64);
        for v in self.channel_importance.iter() {
            sum.f(v);
        }
        sum.u(self.parameter_count);
        sum.u(self.flops);
        sum.f(self.mean_importance);
        sum.f(self.std_importance);
    }
}

impl LayerFields for bf::LayerImportanceView<'_> {
    fn read(&self, sum: &mut Sum) {
        sum.s(self.layer_name.as_bytes());
        sum.s(self.layer_type.as_bytes());
        sum.u(self.granularity.to_i32() as u64);
        sum.u(self.channel_importance.len() as u64);
        for v in self.channel_importance.iter() {
            sum.f(*v);
        }
        sum.u(self.parameter_count);
        sum.u(self.flops);
        sum.f(self.mean_importance);
        sum.f(self.std_importance);
    }
}

impl LayerFields for pb::LayerImportance {
    fn read(&self, sum: &mut Sum) {
        sum.s(self.layer_name.as_bytes());
        sum.s(self.layer_type.as_bytes());
        sum.u(self.granularity as u64);
        sum.u(self.channel_importance.len() as u64);
        for v in &self.channel_importance {
            sum.f(*v);
        }
        sum.u(self.parameter_count);
        sum.u(self.flops);
        sum.f(self.mean_importance);
        sum.f(self.std_importance);
    }
}

impl ReadAll for ly::StructuralPruningRequestView<'_> {
    fn read_all(&self, sum: &mut Sum) {
        sum.s(self.request_id.as_bytes());
        sum.s(self.checkpoint_id.as_bytes());
        sum.u(self.epoch.into());
        sum.u(self.phase.value() as u64);
        sum.present(self.importance_stats.is_some());
        if let Some(st) = &self.importance_stats {
            sum.u(st.layers.len() as u64);
            for l in st.layers.iter() {
                read_layer(sum, &l);
            }
            sum.u(st.metric.value() as u64);
            sum.u(st.batches_observed);
            sum.u(st.first_epoch.into());
            sum.u(st.last_epoch.into());
            sum.u(st.first_step);
            sum.u(st.last_step);
            sum.f(st.ema_decay);
        }
        sum.present(self.config.is_some());
        if let Some(c) = &self.config {
            sum.u(c.granularity.value() as u64);
            sum.u(c.importance_metric.value() as u64);
            sum.f(c.target_sparsity);
            sum.f(c.max_layer_sparsity);
            sum.f(c.importance_threshold);
            sum.u(c.min_units_per_layer.into());
            sum.u(c.unit_multiple.into());
            sum.u(c.protected_layers.len() as u64);
            for p in c.protected_layers.iter() {
                sum.s(p.as_bytes());
            }
            sum.u(u64::from(c.dry_run));
        }
        sum.map(self.safety_constraints.iter(), |s, (k, v)| {
            f32_entry(s, k, v)
        });
        ly_time(sum, &self.created_at);
        sum.s(self.source_subsystem.as_bytes());
        ly_duration(sum, &self.timeout);
    }
}

impl ReadAll for bf::StructuralPruningRequestView<'_> {
    fn read_all(&self, sum: &mut Sum) {
        sum.s(self.request_id.as_bytes());
        sum.s(self.checkpoint_id.as_bytes());
        sum.u(self.epoch.into());
        sum.u(self.phase.to_i32() as u64);
        let st = self.importance_stats.as_option();
        sum.present(st.is_some());
        if let Some(st) = st {
            sum.u(st.layers.len() as u64);
            for l in st.layers.iter() {
                read_layer(sum, l);
            }
            sum.u(st.metric.to_i32() as u64);
            sum.u(st.batches_observed);
            sum.u(st.first_epoch.into());
            sum.u(st.last_epoch.into());
            sum.u(st.first_step);
            sum.u(st.last_step);
            sum.f(st.ema_decay);
        }
        let c = self.config.as_option();
        sum.present(c.is_some());
        if let Some(c) = c {
            sum.u(c.granularity.to_i32() as u64);
            sum.u(c.importance_metric.to_i32() as u64);
            sum.f(c.target_sparsity);
            sum.f(c.max_layer_sparsity);
            sum.f(c.importance_threshold);
            sum.u(c.min_units_per_layer.into());
            sum.u(c.unit_multiple.into());
            sum.u(c.protected_layers.len() as u64);
            for p in c.protected_layers.iter() {
                sum.s(p.as_bytes());
            }
            sum.u(u64::from(c.dry_run));
        }
        sum.map(self.safety_constraints.iter(), |s, (k, v)| {
            f32_entry(s, k, *v)
        });
        bf_time(sum, &self.created_at);
        sum.s(self.source_subsystem.as_bytes());
        bf_duration(sum, &self.timeout);
    }
}

impl ReadAll for pb::StructuralPruningRequest {
    fn read_all(&self, sum: &mut Sum) {
        sum.s(self.request_id.as_bytes());
        sum.s(self.checkpoint_id.as_bytes());
        sum.u(self.epoch.into());
        sum.u(self.phase as u64);
        sum.present(self.importance_stats.is_some());
        if let Some(st) = &self.importance_stats {
            sum.u(st.layers.len() as u64);
            for l in &st.layers {
                read_layer(sum, l);
            }
            sum.u(st.metric as u64);
            sum.u(st.batches_observed);
            sum.u(st.first_epoch.into());
            sum.u(st.last_epoch.into());
            sum.u(st.first_step);
            sum.u(st.last_step);
            sum.f(st.ema_decay);
        }
        sum.present(self.config.is_some());
        if let Some(c) = &self.config {
            sum.u(c.granularity as u64);
            sum.u(c.importance_metric as u64);
            sum.f(c.target_sparsity);
            sum.f(c.max_layer_sparsity);
            sum.f(c.importance_threshold);
            sum.u(c.min_units_per_layer.into());
            sum.u(c.unit_multiple.into());
            sum.u(c.protected_layers.len() as u64);
            for p in &c.protected_layers {
                sum.s(p.as_bytes());
            }
            sum.u(u64::from(c.dry_run));
        }
        sum.map(&self.safety_constraints, |s, (k, v)| f32_entry(s, k, *v));
        pb_time(sum, &self.created_at);
        sum.s(self.source_subsystem.as_bytes());
        pb_duration(sum, &self.timeout);
    }
}
