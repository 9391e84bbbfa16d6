//! Generates the prost side of the benchmarks from the checked-in export
//! (`proto-out/`, the `.proto` files non-Rust consumers get): compiled with
//! protox (pure Rust, no system protoc) and turned into Rust by prost-build with
//! its defaults, which is what a prost user gets. Maps are
//! `std::collections::HashMap`, as the Esper contracts declare theirs.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=../proto-out");
    let fds = protox::compile(["esper/leyline/v1/leyline.proto"], ["../proto-out"])?;
    prost_build::Config::new().compile_fds(fds)?;
    Ok(())
}
