//! The sealed frame: an EventEnvelope's bytes with the HMAC-SHA256 tag that
//! authenticates them. `crate::seal` writes and opens it; this file is the
//! wire contract, and its docs (exported as the `.proto` comments) are the
//! specification a consumer in another language implements.

/// An EventEnvelope sealed for the bus: the envelope's bytes exactly as the
/// producer serialized them, the id of the key that sealed them, and an
/// HMAC-SHA256 tag over both. A consumer that holds the key knows that a frame
/// which opens was written by a holder of the key and not changed since.
/// Nothing is encrypted: anyone on the bus can read the envelope.
///
/// Layout: a SealedFrame serialized as protobuf, with the four fields below.
/// The tag covers the exact bytes sent, so no canonical serialization is
/// needed: the consumer verifies the bytes it received, then parses them.
///
/// Sealing, with a key K (at least 32 bytes) whose id is key_id:
///   E = the EventEnvelope, serialized once (these bytes are sent as is)
///   I = key_id, UTF-8 encoded (1 to 64 bytes)
///   M = "esper.leyline.v1.SealedFrame"  (28 ASCII bytes, the domain)
///       || 0x00                         (1 byte)
///       || version                      (4 bytes, big-endian: 00 00 00 01)
///       || length of I                  (4 bytes, big-endian)
///       || I
///       || length of E                  (8 bytes, big-endian)
///       || E
///   tag = HMAC-SHA256(K, M)             (32 bytes)
///   frame = SealedFrame(version = 1, key_id, envelope = E, tag)
/// The domain keeps a frame tag apart from any other HMAC made with the same
/// key; the lengths keep (key_id, envelope) pairs apart, so that no bytes can
/// move from the key id into the envelope or back under the same tag.
///
/// In Python (standard library hmac and hashlib):
///   m = (b"esper.leyline.v1.SealedFrame\x00" + (1).to_bytes(4, "big")
///        + len(i).to_bytes(4, "big") + i + len(e).to_bytes(8, "big") + e)
///   tag = hmac.new(key, m, hashlib.sha256).digest()
///
/// Opening, in this order; the first failure refuses the frame:
///   1. Parse the SealedFrame. Refuse it if version is not 1, if key_id does
///      not match the pattern below, if tag is not 32 bytes, or if it holds
///      fields other than these four (they would not be authenticated).
///   2. Find the key named key_id among the keys the consumer accepts
///      (several, during a rotation); refuse an unknown key id.
///   3. Compute the tag over M and compare it with the frame's in constant
///      time (Python: hmac.compare_digest); refuse on a difference.
///   4. Only now parse envelope as an EventEnvelope.
///   5. Freshness, against the consumer's clock: created_at must be set;
///      refuse if created_at is later than now plus the allowed clock skew,
///      if now is later than created_at plus ttl (an absent ttl is the
///      consumer's default, and the consumer may cap it), or if
///      current_attempt is greater than max_attempts (0 means the consumer's
///      default).
///   6. Replay: refuse an event_id already opened while it is still fresh.
///
/// Test vector: K = the 32 bytes 00 01 02 ... 1f, key_id = "test-key",
/// envelope = the 5 ASCII bytes "hello"; then tag = df 60 b4 04 9b 58 71 46
/// 28 f8 c4 3e 44 af af ea 33 a0 f9 1d f9 19 ee 33 d0 5c 22 e8 3e 20 12 c1.
#[crate::message(package = "esper.leyline.v1")]
pub struct SealedFrame {
    /// Version of the seal format (currently 1); part of the tagged bytes.
    /// Consumers refuse any other version.
    /// Must be 1.
    #[leyline(field = 1, validate(const = 1))]
    pub version: u32,
    /// The id of the key that made the tag: 1 to 64 ASCII letters, digits,
    /// '.', '_', ':' or '-'.
    /// Must match ^[A-Za-z0-9._:-]{1,64}$.
    #[leyline(field = 2, validate(pattern = "^[A-Za-z0-9._:-]{1,64}$"))]
    pub key_id: String,
    /// The serialized EventEnvelope, byte for byte as it was tagged. Parse it
    /// only after the tag is verified.
    #[leyline(field = 3)]
    pub envelope: Vec<u8>,
    /// HMAC-SHA256 with the key named key_id over the bytes M described above.
    /// Exactly 32 bytes.
    #[leyline(field = 4, validate(len = 32))]
    pub tag: Vec<u8>,
    /// Fields this build does not know; a frame that holds any does not open.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

impl SealedFrame {
    /// The seal format this build writes and opens.
    pub const VERSION: u32 = 1;
    /// The domain that starts the tagged bytes, followed by one zero byte.
    pub const DOMAIN: &'static [u8] = b"esper.leyline.v1.SealedFrame";
    /// The length of a tag: an HMAC-SHA256 output.
    pub const TAG_LEN: usize = 32;
    /// The longest key id, in bytes.
    pub const MAX_KEY_ID_LEN: usize = 64;
}
