"""Start-up stays light: --help, the report and simple queries never import the heavy libraries.

This is not a timing test (timings live in benchmarks/); it checks which modules load,
with `python -X importtime`, which lists every module a run imports.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "openpyxl", "matplotlib", "numpy", "jinja2")


def _imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "stakhanov", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("report",),  # the main job: a norm revision of one wage at a time needs no arrays
        ("ratio", "stakhanovite-miner", "auxiliary"),
        ("groups",),
        ("records",),
        ("norms",),
        ("claims",),
        ("claims", "kaslov-11-times"),
        ("why", "stakhanov-1935"),
        ("sources",),
        ("export", "--help"),
        ("html", "--help"),
    ],
)
def test_no_heavy_imports(args: tuple[str, ...]) -> None:
    loaded = _imported(*args)
    assert "typer" in loaded  # the check really sees imports
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
