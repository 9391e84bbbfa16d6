//! What the codec records: metric names, and the keys of each message type,
//! built at compile time from the contract's name so that recording
//! allocates nothing.

use core::marker::PhantomData;

use crate::contract::Contract;

/// The metric keys of message type `M`, constants built from its name, so
/// recording a metric allocates nothing and the contract needs to provide
/// nothing but [`Contract::FULL_NAME`].
pub(super) struct Keys<M>(PhantomData<fn() -> M>);

impl<M: Contract> Keys<M> {
    const LABELS: &'static [metrics::Label] = &[metrics::Label::from_static_parts(
        "message_type",
        M::FULL_NAME,
    )];
    /// `leyline.serialization.duration_us{message_type}`
    pub(super) const DURATION: metrics::Key =
        metrics::Key::from_static_parts(SERIALIZATION_DURATION_US, Self::LABELS);
    /// `leyline.message.size_bytes{message_type}`
    pub(super) const SIZE: metrics::Key =
        metrics::Key::from_static_parts(MESSAGE_SIZE_BYTES, Self::LABELS);
    /// `leyline.serialization.over_budget{message_type}`
    pub(super) const OVER_BUDGET: metrics::Key =
        metrics::Key::from_static_parts(SERIALIZATION_OVER_BUDGET, Self::LABELS);
}

/// `leyline.serialization.duration_us`
pub const SERIALIZATION_DURATION_US: &str = "leyline.serialization.duration_us";
/// `leyline.message.size_bytes`
pub const MESSAGE_SIZE_BYTES: &str = "leyline.message.size_bytes";
/// `leyline.serialization.failures`
pub const SERIALIZATION_FAILURES: &str = "leyline.serialization.failures";
/// `leyline.serialization.over_budget`
pub const SERIALIZATION_OVER_BUDGET: &str = "leyline.serialization.over_budget";
/// `leyline.deserialization.failures`
pub const DESERIALIZATION_FAILURES: &str = "leyline.deserialization.failures";

pub(super) static METADATA: metrics::Metadata<'static> =
    metrics::Metadata::new("leyline::codec", metrics::Level::INFO, Some(module_path!()));

pub(super) fn count_failure(metric: &'static str, message_type: &'static str, kind: &'static str) {
    metrics::counter!(metric, "message_type" => message_type, "error_kind" => kind).increment(1);
}
