//! The codec's configuration: the `message_contracts` block of the design,
//! loaded from YAML (feature `yaml`) and validated.

use core::fmt;
use std::time::Duration;

use crate::wire::{DecodeLimits, DEFAULT_MAX_DECODE_MEMORY};

/// The codec's configuration: the `message_contracts` block of the design.
///
/// ```yaml
/// message_contracts:
///   use_native_maps: true
///   packed_encoding: true
///   max_message_size: 280
///   serialization_timeout_us: 80
///   max_decode_memory: 67108864   # optional: 64 MiB, the default
/// ```
///
/// The default is this block (`max_decode_memory`, which the design's block
/// does not have, defaults to [`DEFAULT_MAX_DECODE_MEMORY`]). Leyline always writes maps as native map fields
/// and repeated scalars packed (both proto3 defaults), so the two flags must be
/// `true`: `false` is refused rather than silently ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "yaml", derive(serde::Deserialize))]
#[cfg_attr(feature = "yaml", serde(default, deny_unknown_fields))]
pub struct CodecConfig {
    /// Maps are native `map<K, V>` fields (must be `true`).
    pub use_native_maps: bool,
    /// Repeated scalars are packed (must be `true`).
    pub packed_encoding: bool,
    /// The size limit in bytes for messages without their own `max_size`
    /// (1 to 1024).
    pub max_message_size: usize,
    /// The time budget of one serialization in microseconds (10 to 1000); a
    /// slower one is logged and counted, not failed.
    pub serialization_timeout_us: u64,
    /// The cap on the heap one decode may allocate, in bytes (at least 1);
    /// a decode that would pass it fails with
    /// [`DecodeErrorKind::MemoryLimit`](crate::wire::DecodeErrorKind::MemoryLimit)
    /// before allocating. See [`crate::wire::DecodeLimits`].
    pub max_decode_memory: usize,
}

impl Default for CodecConfig {
    fn default() -> Self {
        CodecConfig {
            use_native_maps: true,
            packed_encoding: true,
            max_message_size: 280,
            serialization_timeout_us: 80,
            max_decode_memory: DEFAULT_MAX_DECODE_MEMORY,
        }
    }
}

/// A configuration that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The YAML does not parse, or does not have the expected shape.
    Yaml(String),
    /// A value is out of its range.
    Invalid {
        /// The key, as written in YAML.
        key: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Yaml(e) => write!(f, "invalid message_contracts configuration: {e}"),
            ConfigError::Invalid { key, message } => {
                write!(f, "invalid message_contracts.{key}: {message}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

impl CodecConfig {
    /// The largest `max_message_size` allowed.
    pub const MAX_MESSAGE_SIZE: usize = 1024;
    /// The smallest `serialization_timeout_us` allowed.
    pub const MIN_TIMEOUT_US: u64 = 10;
    /// The largest `serialization_timeout_us` allowed.
    pub const MAX_TIMEOUT_US: u64 = 1000;

    /// Checks every value; reports the first out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key, message: String| Err(ConfigError::Invalid { key, message });
        if !self.use_native_maps {
            return invalid(
                "use_native_maps",
                "leyline always encodes maps as native map fields; only true is supported".into(),
            );
        }
        if !self.packed_encoding {
            return invalid(
                "packed_encoding",
                "leyline always packs repeated scalars (the proto3 default); only true is supported"
                    .into(),
            );
        }
        if self.max_message_size == 0 || self.max_message_size > Self::MAX_MESSAGE_SIZE {
            return invalid(
                "max_message_size",
                format!(
                    "{} is out of range: 1 to {} bytes",
                    self.max_message_size,
                    Self::MAX_MESSAGE_SIZE
                ),
            );
        }
        if !(Self::MIN_TIMEOUT_US..=Self::MAX_TIMEOUT_US).contains(&self.serialization_timeout_us) {
            return invalid(
                "serialization_timeout_us",
                format!(
                    "{} is out of range: {} to {} microseconds",
                    self.serialization_timeout_us,
                    Self::MIN_TIMEOUT_US,
                    Self::MAX_TIMEOUT_US
                ),
            );
        }
        if self.max_decode_memory == 0 {
            return invalid(
                "max_decode_memory",
                "0 is out of range: at least 1 byte".into(),
            );
        }
        Ok(())
    }

    /// The limits of one decode: the default recursion limit, and
    /// `max_decode_memory`.
    pub fn decode_limits(&self) -> DecodeLimits {
        DecodeLimits::default().with_max_memory(self.max_decode_memory)
    }

    /// The time budget of one serialization.
    pub fn serialization_timeout(&self) -> Duration {
        Duration::from_micros(self.serialization_timeout_us)
    }

    /// Reads the `message_contracts` block of a YAML document (other
    /// top-level keys are ignored; unknown keys inside the block are errors;
    /// missing keys take their defaults) and validates it.
    #[cfg(feature = "yaml")]
    pub fn from_yaml_str(yaml: &str) -> Result<CodecConfig, ConfigError> {
        #[derive(serde::Deserialize)]
        struct Document {
            message_contracts: Option<CodecConfig>,
        }
        let doc: Document =
            serde_norway::from_str(yaml).map_err(|e| ConfigError::Yaml(e.to_string()))?;
        let config = doc.message_contracts.ok_or_else(|| {
            ConfigError::Yaml("the document has no `message_contracts` block".into())
        })?;
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_design_block_is_the_default_and_valid() {
        let c = CodecConfig::default();
        assert_eq!(c.max_message_size, 280);
        assert_eq!(c.serialization_timeout_us, 80);
        assert!(c.validate().is_ok());
    }

    #[test]
    fn ranges_are_enforced() {
        let mut c = CodecConfig {
            max_message_size: 1025,
            ..CodecConfig::default()
        };
        assert!(matches!(
            c.validate(),
            Err(ConfigError::Invalid {
                key: "max_message_size",
                ..
            })
        ));
        c.max_message_size = 1024;
        assert!(c.validate().is_ok());
        for (t, ok) in [(9, false), (10, true), (1000, true), (1001, false)] {
            c.serialization_timeout_us = t;
            assert_eq!(c.validate().is_ok(), ok, "{t}");
        }
        c.serialization_timeout_us = 80;
        c.max_decode_memory = 0;
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "invalid message_contracts.max_decode_memory: 0 is out of range: at least 1 byte"
        );
        c.max_decode_memory = 1;
        assert!(c.validate().is_ok());
        assert_eq!(c.decode_limits().max_memory, 1);
        assert_eq!(
            CodecConfig::default().decode_limits(),
            DecodeLimits::default()
        );
        c.packed_encoding = false;
        assert!(c.validate().is_err());
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn loads_the_design_block_from_yaml() {
        let yaml = "
other_subsystem:
  anything: 1
message_contracts:
  use_native_maps: true
  packed_encoding: true
  max_message_size: 280
  serialization_timeout_us: 80
";
        assert_eq!(
            CodecConfig::from_yaml_str(yaml).unwrap(),
            CodecConfig::default()
        );
        let capped = "message_contracts:\n  max_decode_memory: 65536\n";
        assert_eq!(
            CodecConfig::from_yaml_str(capped)
                .unwrap()
                .max_decode_memory,
            65536
        );
        assert!(matches!(
            CodecConfig::from_yaml_str("message_contracts:\n  max_decode_memory: 0\n"),
            Err(ConfigError::Invalid {
                key: "max_decode_memory",
                ..
            })
        ));
        let partial = "message_contracts:\n  max_message_size: 512\n";
        assert_eq!(
            CodecConfig::from_yaml_str(partial)
                .unwrap()
                .max_message_size,
            512
        );
        let typo = "message_contracts:\n  max_mesage_size: 512\n";
        assert!(matches!(
            CodecConfig::from_yaml_str(typo),
            Err(ConfigError::Yaml(_))
        ));
        let too_big = "message_contracts:\n  max_message_size: 4096\n";
        assert!(matches!(
            CodecConfig::from_yaml_str(too_big),
            Err(ConfigError::Invalid { .. })
        ));
        assert!(CodecConfig::from_yaml_str("other: 1\n").is_err());
    }
}
