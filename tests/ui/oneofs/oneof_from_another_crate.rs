//! A oneof is declared in the crate of the message holding it: its callback
//! macro (which the message calls for the variants' numbers) cannot be
//! exported from a crate.

#[leyline::message(package = "ui.v1")]
pub struct Command {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(oneof)]
    pub payload: Option<leyline::contracts::AdaptationPayload>,
}

fn main() {}
