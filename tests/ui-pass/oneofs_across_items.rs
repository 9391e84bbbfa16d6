//! A message finds the oneofs it holds wherever their names resolve: imported
//! from another module, by a path, declared after the message, inside a
//! function, and beside a oneof of the same name in another module. And it
//! writes every field in field-number order, oneof variants at their own
//! numbers between the message's fields, as protoc's runtimes do.

#![deny(warnings)]

use leyline::prost::Message as _;
use leyline::Contract as _;

/// Oneofs declared away from the message holding them.
pub mod kinds {
    /// Numbered around the fields of `Interleaved`.
    #[leyline::oneof]
    pub enum Kind {
        #[leyline(field = 1)]
        Small(u32),
        #[leyline(field = 30)]
        Large(String),
    }

    /// A module with a oneof named like its parent's.
    pub mod deeper {
        /// Another `Kind`.
        #[leyline::oneof]
        pub enum Kind {
            #[leyline(field = 2)]
            Flag(bool),
            #[leyline(field = 4)]
            Count(u64),
        }
    }
}

use kinds::Kind;

/// Two oneofs whose numbers interleave with each other and with the fields.
#[leyline::message(package = "pass.v1")]
pub struct Interleaved {
    #[leyline(field = 5)]
    pub after: u32,
    #[leyline(oneof)]
    pub kind: Option<Kind>,
    #[leyline(oneof)]
    pub other: Option<kinds::deeper::Kind>,
    #[leyline(field = 3)]
    pub middle: u32,
}

/// A message declared before its oneof.
pub mod later {
    /// Holds `Choice`, declared below.
    #[leyline::message(package = "pass.v1")]
    pub struct Holder {
        #[leyline(oneof)]
        pub choice: Option<self::Choice>,
        #[leyline(field = 2)]
        pub plain: u32,
    }

    /// Declared after `Holder`.
    #[leyline::oneof]
    pub enum Choice {
        #[leyline(field = 1)]
        One(u32),
        #[leyline(field = 3)]
        Three(u32),
    }
}

fn main() {
    use kinds::deeper::Kind as Other;

    // 3: middle, 4: other, 5: after, 30: kind.
    let v = Interleaved {
        after: 7,
        kind: Some(Kind::Large("x".to_owned())),
        other: Some(Other::Count(9)),
        middle: 1,
    };
    assert_eq!(
        v.encode_to_vec(),
        [0x18, 1, 0x20, 9, 0x28, 7, 0xf2, 0x01, 1, b'x']
    );
    assert_eq!(Interleaved::decode_slice(&v.encode_to_vec()).ok(), Some(v));
    // 1: kind, 2: other, 3: middle, 5: after.
    let v = Interleaved {
        after: 7,
        kind: Some(Kind::Small(6)),
        other: Some(Other::Flag(true)),
        middle: 1,
    };
    assert_eq!(v.encode_to_vec(), [0x08, 6, 0x10, 1, 0x18, 1, 0x28, 7]);
    assert_eq!(v.encoded_len(), 8);

    let h = later::Holder {
        choice: Some(later::Choice::Three(4)),
        plain: 5,
    };
    assert_eq!(h.encode_to_vec(), [0x10, 5, 0x18, 4]);

    /// A message inside a function, holding a oneof declared after it.
    #[leyline::message(package = "pass.v1")]
    struct Local {
        #[leyline(oneof)]
        pick: Option<Pick>,
        #[leyline(field = 2)]
        n: u32,
    }

    /// Declared after `Local`.
    #[leyline::oneof]
    enum Pick {
        #[leyline(field = 1)]
        One(u32),
        #[leyline(field = 3)]
        Three(u32),
    }

    let l = Local {
        pick: Some(Pick::One(8)),
        n: 2,
    };
    assert_eq!(l.encode_to_vec(), [0x08, 8, 0x10, 2]);
    let l = Local {
        pick: Some(Pick::Three(8)),
        n: 2,
    };
    assert_eq!(l.encode_to_vec(), [0x10, 2, 0x18, 8]);
    assert_eq!(Local::decode_slice(&l.encode_to_vec()).map(|d| d.n).ok(), Some(2));
}
