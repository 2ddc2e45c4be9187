"""Shared timing helpers for the benchmarks: wall time of whole commands, interleaved.

Each benchmark times a command and its floor in the same run, alternating them so that
machine load hits both alike, and reports the median of many runs (the minimum is shown
too). Benchmarks are scripts, never timed tests.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PY = sys.executable
STAKHANOV = str(Path(sys.executable).with_name("stakhanov"))


def compile_package() -> None:
    """Byte-compile stakhanov as `pip install .` does, so that an editable checkout (or
    PYTHONDONTWRITEBYTECODE) does not charge source compilation to the command."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("stakhanov")
    assert spec is not None and spec.origin is not None, "stakhanov is not installed"
    compileall.compile_dir(str(Path(spec.origin).parent), quiet=1)


# A command, or a function that returns a fresh one for each run (a new output path).
Command = Sequence[str] | Callable[[], Sequence[str]]


def _once(command: Command) -> float:
    cmd = command() if callable(command) else command
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def compare(command: Command, floor: Command, repeat: int = 20) -> dict[str, float]:
    """Median and best seconds of ``command`` and ``floor``, run alternately."""
    compile_package()
    _once(command), _once(floor)  # warm the file cache
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        a.append(_once(command))
        b.append(_once(floor))
    return {
        "command": statistics.median(a),
        "floor": statistics.median(b),
        "command_best": min(a),
        "floor_best": min(b),
        "ratio": statistics.median(a) / statistics.median(b),
    }


def row(name: str, floor_name: str, result: dict[str, float], goal: float) -> str:
    return (
        f"| {name} | {result['command'] * 1000:.0f} ms | {floor_name} | "
        f"{result['floor'] * 1000:.0f} ms | {result['ratio']:.2f}× | ≤ {goal:g}× |"
    )


HEADER = "| what | time | floor | floor time | ratio | goal |\n|---|---|---|---|---|---|"
