"""Python half of leyline's field-order test (``python_writes_what_leyline_writes``
in tests/python_interop.rs).

    python field_order.py --generated DIR --cases DIR

DIR (--generated) holds the classes ``protoc --python_out`` generated from the
``.proto`` leyline exported for the test's contracts (package
``leyline.interop.v1``), whose oneof variants interleave with the fields and
with each other. DIR (--cases) holds ``cases.tsv`` (``id<TAB>message<TAB>case``)
and ``<id>.rust.bin``, each case as leyline encoded it. For every case this
script builds the value from literals (``CASES`` below, written here, not read
from Rust) and checks that

1. Google's runtime encodes it byte for byte as leyline did: every field in
   field-number order, each oneof variant at its own number, unknown fields
   last (maps hold one entry, or entries in key order, which is the order of
   deterministic serialization; no map entry holds a default key or value,
   which Google's runtimes write and leyline leaves out, as
   ``map_entry_defaults_are_not_written`` pins);
2. leyline's bytes decode to it;

and writes ``<id>.python.bin``, its encoding, for leyline to decode. Then it
checks that the cases set every field and every oneof variant of every
message of the package. It exits non-zero on any mismatch or gap.
"""

import argparse
import os
import struct
import sys
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", required=True, type=Path)
    parser.add_argument("--cases", required=True, type=Path)
    return parser.parse_args()


ARGS = parse_args()
sys.dont_write_bytecode = True
sys.path.insert(0, str(ARGS.generated))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from google.protobuf import __version__ as protobuf_version  # noqa: E402
from google.protobuf import timestamp_pb2  # noqa: E402
from google.protobuf.descriptor import FieldDescriptor  # noqa: E402
from google.protobuf.internal import api_implementation  # noqa: E402

from leyline.interop.v1 import interop_pb2 as pb  # noqa: E402

PACKAGE = "leyline.interop.v1"
TEXT = "Größe — 训练 🌱"
ALL_BYTES = bytes(range(256))
CASES = {}


def case(name):
    def register(build):
        if name in CASES:
            raise ValueError(f"two builders for {name}")
        CASES[name] = build
        return build

    return register


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def key(number, wire_type):
    return varint(number << 3 | wire_type)


def unknown_every_wire_type():
    """The Rust side's `unknown_every_wire_type`, record for record."""
    text = "Größe".encode()
    return b"".join(
        [
            key(50, 0) + varint(42),
            key(51, 1) + struct.pack("<Q", 0x0807060504030201),
            key(52, 2) + varint(len(text)) + text,
            key(52, 2) + varint(0),
            key(53, 5) + struct.pack("<I", 0xDEADBEEF),
            key(54, 3) + key(1, 0) + varint(1) + key(54, 4),
            key(536_870_911, 0) + varint(1),
        ]
    )


def with_unknown(message, raw):
    message.MergeFromString(raw)
    return message


def leaf_full():
    return pb.Leaf(
        level=pb.LEVEL_BELOW,
        f_double=-2.5,
        f_float=0.375,
        f_int32=-123_456,
        f_int64=-(2**63),
        f_uint32=2**32 - 1,
        f_uint64=2**64 - 1,
        f_sint32=-1,
        f_sint64=2**63 - 1,
        f_fixed32=0xDEADBEEF,
        f_fixed64=1 << 40,
        f_sfixed32=-(2**31),
        f_sfixed64=-7,
        f_bool=True,
        f_string=TEXT,
        f_bytes=ALL_BYTES,
    )


def ordered_fields(**oneofs):
    """Every plain field of ``Ordered`` set (the Rust `ordered_fields`)."""
    m = pb.Ordered(
        after=5,
        weight=-0.0,
        counts=[0, -1, 2**63 - 1],
        names=["a", "", TEXT],
        leaves=[pb.Leaf(f_string="first"), pb.Leaf(), leaf_full()],
        levels=[pb.LEVEL_HIGH, 77, pb.LEVEL_BELOW],
        deltas=[-1, 1, -(2**63)],
        at=timestamp_pb2.Timestamp(seconds=-1, nanos=999_999_999),
        **oneofs,
    )
    m.by_name["alpha"].CopyFrom(leaf_full())
    m.by_name["beta"].CopyFrom(pb.Leaf(f_bool=True))
    m.labels[-9] = TEXT
    return m


@case("Leaf/full")
def _():
    return leaf_full()


@case("Ordered/empty")
def _():
    return pb.Ordered()


@case("Ordered/far_and_tail")
def _():
    return ordered_fields(far=leaf_full(), tail=TEXT, b="b")


@case("Ordered/first_and_flag")
def _():
    return ordered_fields(text="t", flag=True, a=0)


@case("Ordered/taking_turns")
def _():
    return ordered_fields(num=-7, fixed=11, c=45)


@case("Ordered/defaults_in_variants")
def _():
    return pb.Ordered(level=pb.LEVEL_UNSPECIFIED, ratio=-0.0, b="", after=1)


@case("Ordered/empty_message_variant")
def _():
    return pb.Ordered(blob=b"", leaf=pb.Leaf(), after=1)


@case("Ordered/nested")
def _():
    innermost = with_unknown(
        pb.Ordered(far=leaf_full(), flag=False, after=9), key(99, 0) + varint(7)
    )
    inner = ordered_fields(level=pb.LEVEL_LOW, ratio=0.5, nested=innermost)
    outer = ordered_fields(blob=ALL_BYTES, leaf=leaf_full(), nested=inner)
    return with_unknown(outer, unknown_every_wire_type())


def records(data):
    """The field numbers of ``data``'s top-level records, for messages."""
    numbers, i = [], 0
    while i < len(data):
        k, shift = 0, 0
        while True:
            b = data[i]
            i += 1
            k |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        number, wire = k >> 3, k & 7
        numbers.append(number)
        if wire == 0:
            while data[i] & 0x80:
                i += 1
            i += 1
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            n, shift = 0, 0
            while True:
                b = data[i]
                i += 1
                n |= (b & 0x7F) << shift
                shift += 7
                if b < 0x80:
                    break
            i += n
        else:  # a group: the rest is not worth reading for a report
            numbers.append("...")
            break
    return numbers


class Coverage:
    def __init__(self):
        self.set = set()  # (message, field) set in some case

    def visit(self, message):
        desc = message.DESCRIPTOR
        if desc.file.package != PACKAGE:
            return
        for field, value in message.ListFields():
            self.set.add((desc.name, field.name))
            if field.type != FieldDescriptor.TYPE_MESSAGE:
                continue
            if field.message_type.GetOptions().map_entry:
                values = value.values() if hasattr(value, "values") else []
                for v in values:
                    if hasattr(v, "DESCRIPTOR"):
                        self.visit(v)
            elif field.is_repeated:
                for v in value:
                    self.visit(v)
            else:
                self.visit(value)

    def gaps(self):
        out = []
        for name, desc in sorted(pb.DESCRIPTOR.message_types_by_name.items()):
            for field in desc.fields:
                if (name, field.name) not in self.set:
                    out.append(f"{name}.{field.name}: never set in any case")
        return out


def main():
    print(
        f"python: protobuf {protobuf_version} ({api_implementation.Type()} backend), "
        f"field order of {PACKAGE}"
    )
    manifest = (ARGS.cases / "cases.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in manifest if line]
    names = {name for _, _, name in rows}
    failures = [f"{n}: expected a builder in field_order.py" for n in sorted(names - set(CASES))]
    failures += [f"{n}: field_order.py builds it, leyline has no such case" for n in sorted(set(CASES) - names)]
    cov = Coverage()
    identical = 0
    for case_id, full_name, name in rows:
        if name not in CASES:
            continue
        want = CASES[name]()
        if want.DESCRIPTOR.full_name != full_name:
            failures.append(f"{name}: field_order.py builds a {want.DESCRIPTOR.full_name}, the case is a {full_name}")
            continue
        cov.visit(want)
        rust_bytes = (ARGS.cases / f"{case_id}.rust.bin").read_bytes()
        own = want.SerializeToString(deterministic=True)
        (ARGS.cases / f"{case_id}.python.bin").write_bytes(own)
        problems = []
        if own == rust_bytes:
            identical += 1
        else:
            problems.append(
                "Google's runtime writes other bytes for the same value:\n"
                f"      leyline: {rust_bytes.hex()}\n"
                f"      python:  {own.hex()}\n"
                f"      leyline's field order: {records(rust_bytes)}\n"
                f"      python's field order:  {records(own)}"
            )
        got = type(want)()
        try:
            got.ParseFromString(rust_bytes)
            if got != want:
                problems.append(f"leyline's bytes decode to another value:\n{got}")
        except Exception as err:  # the runtime's DecodeError, or worse
            problems.append(f"Python cannot decode leyline's bytes: {err!r}")
        if problems:
            failures.append(f"{name}:\n    " + "\n    ".join(problems))
    gaps = cov.gaps()
    print(
        f"python: {identical} of {len(rows)} cases encode byte for byte as leyline wrote them"
        + ("" if not gaps else "; coverage gaps:\n  " + "\n  ".join(gaps))
    )
    if failures:
        print(f"python: {len(failures)} cases differ:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
    if failures or gaps:
        sys.exit(1)


if __name__ == "__main__":
    main()
