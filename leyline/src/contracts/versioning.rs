//! Contract versions: the contracts with a `version` field, and decoding that
//! rejects a version this build was not written for.

use core::fmt;

use super::{AdaptationCommand, CheckpointMetadata, FieldReport, PolicyUpdate, SystemStatePacket};
use crate::{codec, Contract, DecodeError};

/// A contract that carries its version in a `version` field.
///
/// Builds on [`codec::Versioned`](crate::codec::Versioned), which holds the one
/// definition of [`CONTRACT_VERSION`](crate::codec::Versioned::CONTRACT_VERSION)
/// and [`version`](crate::codec::Versioned::version), so the Esper contracts go
/// straight into [`GuardedCodec::decode_versioned`](crate::codec::GuardedCodec::decode_versioned).
/// This trait adds what producers need: [`Versioned::set_version`],
/// [`Versioned::current`] and [`Versioned::check_version`].
///
/// Producers write `CONTRACT_VERSION`; consumers decode with
/// [`decode_versioned`], which refuses any version `codec::Versioned::accepts`
/// does not (a version change means the meaning of fields changed, so guessing
/// would be wrong). Naming `CONTRACT_VERSION` or calling `version()` on a
/// concrete type needs `leyline::codec::Versioned` in scope.
pub trait Versioned: Contract + codec::Versioned {
    /// Sets the version field.
    fn set_version(&mut self, version: u32);

    /// A default message stamped with `CONTRACT_VERSION`: the starting point
    /// for a producer.
    fn current() -> Self {
        let mut message = Self::default();
        message.set_version(<Self as codec::Versioned>::CONTRACT_VERSION);
        message
    }

    /// Checks that the message was written with a version this build reads
    /// (`CONTRACT_VERSION`).
    fn check_version(&self) -> Result<(), VersionedDecodeError> {
        let found = codec::Versioned::version(self);
        if <Self as codec::Versioned>::accepts(found) {
            Ok(())
        } else {
            Err(VersionedDecodeError::VersionMismatch {
                message: Self::FULL_NAME,
                expected: <Self as codec::Versioned>::CONTRACT_VERSION,
                found,
            })
        }
    }
}

macro_rules! versioned {
    ($($ty:ty => $version:expr),* $(,)?) => {$(
        impl codec::Versioned for $ty {
            const CONTRACT_VERSION: u32 = $version;

            #[inline]
            fn version(&self) -> u32 {
                self.version
            }
        }

        impl Versioned for $ty {
            #[inline]
            fn set_version(&mut self, version: u32) {
                self.version = version;
            }
        }
    )*};
}

versioned! {
    SystemStatePacket => 1,
    AdaptationCommand => 1,
    FieldReport => 1,
    PolicyUpdate => 1,
    CheckpointMetadata => 1,
}

/// Decodes a versioned contract and checks its version.
///
/// ```
/// use leyline::contracts::{decode_versioned, SystemStatePacket, Versioned};
/// use leyline::prost::Message as _;
///
/// let bytes = SystemStatePacket::current().encode_to_vec();
/// assert!(decode_versioned::<SystemStatePacket>(&bytes).is_ok());
///
/// let newer = SystemStatePacket { version: 2, ..Default::default() }.encode_to_vec();
/// let err = decode_versioned::<SystemStatePacket>(&newer).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "esper.leyline.v1.SystemStatePacket: unsupported contract version 2 (this build reads version 1)"
/// );
/// ```
pub fn decode_versioned<T: Versioned>(bytes: &[u8]) -> Result<T, VersionedDecodeError> {
    let message = T::decode_slice(bytes).map_err(|source| VersionedDecodeError::Decode {
        message: T::FULL_NAME,
        source,
    })?;
    message.check_version()?;
    Ok(message)
}

/// Why [`decode_versioned`] failed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum VersionedDecodeError {
    /// The bytes are not a valid encoding of the contract.
    Decode {
        /// The full proto name of the contract.
        message: &'static str,
        /// What went wrong.
        source: DecodeError,
    },
    /// The message was written with another version of the contract.
    VersionMismatch {
        /// The full proto name of the contract.
        message: &'static str,
        /// The version this build reads.
        expected: u32,
        /// The version the message carries (0 when the producer did not set it).
        found: u32,
    },
}

impl fmt::Display for VersionedDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionedDecodeError::Decode { message, source } => write!(f, "{message}: {source}"),
            VersionedDecodeError::VersionMismatch {
                message,
                expected,
                found: 0,
            } => write!(
                f,
                "{message}: the version field is not set (0); this build reads version {expected}"
            ),
            VersionedDecodeError::VersionMismatch {
                message,
                expected,
                found,
            } => write!(
                f,
                "{message}: unsupported contract version {found} (this build reads version {expected})"
            ),
        }
    }
}

impl std::error::Error for VersionedDecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            VersionedDecodeError::Decode { source, .. } => Some(source),
            VersionedDecodeError::VersionMismatch { .. } => None,
        }
    }
}
