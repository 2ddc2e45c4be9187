"""The quality gate runs with the tests: lint, format and strict typing of the source.

These run the real tools as subprocesses, so `pytest` alone (the README's test command)
checks everything CI checks. They need the source tree (src/), not only the installed package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PATHS = ["src", "tests", "benchmarks"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def _tool(name: str) -> str:
    # The tool beside this interpreter (an unactivated venv), else one on PATH.
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install '.[test]'")
    return found


@pytest.mark.slow
def test_ruff_check_is_clean() -> None:
    done = _run(_tool("ruff"), "check", *PATHS)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_ruff_format_is_clean() -> None:
    done = _run(_tool("ruff"), "format", "--check", *PATHS)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_strict_is_clean() -> None:
    done = _run(sys.executable, "-m", "mypy", "--strict", "src/stakhanov")
    assert done.returncode == 0, done.stdout + done.stderr
