//! `leyline-conformance`: the testee binary that `conformance_test_runner` starts.

use std::io::{self, BufReader, BufWriter};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    match leyline_conformance::serve(&mut input, &mut output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("leyline-conformance: {e}");
            ExitCode::FAILURE
        }
    }
}
