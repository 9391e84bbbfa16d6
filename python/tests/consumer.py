"""A subsystem that consumes the contracts, type-checked by ``mypy --strict``
against the stubs the package ships (``.ci/run``)."""

from esper.leyline.contracts import SeedLifecycleStage, SeedState, SystemStatePacket


def packet_for_epoch(epoch: int, losses: dict[str, float]) -> SystemStatePacket:
    packet = SystemStatePacket(current_epoch=epoch, experiment_name="dendrite")
    packet.training_metrics.update(losses)
    seed: SeedState = packet.seed_states.add()
    seed.seed_id = f"seed-{epoch}"
    seed.stage = SeedLifecycleStage.SEED_STAGE_TRAINING
    assert SeedLifecycleStage.Name(seed.stage) == "SEED_STAGE_TRAINING"
    return packet


def received(data: bytes) -> tuple[int, list[str]]:
    packet = SystemStatePacket.FromString(data)
    return packet.current_epoch, [seed.seed_id for seed in packet.seed_states]


if __name__ == "__main__":
    epoch, seeds = received(packet_for_epoch(3, {"loss": 0.25}).SerializeToString())
    assert (epoch, seeds) == (3, ["seed-3"])
