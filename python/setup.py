"""Builds esper-leyline from the Rust contracts' export.

``build_py`` runs Google's protoc (the one inside grpcio-tools, a build
requirement) over every ``.proto`` file in the export directory, with
``--python_out`` and ``--pyi_out``, into the build tree, and copies the Python
modules the export writes there (the facade ``esper/leyline/contracts.py``).
The version is ``[workspace.package] version`` of the Rust workspace.

The export directory is ``../proto-out`` (this folder sits in the Leyline
repository), or ``LEYLINE_PROTO_OUT``; the workspace manifest is
``../Cargo.toml``, or ``LEYLINE_CARGO_TOML``.
"""

from __future__ import annotations

import os
import re
import shutil
from importlib import resources
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PROTO_OUT = Path(os.environ.get("LEYLINE_PROTO_OUT") or HERE.parent / "proto-out")
CARGO_TOML = Path(os.environ.get("LEYLINE_CARGO_TOML") or HERE.parent / "Cargo.toml")
# Every generated module must land in this package.
PACKAGE = ("esper", "leyline")


def workspace_version(manifest: Path) -> str:
    """The workspace version, as a PEP 440 version (``1.2.0-rc.1`` -> ``1.2.0rc1``)."""
    try:
        text = manifest.read_text(encoding="utf-8")
    except OSError as e:
        raise SystemExit(f"esper-leyline: cannot read the Rust workspace manifest {manifest}: {e}")
    try:
        import tomllib

        version = tomllib.loads(text)["workspace"]["package"]["version"]
    except ModuleNotFoundError:  # Python 3.10: the one key, read by hand
        section = re.search(r"^\[workspace\.package\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
        found = section and re.search(r'^version\s*=\s*"([^"]+)"', section.group(1), re.M)
        if not found:
            raise SystemExit(f"esper-leyline: no [workspace.package] version in {manifest}")
        version = found.group(1)
    except KeyError:
        raise SystemExit(f"esper-leyline: no [workspace.package] version in {manifest}")
    match = re.fullmatch(r"(\d+\.\d+\.\d+)(?:-(alpha|beta|rc)\.(\d+))?", version)
    if not match:
        raise SystemExit(
            f"esper-leyline: the workspace version {version!r} has no PEP 440 spelling here"
        )
    release, pre, number = match.groups()
    return release + ({"alpha": "a", "beta": "b", "rc": "rc"}[pre] + number if pre else "")


class BuildWithProtoc(build_py):
    """``build_py``, then protoc's Python modules and the export's facade."""

    def run(self) -> None:
        # A build tree left by an earlier build may hold modules of files
        # the export no longer has: start the package afresh.
        shutil.rmtree(Path(self.build_lib).joinpath(*PACKAGE), ignore_errors=True)
        super().run()
        generate(Path(self.build_lib))


def generate(out: Path) -> None:
    protos = sorted(p.relative_to(PROTO_OUT).as_posix() for p in PROTO_OUT.rglob("*.proto"))
    if not protos:
        raise SystemExit(f"esper-leyline: no .proto files in {PROTO_OUT} (run the export first)")
    from grpc_tools import protoc

    well_known = resources.files("grpc_tools") / "_proto"
    args = [
        "grpc_tools.protoc",
        "--fatal_warnings",
        f"--proto_path={PROTO_OUT}",
        f"--proto_path={well_known}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        *protos,
    ]
    if protoc.main(args) != 0:
        raise SystemExit(f"esper-leyline: protoc failed on {PROTO_OUT}")
    generated = [out / (p[: -len(".proto")] + suffix) for p in protos for suffix in ("_pb2.py", "_pb2.pyi")]
    for module in sorted(PROTO_OUT.rglob("*.py")):
        target = out / module.relative_to(PROTO_OUT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(module, target)
        generated.append(target)
    package = out.joinpath(*PACKAGE)
    for path in generated:
        if package not in path.parents:
            raise SystemExit(f"esper-leyline: {path.relative_to(out)} is outside {'/'.join(PACKAGE)}/")
        # Every directory between the package and a generated module is a
        # regular package too.
        for parent in path.parents:
            if parent == package:
                break
            (parent / "__init__.py").touch()


setup(version=workspace_version(CARGO_TOML), cmdclass={"build_py": BuildWithProtoc})
