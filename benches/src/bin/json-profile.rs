//! Runs one JSON operation of one case in a loop, for profiling:
//! `json-profile <case> <op> <side> [seconds]`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases = match leyline_benches::json::JsonCases::new() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let get = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    if get(1) == "compare" {
        // json-profile compare <case> <op> <side a> <side b> [batches]
        let batches = get(6).parse().unwrap_or(31);
        match cases.compare(get(2), get(3), get(4), get(5), batches) {
            Some((a, b)) => println!(
                "{} {}: {} {:.0} ns, {} {:.0} ns, ratio {:.2}",
                get(2),
                get(3),
                get(4),
                a,
                get(5),
                b,
                a / b
            ),
            None => std::process::exit(2),
        }
        return;
    }
    let seconds: f64 = get(4).parse().unwrap_or(5.0);
    if !cases.profile(get(1), get(2), get(3), seconds) {
        eprintln!("usage: json-profile <case> <json_encode|json_decode|view_json> <leyline|leyline_serde|pbjson|buffa> [seconds]");
        std::process::exit(2);
    }
}
