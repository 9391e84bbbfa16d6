//! What the `open` fuzz target checks: [`leyline::seal::open`] never panics
//! on any input, and nothing opens without the key.
//!
//! Each input is opened twice, under a fixed policy (a clock at the fixture
//! time, so that sealed seeds are fresh):
//! - with the right keyring (id `fuzz`, [`OPEN_KEY`]): any result but a panic;
//!   the seeds in `fuzz/seeds/open/` are frames sealed with this key, so the
//!   fuzzer starts from frames that open and mutates them;
//! - with a keyring holding the same id under another key: always refused,
//!   and refused before anything inside the frame is decoded.
//!
//! Also the legacy signature check: the first byte splits the input into a
//! "signature" and a payload, which never verify under the wrong key.

use std::sync::OnceLock;
use std::time::{Duration, UNIX_EPOCH};

use leyline::contracts::fixtures::FIXTURE_TIME;
use leyline::seal::{open, verify_legacy, Keyring, ManualWallClock, OpenPolicy};

/// The key id of the fuzz keyring.
pub const OPEN_KEY_ID: &str = "fuzz";
/// The key that seals the seeds. Public on purpose: it guards nothing.
pub const OPEN_KEY: &[u8] = b"leyline fuzz target key, public on purpose";
/// Another key under the same id.
pub const WRONG_KEY: &[u8] = b"not the key of the fuzz seeds, same length";

/// The keyring that sealed the seeds.
pub fn right_keyring() -> &'static Keyring {
    static RING: OnceLock<Keyring> = OnceLock::new();
    RING.get_or_init(|| Keyring::new(OPEN_KEY_ID, OPEN_KEY).expect("a valid key"))
}

fn wrong_keyring() -> &'static Keyring {
    static RING: OnceLock<Keyring> = OnceLock::new();
    RING.get_or_init(|| Keyring::new(OPEN_KEY_ID, WRONG_KEY).expect("a valid key"))
}

/// A fresh policy whose clock shows the fixtures' time.
pub fn policy() -> OpenPolicy<ManualWallClock> {
    let now = UNIX_EPOCH + Duration::from_secs(FIXTURE_TIME.seconds as u64);
    OpenPolicy::new().with_clock(ManualWallClock::at(now))
}

/// Runs the checks on one input; returns whether it opened with the right key.
pub fn check_open(data: &[u8]) -> bool {
    let opened = open(data, right_keyring(), &policy());
    if let Err(err) = &opened {
        let _ = err.to_string();
    }
    match open(data, wrong_keyring(), &policy()) {
        Ok(envelope) => panic!("opened without the key: {envelope:?}"),
        Err(err) => assert!(
            err.is_before_tag(),
            "refused only after the tag, under the wrong key: {err}"
        ),
    }
    if let Some((&first, rest)) = data.split_first() {
        let (signature, payload) = rest.split_at(usize::from(first).min(rest.len()));
        if let Ok(signature) = std::str::from_utf8(signature) {
            assert!(verify_legacy(payload, signature, wrong_keyring()).is_err());
        }
    }
    opened.is_ok()
}
