"""Python half of leyline's JSON interop test (driven by
tests/python_interop.rs, ``python_json_of_every_message``).

    python json_roundtrip.py --generated DIR --cases DIR

DIR (--generated) holds the classes ``protoc --python_out`` generated from
proto-out/. DIR (--cases) holds

- ``options.tsv``: ``name<TAB>kwargs``, each JSON option set of leyline with
  the keyword arguments of ``json_format.MessageToDict`` that mean the same;
- ``cases.tsv``: ``id<TAB>message<TAB>case``;
- ``<id>.rust.bin``: the case as leyline encodes it;
- ``<id>.rust.<set>.json`` and ``<id>.view.<set>.json``: the case as leyline
  writes it as JSON with option set ``<set>``, from the owned value and
  straight from the protobuf bytes (the view transcoder).

For every case this script decodes ``<id>.rust.bin``, drops its unknown fields
(JSON cannot hold them) and writes the result as ``<id>.known.bin``. Then, for
each of leyline's JSON texts, it

1. parses the text with ``json_format.Parse`` and requires the message decoded
   from leyline's bytes (compared by deterministic serialization, so that NaN,
   infinities and the sign of zero count);
2. requires the text, as a JSON value (``json.loads``), to equal what
   ``json_format.MessageToDict`` makes of that message with the set's
   keyword arguments, naming the first path where they differ.

Last it writes Python's own JSON for leyline to read back:
``<id>.python.json.json`` (``MessageToJson``),
``<id>.python.json_proto_names.json`` (``MessageToJson(...,
preserving_proto_field_name=True)``), and the same two through
``MessageToDict`` and ``json.dumps`` (``dict``, ``dict_proto_names``).
It exits non-zero on any mismatch.
"""

import argparse
import json
import struct
import sys
from pathlib import Path

PACKAGE = "esper.leyline.v1"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", required=True, type=Path)
    parser.add_argument("--cases", required=True, type=Path)
    return parser.parse_args()


ARGS = parse_args()
sys.dont_write_bytecode = True
sys.path.insert(0, str(ARGS.generated))

from google.protobuf import __version__ as protobuf_version  # noqa: E402
from google.protobuf import json_format  # noqa: E402
from google.protobuf.descriptor import FieldDescriptor  # noqa: E402
from google.protobuf.internal import api_implementation  # noqa: E402

from esper.leyline.v1 import leyline_pb2 as pb  # noqa: E402


def show(value):
    return json.dumps(value, ensure_ascii=False)


def first_difference(path, want, got):
    """The first path where two JSON values differ, or None. Numbers compare
    by value (``1`` and ``1.0`` are one JSON number), everything else by type
    and value."""
    numbers = (int, float)
    if isinstance(want, bool) or isinstance(got, bool):
        if type(want) is not type(got) or want != got:
            return f"{path}: Python {show(want)}, leyline {show(got)}"
        return None
    if isinstance(want, numbers) and isinstance(got, numbers):
        if want != got:
            return f"{path}: Python {show(want)}, leyline {show(got)}"
        return None
    if type(want) is not type(got):
        return f"{path}: Python {show(want)}, leyline {show(got)}"
    if isinstance(want, dict):
        for key in sorted(set(want) | set(got)):
            if key not in got:
                return f"{path}.{key}: Python writes it, leyline does not"
            if key not in want:
                return f"{path}.{key}: leyline writes it, Python does not"
            diff = first_difference(f"{path}.{key}", want[key], got[key])
            if diff:
                return diff
        return None
    if isinstance(want, list):
        if len(want) != len(got):
            return f"{path}: Python has {len(want)} elements, leyline {len(got)}"
        for i, (w, g) in enumerate(zip(want, got)):
            diff = first_difference(f"{path}[{i}]", w, g)
            if diff:
                return diff
        return None
    if want != got:
        return f"{path}: Python {show(want)}, leyline {show(got)}"
    return None


def as_float32(value):
    """The bits of the float32 nearest to a JSON number, or None when it has
    none (out of range)."""
    try:
        return struct.pack("<f", value)
    except (OverflowError, struct.error):
        return None


def float32_difference(path, want, got):
    """A float field: Python writes the shortest text of a few precisions that
    reads back to the float32 (``1.4013e-45``), leyline the shortest of all
    (``1e-45``); both are right when they name the same float32."""
    numbers = (int, float)
    if (
        isinstance(want, numbers)
        and isinstance(got, numbers)
        and not isinstance(want, bool)
        and not isinstance(got, bool)
    ):
        w, g = as_float32(want), as_float32(got)
        if w is not None and w == g:
            return None
    return first_difference(path, want, got)


def field_difference(path, field, want, got):
    """One value of ``field`` (an element of a repeated field, a map value)."""
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        return message_difference(path, field.message_type, want, got)
    if field.type == FieldDescriptor.TYPE_FLOAT:
        return float32_difference(path, want, got)
    return first_difference(path, want, got)


def message_difference(path, desc, want, got):
    """``first_difference`` for the JSON of a message of type ``desc``, which
    knows the float fields."""
    if desc.full_name == "google.protobuf.FloatValue":
        return float32_difference(path, want, got)
    if desc.file.package != PACKAGE or not isinstance(want, dict) or not isinstance(got, dict):
        return first_difference(path, want, got)
    fields = {}
    for field in desc.fields:
        fields[field.name] = field
        fields[field.json_name] = field
    for key in sorted(set(want) | set(got)):
        where = f"{path}.{key}"
        if key not in got:
            return f"{where}: Python writes it, leyline does not"
        if key not in want:
            return f"{where}: leyline writes it, Python does not"
        field = fields.get(key)
        w, g = want[key], got[key]
        if field is None:
            diff = first_difference(where, w, g)
        elif field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            diff = first_difference(where, sorted(w), sorted(g)) if isinstance(w, dict) and isinstance(g, dict) else first_difference(where, w, g)
            for k in sorted(w) if not diff else ():
                diff = field_difference(f"{where}[{k!r}]", value_field, w[k], g[k])
                if diff:
                    break
        elif field.is_repeated and isinstance(w, list) and isinstance(g, list):
            diff = None
            if len(w) != len(g):
                diff = f"{where}: Python has {len(w)} elements, leyline {len(g)}"
            for i, (we, ge) in enumerate(zip(w, g)):
                diff = diff or field_difference(f"{where}[{i}]", field, we, ge)
        else:
            diff = field_difference(where, field, w, g)
        if diff:
            return diff
    return None


def self_test():
    """The comparison notices a difference deep inside a document, and takes
    one JSON number for another only when they are equal (or, in a float
    field, name the same float32)."""
    want = {"a": [{"b": 1, "c": "x"}], "d": 1.5}
    assert first_difference("$", want, {"a": [{"b": 1.0, "c": "x"}], "d": 1.5}) is None
    assert first_difference("$", want, {"a": [{"b": 1, "c": "y"}], "d": 1.5}) == (
        '$.a[0].c: Python "x", leyline "y"'
    )
    assert first_difference("$", want, {"a": [{"b": 1, "c": "x"}]}) == (
        "$.d: Python writes it, leyline does not"
    )
    assert first_difference("$", {"e": True}, {"e": 1}) is not None
    desc = pb.ImportanceStatistics.DESCRIPTOR
    python = {"layers": [{"channelImportance": [1.4013e-45], "meanImportance": 0.375}]}
    same = {"layers": [{"channelImportance": [1e-45], "meanImportance": 0.375}]}
    other = {"layers": [{"channelImportance": [3e-45], "meanImportance": 0.375}]}
    assert message_difference("$", desc, python, same) is None
    assert message_difference("$", desc, python, other) == (
        "$.layers[0].channelImportance[0]: Python 1.4013e-45, leyline 3e-45"
    )


def python_reads_its_own(message, cls):
    """Whether json_format.Parse reads json_format.MessageToJson's text of
    ``message``: not for a float field holding the largest float32, whose
    shortest text (3.4028235e+38, which C++, Java and Go read) Python's parser
    takes for a double above the float32 range ("Float value too large")."""
    try:
        json_format.Parse(json_format.MessageToJson(message), cls())
        return True
    except json_format.ParseError:
        return False


def main():
    print(
        f"python: protobuf {protobuf_version} ({api_implementation.Type()} backend), "
        f"json_format, classes generated by protoc into {ARGS.generated}"
    )
    self_test()
    sets = []
    for line in (ARGS.cases / "options.tsv").read_text(encoding="utf-8").splitlines():
        if line:
            name, kwargs = line.split("\t")
            sets.append((name, json.loads(kwargs)))
    rows = [
        line.split("\t")
        for line in (ARGS.cases / "cases.tsv").read_text(encoding="utf-8").splitlines()
        if line
    ]
    failures = []
    parsed = compared = written = with_unknown = 0
    messages = set()
    unreadable = set()
    for case_id, full_name, name in rows:
        message_name = full_name.rpartition(".")[2]
        if not full_name.startswith(PACKAGE + ".") or not hasattr(pb, message_name):
            failures.append(f"{name}: {full_name} is not in the generated module")
            continue
        cls = getattr(pb, message_name)
        messages.add(message_name)
        message = cls()
        message.ParseFromString((ARGS.cases / f"{case_id}.rust.bin").read_bytes())
        before = message.SerializeToString(deterministic=True)
        message.DiscardUnknownFields()
        known = message.SerializeToString(deterministic=True)
        if known != before:
            with_unknown += 1
        (ARGS.cases / f"{case_id}.known.bin").write_bytes(known)

        for set_name, kwargs in sets:
            want_value = json_format.MessageToDict(message, **kwargs)
            for source in ("rust", "view"):
                what = f"{name} ({source}, {set_name})"
                text = (ARGS.cases / f"{case_id}.{source}.{set_name}.json").read_text(
                    encoding="utf-8"
                )
                try:
                    got = json_format.Parse(text, cls())
                except json_format.ParseError as err:
                    if not python_reads_its_own(message, cls):
                        # Checked below as a JSON value against Python's own text.
                        unreadable.add(name)
                        got = None
                    else:
                        failures.append(
                            f"{what}: Python cannot parse leyline's JSON: {err}\n    {text}"
                        )
                        continue
                if got is None:
                    pass
                elif got.SerializeToString(deterministic=True) != known:
                    failures.append(
                        f"{what}: leyline's JSON parses to another message\n"
                        f"    JSON:     {text}\n"
                        f"    original: {json_format.MessageToJson(message, indent=None)}\n"
                        f"    parsed:   {json_format.MessageToJson(got, indent=None)}"
                    )
                    continue
                else:
                    parsed += 1
                diff = message_difference("$", message.DESCRIPTOR, want_value, json.loads(text))
                compared += 1
                if diff:
                    failures.append(
                        f"{what}: leyline's JSON is not MessageToDict(**{kwargs}): {diff}\n"
                        f"    leyline: {text}\n"
                        f"    Python:  {json.dumps(want_value)}"
                    )

        forms = {
            "json": json_format.MessageToJson(message),
            "json_proto_names": json_format.MessageToJson(
                message, preserving_proto_field_name=True
            ),
            "dict": json.dumps(json_format.MessageToDict(message)),
            "dict_proto_names": json.dumps(
                json_format.MessageToDict(message, preserving_proto_field_name=True)
            ),
        }
        for form, text in forms.items():
            (ARGS.cases / f"{case_id}.python.{form}.json").write_text(text, encoding="utf-8")
            written += 1

    print(
        f"python: {len(rows)} cases of {len(messages)} Esper message types "
        f"({with_unknown} with unknown fields, dropped for JSON); parsed {parsed} of leyline's "
        f"JSON texts ({len(sets)} option sets, owned and view) to the original message, "
        f"{compared} equal as JSON values to MessageToDict; wrote {written} JSON texts"
    )
    if unreadable:
        print(
            f"python: {len(unreadable)} cases hold the largest float32, which json_format.Parse "
            f"reads neither from leyline nor from MessageToJson itself (compared as JSON values "
            f"only): {', '.join(sorted(unreadable))}"
        )
    if failures:
        print(f"python: {len(failures)} failures:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
