"""Code that the stubs must reject: ``test_typing.py`` runs ``mypy --strict``
on it and expects exactly these errors, so the stubs are proven to be used."""

from esper.leyline.contracts import SystemStatePacket

packet = SystemStatePacket(current_epoch="three")  # wrong type: arg-type
packet.no_such_field = 1  # not a field: attr-defined
epoch: str = packet.current_epoch  # an int: assignment
