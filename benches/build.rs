//! Generates the prost side of the benchmarks: `proto/` compiled with protox
//! (pure Rust, no system protoc) and turned into Rust by prost-build with its
//! defaults (maps as `std::collections::HashMap`), which is what a prost user gets.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    let fds = protox::compile(["esper/bench/v1/contracts.proto"], ["proto"])?;
    prost_build::Config::new().compile_fds(fds)?;
    Ok(())
}
