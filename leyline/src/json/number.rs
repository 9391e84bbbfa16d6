//! JSON numbers: the grammar (RFC 8259, no leading zeros, no `+`), exact
//! integers from any numeric text (exponents included, when the value is
//! integral), and floats.

/// Why numeric text is not an integer of the wanted type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntError {
    /// Not numeric text at all.
    Invalid,
    /// A number with a fractional part.
    NotInteger,
    /// An integer outside every 64-bit type.
    OutOfRange,
}

/// The length of the JSON number at the start of `bytes`, or `None` when
/// they do not start with one. Stops at the first byte that cannot continue
/// the number; whatever follows is the caller's to judge.
pub(crate) fn number_len(bytes: &[u8]) -> Option<usize> {
    let digits = |from: usize| {
        bytes.get(from..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    };
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    match bytes.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i += digits(i),
        _ => return None,
    }
    if bytes.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return None;
        }
        i += n;
    }
    Some(i)
}

/// A JSON number as scanned: its significant digits (up to 19) and power of
/// ten, enough to convert the common cases without reading the text again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scanned {
    /// The length of the number's text.
    pub(crate) len: usize,
    pub(crate) negative: bool,
    /// The significant digits read (leading zeros skipped).
    pub(crate) mantissa: u64,
    /// The value is `mantissa × 10^exponent`, when `exact`.
    pub(crate) exponent: i64,
    /// No nonzero digit was dropped past the 19th.
    pub(crate) exact: bool,
}

/// Scans the JSON number at the start of `bytes` (as [`number_len`] does),
/// collecting its digits on the way.
#[inline]
pub(crate) fn scan(bytes: &[u8]) -> Option<Scanned> {
    // The common case first: at most 19 digits, which a u64 holds.
    let negative = bytes.first() == Some(&b'-');
    let mut i = usize::from(negative);
    let mut mantissa = 0u64;
    let digit = |i: usize| {
        bytes
            .get(i)
            .map(|b| b.wrapping_sub(b'0'))
            .filter(|d| *d < 10)
    };
    let int_start = i;
    match digit(i) {
        Some(0) => i += 1,
        Some(_) => {
            while let Some(d) = digit(i) {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
                i += 1;
            }
        }
        None => return None,
    }
    let mut count = i - int_start;
    let mut exponent = 0i64;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(d) = digit(i) {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
            i += 1;
        }
        if i == start {
            return None;
        }
        count += i - start;
        exponent = -((i - start) as i64);
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) || count > 19 {
        return scan_long(bytes);
    }
    Some(Scanned {
        len: i,
        negative,
        mantissa,
        exponent,
        exact: true,
    })
}

/// [`scan`] for numbers with an exponent or more than 19 digits.
#[inline(never)]
fn scan_long(bytes: &[u8]) -> Option<Scanned> {
    let mut i = 0;
    let negative = bytes.first() == Some(&b'-');
    if negative {
        i = 1;
    }
    let mut mantissa = 0u64;
    let mut digits = 0u32;
    let mut exponent = 0i64;
    let mut exact = true;
    let mut take = |d: u8, fraction: bool, mantissa: &mut u64, exponent: &mut i64| {
        if digits < 19 {
            if *mantissa != 0 || d != 0 {
                *mantissa = *mantissa * 10 + u64::from(d);
                digits += 1;
            }
            if fraction {
                *exponent -= 1;
            }
        } else {
            if d != 0 {
                exact = false;
            }
            if !fraction {
                *exponent += 1;
            }
        }
    };
    match bytes.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while let Some(&b @ b'0'..=b'9') = bytes.get(i) {
                take(b - b'0', false, &mut mantissa, &mut exponent);
                i += 1;
            }
        }
        _ => return None,
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(&b @ b'0'..=b'9') = bytes.get(i) {
            take(b - b'0', true, &mut mantissa, &mut exponent);
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let negative_exp = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e = 0i64;
        while let Some(&b @ b'0'..=b'9') = bytes.get(i) {
            e = (e * 10 + i64::from(b - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent += if negative_exp { -e } else { e };
    }
    Some(Scanned {
        len: i,
        negative,
        mantissa,
        exponent,
        exact,
    })
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl Scanned {
    /// The exact integer, when it is one; `None` to take the slow path.
    #[inline]
    pub(crate) fn integer(&self) -> Option<Result<i128, IntError>> {
        if !self.exact {
            return None;
        }
        let m = i128::from(self.mantissa);
        let magnitude = if self.mantissa == 0 {
            0
        } else if self.exponent >= 0 {
            if self.exponent > 20 {
                return Some(Err(IntError::OutOfRange));
            }
            // A mantissa near u64::MAX times 10^20 passes i128::MAX: checked,
            // so that it is out of range rather than a wrapped value.
            match m.checked_mul(10i128.pow(self.exponent as u32)) {
                Some(v) if v <= i128::from(u64::MAX) => v,
                _ => return Some(Err(IntError::OutOfRange)),
            }
        } else {
            if self.exponent < -19 {
                return Some(Err(IntError::NotInteger));
            }
            let p = 10i128.pow((-self.exponent) as u32);
            if m % p != 0 {
                return Some(Err(IntError::NotInteger));
            }
            m / p
        };
        Some(Ok(if self.negative { -magnitude } else { magnitude }))
    }

    /// The double, when one multiplication or division gives it correctly
    /// rounded (Clinger's fast path); `None` to take the slow path.
    #[inline]
    pub(crate) fn float(&self) -> Option<f64> {
        if !self.exact || self.mantissa > 1 << 53 || self.exponent.unsigned_abs() > 22 {
            return None;
        }
        let m = self.mantissa as f64;
        let v = if self.exponent < 0 {
            m / POW10[(-self.exponent) as usize]
        } else {
            m * POW10[self.exponent as usize]
        };
        Some(if self.negative { -v } else { v })
    }
}

/// Whether all of `text` is one JSON number.
pub(crate) fn is_number(text: &str) -> bool {
    number_len(text.as_bytes()) == Some(text.len())
}

/// The exact integer that the JSON number `text` denotes (`1e5`, `100.000`
/// and `-2.147483648e9` are integers; `0.5` is not).
pub(crate) fn parse_integer(text: &str) -> Result<i128, IntError> {
    let bytes = text.as_bytes();
    if number_len(bytes) != Some(bytes.len()) {
        return Err(IntError::Invalid);
    }
    let (negative, body) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    // Fast path: plain digits that fit in an i128 without overflow checks.
    if body.len() <= 20 && body.iter().all(u8::is_ascii_digit) {
        let magnitude = body
            .iter()
            .fold(0i128, |acc, d| acc * 10 + i128::from(d - b'0'));
        return Ok(if negative { -magnitude } else { magnitude });
    }
    let mantissa_end = body
        .iter()
        .position(|b| matches!(b, b'e' | b'E'))
        .unwrap_or(body.len());
    let (mantissa, exponent) = body.split_at(mantissa_end);
    let mut exponent = parse_exponent(exponent.get(1..).unwrap_or_default());
    let (int_part, frac_part) = match mantissa.iter().position(|&b| b == b'.') {
        Some(dot) => (
            &mantissa[..dot],
            mantissa.get(dot + 1..).unwrap_or_default(),
        ),
        None => (mantissa, &[][..]),
    };
    // The significant digits (the integer and fractional digits read as one
    // run), without leading and trailing zeros.
    exponent -= frac_part.len() as i64;
    let total = int_part.len() + frac_part.len();
    let at = |i: usize| match int_part.get(i) {
        Some(&d) => d,
        None => frac_part.get(i - int_part.len()).copied().unwrap_or(b'0'),
    };
    let Some(first) = (0..total).find(|&i| at(i) != b'0') else {
        return Ok(0);
    };
    let last = (first..total)
        .rev()
        .find(|&i| at(i) != b'0')
        .unwrap_or(first);
    exponent += (total - 1 - last) as i64;
    if exponent < 0 {
        return Err(IntError::NotInteger);
    }
    // 2^64 has 20 digits: anything longer is out of every range.
    if (last - first + 1) as i64 + exponent > 20 {
        return Err(IntError::OutOfRange);
    }
    let mut magnitude = (first..=last).fold(0i128, |acc, i| acc * 10 + i128::from(at(i) - b'0'));
    for _ in 0..exponent {
        magnitude *= 10;
    }
    Ok(if negative { -magnitude } else { magnitude })
}

/// The exponent after `e`, saturated far beyond any range that matters.
fn parse_exponent(text: &[u8]) -> i64 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let magnitude = digits.iter().fold(0i64, |acc, d| {
        acc.saturating_mul(10)
            .saturating_add(i64::from(d - b'0'))
            .min(1 << 40)
    });
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// The double nearest to the JSON number `text`; `None` when it is not a
/// JSON number or lies beyond the double range (rounds to infinity).
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    if !is_number(text) {
        return None;
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_grammar() {
        for ok in [
            "0", "-0", "1", "10", "1.5", "-1.5e10", "1E+2", "1e-2", "0.000",
        ] {
            assert!(is_number(ok), "{ok}");
        }
        for bad in [
            "", "-", "01", "+1", "1.", ".5", "1e", "1e+", "--1", "0x10", " 1", "1 ", "NaN",
            "Infinity",
        ] {
            assert!(!is_number(bad), "{bad}");
        }
        assert_eq!(number_len(b"12,"), Some(2));
        assert_eq!(number_len(b"01"), Some(1));
    }

    #[test]
    fn integers_exactly() {
        assert_eq!(parse_integer("2147483647"), Ok(2_147_483_647));
        assert_eq!(
            parse_integer("-9223372036854775808"),
            Ok(-9_223_372_036_854_775_808)
        );
        assert_eq!(
            parse_integer("18446744073709551615"),
            Ok(18_446_744_073_709_551_615)
        );
        assert_eq!(parse_integer("1e5"), Ok(100_000));
        assert_eq!(parse_integer("100000.000"), Ok(100_000));
        assert_eq!(parse_integer("2.147483647e9"), Ok(2_147_483_647));
        assert_eq!(parse_integer("-2.147483648e9"), Ok(-2_147_483_648));
        assert_eq!(parse_integer("0.0e0"), Ok(0));
        assert_eq!(
            parse_integer("1.8446744073709551615e19"),
            Ok(18_446_744_073_709_551_615)
        );
        assert_eq!(parse_integer("0.5"), Err(IntError::NotInteger));
        assert_eq!(parse_integer("1e-1"), Err(IntError::NotInteger));
        assert_eq!(
            parse_integer("123456789012345678901"),
            Err(IntError::OutOfRange)
        );
        assert_eq!(parse_integer("1e21"), Err(IntError::OutOfRange));
        assert_eq!(
            parse_integer("1e99999999999999999999"),
            Err(IntError::OutOfRange)
        );
        assert_eq!(
            parse_integer("1e-99999999999999999999"),
            Err(IntError::NotInteger)
        );
        assert_eq!(parse_integer("3x3"), Err(IntError::Invalid));
    }

    #[test]
    fn the_scanner_agrees_with_the_slow_paths() {
        for text in [
            "0",
            "-0",
            "7",
            "-12",
            "1e5",
            "100000.000",
            "2.147483647e9",
            "-2.147483648e9",
            "0.5",
            "1e-1",
            "123456789012345678901",
            "1.8446744073709551615e19",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "0.0001",
            "1.5",
            "3.4028235e38",
            "1.79769e308",
            "2.22507e-308",
            "0.1",
            "12345678901234567890e-5",
            "1000e-3",
            "0.000e5",
            "9007199254740993",
        ] {
            let s = scan(text.as_bytes()).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(s.len, text.len(), "{text}");
            if let Some(v) = s.integer() {
                assert_eq!(v, parse_integer(text), "{text}");
            }
            if let Some(v) = s.float() {
                assert_eq!(Some(v), parse_f64(text), "{text}");
            }
        }
        for bad in ["", "-", "+1", "1.", ".5", "1e", "1e+"] {
            assert_eq!(scan(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn doubles() {
        assert_eq!(parse_f64("1.5"), Some(1.5));
        assert_eq!(parse_f64("1.79769e308"), Some(1.79769e308));
        assert_eq!(parse_f64("1.89769e308"), None);
        assert_eq!(parse_f64("1e-400"), Some(0.0));
        assert_eq!(parse_f64("inf"), None);
        assert_eq!(parse_f64("+1"), None);
    }
}
