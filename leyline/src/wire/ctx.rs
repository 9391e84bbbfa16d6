//! The depth budget of one decode.

use super::error::{DecodeError, DecodeErrorKind};

/// Default limit on message nesting while decoding.
pub const DEFAULT_RECURSION_LIMIT: u32 = 100;

/// Decoding state passed down through nested messages: how deep we may still go.
#[derive(Debug, Clone, Copy)]
pub struct DecodeCtx {
    depth_left: u32,
}

impl Default for DecodeCtx {
    fn default() -> Self {
        DecodeCtx::with_recursion_limit(DEFAULT_RECURSION_LIMIT)
    }
}

impl DecodeCtx {
    /// A context allowing `limit` levels of nested messages.
    pub const fn with_recursion_limit(limit: u32) -> Self {
        DecodeCtx { depth_left: limit }
    }

    /// How many more levels of nested messages may be entered.
    #[inline]
    pub const fn depth_left(self) -> u32 {
        self.depth_left
    }

    /// The context for one level deeper, or an error when the limit is reached.
    #[inline]
    pub fn enter(self) -> Result<DecodeCtx, DecodeError> {
        match self.depth_left.checked_sub(1) {
            Some(depth_left) => Ok(DecodeCtx { depth_left }),
            None => Err(recursion_limit_error()),
        }
    }
}

#[cold]
fn recursion_limit_error() -> DecodeError {
    DecodeError::new(DecodeErrorKind::RecursionLimit)
}
