//! `Contract::check_depth` along every route a message can nest by: a boxed
//! field, a map value, a repeated field, a oneof variant, and groups kept
//! among unknown fields. On each, the check accepts a value exactly when its
//! encoding decodes under the same recursion limit (the documented
//! promise), and `encode_checked` refuses what the default limit refuses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use leyline::prost::Message as _;
use leyline::wire::DEFAULT_RECURSION_LIMIT;
use leyline::{Contract, DecodeErrorKind, EncodeErrorKind};

#[leyline::oneof]
pub enum Pick {
    #[leyline(field = 4)]
    Deep(Box<Node>),
    #[leyline(field = 5)]
    Flat(u32),
}

#[leyline::message(package = "leyline.cov.v1")]
pub struct Node {
    #[leyline(field = 1)]
    pub child: Option<Box<Node>>,
    #[leyline(field = 2)]
    pub kids: BTreeMap<String, Node>,
    #[leyline(field = 3)]
    pub list: Vec<Node>,
    #[leyline(field = 6)]
    pub label: u32,
    #[leyline(oneof)]
    pub pick: Option<Pick>,
    #[leyline(unknown_fields)]
    pub unknown: leyline::UnknownFields,
}

/// `levels` messages below the top one, nested by `wrap`.
fn chain(levels: usize, wrap: fn(Node) -> Node) -> Node {
    let mut node = Node {
        label: 1,
        ..Node::default()
    };
    for _ in 0..levels {
        node = wrap(node);
    }
    node
}

fn by_child(n: Node) -> Node {
    Node {
        child: Some(Box::new(n)),
        ..Node::default()
    }
}
fn by_map(n: Node) -> Node {
    Node {
        kids: BTreeMap::from([("k".to_owned(), n)]),
        ..Node::default()
    }
}
fn by_list(n: Node) -> Node {
    Node {
        list: vec![Node::default(), n],
        ..Node::default()
    }
}
fn by_oneof(n: Node) -> Node {
    Node {
        pick: Some(Pick::Deep(Box::new(n))),
        ..Node::default()
    }
}

/// The check agrees with the decoder at every limit around the depth.
fn agrees_with_decode(node: &Node, levels: u32) {
    let bytes = node.encode_to_vec();
    for limit in levels.saturating_sub(2)..levels + 2 {
        let checked = node.check_depth(limit);
        let decoded = Node::decode_slice_with_limit(&bytes, limit);
        assert_eq!(
            checked.is_ok(),
            decoded.is_ok(),
            "limit {limit}, depth {levels}: {checked:?} vs {decoded:?}"
        );
        assert_eq!(
            checked.is_ok(),
            limit >= levels,
            "limit {limit}, depth {levels}"
        );
        if let Err(e) = checked {
            assert_eq!(*e.kind(), EncodeErrorKind::RecursionLimit);
            assert_eq!(
                *decoded.unwrap_err().kind(),
                DecodeErrorKind::RecursionLimit
            );
        }
    }
}

#[test]
fn every_route_is_counted_as_the_decoder_counts_it() {
    for (route, wrap) in [
        ("child", by_child as fn(Node) -> Node),
        ("map", by_map),
        ("list", by_list),
        ("oneof", by_oneof),
    ] {
        for levels in [1u32, 2, 7] {
            let node = chain(levels as usize, wrap);
            agrees_with_decode(&node, levels);
            let err = node.check_depth(levels - 1).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("failed to encode protobuf message: Node."),
                "{route}: {err}"
            );
        }
    }
}

#[test]
fn default_values_and_scalar_variants_do_not_nest() {
    // A map entry whose value is the default message, and a scalar variant,
    // add no level.
    let node = Node {
        kids: BTreeMap::from([("empty".to_owned(), Node::default())]),
        pick: Some(Pick::Flat(3)),
        ..Node::default()
    };
    assert!(node.check_depth(0).is_ok());
    assert!(Node::decode_slice_with_limit(&node.encode_to_vec(), 0).is_ok());
}

#[test]
fn encode_checked_refuses_past_the_default_limit() {
    let limit = DEFAULT_RECURSION_LIMIT as usize;
    let fine = chain(limit, by_oneof);
    let bytes = fine.encode_to_vec_checked().unwrap();
    assert_eq!(Node::decode_slice(&bytes).unwrap(), fine);
    let deep = chain(limit + 1, by_child);
    let mut buf = Vec::new();
    let err = deep.encode_checked(&mut buf).unwrap_err();
    assert_eq!(*err.kind(), EncodeErrorKind::RecursionLimit);
    assert!(buf.is_empty(), "nothing is written");
}

/// Field 15 as `levels` groups nested in each other (kept as unknown).
fn nested_groups(levels: usize) -> Vec<u8> {
    let mut bytes = vec![(15 << 3) | 3; levels];
    bytes.extend(std::iter::repeat_n((15 << 3) | 4, levels));
    bytes
}

#[test]
fn groups_kept_as_unknown_fields_count_as_levels() {
    for levels in [1usize, 3, 10] {
        let bytes = nested_groups(levels);
        let node = Node::decode_slice(&bytes).unwrap();
        assert_eq!(node.unknown.as_bytes(), bytes.as_slice());
        assert_eq!(node.unknown.numbers(), [15]);
        for limit in 0..levels as u32 + 2 {
            assert_eq!(
                node.check_depth(limit).is_ok(),
                Node::decode_slice_with_limit(&bytes, limit).is_ok(),
                "{levels} groups, limit {limit}"
            );
        }
        assert!(node.check_depth(levels as u32).is_ok());
        assert!(node.check_depth(levels as u32 - 1).is_err());
    }
}

#[test]
fn nested_maps_of_messages_at_the_limit_encode() {
    // Each level asks whether its map value is the default message; that
    // question once measured the whole value below, which made the length
    // pass exponential in the depth (2^100 steps here).
    let limit = DEFAULT_RECURSION_LIMIT as usize;
    let fine = chain(limit, by_map);
    let bytes = fine.encode_to_vec_checked().unwrap();
    assert_eq!(Node::decode_slice(&bytes).unwrap(), fine);
    assert_eq!(bytes.len(), fine.encoded_len());
    let deep = chain(limit + 1, by_map);
    let err = deep.encode_to_vec_checked().unwrap_err();
    assert_eq!(*err.kind(), EncodeErrorKind::RecursionLimit);
    assert_eq!(deep.encode_to_vec().len(), deep.encoded_len());
}
