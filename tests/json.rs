#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use leyline::contracts::fixtures;

#[test]
fn smoke() {
    let p = fixtures::system_state_packet_seed_metrics();
    let s = leyline::json::to_string(&p).unwrap();
    println!("{s}");
    let back: leyline::contracts::SystemStatePacket = leyline::json::from_str(&s).unwrap();
    assert_eq!(back, p);
    let c = fixtures::adaptation_command();
    println!("{}", leyline::json::to_string(&c).unwrap());
    let e = fixtures::event_envelope();
    println!("{}", leyline::json::to_string(&e).unwrap());
}
