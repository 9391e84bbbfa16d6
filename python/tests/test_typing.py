"""The package's stubs are used by type checkers: ``mypy --strict`` accepts
the consumer script and rejects each misuse in ``misuse.py``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def mypy(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", str(HERE / script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=HERE,
    )


def test_mypy_strict_accepts_the_consumer() -> None:
    out = mypy("consumer.py")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Success: no issues found in 1 source file" in out.stdout


def test_mypy_strict_rejects_each_misuse() -> None:
    out = mypy("misuse.py")
    assert out.returncode == 1, out.stdout + out.stderr
    codes = re.findall(r"misuse\.py:(\d+): error: .*\[([a-z-]+)\]$", out.stdout, re.M)
    assert codes == [("6", "arg-type"), ("7", "attr-defined"), ("8", "assignment")], out.stdout
