"""Every benchmark in one run, as one table: each figure beside its floor and the ratio.

Run: python benchmarks/run.py   (the README's Speed section pastes its output)
Each row's floor is measured in the same run as its figure, so machine load hits both;
every timing is the median of repeated, interleaved runs.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

# The benchmarks folder is not a package: import its scripts as modules.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import importlib.util

import export
import inequality
import montecarlo
import ratio
import sensitivity
import startup
import sweep

# benchmarks/html.py would shadow the standard library's `html` if imported by that name.
_spec = importlib.util.spec_from_file_location("html_bench", Path(__file__).with_name("html.py"))
assert _spec is not None and _spec.loader is not None
html_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(html_bench)

Row = tuple[str, str, str, str, str]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _against(name: str, floor_name: str, r: dict[str, float], goal: str) -> list[Row]:
    """One row: a figure, its floor measured in the same run, and the ratio of the two."""
    if "seconds" in r:  # an in-process measurement
        r = {**r, "command": r["seconds"]}
    ratio_text = f"{r['ratio']:.2f}×"
    return [(name, _ms(r["command"]), f"{floor_name}: {_ms(r['floor'])}", ratio_text, goal)]


def _startup() -> list[Row]:
    return [
        row
        for name, floor_name, r, goal in startup.results(repeat=20)
        for row in _against(name, floor_name, r, f"≤ {goal:g}×")
    ]


def _sweep() -> list[Row]:
    e = sweep.end_to_end(repeat=5)
    lib = sweep.library_only(repeat=5)
    return [
        (
            "end to end: `stakhanov sweep` 1,001 α × 1,001 tariffs to CSV (1,002,001 rows), "
            "median of 5",
            f"{e['command']:.1f} s",
            f"numpy + pandas `to_csv`, same columns: {e['floor']:.1f} s",
            f"{e['ratio']:.2f}×",
            f"≤ {sweep.END_TO_END_GOAL:g}×",
        ),
        (
            "end to end: peak memory of that sweep",
            f"{e['peak_mb']:.0f} MB",
            "",
            "",
            f"< {sweep.MEMORY_GOAL_MB} MB",
        ),
        (
            "library only: `sweep()` 1,000 α × 1,000 tariffs × 11 groups in memory, median of 5",
            _ms(lib["seconds"]),
            f"bare numpy outer products: {_ms(lib['floor'])}",
            f"{lib['ratio']:.2f}×",
            f"≤ {sweep.LIBRARY_GOAL_SECONDS:g} s",
        ),
    ]


def _montecarlo() -> list[Row]:
    r = montecarlo.measure(repeats=5)
    return [
        *_against(
            "Monte Carlo: 10^6 draws × 11 groups, every pair's ratio",
            "bare numpy draws",
            r,
            f"≤ {montecarlo.SPEED_GOAL:g}×",
        ),
        (
            "Monte Carlo: peak memory, 10^7 draws, ratios + metrics",
            f"{r['weights_mb']:.0f} MB",
            f"idle interpreter: {r['idle_mb']:.0f} MB",
            "",
            f"< {montecarlo.MEMORY_GOAL_MB} MB",
        ),
    ]


def _inequality() -> list[Row]:
    return _against(
        "`stakhanov inequality -w examples/pit-before.toml --draws 1000000`",
        "bare numpy script, same metrics and draws",
        inequality.measure(repeat=7),
        f"≤ {inequality.GOAL:g}×",
    )


def _ratio() -> list[Row]:
    return _against(
        "`stakhanov ratio miner lowest-paid --draws 1000000`",
        "bare numpy script, same draws and percentiles",
        ratio.measure(repeat=15),
        f"≤ {ratio.GOAL:g}×",
    )


def _sensitivity() -> list[Row]:
    return _against(
        "Sobol indices of `ratio miner lowest-paid`, N = 2^14 (in process)",
        "bare SALib + numpy script",
        sensitivity.measure(repeat=9),
        f"≤ {sensitivity.GOAL:g}×",
    )


def _export() -> list[Row]:
    name, floor_name, r = export.results(repeat=10)
    return _against(name, floor_name, r, f"≤ {export.GOAL:g}×")


def _html() -> list[Row]:
    name, floor_name, r = html_bench.results(repeat=10)
    return _against(name, floor_name, r, f"≤ {html_bench.GOAL:g}×")


BENCHMARKS: list[Callable[[], list[Row]]] = [
    _startup,
    _sweep,
    _montecarlo,
    _ratio,
    _inequality,
    _sensitivity,
    _export,
    _html,
]


def main() -> None:
    rows = [row for bench in BENCHMARKS for row in bench()]
    print(
        f"Measured {datetime.date.today()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}.\n"
    )
    print("| benchmark | figure | floor (same run) | ratio | goal |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
