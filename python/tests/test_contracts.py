"""esper-leyline as a consumer uses it: the installed wheel, imported from
``esper.leyline.contracts``, talking to the Rust contracts through the
``leyline`` command line (``LEYLINE_BIN``, as ``.ci/run`` sets it).

Python -> Rust: every message, with every field set (one case per oneof
variant), is serialized by Python's protobuf runtime and given to
``leyline decode``. Two runs prove Rust understood the bytes, not merely
accepted them: the printed message shows no unknown field anywhere (every
record landed in a field Rust knows), and the bytes Rust re-encodes from what
it decoded (``--format protobuf``) parse in Python to a message equal to the
original.

JSON, both ways, as a person or a Python service uses the command line: every
case written by ``json_format.MessageToJson`` is turned into protobuf bytes by
``leyline encode``, which parse in Python to the original message; and
``leyline decode --json --proto-names --emit-defaults`` prints, as a JSON
value, what ``json_format.MessageToDict(..., preserving_proto_field_name=True,
always_print_fields_with_no_presence=True)`` makes of the message (how Nissa
indexes it). A document with a mistake is refused with its JSON path.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest
from google.protobuf import descriptor_pb2, json_format
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor, OneofDescriptor
from google.protobuf.message import Message

import esper.leyline
import esper.leyline.contracts as contracts
from esper.leyline.v1 import leyline_pb2



def _is_message(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, Message)


MESSAGES: list[type[Message]] = sorted(
    (getattr(contracts, name) for name in contracts.__all__ if _is_message(getattr(contracts, name))),
    key=lambda cls: cls.__name__,
)
ENUM_NAMES: list[str] = sorted(name for name in contracts.__all__ if not _is_message(getattr(contracts, name)))


def leyline_bin() -> str:
    path = os.environ.get("LEYLINE_BIN", "")
    if not path or not Path(path).is_file():
        pytest.fail(f"LEYLINE_BIN must name the leyline binary (got {path!r})")
    return path


def leyline(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([leyline_bin(), *args], input=stdin, capture_output=True, timeout=60)


def full_name(cls: type[Message]) -> str:
    descriptor: Descriptor = cls.DESCRIPTOR
    return descriptor.full_name


# ---------------------------------------------------------------------------
# The package and its facade


def test_the_installed_package_is_imported_with_its_stubs() -> None:
    package = Path(esper.leyline.__file__).parent
    assert "site-packages" in package.parts, f"{package} is not the installed wheel"
    assert (package / "py.typed").is_file()
    assert Path(leyline_pb2.__file__).with_suffix(".pyi").is_file()


def test_the_facade_re_exports_every_message_and_enum_of_the_generated_module() -> None:
    file = leyline_pb2.DESCRIPTOR
    assert [cls.__name__ for cls in MESSAGES] == sorted(file.message_types_by_name)
    assert ENUM_NAMES == sorted(file.enum_types_by_name)
    assert sorted(contracts.__all__) == sorted([cls.__name__ for cls in MESSAGES] + ENUM_NAMES)
    for cls in MESSAGES:
        assert cls is getattr(leyline_pb2, cls.__name__)


def test_the_facade_has_every_message_the_rust_cli_knows() -> None:
    # The CLI lists the message types it knows when asked for one it does not.
    out = leyline("decode", "--type", "esper.leyline.v1.NoSuchMessage")
    assert out.returncode == 1
    listed = re.search(r"the known types are: (.*)$", out.stderr.decode(), re.M)
    assert listed, out.stderr
    assert sorted(listed.group(1).split(", ")) == sorted(full_name(cls) for cls in MESSAGES)


def test_the_package_version_is_the_rust_workspace_version() -> None:
    cargo = os.environ.get("LEYLINE_CARGO_TOML", "")
    if not cargo:
        pytest.fail("LEYLINE_CARGO_TOML must name the workspace's Cargo.toml")
    text = Path(cargo).read_text(encoding="utf-8")
    section = text.split("[workspace.package]", 1)[1]
    version = re.search(r'^version\s*=\s*"([^"]+)"', section, re.M)
    assert version
    assert esper.leyline.__version__ == version.group(1)
    out = leyline("--version")
    assert out.stdout.decode() == f"leyline {esper.leyline.__version__}\n"


# ---------------------------------------------------------------------------
# Every message, every field set


def _enum_value(enum: EnumDescriptor) -> int:
    # The last declared value: defined, and not the zero default.
    return enum.values[-1].number


def _scalar(field: FieldDescriptor, salt: int) -> Any:
    n = field.number + salt
    t = FieldDescriptor
    match field.type:
        case t.TYPE_BOOL:
            return True
        case t.TYPE_STRING:
            return f"{field.name}-{n}-é✓"
        case t.TYPE_BYTES:
            return bytes([0, 255, n % 256, 0x80])
        case t.TYPE_FLOAT:
            return 0.5 + n  # exact in 32 bits
        case t.TYPE_DOUBLE:
            return 0.25 + n * 1e10
        case t.TYPE_INT32 | t.TYPE_SINT32 | t.TYPE_SFIXED32:
            return -(1_000_000 + n)
        case t.TYPE_INT64 | t.TYPE_SINT64 | t.TYPE_SFIXED64:
            return -(2**40 + n)
        case t.TYPE_UINT32 | t.TYPE_FIXED32:
            return 4_000_000_000 + n
        case t.TYPE_UINT64 | t.TYPE_FIXED64:
            return 2**63 + n
        case t.TYPE_ENUM:
            return _enum_value(field.enum_type)
    raise AssertionError(f"no sample value for {field.full_name}")


@functools.cache
def _synthetic_oneofs(message: str) -> frozenset[str]:
    """The oneofs protoc makes up for the proto3 ``optional`` fields of the
    message named ``message``: each field alone in one, always set here."""
    proto = descriptor_pb2.DescriptorProto()
    leyline_pb2.DESCRIPTOR.pool.FindMessageTypeByName(message).CopyToProto(proto)
    return frozenset(proto.oneof_decl[f.oneof_index].name for f in proto.field if f.proto3_optional)


def real_oneof(field: FieldDescriptor) -> OneofDescriptor | None:
    """The oneof holding ``field``, unless it is one of the made-up ones."""
    oneof = field.containing_oneof
    if oneof is None or oneof.name in _synthetic_oneofs(field.containing_type.full_name):
        return None
    return oneof


def populate(message: Message, choice: int, depth: int = 0) -> None:
    """Sets every field of ``message`` (in each real oneof, the ``choice``-th
    variant), nested messages to a depth of three, repeated fields and maps
    to two elements."""
    descriptor: Descriptor = message.DESCRIPTOR
    well_known = WELL_KNOWN.get(descriptor.full_name)
    if well_known is not None:
        well_known(message, depth)
        return
    for field in descriptor.fields:
        oneof = real_oneof(field)
        if oneof is not None and oneof.fields[choice % len(oneof.fields)] is not field:
            continue
        target = field.message_type
        if target is not None and target.GetOptions().map_entry:
            entries = getattr(message, field.name)
            key_field, value_field = target.fields_by_name["key"], target.fields_by_name["value"]
            for salt in (0, 1):
                key = _scalar(key_field, salt)
                if value_field.message_type is not None:
                    if depth < 3:
                        populate(entries[key], choice, depth + 1)
                    else:
                        entries[key].SetInParent()
                else:
                    entries[key] = _scalar(value_field, salt)
        elif field.is_repeated:
            values = getattr(message, field.name)
            for salt in (0, 1):
                if target is not None:
                    element = values.add()
                    if depth < 3:
                        populate(element, choice, depth + 1)
                else:
                    values.append(_scalar(field, salt))
        elif target is not None:
            nested = getattr(message, field.name)
            nested.SetInParent()
            if depth < 3:
                populate(nested, choice, depth + 1)
        else:
            setattr(message, field.name, _scalar(field, 0))


def _timestamp(message: Any, depth: int) -> None:
    message.seconds, message.nanos = 1_700_000_000 + depth, 250_000_000


def _duration(message: Any, depth: int) -> None:
    message.seconds, message.nanos = -(90 + depth), -500


def _struct(message: Any, depth: int) -> None:
    message.update({"loss": 0.25, "tags": ["a", "é"], "nested": {"ok": True, "none": None}, "depth": depth})


# Well-known types get values that are valid for them (JSON refuses a
# timestamp out of range), not one value per field.
WELL_KNOWN: dict[str, Callable[[Any, int], None]] = {
    "google.protobuf.Timestamp": _timestamp,
    "google.protobuf.Duration": _duration,
    "google.protobuf.Struct": _struct,
}


def _variants(cls: type[Message]) -> int:
    """How many cases ``cls`` needs for every oneof variant to be set once."""
    real = {real_oneof(f) for f in cls.DESCRIPTOR.fields} - {None}
    return max((len(o.fields) for o in real if o is not None), default=1)


CASES = [pytest.param(cls, choice, id=f"{cls.__name__}/{choice}") for cls in MESSAGES for choice in range(_variants(cls))]


def test_every_field_of_every_message_is_set_by_the_cases() -> None:
    for cls in MESSAGES:
        variants = {f.name for c in range(_variants(cls)) for f, _ in _populated(cls, c).ListFields()}
        assert variants == {f.name for f in cls.DESCRIPTOR.fields}, cls.__name__


def _populated(cls: type[Message], choice: int) -> Message:
    message = cls()
    populate(message, choice)
    return message


@pytest.mark.parametrize(("cls", "choice"), CASES)
def test_python_bytes_are_understood_by_leyline_decode(cls: type[Message], choice: int) -> None:
    message = _populated(cls, choice)
    data = message.SerializeToString()
    assert data, "the case sets fields"

    shown = leyline("decode", "--type", full_name(cls), stdin=data)
    assert shown.returncode == 0, shown.stderr.decode()
    text = shown.stdout.decode()
    assert text.startswith(f"{cls.__name__} {{\n"), text[:200]
    # Every record of the input was a field this build knows: no contract,
    # at any depth, kept one as an unknown field.
    holders = text.count("UnknownFields {")
    assert holders > 0, "every Esper contract keeps unknown fields"
    assert text.count("UnknownFields {\n") == len(re.findall(r"UnknownFields \{\n\s*numbers: \[\],", text)), text

    back = leyline("decode", "--type", full_name(cls), "--format", "protobuf", stdin=data)
    assert back.returncode == 0, back.stderr.decode()
    assert back.stdout, "Rust wrote the message back"
    assert cls.FromString(back.stdout) == message


@pytest.mark.parametrize(("cls", "choice"), CASES)
def test_leyline_decode_rejects_a_truncated_message(cls: type[Message], choice: int) -> None:
    data = _populated(cls, choice).SerializeToString()
    out = leyline("decode", "--type", full_name(cls), stdin=data[:-1])
    assert out.returncode == 1
    err = out.stderr.decode()
    assert err.startswith(f"error: {full_name(cls)}: "), err
    assert "panicked" not in err


@pytest.mark.parametrize(("cls", "choice"), CASES)
def test_leyline_encode_output_parses_in_python(cls: type[Message], choice: int) -> None:
    message = _populated(cls, choice)
    for document in (
        json_format.MessageToJson(message),
        json_format.MessageToJson(message, preserving_proto_field_name=True, indent=None),
    ):
        out = leyline("encode", "--type", full_name(cls), stdin=document.encode())
        assert out.returncode == 0, out.stderr.decode()
        assert cls.FromString(out.stdout) == message


@pytest.mark.parametrize(("cls", "choice"), CASES)
def test_leyline_decode_json_is_what_nissa_indexes(cls: type[Message], choice: int) -> None:
    message = _populated(cls, choice)
    out = leyline(
        "decode", "--type", full_name(cls), "--json", "--proto-names", "--emit-defaults",
        stdin=message.SerializeToString(),
    )
    assert out.returncode == 0, out.stderr.decode()
    want = json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    assert json.loads(out.stdout) == want


def test_leyline_encode_names_the_json_path_of_a_mistake() -> None:
    document = '{"seedStates": [{"seedId": "s-0"}, {"metrics": {"loss": "x"}}]}'
    out = leyline("encode", "--type", "esper.leyline.v1.SystemStatePacket", stdin=document.encode())
    assert out.returncode == 1
    assert out.stdout == b""
    err = out.stderr.decode()
    assert err.startswith(
        'error: esper.leyline.v1.SystemStatePacket: seedStates[1].metrics.loss: expected a number'
    ), err
