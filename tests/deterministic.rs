//! `Contract::encode_deterministic` writes map entries in key order at every
//! level, whatever the maps' size: maps of up to 16 entries are sorted on the
//! stack and larger ones in a `Vec`, so sizes on both sides of that line are
//! checked here. The oracle is the same contract declared with `BTreeMap`s
//! (which iterate in key order): its ordinary encoding must be byte-identical
//! to the deterministic encoding of the `HashMap` contract holding the same
//! entries, and `HashMap`s filled in another order (another capacity, so
//! another iteration order) must encode to the same bytes.

use std::collections::{BTreeMap, HashMap};

use leyline::prost::Message as _;
use leyline::Contract;
use proptest::prelude::*;

#[leyline::message(package = "leyline.test.det.v1")]
pub struct Inner {
    #[leyline(field = 1)]
    pub name: String,
    #[leyline(field = 2)]
    pub tags: HashMap<String, u32>,
}

#[leyline::message(package = "leyline.test.det.v1")]
pub struct Hashed {
    #[leyline(field = 1)]
    pub labels: HashMap<String, String>,
    #[leyline(field = 2)]
    pub nested: HashMap<u32, Inner>,
    #[leyline(field = 3)]
    pub after: u64,
}

#[leyline::message(package = "leyline.test.det.v1")]
pub struct InnerSorted {
    #[leyline(field = 1)]
    pub name: String,
    #[leyline(field = 2)]
    pub tags: BTreeMap<String, u32>,
}

#[leyline::message(package = "leyline.test.det.v1")]
pub struct Sorted {
    #[leyline(field = 1)]
    pub labels: BTreeMap<String, String>,
    #[leyline(field = 2)]
    pub nested: BTreeMap<u32, InnerSorted>,
    #[leyline(field = 3)]
    pub after: u64,
}

type Data = (
    Vec<(String, String)>,
    Vec<(u32, String, Vec<(String, u32)>)>,
    u64,
);

/// The `HashMap` contract holding `data`, its maps filled in order, or in
/// reverse order into maps with room for many more entries (so that they
/// iterate in another order).
fn hashed((labels, nested, after): &Data, reversed: bool) -> Hashed {
    fn fill<K: std::hash::Hash + Eq, V>(
        entries: impl DoubleEndedIterator<Item = (K, V)>,
        reversed: bool,
    ) -> HashMap<K, V> {
        if reversed {
            let mut map = HashMap::with_capacity(1000);
            map.extend(entries.rev());
            map
        } else {
            entries.collect()
        }
    }
    Hashed {
        labels: fill(labels.iter().cloned(), reversed),
        nested: fill(
            nested.iter().map(|(k, name, tags)| {
                let inner = Inner {
                    name: name.clone(),
                    tags: fill(tags.iter().cloned(), reversed),
                };
                (*k, inner)
            }),
            reversed,
        ),
        after: *after,
    }
}

fn sorted((labels, nested, after): &Data) -> Sorted {
    Sorted {
        labels: labels.iter().cloned().collect(),
        nested: nested
            .iter()
            .map(|(k, name, tags)| {
                let inner = InnerSorted {
                    name: name.clone(),
                    tags: tags.iter().cloned().collect(),
                };
                (*k, inner)
            })
            .collect(),
        after: *after,
    }
}

fn check(data: &Data) -> Result<(), TestCaseError> {
    let expected = sorted(data).encode_to_vec();
    let forward = hashed(data, false);
    let backward = hashed(data, true);
    prop_assert_eq!(&forward, &backward);
    let det = forward.encode_deterministic();
    prop_assert_eq!(det.len(), forward.encoded_len());
    prop_assert_eq!(
        &det,
        &expected,
        "the deterministic encoding is not in key order"
    );
    prop_assert_eq!(backward.encode_deterministic(), det.clone());
    let mut into = vec![0xAA];
    backward.encode_deterministic_into(&mut into);
    prop_assert_eq!(&into[1..], &det[..]);
    let back = Hashed::decode_slice(&det).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(back, forward);
    Ok(())
}

/// Distinct keys: a map holds each once (the oracle's `BTreeMap` too). String
/// keys are short and long, often share their first eight bytes (which the
/// sort compares first) and hold NULs (the padding of a short key's prefix).
fn data(max: usize) -> impl Strategy<Value = Data> {
    (
        prop::collection::btree_map("[ab]{0,11}", "[a-z]{0,3}", 0..max),
        prop::collection::btree_map(
            any::<u32>(),
            (
                "[a-z]{0,4}",
                prop::collection::btree_map("[\\x00ab]{0,10}", any::<u32>(), 0..max),
            ),
            0..max,
        ),
        any::<u64>(),
    )
        .prop_map(|(labels, nested, after)| {
            (
                labels.into_iter().collect(),
                nested
                    .into_iter()
                    .map(|(k, (name, tags))| (k, name, tags.into_iter().collect()))
                    .collect(),
                after,
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn deterministic_encoding_is_key_order_at_every_size(d in data(40)) {
        check(&d)?;
    }
}

/// Maps of exactly 0, 1, 15, 16, 17 and 100 entries, at both levels: either
/// side of where the sort moves from the stack to the heap.
#[test]
fn deterministic_encoding_at_the_stack_limit() {
    for n in [0usize, 1, 15, 16, 17, 100] {
        // Keys that tie on their first eight bytes, NULs, and the empty key.
        let labels = ["", "a", "a\0", "a\0\0", "\0", "a\0\0\0\0\0\0\0\0"]
            .map(|k| (k.to_owned(), k.to_owned()))
            .into_iter()
            .chain((0..n).map(|i| (format!("key-long-{:03}", (i * 37) % 101), i.to_string())))
            .take(n)
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect();
        let nested = (0..n as u32)
            .map(|i| {
                let tags = (0..n as u32)
                    .map(|j| (format!("t{}", j * 7 % 23), j))
                    .collect::<BTreeMap<_, _>>();
                (
                    i.wrapping_mul(2_654_435_761),
                    format!("n{i}"),
                    tags.into_iter().collect(),
                )
            })
            .collect();
        let d: Data = (labels, nested, n as u64);
        check(&d).unwrap_or_else(|e| panic!("{n} entries: {e}"));
    }
}
