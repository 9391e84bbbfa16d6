//! `google.protobuf.Timestamp` as RFC 3339 text (`"2025-01-15T12:00:00Z"`,
//! years 1 to 9999, 0, 3, 6 or 9 fractional digits) and
//! `google.protobuf.Duration` as seconds with an `s`
//! (`"1.000340012s"`, within ±315,576,000,000 seconds).

use alloc::format;
use alloc::string::String;

use serde::Serializer;

use crate::json::error::{unrepresentable, JsonError, JsonErrorKind};
use crate::json::read::JsonReader;
use crate::json::registry::AnyEntry;
use crate::json::write::JsonWriter;
use crate::json::{JsonMessage, JsonType};
use crate::wkt::{Duration, Timestamp};

/// 0001-01-01T00:00:00Z.
const MIN_TIMESTAMP: i64 = -62_135_596_800;
/// 9999-12-31T23:59:59Z.
const MAX_TIMESTAMP: i64 = 253_402_300_799;
/// 10,000 years, as the Duration documentation bounds it.
const MAX_DURATION: i64 = 315_576_000_000;

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) to days since 1970-01-01 (`days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Short ASCII text built on the stack (a timestamp or a duration).
pub(crate) struct Short {
    buf: [u8; 40],
    len: usize,
}

impl Short {
    fn new() -> Self {
        Short {
            buf: [0; 40],
            len: 0,
        }
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// Appends `value` with at least `width` digits.
    fn digits(&mut self, value: u64, width: usize) {
        let mut tmp = [b'0'; 20];
        let mut v = value;
        let mut n = 0;
        while v > 0 || n < width {
            if let Some(slot) = tmp.get_mut(19 - n) {
                *slot = b'0' + (v % 10) as u8;
            }
            v /= 10;
            n += 1;
            if n == 20 {
                break;
            }
        }
        for &b in tmp.get(20 - n..).unwrap_or_default() {
            self.push(b);
        }
    }

    /// The fraction of a second: none, or 3, 6 or 9 digits.
    fn nanos(&mut self, nanos: u32) {
        if nanos == 0 {
            return;
        }
        self.push(b'.');
        if nanos % 1_000_000 == 0 {
            self.digits(u64::from(nanos / 1_000_000), 3);
        } else if nanos % 1_000 == 0 {
            self.digits(u64::from(nanos / 1_000), 6);
        } else {
            self.digits(u64::from(nanos), 9);
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// A timestamp as RFC 3339 text, or why it has none.
pub(crate) fn timestamp_text(ts: &Timestamp) -> Result<Short, JsonError> {
    if !(MIN_TIMESTAMP..=MAX_TIMESTAMP).contains(&ts.seconds) {
        return Err(unrepresentable(format!(
            "timestamp {}s is outside the range of years 1 to 9999",
            ts.seconds
        )));
    }
    let Ok(nanos @ 0..=999_999_999) = u32::try_from(ts.nanos) else {
        return Err(unrepresentable(format!(
            "timestamp nanos {} is outside 0 to 999999999",
            ts.nanos
        )));
    };
    let (year, month, day) = civil_from_days(ts.seconds.div_euclid(86_400));
    let secs = ts.seconds.rem_euclid(86_400) as u64;
    let mut out = Short::new();
    out.digits(year as u64, 4);
    out.push(b'-');
    out.digits(u64::from(month), 2);
    out.push(b'-');
    out.digits(u64::from(day), 2);
    out.push(b'T');
    out.digits(secs / 3600, 2);
    out.push(b':');
    out.digits(secs / 60 % 60, 2);
    out.push(b':');
    out.digits(secs % 60, 2);
    out.nanos(nanos);
    out.push(b'Z');
    Ok(out)
}

/// Digits at `at..at + n` as a number.
fn digits(text: &[u8], at: usize, n: usize) -> Option<u32> {
    let d = text.get(at..at + n)?;
    d.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// A fraction of a second (1 to 9 digits after the dot at `at`), as nanos,
/// and where the text goes on.
fn fraction(text: &[u8], at: usize) -> Option<(u32, usize)> {
    if text.get(at) != Some(&b'.') {
        return Some((0, at));
    }
    let n = text
        .get(at + 1..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n == 0 || n > 9 {
        return None;
    }
    let value = digits(text, at + 1, n)?;
    Some((value * 10u32.pow(9 - n as u32), at + 1 + n))
}

/// Parses RFC 3339 text (`Z` or an offset, up to 9 fractional digits).
pub(crate) fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    let year = digits(b, 0, 4)?;
    let ok = b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && b.get(10) == Some(&b'T')
        && b.get(13) == Some(&b':')
        && b.get(16) == Some(&b':');
    if !ok {
        return None;
    }
    let (month, day) = (digits(b, 5, 2)?, digits(b, 8, 2)?);
    let (hour, minute, second) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
    let year = i64::from(year);
    if year == 0
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let (nanos, at) = fraction(b, 19)?;
    let offset = match b.get(at..)? {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 5 && rest[2] == b':' => {
            let (h, m) = (digits(rest, 0, 2)?, digits(rest, 3, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let offset = i64::from(h * 3600 + m * 60);
            if *sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return None,
    };
    let seconds = days_from_civil(year, month, day) * 86_400
        + i64::from(hour * 3600 + minute * 60 + second)
        - offset;
    (MIN_TIMESTAMP..=MAX_TIMESTAMP)
        .contains(&seconds)
        .then_some(Timestamp {
            seconds,
            nanos: nanos as i32,
        })
}

/// A duration as `"-1.5s"` text, or why it has none.
pub(crate) fn duration_text(d: &Duration) -> Result<Short, JsonError> {
    if !(-MAX_DURATION..=MAX_DURATION).contains(&d.seconds)
        || !(-999_999_999..=999_999_999).contains(&d.nanos)
    {
        return Err(unrepresentable(format!(
            "duration {}s {}ns is outside ±315576000000.999999999s",
            d.seconds, d.nanos
        )));
    }
    if (d.seconds > 0 && d.nanos < 0) || (d.seconds < 0 && d.nanos > 0) {
        return Err(unrepresentable(format!(
            "duration {}s {}ns has seconds and nanos of different signs",
            d.seconds, d.nanos
        )));
    }
    let mut out = Short::new();
    if d.seconds < 0 || d.nanos < 0 {
        out.push(b'-');
    }
    out.digits(d.seconds.unsigned_abs(), 1);
    out.nanos(d.nanos.unsigned_abs());
    out.push(b's');
    Ok(out)
}

/// Parses `"-1.5s"` text (up to 9 fractional digits).
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let b = text.strip_suffix('s')?.as_bytes();
    let (negative, b) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > 12 {
        return None;
    }
    let seconds = b[..n]
        .iter()
        .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'));
    let (nanos, end) = fraction(b, n)?;
    if end != b.len() || seconds > MAX_DURATION {
        return None;
    }
    let nanos = nanos as i32;
    Some(if negative {
        Duration {
            seconds: -seconds,
            nanos: -nanos,
        }
    } else {
        Duration { seconds, nanos }
    })
}

/// Reads the string of a timestamp or duration.
fn read_text_value<T>(
    r: &mut JsonReader<'_>,
    what: &str,
    example: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, JsonError> {
    let start = r.position();
    if r.peek() != Some(b'"') {
        return Err(r.unexpected(&format!("{what} as a string such as \"{example}\"")));
    }
    let text = r.read_text()?;
    parse(r.text(&text)).ok_or_else(|| {
        let mut shown = String::new();
        crate::json::error::push_quoted(&mut shown, r.text(&text));
        r.error_at(
            start,
            JsonErrorKind::InvalidValue,
            format!("{shown} is not a valid {what} (expected text such as \"{example}\")"),
        )
    })
}

macro_rules! text_wkt {
    ($ty:ident, $name:literal, $what:literal, $example:literal, $text:ident, $parse:ident) => {
        impl JsonType for $ty {
            fn write_json(value: &$ty, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
                w.raw("\"");
                w.raw($text(value)?.as_str());
                w.raw("\"");
                Ok(())
            }
            fn read_json(r: &mut JsonReader<'_>, value: &mut $ty) -> Result<bool, JsonError> {
                *value = read_text_value(r, $what, $example, $parse)?;
                Ok(true)
            }
            fn view_is_default(view: &$ty) -> bool {
                view.seconds == 0 && view.nanos == 0
            }
            fn write_view_json(view: &$ty, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
                <$ty as JsonType>::write_json(view, w)
            }
            fn serialize_json<S: Serializer>(value: &$ty, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($text(value).map_err(serde::ser::Error::custom)?.as_str())
            }
        }

        impl JsonMessage for $ty {
            const TYPE_NAME: &'static str = $name;
            const ANY: AnyEntry = AnyEntry::well_known::<$ty>();
        }
    };
}

text_wkt!(
    Timestamp,
    "google.protobuf.Timestamp",
    "timestamp",
    "1972-01-01T10:00:20.021Z",
    timestamp_text,
    parse_timestamp
);
text_wkt!(
    Duration,
    "google.protobuf.Duration",
    "duration",
    "1.000340012s",
    duration_text,
    parse_duration
);

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(seconds: i64, nanos: i32) -> Timestamp {
        Timestamp { seconds, nanos }
    }

    #[test]
    fn timestamps_round_trip_with_0_3_6_or_9_digits() {
        for (t, text) in [
            (ts(0, 0), "1970-01-01T00:00:00Z"),
            (ts(0, 10_000_000), "1970-01-01T00:00:00.010Z"),
            (ts(0, 10_000), "1970-01-01T00:00:00.000010Z"),
            (ts(0, 10), "1970-01-01T00:00:00.000000010Z"),
            (ts(MIN_TIMESTAMP, 0), "0001-01-01T00:00:00Z"),
            (
                ts(MAX_TIMESTAMP, 999_999_999),
                "9999-12-31T23:59:59.999999999Z",
            ),
            (ts(1_736_942_400, 0), "2025-01-15T12:00:00Z"),
            (ts(-1, 500_000_000), "1969-12-31T23:59:59.500Z"),
            (ts(951_782_400, 0), "2000-02-29T00:00:00Z"),
        ] {
            assert_eq!(
                timestamp_text(&t).ok().as_ref().map(Short::as_str),
                Some(text)
            );
            assert_eq!(parse_timestamp(text), Some(t));
        }
    }

    #[test]
    fn timestamp_offsets_and_bad_text() {
        assert_eq!(parse_timestamp("1970-01-01T08:00:01+08:00"), Some(ts(1, 0)));
        assert_eq!(parse_timestamp("1969-12-31T16:00:01-08:00"), Some(ts(1, 0)));
        assert_eq!(
            parse_timestamp("1993-02-10T00:00:00.000Z"),
            Some(ts(729_302_400, 0))
        );
        for bad in [
            "0000-01-01T00:00:00Z",
            "10000-01-01T00:00:00Z",
            "0001-01-01T00:00:00",
            "0001-01-01 00:00:00Z",
            "0001-01-01T00:00:00z",
            "0001-01-01t00:00:00Z",
            "2001-02-29T00:00:00Z",
            "2001-13-01T00:00:00Z",
            "2001-01-01T24:00:00Z",
            "2001-01-01T00:00:00.Z",
            "2001-01-01T00:00:00.1234567890Z",
            "0001-01-01T00:00:00+00:01",
            "2001-01-01T00:00:00+0100",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
        assert!(timestamp_text(&ts(MIN_TIMESTAMP - 1, 0)).is_err());
        assert!(timestamp_text(&ts(MAX_TIMESTAMP + 1, 0)).is_err());
        assert!(timestamp_text(&ts(0, -1)).is_err());
    }

    #[test]
    fn durations() {
        let d = |seconds, nanos| Duration { seconds, nanos };
        for (v, text) in [
            (d(1, 340_012), "1.000340012s"),
            (d(1, 0), "1s"),
            (d(1, 10_000_000), "1.010s"),
            (d(-1, -500_000_000), "-1.500s"),
            (d(0, -500_000_000), "-0.500s"),
            (d(MAX_DURATION, 999_999_999), "315576000000.999999999s"),
            (d(-MAX_DURATION, -999_999_999), "-315576000000.999999999s"),
        ] {
            assert_eq!(
                duration_text(&v).ok().as_ref().map(Short::as_str),
                Some(text)
            );
            assert_eq!(parse_duration(text), Some(v));
        }
        assert_eq!(parse_duration("1.5s"), Some(d(1, 500_000_000)));
        for bad in [
            "1",
            "s",
            "-s",
            "1.s",
            "+1s",
            "315576000001s",
            "1.0000000001s",
            " 1s",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert!(duration_text(&d(MAX_DURATION + 1, 0)).is_err());
        assert!(duration_text(&d(1, -1)).is_err());
    }
}
