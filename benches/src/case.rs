//! One benchmark case: the same data as a leyline value, a prost value and a
//! buffa value, the bytes all three decode, and every operation measured, one
//! `#[inline(never)]` method each (named `<op>_<side>`, so a profile shows
//! which is which).

use std::hint::black_box;

use buffa::view::HasMessageView;
use buffa::MessageView as _;
use leyline::Contract;

use crate::alloc_count::count_allocations;
use crate::fixtures;
use crate::read::{sum_of, ReadAll};

/// The libraries side by side.
pub const SIDES: [&str; 3] = ["leyline", "prost", "buffa"];

/// One benchmark case.
#[derive(Debug)]
pub struct Case<L, P, B> {
    /// The case's name (`system_state_packet`).
    pub name: &'static str,
    /// What the case holds, for the table.
    pub title: &'static str,
    pub leyline: L,
    pub prost: P,
    pub buffa: B,
    /// The leyline encoding (what every side decodes).
    pub bytes: Vec<u8>,
}

/// Heap allocations of one call of an operation, per side (`None` when the
/// side has no such operation, or the counting allocator is not installed).
pub type Allocs = [Option<u64>; 3];

impl<L, P, B> Case<L, P, B>
where
    L: Contract,
    for<'a> L::View<'a>: ReadAll,
    P: prost::Message + Default + PartialEq + ReadAll,
    B: buffa::Message + HasMessageView,
    for<'a> B::View<'a>: ReadAll,
{
    /// Builds a case from the leyline value and checks that the three
    /// libraries agree on it: the prost and buffa values are their decodes
    /// of leyline's bytes; each side's encoding has the same size and decodes
    /// back to the same value on the leyline side; reading every field gives
    /// the same sum on every side.
    pub fn new(name: &'static str, title: &'static str, leyline: L) -> Result<Self, String> {
        let fail = |e: String| format!("{name}: {e}");
        let bytes = prost::Message::encode_to_vec(&leyline);
        let prost: P = fixtures::to_prost(&leyline).map_err(|e| fail(e.to_string()))?;
        fixtures::check(&leyline, &prost).map_err(fail)?;
        let buffa = B::decode_from_slice(&bytes).map_err(|e| fail(format!("buffa: {e}")))?;
        let theirs = buffa::Message::encode_to_vec(&buffa);
        if theirs.len() != bytes.len() {
            return Err(fail(format!(
                "sizes differ: leyline {} buffa {}",
                bytes.len(),
                theirs.len()
            )));
        }
        if L::decode_slice(&theirs).map_err(|e| fail(e.to_string()))? != leyline {
            return Err(fail(
                "leyline decodes buffa's bytes to a different value".into(),
            ));
        }
        let case = Case {
            name,
            title,
            leyline,
            prost,
            buffa,
            bytes,
        };
        let sums = [case.read_leyline(), case.read_prost(), case.read_buffa()];
        if sums[0].is_none() || sums.iter().any(|s| *s != sums[0]) {
            return Err(fail(format!(
                "reading every field gives different sums (leyline, prost, buffa): {sums:?}"
            )));
        }
        if case.encode_deterministic_leyline() != case.encode_deterministic_leyline_again() {
            return Err(fail("two deterministic encodings differ".into()));
        }
        Ok(case)
    }

    // -- encode ------------------------------------------------------------

    /// `encode_to_vec()`, a fresh `Vec` each time, as a user would.
    #[inline(never)]
    pub fn encode_leyline(&self) -> Vec<u8> {
        prost::Message::encode_to_vec(black_box(&self.leyline))
    }

    #[inline(never)]
    pub fn encode_prost(&self) -> Vec<u8> {
        prost::Message::encode_to_vec(black_box(&self.prost))
    }

    #[inline(never)]
    pub fn encode_buffa(&self) -> Vec<u8> {
        buffa::Message::encode_to_vec(black_box(&self.buffa))
    }

    /// Into a buffer that is reused (cleared, its capacity kept): leyline's
    /// own `Contract::encode_into`.
    #[inline(never)]
    pub fn into_leyline(&self, buf: &mut Vec<u8>) {
        buf.clear();
        black_box(&self.leyline).encode_into(buf);
    }

    /// The same through `prost::Message::encode`, what tonic calls.
    #[inline(never)]
    pub fn prostapi_leyline(&self, buf: &mut Vec<u8>) {
        buf.clear();
        let _ = prost::Message::encode(black_box(&self.leyline), buf);
    }

    #[inline(never)]
    pub fn into_prost(&self, buf: &mut Vec<u8>) {
        buf.clear();
        let _ = prost::Message::encode(black_box(&self.prost), buf);
    }

    #[inline(never)]
    pub fn into_buffa(&self, buf: &mut Vec<u8>) {
        buf.clear();
        buffa::Message::encode(black_box(&self.buffa), buf);
    }

    /// `Contract::encode_deterministic()`: map entries in key order.
    #[inline(never)]
    pub fn deterministic_leyline(&self) -> Vec<u8> {
        black_box(&self.leyline).encode_deterministic()
    }

    fn encode_deterministic_leyline(&self) -> Vec<u8> {
        self.leyline.encode_deterministic()
    }

    /// The deterministic encoding of a copy whose maps were rebuilt (so
    /// their iteration order may differ).
    fn encode_deterministic_leyline_again(&self) -> Vec<u8> {
        let copy = L::decode_slice(&self.bytes).unwrap_or_default();
        copy.encode_deterministic()
    }

    // -- owned decode ------------------------------------------------------

    /// `Contract::decode_slice`.
    #[inline(never)]
    pub fn decode_leyline(&self) -> Option<L> {
        L::decode_slice(black_box(&self.bytes)).ok()
    }

    /// `Message::decode(&[u8])`.
    #[inline(never)]
    pub fn decode_prost(&self) -> Option<P> {
        P::decode(black_box(self.bytes.as_slice())).ok()
    }

    /// `Message::decode_from_slice`.
    #[inline(never)]
    pub fn decode_buffa(&self) -> Option<B> {
        B::decode_from_slice(black_box(&self.bytes)).ok()
    }

    // -- views -------------------------------------------------------------

    /// `Contract::decode_view`, whether it succeeded (the view borrows the
    /// case's bytes).
    #[inline(never)]
    pub fn view_leyline(&self) -> bool {
        black_box(L::decode_view(black_box(&self.bytes))).is_ok()
    }

    /// buffa's `HasMessageView::decode_view`.
    #[inline(never)]
    pub fn view_buffa(&self) -> bool {
        black_box(<B as HasMessageView>::View::decode_view(black_box(
            &self.bytes,
        )))
        .is_ok()
    }

    /// Decode a view, then read every field and every element.
    #[inline(never)]
    pub fn read_leyline(&self) -> Option<u64> {
        let view = L::decode_view(black_box(&self.bytes)).ok()?;
        Some(sum_of(&view))
    }

    /// Decode buffa's view, then read every field and every element.
    #[inline(never)]
    pub fn read_buffa(&self) -> Option<u64> {
        let view = <B as HasMessageView>::View::decode_view(black_box(&self.bytes)).ok()?;
        Some(sum_of(&view))
    }

    /// prost's owned decode, then the same reads.
    #[inline(never)]
    pub fn read_prost(&self) -> Option<u64> {
        let value = P::decode(black_box(self.bytes.as_slice())).ok()?;
        Some(sum_of(&value))
    }

    // -- allocations ---------------------------------------------------------

    /// The allocations of one call of operation `op` on each side.
    pub fn allocations(&self, op: &str) -> Allocs {
        let mut buf = Vec::with_capacity(2 * self.bytes.len() + 64);
        let n = |f: &mut dyn FnMut()| count_allocations(f).1;
        match op {
            "encode" => [
                n(&mut || drop(self.encode_leyline())),
                n(&mut || drop(self.encode_prost())),
                n(&mut || drop(self.encode_buffa())),
            ],
            "into" => [
                n(&mut || self.into_leyline(&mut buf)),
                n(&mut || self.into_prost(&mut buf)),
                n(&mut || self.into_buffa(&mut buf)),
            ],
            "prostapi" => [n(&mut || self.prostapi_leyline(&mut buf)), None, None],
            "deterministic" => [n(&mut || drop(self.deterministic_leyline())), None, None],
            "decode" => [
                n(&mut || drop(self.decode_leyline())),
                n(&mut || drop(self.decode_prost())),
                n(&mut || drop(self.decode_buffa())),
            ],
            "view" => [
                n(&mut || {
                    black_box(self.view_leyline());
                }),
                None,
                n(&mut || {
                    black_box(self.view_buffa());
                }),
            ],
            "read" => [
                n(&mut || {
                    black_box(self.read_leyline());
                }),
                n(&mut || {
                    black_box(self.read_prost());
                }),
                n(&mut || {
                    black_box(self.read_buffa());
                }),
            ],
            _ => [None; 3],
        }
    }

    /// The operation `op` of `side` as a closure that runs it `n` times
    /// (monomorphic inside, so the timed loop has no indirect call), or
    /// `None` if there is no such cell.
    pub fn runner<'s>(&'s self, op: &str, side: &str) -> Option<Box<dyn FnMut(u32) + 's>> {
        fn looped<'s>(mut f: impl FnMut() + 's) -> Box<dyn FnMut(u32) + 's> {
            Box::new(move |n| {
                for _ in 0..n {
                    f();
                }
            })
        }
        let cap = 2 * self.bytes.len() + 64;
        Some(match (op, side) {
            ("encode", "leyline") => looped(|| drop(black_box(self.encode_leyline()))),
            ("encode", "prost") => looped(|| drop(black_box(self.encode_prost()))),
            ("encode", "buffa") => looped(|| drop(black_box(self.encode_buffa()))),
            ("into", "leyline") => {
                let mut buf = Vec::with_capacity(cap);
                looped(move || self.into_leyline(black_box(&mut buf)))
            }
            ("prostapi", "leyline") => {
                let mut buf = Vec::with_capacity(cap);
                looped(move || self.prostapi_leyline(black_box(&mut buf)))
            }
            ("into", "prost") => {
                let mut buf = Vec::with_capacity(cap);
                looped(move || self.into_prost(black_box(&mut buf)))
            }
            ("into", "buffa") => {
                let mut buf = Vec::with_capacity(cap);
                looped(move || self.into_buffa(black_box(&mut buf)))
            }
            ("deterministic", "leyline") => {
                looped(|| drop(black_box(self.deterministic_leyline())))
            }
            ("decode", "leyline") => looped(|| drop(black_box(self.decode_leyline()))),
            ("decode", "prost") => looped(|| drop(black_box(self.decode_prost()))),
            ("decode", "buffa") => looped(|| drop(black_box(self.decode_buffa()))),
            ("view", "leyline") => looped(|| {
                black_box(self.view_leyline());
            }),
            ("view", "buffa") => looped(|| {
                black_box(self.view_buffa());
            }),
            ("read", "leyline") => looped(|| {
                black_box(self.read_leyline());
            }),
            ("read", "prost") => looped(|| {
                black_box(self.read_prost());
            }),
            ("read", "buffa") => looped(|| {
                black_box(self.read_buffa());
            }),
            _ => return None,
        })
    }
}

/// A case of any types, for code that walks every case.
pub trait AnyCase {
    fn name(&self) -> &'static str;
    fn title(&self) -> &'static str;
    /// The encoded size.
    fn len(&self) -> usize;
    /// Whether the case encodes to nothing.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn allocations(&self, op: &str) -> Allocs;
    fn runner<'s>(&'s self, op: &str, side: &str) -> Option<Box<dyn FnMut(u32) + 's>>;
}

impl<L, P, B> AnyCase for Case<L, P, B>
where
    L: Contract,
    for<'a> L::View<'a>: ReadAll,
    P: prost::Message + Default + PartialEq + ReadAll,
    B: buffa::Message + HasMessageView,
    for<'a> B::View<'a>: ReadAll,
{
    fn name(&self) -> &'static str {
        self.name
    }
    fn title(&self) -> &'static str {
        self.title
    }
    fn len(&self) -> usize {
        self.bytes.len()
    }
    fn allocations(&self, op: &str) -> Allocs {
        Case::allocations(self, op)
    }
    fn runner<'s>(&'s self, op: &str, side: &str) -> Option<Box<dyn FnMut(u32) + 's>> {
        Case::runner(self, op, side)
    }
}

/// Every case, checked: the three libraries agree on each.
pub fn all() -> Result<Vec<Box<dyn AnyCase>>, String> {
    use crate::{buffa_pb as bf, pb};
    use leyline::contracts as ly;
    type Packet = Case<ly::SystemStatePacket, pb::SystemStatePacket, bf::SystemStatePacket>;
    Ok(vec![
        Box::new(Packet::new(
            "system_state_packet",
            "SystemStatePacket (10 seeds, 5 training metrics)",
            fixtures::system_state_packet(),
        )?),
        Box::new(Packet::new(
            "system_state_packet_seed_metrics",
            "SystemStatePacket, 5 metrics on each of 10 seeds (map-heavy)",
            fixtures::system_state_packet_seed_metrics(),
        )?),
        Box::new(Packet::new(
            "system_state_packet_no_seeds",
            "SystemStatePacket with no seeds",
            fixtures::system_state_packet_no_seeds(),
        )?),
        Box::new(Case::<
            ly::AdaptationCommand,
            pb::AdaptationCommand,
            bf::AdaptationCommand,
        >::new(
            "adaptation_command",
            "AdaptationCommand",
            fixtures::adaptation_command(),
        )?),
        Box::new(Case::<
            ly::EventEnvelope,
            pb::EventEnvelope,
            bf::EventEnvelope,
        >::new(
            "event_envelope",
            "EventEnvelope (200-byte payload)",
            fixtures::event_envelope(),
        )?),
        Box::new(Case::<
            ly::StructuralPruningRequest,
            pb::StructuralPruningRequest,
            bf::StructuralPruningRequest,
        >::new(
            "structural_pruning_request",
            "StructuralPruningRequest (ResNet-18 importance statistics)",
            fixtures::structural_pruning_request(),
        )?),
    ])
}
