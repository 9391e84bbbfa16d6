//! Standard output that a closed pipe ends quietly.

use core::fmt;
use std::io::{self, Write};

use super::Failure;

/// Writes to standard output. When the reader has gone (`contracts decode ...
/// | head -c 10`), output stops without an error: what was asked for is done,
/// only its printout is cut short. Any other write error is a [`Failure`].
pub(super) struct Output<'a> {
    inner: &'a mut dyn Write,
    closed: bool,
}

impl<'a> Output<'a> {
    pub(super) fn new(inner: &'a mut dyn Write) -> Self {
        Output {
            inner,
            closed: false,
        }
    }

    /// Writes one line.
    pub(super) fn line(&mut self, line: impl fmt::Display) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let result = writeln!(self.inner, "{line}");
        self.check(result)
    }

    /// Writes raw bytes.
    pub(super) fn bytes(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.write_all(bytes);
        self.check(result)
    }

    /// Flushes what is buffered.
    pub(super) fn flush(&mut self) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.check(result)
    }

    fn check(&mut self, result: io::Result<()>) -> Result<(), Failure> {
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Failure::new(format!(
                "cannot write to standard output: {e}"
            ))),
        }
    }
}
