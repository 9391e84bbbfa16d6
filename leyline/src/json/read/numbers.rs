//! [`JsonReader`]'s numbers: integers (from numbers or strings, exponents
//! allowed where integral) and floats, with range checks.

use alloc::format;
use alloc::string::String;

use super::{IntType, JsonReader};
use crate::json::error::{push_quoted, JsonError, JsonErrorKind};
use crate::json::number::{self, IntError, Scanned};

impl<'a> JsonReader<'a> {
    // -----------------------------------------------------------------------
    // Numbers

    /// Scans the number at the cursor (after whitespace): its digits, and
    /// its text.
    #[inline]
    pub(super) fn scan_number(&mut self) -> Result<(Scanned, &'a str), JsonError> {
        self.skip_ws();
        let input = self.input;
        let rest = input.as_bytes().get(self.pos..).unwrap_or_default();
        let Some(scanned) = number::scan(rest) else {
            let found = self.describe();
            return Err(self.error(JsonErrorKind::Syntax, format!("invalid number: {found}")));
        };
        if rest.get(scanned.len).is_some_and(u8::is_ascii_digit) {
            return Err(self.error(
                JsonErrorKind::Syntax,
                String::from("invalid number: a number has no leading zeros"),
            ));
        }
        let text = input
            .get(self.pos..self.pos + scanned.len)
            .unwrap_or_default();
        self.pos += scanned.len;
        Ok((scanned, text))
    }

    /// The number at the cursor when its digits give its value directly
    /// (the common case), consumed; `None` to take the general path.
    #[inline]
    fn quick_number(&mut self) -> Option<Scanned> {
        self.skip_ws();
        let rest = self.bytes().get(self.pos..)?;
        if !matches!(rest.first(), Some(b'-' | b'0'..=b'9')) {
            return None;
        }
        let scanned = number::scan(rest)?;
        if rest.get(scanned.len).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        Some(scanned)
    }

    /// Reads an integer of type `ty`: a number or a string holding one,
    /// exponents allowed where the value is integral.
    #[doc(hidden)]
    #[inline]
    pub fn read_integer(&mut self, ty: IntType) -> Result<i128, JsonError> {
        if let Some(scanned) = self.quick_number() {
            if let Some(Ok(v)) = scanned.integer() {
                if v >= ty.min && v <= ty.max {
                    self.pos += scanned.len;
                    return Ok(v);
                }
            }
        }
        self.read_integer_slow(ty)
    }

    #[inline(never)]
    fn read_integer_slow(&mut self, ty: IntType) -> Result<i128, JsonError> {
        let start = self.position();
        let value = match self.bytes().get(start) {
            Some(b'-' | b'0'..=b'9') => {
                let (scanned, text) = self.scan_number()?;
                scanned
                    .integer()
                    .unwrap_or_else(|| number::parse_integer(text))
            }
            Some(b'"') => {
                let t = self.scan_string()?;
                let text = self.text(&t);
                match number::scan(text.as_bytes()) {
                    Some(scanned) if scanned.len == text.len() => scanned
                        .integer()
                        .unwrap_or_else(|| number::parse_integer(text)),
                    _ => Err(IntError::Invalid),
                }
            }
            _ => return Err(self.unexpected(&format!("an integer ({})", ty.name))),
        };
        match value {
            Ok(v) if v >= ty.min && v <= ty.max => Ok(v),
            Ok(_) => Err(self.integer_error(start, ty, IntError::OutOfRange)),
            Err(e) => Err(self.integer_error(start, ty, e)),
        }
    }

    #[cold]
    fn integer_error(&self, start: usize, ty: IntType, error: IntError) -> JsonError {
        let mut probe = JsonReader::new(self.input, self.options);
        probe.pos = start;
        let shown = probe.describe();
        let message = match error {
            IntError::OutOfRange => format!("{shown} is out of range for {}", ty.name),
            IntError::NotInteger => format!("{shown} is not an integer, as {} requires", ty.name),
            IntError::Invalid => format!("expected an integer ({}), got {shown}", ty.name),
        };
        self.error_at(start, JsonErrorKind::InvalidValue, message)
    }

    /// Reads a double: a number, or a string holding one or `"NaN"`,
    /// `"Infinity"`, `"-Infinity"`. A finite number beyond the double range
    /// is an error.
    #[doc(hidden)]
    #[inline]
    pub fn read_f64(&mut self, ty: &'static str) -> Result<f64, JsonError> {
        if let Some(scanned) = self.quick_number() {
            if let Some(v) = scanned.float() {
                self.pos += scanned.len;
                return Ok(v);
            }
        }
        self.read_f64_slow(ty)
    }

    #[inline(never)]
    fn read_f64_slow(&mut self, ty: &'static str) -> Result<f64, JsonError> {
        let start = self.position();
        match self.bytes().get(start) {
            Some(b'-' | b'0'..=b'9') => {
                let (scanned, text) = self.scan_number()?;
                if let Some(v) = scanned.float() {
                    return Ok(v);
                }
                text.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        self.error_at(
                            start,
                            JsonErrorKind::InvalidValue,
                            format!("{text} is out of range for {ty}"),
                        )
                    })
            }
            Some(b'"') => {
                let t = self.scan_string()?;
                let text = self.text(&t);
                match text {
                    "NaN" => Ok(f64::NAN),
                    "Infinity" => Ok(f64::INFINITY),
                    "-Infinity" => Ok(f64::NEG_INFINITY),
                    _ => match number::parse_f64(text) {
                        Some(v) => Ok(v),
                        None => {
                            let mut shown = String::new();
                            push_quoted(&mut shown, text);
                            let message = if number::is_number(text) {
                                format!("{shown} is out of range for {ty}")
                            } else {
                                format!("expected a number ({ty}), got {shown}")
                            };
                            Err(self.error_at(start, JsonErrorKind::InvalidValue, message))
                        }
                    },
                }
            }
            _ => Err(self.unexpected(&format!("a number ({ty})"))),
        }
    }

    /// Reads a float: as [`JsonReader::read_f64`], and a finite value that
    /// rounds to no finite float is an error.
    #[doc(hidden)]
    #[inline]
    pub fn read_f32(&mut self) -> Result<f32, JsonError> {
        let start = self.position();
        let v = self.read_f64("float")?;
        let f = v as f32;
        // As C++ decides: out of range is what rounds to no finite float.
        if v.is_finite() && !f.is_finite() {
            return Err(self.float_range_error(start, v));
        }
        Ok(f)
    }

    #[cold]
    #[inline(never)]
    fn float_range_error(&self, start: usize, v: f64) -> JsonError {
        self.error_at(
            start,
            JsonErrorKind::InvalidValue,
            format!("{v} is out of range for float"),
        )
    }
}
