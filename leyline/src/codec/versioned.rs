//! [`Versioned`]: a contract that carries its version.

/// A contract that carries its version, checked by [`GuardedCodec::decode_versioned`](super::GuardedCodec::decode_versioned).
///
/// Kept minimal on purpose: implement it by hand (or from a contracts module)
/// for messages with a version field.
///
/// ```
/// use leyline::codec::Versioned;
///
/// #[leyline::message(package = "esper.leyline.v1")]
/// pub struct Envelope {
///     #[leyline(field = 1)]
///     pub contract_version: u32,
/// }
///
/// impl Versioned for Envelope {
///     const CONTRACT_VERSION: u32 = 2;
///     fn version(&self) -> u32 {
///         self.contract_version
///     }
/// }
/// ```
pub trait Versioned {
    /// The version this build writes and reads.
    const CONTRACT_VERSION: u32;
    /// The version a message carries.
    fn version(&self) -> u32;
    /// Whether a message of version `found` is accepted (by default, only
    /// [`Versioned::CONTRACT_VERSION`] itself).
    fn accepts(found: u32) -> bool {
        found == Self::CONTRACT_VERSION
    }
}
