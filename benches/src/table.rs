//! The performance table of the README: every case, every operation, the
//! three libraries timed in the same run (`crate::timing`), with allocation
//! counts and each goal of issue 14 marked met or missed.
//!
//! | row | leyline | prost | buffa |
//! |---|---|---|---|
//! | encode | `encode_to_vec()` | `encode_to_vec()` | `encode_to_vec()` |
//! | encode, deterministic | `encode_deterministic()` | `encode_to_vec()` | `encode_to_vec()` |
//! | encode into a reused buffer | `Contract::encode_into` | `Message::encode` | `Message::encode` |
//! | the same through `prost::Message::encode` | `prost::Message::encode` | (as above) | (as above) |
//! | decode | `Contract::decode_slice` | `Message::decode` | `Message::decode_from_slice` |
//! | decode (view) | `Contract::decode_view` | owned decode | `decode_view` |
//! | view + read every field | view, then every field and element | owned decode, then the same | view, then the same |

use crate::case::{Allocs, AnyCase};
use crate::timing::{fmt_ns, medians, Runner};

/// A ratio goal: leyline's median over another cell's must not exceed `max`.
#[derive(Debug, Clone, Copy)]
pub struct Goal {
    /// Against which column: 1 prost, 2 buffa; 0 means leyline's own
    /// reference cell (`Row::reference`).
    pub against: usize,
    pub max: f64,
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    pub case: &'static str,
    pub title: &'static str,
    pub bytes: usize,
    pub op: &'static str,
    /// Median ns per call: leyline, prost, buffa (`None`: not measured).
    pub ns: [Option<f64>; 3],
    pub allocs: Allocs,
    /// Leyline's reference cell for goals `against: 0` (name, ns).
    pub reference: Option<(&'static str, f64)>,
    pub goals: Vec<Goal>,
}

impl Row {
    /// The ratio of leyline's median to column `against`'s.
    pub fn ratio(&self, against: usize) -> Option<f64> {
        let l = self.ns[0]?;
        let other = if against == 0 {
            self.reference?.1
        } else {
            self.ns[against]?
        };
        Some(l / other)
    }

    /// Each goal with its ratio and whether it is met.
    pub fn verdicts(&self) -> Vec<(Goal, Option<f64>, bool)> {
        self.goals
            .iter()
            .map(|g| {
                let r = self.ratio(g.against);
                (*g, r, r.is_some_and(|r| r <= g.max))
            })
            .collect()
    }
}

const ENCODE: [(&str, &str); 4] = [
    ("encode", "leyline"),
    ("encode", "prost"),
    ("encode", "buffa"),
    ("deterministic", "leyline"),
];
const INTO: [(&str, &str); 4] = [
    ("into", "leyline"),
    ("prostapi", "leyline"),
    ("into", "prost"),
    ("into", "buffa"),
];
const DECODE: [(&str, &str); 5] = [
    ("decode", "leyline"),
    ("decode", "prost"),
    ("decode", "buffa"),
    ("view", "leyline"),
    ("view", "buffa"),
];
const READ: [(&str, &str); 3] = [("read", "leyline"), ("read", "prost"), ("read", "buffa")];

/// Times one group of cells, interleaved.
fn group(case: &dyn AnyCase, cells: &[(&str, &str)], batches: usize) -> Vec<f64> {
    let mut runners: Vec<Runner<'_>> = cells
        .iter()
        .filter_map(|(op, side)| case.runner(op, side))
        .collect();
    medians(&mut runners, batches)
}

fn goal(against: usize, max: f64) -> Goal {
    Goal { against, max }
}

/// Measures every row of one case.
pub fn rows(case: &dyn AnyCase, batches: usize) -> Vec<Row> {
    let row = |op, ns, allocs, reference, goals| Row {
        case: case.name(),
        title: case.title(),
        bytes: case.len(),
        op,
        ns,
        allocs,
        reference,
        goals,
    };
    let e = group(case, &ENCODE, batches);
    let i = group(case, &INTO, batches);
    let d = group(case, &DECODE, batches);
    let r = group(case, &READ, batches);
    let view_allocs = case.allocations("view");
    let decode_allocs = case.allocations("decode");
    let into_allocs = case.allocations("into");
    vec![
        row(
            "encode",
            [Some(e[0]), Some(e[1]), Some(e[2])],
            case.allocations("encode"),
            None,
            vec![goal(1, 0.5), goal(2, 0.8)],
        ),
        row(
            "encode, deterministic",
            [Some(e[3]), Some(e[1]), Some(e[2])],
            [
                case.allocations("deterministic")[0],
                case.allocations("encode")[1],
                case.allocations("encode")[2],
            ],
            Some(("leyline encode", e[0])),
            vec![goal(1, 0.7), goal(0, f64::INFINITY)],
        ),
        row(
            "encode into a reused buffer",
            [Some(i[0]), Some(i[2]), Some(i[3])],
            into_allocs,
            None,
            vec![goal(1, 0.5), goal(2, 0.8)],
        ),
        row(
            "the same through prost::Message::encode",
            [Some(i[1]), Some(i[2]), Some(i[3])],
            [
                case.allocations("prostapi")[0],
                into_allocs[1],
                into_allocs[2],
            ],
            Some(("leyline encode_into", i[0])),
            vec![goal(0, 1.05), goal(1, 0.5), goal(2, 0.8)],
        ),
        row(
            "decode",
            [Some(d[0]), Some(d[1]), Some(d[2])],
            decode_allocs,
            None,
            vec![goal(1, 0.7), goal(2, 0.9)],
        ),
        row(
            "decode (view; prost: owned)",
            [Some(d[3]), Some(d[1]), Some(d[4])],
            [view_allocs[0], decode_allocs[1], view_allocs[2]],
            None,
            vec![goal(1, 0.2), goal(2, 0.5)],
        ),
        row(
            "view + read every field (prost: owned decode + reads)",
            [Some(r[0]), Some(r[1]), Some(r[2])],
            case.allocations("read"),
            None,
            vec![goal(1, 0.5), goal(2, 1.0)],
        ),
    ]
}

fn show(n: Option<u64>) -> String {
    n.map_or_else(|| "-".to_owned(), |n| n.to_string())
}

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}"))
}

fn against_name(row: &Row, g: &Goal) -> String {
    match g.against {
        1 => "prost".to_owned(),
        2 => "buffa".to_owned(),
        _ => row.reference.map_or("?", |(n, _)| n).to_owned(),
    }
}

/// Prints rows as a Markdown table.
pub fn print(rows: &[Row]) {
    println!(
        "| case | bytes | op | leyline | prost | buffa | ×prost | ×buffa | allocs leyline / prost / buffa | goals | met |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|");
    let mut last = "";
    for r in rows {
        let (title, bytes) = if r.case == last {
            (String::new(), String::new())
        } else {
            (r.title.to_owned(), r.bytes.to_string())
        };
        last = r.case;
        let cell = |i: usize| r.ns[i].map_or_else(|| "-".to_owned(), fmt_ns);
        let verdicts = r.verdicts();
        let goals: Vec<String> = verdicts
            .iter()
            .map(|(g, got, _)| {
                let got = got.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
                if g.max.is_finite() {
                    format!("≤ {} × {} ({got})", g.max, against_name(r, g))
                } else {
                    format!("{got} × {}", against_name(r, g))
                }
            })
            .collect();
        let missed: Vec<String> = verdicts
            .iter()
            .filter(|(_, _, met)| !met)
            .map(|(g, _, _)| against_name(r, g))
            .collect();
        let met = if missed.is_empty() {
            "met".to_owned()
        } else {
            format!("missed ({})", missed.join(", "))
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} / {} / {} | {} | {} |",
            title,
            bytes,
            r.op,
            cell(0),
            cell(1),
            cell(2),
            ratio(r.ratio(1)),
            ratio(r.ratio(2)),
            show(r.allocs[0]),
            show(r.allocs[1]),
            show(r.allocs[2]),
            goals.join("; "),
            met
        );
    }
}
