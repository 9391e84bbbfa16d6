//! The budgets of one decode: how deep messages may still nest, and how many
//! heap bytes the decode may still allocate.
//!
//! [`DecodeLimits`] says how much a decode may take; [`MemoryBudget`] holds
//! what is left of its memory while it runs; [`DecodeCtx`] is passed down
//! through nested messages and carries both. Every place where decoding
//! allocates asks the context first ([`DecodeCtx::charge`],
//! [`DecodeCtx::reserve`]): a decode that would pass its cap fails with
//! [`DecodeErrorKind::MemoryLimit`] before it allocates the bytes that would
//! pass it.
//!
//! What is counted is every block the decode allocates, never given back: a
//! string's bytes, each block a growing `Vec` moves to (blocks of 4, 8, 16 ...
//! elements: at most 4 elements counted per element held, where the peak of
//! a move, old and new block both live, is 3), a map's tables, a `Box`, the
//! copy of a non-contiguous input, and for the well-known types prost decodes
//! a bound per input byte. The count is thus an upper bound of the decode's
//! peak heap; `tests/memory.rs` checks that the peak, measured by a counting
//! allocator, stays under the cap plus a small constant (the error itself) on
//! every hostile input, and that no fixture's count is more than a thousandth
//! of the default cap.

use core::cell::Cell;
use core::sync::atomic::{AtomicUsize, Ordering};

use alloc::vec::Vec;

use super::error::{DecodeError, DecodeErrorKind};

/// Default limit on message nesting while decoding.
pub const DEFAULT_RECURSION_LIMIT: u32 = 100;

/// Default cap on the heap one decode may allocate: 64 MiB.
///
/// Legitimate messages count a few times their encoded length at most (the
/// largest Esper fixture, 16.7 kB encoded, counts 24 kB); hostile ones up to
/// about 160 times it (empty sub-messages of two bytes each, which become
/// elements of hundreds of bytes). At this default a decode of a few
/// megabytes of real traffic fits, and no input makes one decode take more.
pub const DEFAULT_MAX_DECODE_MEMORY: usize = 64 << 20;

/// The process-wide default memory cap: what [`DecodeLimits::default`] takes.
static DEFAULT_MEMORY: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_DECODE_MEMORY);

/// Sets the memory cap of every decode that is not given [`DecodeLimits`] of
/// its own, in this process: `prost::Message::decode`, `merge` and their
/// length-delimited forms (what tonic's codec calls), `Contract::decode_slice`,
/// `Contract::decode_view`. Decodes already running keep the cap they started
/// with. (The guarded codec takes its cap from its configuration instead.)
pub fn set_default_max_decode_memory(bytes: usize) {
    DEFAULT_MEMORY.store(bytes, Ordering::Relaxed);
}

/// The memory cap of decodes not given [`DecodeLimits`] of their own
/// ([`DEFAULT_MAX_DECODE_MEMORY`] unless [`set_default_max_decode_memory`]
/// changed it).
pub fn default_max_decode_memory() -> usize {
    DEFAULT_MEMORY.load(Ordering::Relaxed)
}

/// How much one decode may take: nesting depth and heap.
///
/// ```
/// use leyline::wire::DecodeLimits;
///
/// let limits = DecodeLimits::default().with_max_memory(1 << 20);
/// assert_eq!(limits.recursion_limit, 100);
/// assert_eq!(limits.max_memory, 1 << 20);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// Levels of nested messages below the decoded one
    /// ([`DEFAULT_RECURSION_LIMIT`]).
    pub recursion_limit: u32,
    /// Heap bytes the decode may allocate ([`default_max_decode_memory`]).
    pub max_memory: usize,
}

impl Default for DecodeLimits {
    /// [`DEFAULT_RECURSION_LIMIT`] and [`default_max_decode_memory`].
    #[inline]
    fn default() -> Self {
        DecodeLimits {
            recursion_limit: DEFAULT_RECURSION_LIMIT,
            max_memory: default_max_decode_memory(),
        }
    }
}

impl DecodeLimits {
    /// For reading again what a decode already checked (a view's elements
    /// as they are iterated): the default depth, and no memory cap.
    pub const CHECKED_INPUT: DecodeLimits = DecodeLimits {
        recursion_limit: DEFAULT_RECURSION_LIMIT,
        max_memory: usize::MAX,
    };

    /// These limits with another recursion limit.
    pub const fn with_recursion_limit(self, recursion_limit: u32) -> Self {
        DecodeLimits {
            recursion_limit,
            ..self
        }
    }

    /// These limits with another memory cap, in bytes.
    pub const fn with_max_memory(self, max_memory: usize) -> Self {
        DecodeLimits { max_memory, ..self }
    }

    /// Runs `f` with a fresh context under these limits: one decode.
    #[inline]
    pub fn run<R>(self, f: impl FnOnce(DecodeCtx<'_>) -> R) -> R {
        let memory = MemoryBudget::new(self.max_memory);
        f(DecodeCtx::new(self.recursion_limit, &memory))
    }
}

/// The heap bytes one decode may still allocate. Shared by every level of the
/// decode (through [`DecodeCtx`]), on one thread.
#[derive(Debug)]
pub struct MemoryBudget {
    left: Cell<usize>,
    limit: usize,
}

impl MemoryBudget {
    /// A budget of `limit` bytes.
    pub const fn new(limit: usize) -> Self {
        MemoryBudget {
            left: Cell::new(limit),
            limit,
        }
    }

    /// A budget nothing exhausts, for reading input that was already checked.
    pub const fn unlimited() -> Self {
        MemoryBudget::new(usize::MAX)
    }

    /// The cap, in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The bytes counted so far.
    pub fn used(&self) -> usize {
        self.limit - self.left.get()
    }
}

/// Decoding state passed down through nested messages: how deep it may still
/// go, the [`MemoryBudget`] of the whole decode, and whether the input was
/// checked already (a view's elements read again as it is iterated).
#[derive(Debug, Clone, Copy)]
pub struct DecodeCtx<'m> {
    depth_left: u32,
    memory: &'m MemoryBudget,
    checked: bool,
}

impl<'m> DecodeCtx<'m> {
    /// A context allowing `recursion_limit` levels of nested messages and
    /// what is left of `memory`.
    #[inline]
    pub const fn new(recursion_limit: u32, memory: &'m MemoryBudget) -> Self {
        DecodeCtx {
            depth_left: recursion_limit,
            memory,
            checked: false,
        }
    }

    /// The same context for input that a view decode has checked already:
    /// the elements of repeated and map fields held by what is decoded with
    /// it are counted, not checked again. (Set by the runtime's view
    /// iterators only; it relaxes nothing but that repetition.)
    #[inline]
    pub(crate) const fn checked(self) -> Self {
        DecodeCtx {
            checked: true,
            ..self
        }
    }

    /// Whether the input was checked already (see `DecodeCtx::checked`).
    #[inline]
    pub const fn is_checked(self) -> bool {
        self.checked
    }

    /// How many more levels of nested messages may be entered.
    #[inline]
    pub const fn depth_left(self) -> u32 {
        self.depth_left
    }

    /// The memory budget of this decode.
    #[inline]
    pub fn memory(self) -> &'m MemoryBudget {
        self.memory
    }

    /// The context for one level deeper, or an error when the limit is reached.
    #[inline]
    pub fn enter(self) -> Result<DecodeCtx<'m>, DecodeError> {
        match self.depth_left.checked_sub(1) {
            Some(depth_left) => Ok(DecodeCtx { depth_left, ..self }),
            None => Err(recursion_limit_error()),
        }
    }

    /// Counts `bytes` about to be allocated, or fails, counting nothing, when
    /// they would pass the cap.
    #[inline]
    pub fn charge(self, bytes: usize) -> Result<(), DecodeError> {
        let left = self.memory.left.get();
        if bytes > left {
            return Err(memory_limit_error(self.memory.limit));
        }
        self.memory.left.set(left - bytes);
        Ok(())
    }

    /// Makes room for `additional` more elements in `vec`, counting the block
    /// it grows to (twice its capacity, or what is needed if more); nothing
    /// when there is room already.
    #[inline]
    pub fn reserve<T>(self, vec: &mut Vec<T>, additional: usize) -> Result<(), DecodeError> {
        if vec.capacity() - vec.len() >= additional {
            return Ok(());
        }
        self.grow(vec, additional)
    }

    #[inline(never)]
    fn grow<T>(self, vec: &mut Vec<T>, additional: usize) -> Result<(), DecodeError> {
        let limit = self.memory.limit;
        let needed = vec
            .len()
            .checked_add(additional)
            .ok_or_else(|| memory_limit_error(limit))?;
        // `Vec`'s own policy: double, at least what is needed, at least a few.
        let min = if size_of::<T>() == 1 { 8 } else { 4 };
        let capacity = needed.max(vec.capacity().saturating_mul(2)).max(min);
        let bytes = capacity
            .checked_mul(size_of::<T>())
            .ok_or_else(|| memory_limit_error(limit))?;
        self.charge(bytes)?;
        vec.reserve_exact(capacity - vec.len());
        Ok(())
    }
}

#[cold]
fn recursion_limit_error() -> DecodeError {
    DecodeError::new(DecodeErrorKind::RecursionLimit)
}

#[cold]
fn memory_limit_error(limit: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::MemoryLimit { limit })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_stop_at_the_cap_and_count_nothing_when_refused() {
        let memory = MemoryBudget::new(100);
        let ctx = DecodeCtx::new(5, &memory);
        assert!(ctx.charge(60).is_ok());
        let err = ctx.charge(41).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::MemoryLimit { limit: 100 });
        assert_eq!(memory.used(), 60);
        assert!(ctx.charge(40).is_ok());
        assert_eq!(memory.used(), 100);
        assert!(ctx.charge(1).is_err());
        assert!(ctx.charge(0).is_ok());
    }

    #[test]
    fn the_budget_is_shared_by_every_level() {
        let memory = MemoryBudget::new(10);
        let outer = DecodeCtx::new(2, &memory);
        let inner = outer.enter().unwrap();
        inner.charge(7).unwrap();
        assert_eq!(inner.depth_left(), 1);
        assert!(outer.charge(4).is_err());
        assert!(outer.charge(3).is_ok());
        assert!(inner.enter().unwrap().enter().is_err());
    }

    #[test]
    fn reserve_counts_each_block_a_vec_grows_to() {
        let memory = MemoryBudget::new(1 << 20);
        let ctx = DecodeCtx::new(1, &memory);
        let mut v: Vec<u64> = Vec::new();
        for i in 0..9 {
            ctx.reserve(&mut v, 1).unwrap();
            v.push(i);
        }
        // Blocks of 4, 8 and 16 elements.
        assert_eq!(v.capacity(), 16);
        assert_eq!(memory.used(), (4 + 8 + 16) * 8);
        // Room already: nothing counted.
        ctx.reserve(&mut v, 7).unwrap();
        assert_eq!(memory.used(), (4 + 8 + 16) * 8);
        // More than doubling: exactly what is needed.
        ctx.reserve(&mut v, 100).unwrap();
        assert_eq!(v.capacity(), 109);
        let mut bytes: Vec<u8> = Vec::new();
        ctx.reserve(&mut bytes, 1).unwrap();
        assert_eq!(bytes.capacity(), 8);
    }

    #[test]
    fn reserve_past_the_cap_allocates_nothing() {
        let memory = MemoryBudget::new(64);
        let ctx = DecodeCtx::new(1, &memory);
        let mut v: Vec<u64> = Vec::new();
        assert!(ctx.reserve(&mut v, 9).is_err());
        assert_eq!(v.capacity(), 0);
        assert!(ctx.reserve(&mut v, usize::MAX).is_err());
        assert!(ctx.reserve(&mut v, usize::MAX / 4).is_err());
        assert_eq!(memory.used(), 0);
        assert!(DecodeLimits::CHECKED_INPUT
            .with_max_memory(8)
            .run(|ctx| ctx.reserve(&mut v, 1))
            .is_err());
    }

    #[test]
    fn limits_build_and_run() {
        let limits = DecodeLimits::default()
            .with_recursion_limit(3)
            .with_max_memory(10);
        assert_eq!(
            DecodeLimits::default().max_memory,
            DEFAULT_MAX_DECODE_MEMORY
        );
        let (depth, limit) = limits.run(|ctx| (ctx.depth_left(), ctx.memory().limit()));
        assert_eq!((depth, limit), (3, 10));
        assert_eq!(MemoryBudget::unlimited().limit(), usize::MAX);
    }
}
