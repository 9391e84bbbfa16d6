//! Examples of Leyline contracts; run them with `cargo run --example NAME`:
//!
//! - `training_loop`: the training loop (Tolaria) publishes a SystemStatePacket
//!   in an EventEnvelope at every epoch; a consumer unpacks it.
//! - `controller`: the controller (Tamiyo) reads the state and answers with an
//!   AdaptationCommand; the executor (Kasmina) carries it out and reports back.
//! - `pruning`: a structured pruning request (Emrakul) and its response (Elesh),
//!   with bit-packed masks, over the bus and back.
