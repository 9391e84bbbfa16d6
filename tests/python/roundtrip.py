"""Python half of leyline's interop test (driven by tests/python_interop.rs).

    python roundtrip.py --generated DIR --cases DIR

DIR (--generated) holds the classes ``protoc --python_out`` generated from
proto-out/. DIR (--cases) holds ``cases.tsv`` (``id<TAB>message<TAB>case``) and
``<id>.rust.bin``, each case as leyline encoded it. For every case this script

1. decodes ``<id>.rust.bin`` with the generated class,
2. checks the result field by field against the value ``expected.py`` builds
   for the case, naming every field that differs,
3. writes ``<id>.python.bin``: the decoded message, re-encoded,
4. writes ``<id>.expected.bin``: its own expected value, encoded,

and, for cases without a map of several entries (whose order on the wire
leyline takes from a HashMap), checks that Python's re-encoding is byte for
byte what leyline wrote. Then it checks that the cases, as decoded, cover every field of every Esper
message, every oneof member, every proto3 ``optional`` field both absent and
set to zero, maps and repeated fields with several entries, open enums holding
unknown numbers, unknown fields and non-ASCII text. It exits non-zero on any
mismatch or gap.
"""

import argparse
import math
import os
import sys
from pathlib import Path

PACKAGE = "esper.leyline.v1"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", required=True, type=Path)
    parser.add_argument("--cases", required=True, type=Path)
    return parser.parse_args()


ARGS = parse_args()
# No __pycache__ beside expected.py in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(ARGS.generated))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from google.protobuf import __version__ as protobuf_version  # noqa: E402
from google.protobuf.descriptor import FieldDescriptor  # noqa: E402
from google.protobuf.internal import api_implementation  # noqa: E402
from google.protobuf.unknown_fields import UnknownFieldSet  # noqa: E402

import expected  # noqa: E402
from esper.leyline.v1 import leyline_pb2 as pb  # noqa: E402

FLOATS = (FieldDescriptor.TYPE_FLOAT, FieldDescriptor.TYPE_DOUBLE)


def is_map(field):
    return (
        field.type == FieldDescriptor.TYPE_MESSAGE
        and field.message_type.GetOptions().map_entry
    )


def is_proto3_optional(field):
    oneof = field.containing_oneof
    return oneof is not None and len(oneof.fields) == 1 and oneof.name == "_" + field.name


def real_oneof(field):
    oneof = field.containing_oneof
    return None if oneof is None or is_proto3_optional(field) else oneof


def show(field, value):
    """A value as the messages print it: enums by name, unknown numbers too."""
    if field.type == FieldDescriptor.TYPE_ENUM:
        known = field.enum_type.values_by_number.get(value)
        return f"{known.name} ({value})" if known else f"{value} (unknown to this schema)"
    return repr(value)


def is_default(field, value):
    if field.type in FLOATS:
        return value == 0.0 and math.copysign(1.0, value) > 0
    return value == field.default_value


def same_scalar(field, want, got):
    if field.type in FLOATS:
        if math.isnan(want) or math.isnan(got):
            return math.isnan(want) and math.isnan(got)
        # Compare the sign too: -0.0 and 0.0 differ on the wire.
        return want == got and math.copysign(1.0, want) == math.copysign(1.0, got)
    return type(want) is type(got) and want == got


def unknown_fields(message):
    """The unknown fields as comparable tuples: (number, wire type, data), with
    groups as nested tuples."""

    def convert(field_set):
        out = []
        for field in field_set:
            data = field.data
            if field.wire_type == 3:  # group
                data = convert(data)
            out.append((field.field_number, field.wire_type, data))
        return tuple(out)

    return convert(UnknownFieldSet(message))


class Coverage:
    """What the cases exercise, collected from the decoded messages."""

    def __init__(self):
        self.set_fields = set()  # (message, field) seen set / non-default
        self.several = set()  # (message, field) repeated or map with >= 2 entries
        self.optional_absent = set()
        self.optional_zero = set()
        self.unknown_enums = set()  # (message, field, number)
        self.unknown_field_wire_types = set()
        self.messages_with_unknown_fields = set()
        self.non_ascii = 0
        self.messages_seen = set()
        self.multi_entry_maps = 0  # maps with 2+ entries, any message

    def string(self, value):
        if isinstance(value, str) and not value.isascii():
            self.non_ascii += 1

    def scalar(self, message, field, value):
        self.string(value)
        enum = field.enum_type
        if field.type == FieldDescriptor.TYPE_ENUM and value not in enum.values_by_number:
            self.unknown_enums.add((message, field.name, value))


def compare(path, want, got, diffs, cov):
    """Appends to ``diffs`` every difference between ``want`` and ``got``."""
    desc = want.DESCRIPTOR
    if got.DESCRIPTOR.full_name != desc.full_name:
        diffs.append(f"{path}: expected a {desc.full_name}, got a {got.DESCRIPTOR.full_name}")
        return
    esper = desc.file.package == PACKAGE
    if esper:
        cov.messages_seen.add(desc.name)
    for field in desc.fields:
        where = f"{path}.{field.name}"
        key = (desc.name, field.name)
        if is_map(field):
            w, g = getattr(want, field.name), getattr(got, field.name)
            compare_map(where, field, w, g, diffs, cov)
            if len(g) > 1:
                cov.multi_entry_maps += 1
            if esper and len(getattr(got, field.name)) > 0:
                cov.set_fields.add(key)
            if esper and len(getattr(got, field.name)) > 1:
                cov.several.add(key)
        elif field.is_repeated:
            w, g = list(getattr(want, field.name)), list(getattr(got, field.name))
            if len(w) != len(g):
                diffs.append(f"{where}: expected {len(w)} elements, got {len(g)}")
            for i, (we, ge) in enumerate(zip(w, g)):
                compare_value(f"{where}[{i}]", field, we, ge, diffs, cov, desc.name)
            if esper and g:
                cov.set_fields.add(key)
            if esper and len(g) > 1:
                cov.several.add(key)
        elif field.has_presence:
            w_has, g_has = want.HasField(field.name), got.HasField(field.name)
            if w_has != g_has:
                state = {True: "set", False: "absent"}
                diffs.append(f"{where}: expected {state[w_has]}, got {state[g_has]}")
                continue
            if esper and g_has:
                cov.set_fields.add(key)
            if esper and is_proto3_optional(field):
                if not g_has:
                    cov.optional_absent.add(key)
                elif getattr(got, field.name) == field.default_value:
                    cov.optional_zero.add(key)
            if g_has:
                w, g = getattr(want, field.name), getattr(got, field.name)
                compare_value(where, field, w, g, diffs, cov, desc.name)
        else:
            w, g = getattr(want, field.name), getattr(got, field.name)
            compare_value(where, field, w, g, diffs, cov, desc.name)
            if esper and not is_default(field, g):
                cov.set_fields.add(key)
    for oneof in desc.oneofs:
        if len(oneof.fields) == 1 and is_proto3_optional(oneof.fields[0]):
            continue
        w, g = want.WhichOneof(oneof.name), got.WhichOneof(oneof.name)
        if w != g:
            diffs.append(
                f"{path}.{oneof.name} (oneof): expected {w or 'nothing'} set, "
                f"got {g or 'nothing'}"
            )
    w_unknown, g_unknown = unknown_fields(want), unknown_fields(got)
    if w_unknown != g_unknown:
        diffs.append(f"{path} unknown fields: expected {w_unknown}, got {g_unknown}")
    if g_unknown:
        cov.messages_with_unknown_fields.add(desc.name)
        cov.unknown_field_wire_types.update(wire_type for _, wire_type, _ in g_unknown)


def compare_value(where, field, want, got, diffs, cov, owner):
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        compare(where, want, got, diffs, cov)
        return
    cov.scalar(owner, field, got)
    if not same_scalar(field, want, got):
        diffs.append(f"{where}: expected {show(field, want)}, got {show(field, got)}")


def compare_map(where, field, want, got, diffs, cov):
    value_field = field.message_type.fields_by_name["value"]
    w_keys, g_keys = set(want.keys()), set(got.keys())
    for k in sorted(w_keys - g_keys, key=repr):
        diffs.append(f"{where}[{k!r}]: expected an entry, got none")
    for k in sorted(g_keys - w_keys, key=repr):
        diffs.append(f"{where}[{k!r}]: expected no entry, got one")
    for k in sorted(w_keys & g_keys, key=repr):
        cov.string(k)
        owner = field.containing_type.name
        compare_value(f"{where}[{k!r}]", value_field, want[k], got[k], diffs, cov, owner)


def self_test():
    """The comparison must notice a difference deep inside a message."""
    want = expected.CASES["SystemStatePacket/full"]()
    got = expected.CASES["SystemStatePacket/full"]()
    got.seed_states[0].metrics["loss"] = 0.25
    got.hardware_context.ClearField("temperature_celsius")
    diffs = []
    compare("SystemStatePacket", want, got, diffs, Coverage())
    assert diffs == [
        "SystemStatePacket.hardware_context.temperature_celsius: expected set, got absent",
        "SystemStatePacket.seed_states[0].metrics['loss']: expected 0.5, got 0.25",
    ], diffs


def check_coverage(cov, case_names):
    gaps = []
    by_name = pb.DESCRIPTOR.message_types_by_name
    esper = [by_name[name] for name in sorted(by_name)]
    top_level = {name.split("/")[0] for name in case_names if not name.endswith("/empty")}
    for desc in esper:
        if desc.name not in top_level:
            gaps.append(f"{desc.name}: no case with content")
        for field in desc.fields:
            key = (desc.name, field.name)
            if key not in cov.set_fields:
                gaps.append(f"{desc.name}.{field.name}: never set in any case")
            if (field.is_repeated or is_map(field)) and key not in cov.several:
                gaps.append(f"{desc.name}.{field.name}: never seen with two or more entries")
            if is_proto3_optional(field):
                if key not in cov.optional_absent:
                    gaps.append(f"{desc.name}.{field.name}: optional, never seen absent")
                if key not in cov.optional_zero:
                    gaps.append(f"{desc.name}.{field.name}: optional, never seen set to zero")
    if not any(number < 0 for _, _, number in cov.unknown_enums):
        gaps.append("no open enum seen holding a negative unknown number")
    if len({(m, f) for m, f, _ in cov.unknown_enums}) < 4:
        gaps.append("fewer than 4 enum fields seen holding unknown numbers")
    if cov.unknown_field_wire_types != {0, 1, 2, 3, 5}:
        seen = sorted(cov.unknown_field_wire_types)
        gaps.append(f"unknown fields seen of wire types {seen} only")
    if len(cov.messages_with_unknown_fields) < 3:
        gaps.append("unknown fields seen in fewer than 3 message types")
    if cov.non_ascii == 0:
        gaps.append("no non-ASCII string seen")
    return gaps


def main():
    print(
        f"python: protobuf {protobuf_version} ({api_implementation.Type()} backend), "
        f"classes generated by protoc into {ARGS.generated}"
    )
    self_test()
    manifest = (ARGS.cases / "cases.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in manifest if line]
    names = [name for _, _, name in rows]
    failures = []
    missing = sorted(set(names) - set(expected.CASES))
    extra = sorted(set(expected.CASES) - set(names))
    for name in missing:
        failures.append(f"{name}: leyline has this case, expected.py has no value for it")
    for name in extra:
        failures.append(f"{name}: expected.py has this case, leyline does not")
    cov = Coverage()
    identical = 0
    for case_id, full_name, name in rows:
        if name not in expected.CASES:
            continue
        message_name = full_name.rpartition(".")[2]
        if not full_name.startswith(PACKAGE + ".") or not hasattr(pb, message_name):
            failures.append(f"{name}: {full_name} is not in the generated module")
            continue
        cls = getattr(pb, message_name)
        want = expected.CASES[name]()
        if type(want) is not cls:
            failures.append(
                f"{name}: expected.py builds a {type(want).__name__}, the case is a {message_name}"
            )
            continue
        got = cls()
        rust_bytes = (ARGS.cases / f"{case_id}.rust.bin").read_bytes()
        try:
            got.ParseFromString(rust_bytes)
        except Exception as err:  # the runtime's DecodeError, or worse
            failures.append(f"{name}: Python cannot decode leyline's bytes: {err!r}")
            continue
        diffs = []
        maps_before = cov.multi_entry_maps
        compare(message_name, want, got, diffs, cov)
        reencoded = got.SerializeToString(deterministic=True)
        if cov.multi_entry_maps == maps_before:
            # Without a map of several entries (whose order leyline takes from a
            # HashMap), leyline writes what protobuf writes, byte for byte.
            identical += 1
            if reencoded != rust_bytes:
                diffs.append(
                    f"Python re-encodes leyline's bytes differently: leyline wrote "
                    f"{rust_bytes.hex()}, Python writes {reencoded.hex()}"
                )
        if diffs:
            failures.append(f"{name}:\n    " + "\n    ".join(diffs))
        own = want.SerializeToString(deterministic=True)
        (ARGS.cases / f"{case_id}.python.bin").write_bytes(reencoded)
        (ARGS.cases / f"{case_id}.expected.bin").write_bytes(own)

    gaps = check_coverage(cov, names)
    print(
        f"python: decoded and checked {len(rows)} cases of "
        f"{len(cov.messages_seen)} Esper message types; {identical} cases without maps of "
        "several entries re-encode byte for byte as leyline wrote them"
    )
    print(
        "python: covered every field of every message "
        f"({len(cov.set_fields)} fields), {len(cov.several)} repeated/map fields with 2+ entries, "
        f"{len(cov.optional_zero)} optional fields both absent and zero, "
        f"{len(cov.unknown_enums)} unknown enum numbers "
        f"({sorted({n for _, _, n in cov.unknown_enums})}), "
        f"unknown fields of wire types {sorted(cov.unknown_field_wire_types)} in "
        f"{len(cov.messages_with_unknown_fields)} message types, {cov.non_ascii} non-ASCII strings"
        if not gaps
        else "python: coverage gaps:\n  " + "\n  ".join(gaps)
    )
    if failures:
        print(f"python: {len(failures)} cases differ:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
    if failures or gaps:
        sys.exit(1)


if __name__ == "__main__":
    main()
