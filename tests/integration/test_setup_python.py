"""`make setup PYTHON=…`: .venv is built again on the Python named, and later commands keep it.

The repository's own Makefile runs in a scratch folder where uv and .venv's Python are stand-ins that
note how they were called, so that the test needs neither the network nor minutes of installing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _stand_in(path: Path, log: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\necho "$0 $*" >> {log}\n')
    path.chmod(0o755)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "Makefile", tmp_path)
    (tmp_path / "uv.lock").write_text("")
    (tmp_path / "pyproject.toml").write_text("")
    _stand_in(tmp_path / ".tools/bin/uv", tmp_path / "calls")
    _stand_in(tmp_path / ".venv/bin/python", tmp_path / "calls")
    # Two names for this Python: a Python reports the path it was started by as sys.executable.
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "python3").symlink_to(sys.executable)
    return tmp_path


def _setup(folder: Path, *python: str, path: str = os.environ["PATH"]) -> list[str]:
    """The Python each uv sync of a `make setup` was given (none when .venv was left as it was)."""
    calls = folder / "calls"
    calls.unlink(missing_ok=True)
    subprocess.run(["make", "-s", "setup", *(f"PYTHON={p}" for p in python)], cwd=folder, check=True,
                   env={**os.environ, "PATH": path, "MAKEFLAGS": ""}, capture_output=True)
    lines = calls.read_text().splitlines() if calls.exists() else []
    return [line.split("--python ", 1)[1] for line in lines if " sync " in line]


def test_a_named_python_builds_venv_again_and_is_kept(scratch: Path) -> None:
    one, two = str(scratch / "one/python3"), str(scratch / "two/python3")
    assert _setup(scratch, one) == [one]
    assert _setup(scratch) == []  # nothing named: the last one stays, nothing to do
    assert _setup(scratch, two) == [two]
    assert _setup(scratch, two) == []
    assert _setup(scratch, one) == [one]


def test_python3_by_default_given_to_uv_by_its_path(scratch: Path) -> None:
    (scratch / "bin").mkdir()
    (scratch / "bin/python3").symlink_to(sys.executable)
    # by the name python3, uv would take the Python .venv already has
    assert _setup(scratch, path=f"{scratch / 'bin'}{os.pathsep}{os.environ['PATH']}") == [str(scratch / "bin/python3")]
