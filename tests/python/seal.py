"""Python half of the sealed-envelope interop test (driven by tests/seal_python.rs).

    python seal.py --generated DIR --proto FILE --work DIR

Implements sealing and opening of ``esper.leyline.v1.SealedFrame`` from the
comments of the exported ``.proto`` alone, with the standard library's
``hmac``, ``hashlib`` and ``base64`` and the classes ``protoc --python_out``
generated (DIR, --generated). In the work directory (--work):

- ``keys.tsv``: ``key_id<TAB>hex key``, the keys this consumer accepts;
- ``rust_frames.tsv``: ``name<TAB>expected key id``; ``<name>.frame`` is a
  frame Rust sealed and ``<name>.envelope`` the envelope's plain encoding.
  Each must open, name the expected key, and hold an envelope equal to the
  plain one;
- ``tampered.tsv``: ``name<TAB>reason``; each ``<name>.frame`` must be refused
  for that reason;
- ``python_specs.tsv``: envelopes to build here and seal with the named key,
  written to ``<name>.python.frame`` for Rust to open;
- ``legacy.tsv``: ``name<TAB>base64 signature`` of ``<name>.payload``, made by
  Rust with the current key; each must verify here. Python signs each payload
  too, into ``legacy_python.tsv``.

It also checks the test vector printed in the comments. It exits non-zero on
any mismatch.
"""

import argparse
import base64
import hashlib
import hmac
import re
import sys
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--generated", required=True, type=Path)
parser.add_argument("--proto", required=True, type=Path)
parser.add_argument("--work", required=True, type=Path)
ARGS = parser.parse_args()
sys.dont_write_bytecode = True
sys.path.insert(0, str(ARGS.generated))

from google.protobuf import duration_pb2, timestamp_pb2  # noqa: E402
from google.protobuf.message import DecodeError  # noqa: E402
from google.protobuf.unknown_fields import UnknownFieldSet  # noqa: E402

from esper.leyline.v1 import leyline_pb2 as pb  # noqa: E402

# --- The format, as the SealedFrame comments state it.

DOMAIN = b"esper.leyline.v1.SealedFrame"
VERSION = 1
KEY_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def tagged_bytes(key_id, envelope):
    i = key_id.encode("utf-8")
    return (
        DOMAIN
        + b"\x00"
        + VERSION.to_bytes(4, "big")
        + len(i).to_bytes(4, "big")
        + i
        + len(envelope).to_bytes(8, "big")
        + envelope
    )


def tag_of(key, key_id, envelope):
    return hmac.new(key, tagged_bytes(key_id, envelope), hashlib.sha256).digest()


def seal(envelope, key_id, key):
    e = envelope.SerializeToString()
    frame = pb.SealedFrame(version=VERSION, key_id=key_id, envelope=e, tag=tag_of(key, key_id, e))
    return frame.SerializeToString()


class Refused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def open_frame(data, keys):
    """Steps 1 to 4 of the comments: returns (key id, EventEnvelope)."""
    frame = pb.SealedFrame()
    try:
        frame.ParseFromString(data)
    except DecodeError:
        raise Refused("malformed")
    if frame.version != VERSION:
        raise Refused("version")
    if not KEY_ID.fullmatch(frame.key_id):
        raise Refused("key_id")
    if len(frame.tag) != 32:
        raise Refused("tag_length")
    if len(UnknownFieldSet(frame)) > 0:
        raise Refused("unknown_fields")
    key = keys.get(frame.key_id)
    if key is None:
        raise Refused("unknown_key_id")
    if not hmac.compare_digest(tag_of(key, frame.key_id, frame.envelope), frame.tag):
        raise Refused("bad_tag")
    return frame.key_id, pb.EventEnvelope.FromString(frame.envelope)


# --- The legacy convention: base64 HMAC-SHA256 of the payload.


def legacy_sign(payload, key):
    return base64.b64encode(hmac.new(key, payload, hashlib.sha256).digest()).decode("ascii")


def legacy_verify(payload, signature, key):
    expected = hmac.new(key, payload, hashlib.sha256).digest()
    return hmac.compare_digest(expected, base64.b64decode(signature, validate=True))


# --- The checks.


def rows(name):
    text = (ARGS.work / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line]


def check_test_vector(failures):
    """The comments give a test vector; this implementation must reproduce it."""
    comments = ARGS.proto.read_text(encoding="utf-8")
    start = comments.index("// Test vector:")
    block = " ".join(
        line.lstrip("/ ").strip()
        for line in comments[start:].splitlines()
        if line.startswith("//")
    )
    found = re.search(r"then tag = ((?:[0-9a-f]{2} ){31}[0-9a-f]{2})\.", block)
    if not found:
        failures.append("no test vector found in the SealedFrame comments")
        return
    documented = bytes.fromhex(found.group(1).replace(" ", ""))
    ours = tag_of(bytes(range(32)), "test-key", b"hello")
    if ours != documented:
        failures.append(f"test vector: documented {documented.hex()}, computed {ours.hex()}")


def main():
    failures = []
    check_test_vector(failures)
    keys = {key_id: bytes.fromhex(key) for key_id, key in rows("keys.tsv")}

    opened = 0
    for name, key_id in rows("rust_frames.tsv"):
        try:
            got_key, envelope = open_frame((ARGS.work / f"{name}.frame").read_bytes(), keys)
        except Refused as refused:
            failures.append(f"{name}: a frame Rust sealed was refused ({refused.reason})")
            continue
        want = pb.EventEnvelope.FromString((ARGS.work / f"{name}.envelope").read_bytes())
        if got_key != key_id:
            failures.append(f"{name}: sealed with {got_key}, expected {key_id}")
        if envelope != want:
            failures.append(f"{name}: the envelope differs:\n{envelope}\nexpected\n{want}")
        opened += 1

    refused = 0
    for name, reason in rows("tampered.tsv"):
        try:
            open_frame((ARGS.work / f"{name}.frame").read_bytes(), keys)
            failures.append(f"{name}: a tampered frame opened")
        except Refused as err:
            if err.reason != reason:
                failures.append(f"{name}: refused for {err.reason}, expected {reason}")
            refused += 1

    sealed = 0
    for spec in rows("python_specs.tsv"):
        (name, key_id, event_id, seconds, nanos, ttl, source, payload, attempts,
         attempt, routing) = spec
        envelope = pb.EventEnvelope(
            event_id=event_id,
            event_type="training.state",
            source_subsystem=source,
            created_at=timestamp_pb2.Timestamp(seconds=int(seconds), nanos=int(nanos)),
            ttl=duration_pb2.Duration(seconds=int(ttl)),
            payload=bytes.fromhex(payload),
            payload_type="esper.leyline.v1.SystemStatePacket",
            content_encoding="protobuf",
            priority=pb.MESSAGE_PRIORITY_HIGH,
            routing_keys=[k for k in routing.split(",") if k],
            delivery_guarantee=pb.DELIVERY_GUARANTEE_AT_LEAST_ONCE,
            max_attempts=int(attempts),
            current_attempt=int(attempt),
        )
        frame = seal(envelope, key_id, keys[key_id])
        # What Python seals, Python opens.
        if open_frame(frame, keys) != (key_id, envelope):
            failures.append(f"{name}: Python cannot open its own frame")
        (ARGS.work / f"{name}.python.frame").write_bytes(frame)
        sealed += 1

    current_key = keys[rows("keys.tsv")[0][0]]
    signatures = []
    for name, signature in rows("legacy.tsv"):
        payload = (ARGS.work / f"{name}.payload").read_bytes()
        if not legacy_verify(payload, signature, current_key):
            failures.append(f"{name}: Rust's legacy signature does not verify")
        if legacy_sign(payload, current_key) != signature:
            failures.append(f"{name}: Python signs the payload differently")
        signatures.append(f"{name}\t{legacy_sign(payload, current_key)}\n")
    (ARGS.work / "legacy_python.tsv").write_text("".join(signatures), encoding="utf-8")

    print(
        f"python: test vector checked; opened {opened} frames Rust sealed, refused "
        f"{refused} tampered ones for the expected reason, sealed {sealed} frames, "
        f"verified and made {len(signatures)} legacy signatures"
    )
    if failures:
        print(f"python: {len(failures)} failures:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
