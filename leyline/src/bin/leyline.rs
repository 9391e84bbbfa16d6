//! `leyline`: export the Esper contracts, decode and encode messages, and guard schema
//! evolution; [`leyline::cli`] over [`leyline::contracts::exporter`].
//!
//! ```text
//! leyline export --out proto-out [--descriptor-set FILE] [--check]
//! leyline decode --type esper.leyline.v1.SystemStatePacket [--input FILE] [--format protobuf] < msg.bin
//! leyline decode --type SystemStatePacket --json [--proto-names] [--emit-defaults] < msg.bin
//! leyline encode --type SystemStatePacket [--input FILE] [--ignore-unknown-fields] < msg.json > msg.bin
//! leyline check --against proto-out
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    leyline::cli::Cli::new(leyline::contracts::exporter())
        .name("leyline")
        .about("Leyline: the Esper message contracts, as code.")
        .version(env!("CARGO_PKG_VERSION"))
        .main()
}
