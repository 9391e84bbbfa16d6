//! [`Enumeration`]: the trait every `#[leyline::enumeration]` implements.

use core::fmt::Debug;
use core::hash::Hash;

use crate::schema::EnumSchema;
use crate::wire::ProtoType;

/// An enumeration: implemented by `#[leyline::enumeration]`.
///
/// Enumerations are open, as proto3 requires: every leyline enum has an
/// `Unrecognized(i32)` variant holding a number this build does not know, so a
/// value from a newer producer survives decode and re-encode unchanged.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a leyline enumeration",
    label = "not a #[leyline::enumeration]",
    note = "`defined_only` applies to fields that hold a #[leyline::enumeration]"
)]
pub trait Enumeration:
    ProtoType<Value = Self> + Copy + Eq + Hash + Debug + Default + 'static
{
    /// The number of this value on the wire.
    fn value(self) -> i32;
    /// The value for a wire number; unknown numbers become `Unrecognized(n)`.
    fn from_value(value: i32) -> Self;
    /// Whether this is a declared variant (not `Unrecognized`).
    fn is_defined(self) -> bool;
    /// The proto name of the value (`SEED_STAGE_TRAINING`), `None` if unrecognized.
    fn as_str_name(self) -> Option<&'static str>;
    /// The value with this proto name.
    fn from_str_name(name: &str) -> Option<Self>;
    /// The description of this enumeration.
    fn schema() -> &'static EnumSchema;
}
