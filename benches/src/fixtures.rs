//! The values measured are the Esper contracts' own fixtures
//! ([`leyline::contracts::fixtures`]): the design's four benchmark conditions,
//! deterministic (fixed identifiers and timestamps, no randomness). A `HashMap`'s
//! iteration order, and so the order of map entries on the wire, still varies
//! between processes, for leyline and prost alike.
//!
//! The prost value of each case is prost's decode of the leyline value's bytes,
//! so both sides hold the same data; [`check`] proves the two encodings are
//! the same size and decode to each other.

pub use leyline::contracts::fixtures::{
    adaptation_command, event_envelope, structural_pruning_request, system_state_packet,
    system_state_packet_seed_metrics,
};

/// [`system_state_packet`] without its seeds: the header alone (identifiers,
/// hardware context, 5 training metrics), 291 bytes.
pub fn system_state_packet_no_seeds() -> leyline::contracts::SystemStatePacket {
    leyline::contracts::SystemStatePacket {
        seed_states: Vec::new(),
        ..system_state_packet()
    }
}

/// The prost value holding the same data as a leyline value: prost's decode of
/// its bytes.
pub fn to_prost<P: prost::Message + Default>(
    value: &impl prost::Message,
) -> Result<P, prost::DecodeError> {
    P::decode(value.encode_to_vec().as_slice())
}

/// Checks that a leyline value and its prost twin agree: same encoded size,
/// and each decodes the other's bytes to an equal value.
pub fn check<L: leyline::Contract, P: prost::Message + Default + PartialEq>(
    ours: &L,
    theirs: &P,
) -> Result<(), String> {
    let a = ours.encode_to_vec();
    let b = theirs.encode_to_vec();
    if a.len() != b.len() {
        return Err(format!(
            "sizes differ: leyline {} prost {}",
            a.len(),
            b.len()
        ));
    }
    let back = L::decode_slice(&b).map_err(|e| e.to_string())?;
    if &back != ours {
        return Err("leyline decodes prost's bytes to a different value".into());
    }
    let back = P::decode(a.as_slice()).map_err(|e| e.to_string())?;
    if &back != theirs {
        return Err("prost decodes leyline's bytes to a different value".into());
    }
    Ok(())
}
