//! Message contracts known by name at run time, for tools that get a type name
//! and bytes or JSON (the [CLI](crate::cli)): decode, re-encode, validate,
//! write and read proto3 JSON.

use alloc::boxed::Box;
use core::any::Any;
use core::fmt;

use super::Exporter;
use crate::contract::{Contract, ValidationErrors};
use crate::json::{self, JsonError, JsonMessage, JsonOptions};
use crate::schema::MessageSchema;
use crate::wire::DecodeError;

/// A message contract reached through its name rather than its Rust type:
/// what [`Exporter::message`] records beside the schema, so that a tool given
/// the exporter can also decode the messages it exports.
///
/// ```
/// use leyline::export::MessageType;
/// use leyline::prost::Message as _;
///
/// #[leyline::message(package = "acme.v1")]
/// pub struct Ping {
///     #[leyline(field = 1)]
///     pub sequence: u64,
/// }
///
/// let ty = MessageType::of::<Ping>();
/// assert_eq!(ty.full_name(), "acme.v1.Ping");
/// let bytes = Ping { sequence: 7, ..Default::default() }.encode_to_vec();
/// let decoded = ty.decode(&bytes)?;
/// assert!(format!("{decoded:?}").contains("sequence: 7"));
/// assert_eq!(decoded.encode_to_vec(), bytes);
/// assert!(decoded.validate().is_ok());
/// assert_eq!(decoded.schema().name, "Ping");
/// assert_eq!(decoded.as_any().downcast_ref::<Ping>().map(|p| p.sequence), Some(7));
///
/// // Proto3 JSON both ways.
/// let options = leyline::json::JsonOptions::default();
/// assert_eq!(decoded.to_json(&options)?, r#"{"sequence":"7"}"#);
/// let read = ty.from_json(r#"{"sequence": 7}"#, &options)?;
/// assert_eq!(read.encode_to_vec(), bytes);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct MessageType {
    schema: fn() -> &'static MessageSchema,
    decode: DecodeFn,
    from_json: FromJsonFn,
}

/// Decodes bytes as one contract, behind [`DynMessage`].
type DecodeFn = fn(&[u8]) -> Result<Box<dyn DynMessage>, DecodeError>;

/// Reads proto3 JSON as one contract, behind [`DynMessage`].
type FromJsonFn = fn(&[u8], &JsonOptions) -> Result<Box<dyn DynMessage>, JsonError>;

impl MessageType {
    /// The message type of the contract `T`.
    pub const fn of<T: Contract + JsonMessage>() -> Self {
        MessageType {
            schema: T::schema,
            decode: decode::<T>,
            from_json: from_json::<T>,
        }
    }

    /// The fully qualified proto name (`esper.leyline.v1.SeedState`).
    pub fn full_name(&self) -> &'static str {
        self.schema().full_name
    }

    /// The contract's schema.
    pub fn schema(&self) -> &'static MessageSchema {
        (self.schema)()
    }

    /// Decodes `bytes` as this contract ([`Contract::decode_slice`]).
    pub fn decode(&self, bytes: &[u8]) -> Result<Box<dyn DynMessage>, DecodeError> {
        (self.decode)(bytes)
    }

    /// Reads `json` (UTF-8 proto3 JSON, as [`json::from_slice_with`] reads
    /// it) as this contract.
    pub fn from_json(
        &self,
        json: impl AsRef<[u8]>,
        options: &JsonOptions,
    ) -> Result<Box<dyn DynMessage>, JsonError> {
        (self.from_json)(json.as_ref(), options)
    }
}

impl fmt::Debug for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MessageType")
            .field(&self.full_name())
            .finish()
    }
}

impl PartialEq for MessageType {
    fn eq(&self, other: &Self) -> bool {
        self.full_name() == other.full_name()
    }
}

fn decode<T: Contract + JsonMessage>(bytes: &[u8]) -> Result<Box<dyn DynMessage>, DecodeError> {
    T::decode_slice(bytes).map(|message| Box::new(Decoded(message)) as Box<dyn DynMessage>)
}

fn from_json<T: Contract + JsonMessage>(
    text: &[u8],
    options: &JsonOptions,
) -> Result<Box<dyn DynMessage>, JsonError> {
    json::from_slice_with::<T>(text, options)
        .map(|message| Box::new(Decoded(message)) as Box<dyn DynMessage>)
}

/// A decoded contract whose Rust type is known only at run time, as
/// [`MessageType::decode`] returns it. Its `Debug` output is the contract's
/// own.
pub trait DynMessage: fmt::Debug + Send + Sync {
    /// The contract's schema.
    fn schema(&self) -> &'static MessageSchema;

    /// The protobuf encoding of the message (unknown fields included).
    fn encode_to_vec(&self) -> Vec<u8>;

    /// Checks the contract's validation rules ([`Contract::validate`]).
    fn validate(&self) -> Result<(), ValidationErrors>;

    /// The message itself, to downcast to its Rust type.
    fn as_any(&self) -> &dyn Any;

    /// The message as proto3 JSON ([`json::to_string_with`]).
    fn to_json(&self, options: &JsonOptions) -> Result<String, JsonError>;
}

/// A contract behind [`DynMessage`]. A wrapper rather than an impl for every
/// contract, so that `DynMessage`'s methods never shadow the contract's own.
struct Decoded<T>(T);

impl<T: Contract> fmt::Debug for Decoded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl<T: Contract + JsonMessage> DynMessage for Decoded<T> {
    fn schema(&self) -> &'static MessageSchema {
        T::schema()
    }

    fn encode_to_vec(&self) -> Vec<u8> {
        let mut buf = Vec::new();
        self.0.encode_into(&mut buf);
        buf
    }

    fn validate(&self) -> Result<(), ValidationErrors> {
        self.0.validate()
    }

    fn as_any(&self) -> &dyn Any {
        &self.0
    }

    fn to_json(&self, options: &JsonOptions) -> Result<String, JsonError> {
        json::to_string_with(&self.0, options)
    }
}

impl Exporter {
    /// Adds a message contract given as a [`MessageType`], and everything it
    /// reaches (what [`Exporter::message`] does for a Rust type).
    #[must_use]
    pub fn message_type(mut self, ty: MessageType) -> Self {
        if !self.types.contains(&ty) {
            self.types.push(ty);
        }
        self.message_schema(ty.schema())
    }

    /// The message types added with [`Exporter::message`] and
    /// [`Exporter::message_type`], in the order added. Messages added by
    /// schema alone, and those only reached through fields, have none.
    pub fn message_types(&self) -> &[MessageType] {
        &self.types
    }

    /// The message type with this full name, or else the only one with this
    /// simple name (`SeedState` for `esper.leyline.v1.SeedState`).
    pub fn find_message_type(&self, name: &str) -> Option<MessageType> {
        if let Some(ty) = self.types.iter().find(|t| t.full_name() == name) {
            return Some(*ty);
        }
        let mut by_simple_name = self.types.iter().filter(|t| t.schema().name == name);
        match (by_simple_name.next(), by_simple_name.next()) {
            (Some(ty), None) => Some(*ty),
            _ => None,
        }
    }
}
