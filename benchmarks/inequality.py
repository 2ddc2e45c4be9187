"""Workforce inequality with 10^6 draws, the whole command, against a bare numpy script
computing the same metrics per draw over the same groups (``inequality_floor.py``), both as
fresh processes, alternated. Goal: <= 1.5x. The same command with ``--draws 0`` (start-up,
loading, the central figures) is shown too.

Run from the repository root: PYTHONPATH=src python benchmarks/inequality.py [--repeat N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _timing import PY, STAKHANOV, compare

HERE = Path(__file__).resolve().parent
PIT = str(HERE.parent / "examples" / "pit-before.toml")
GOAL = 1.5


def floor_args() -> list[str]:
    """The groups the command draws (sampling ranges, headcounts, partitions), from the
    library, for the bare script: nothing typed twice."""
    from stakhanov.data.rates import load_rates
    from stakhanov.scenarios.workforce import load_workforce
    from stakhanov.stats.montecarlo import DEFAULT_OPEN_CAP, sampling_ranges
    from stakhanov.stats.workforce_metrics import workforce_wages

    rates = load_rates()
    groups = workforce_wages(rates, load_workforce(PIT, rates))
    low, high = sampling_ranges([g.wage for g in groups], DEFAULT_OPEN_CAP)
    return [
        f"{lo!r},{hi!r},{g.headcount},{g.stakhanovite},{g.industry}"
        for g, lo, hi in zip(groups, low.tolist(), high.tolist(), strict=True)
    ]


def measure(repeat: int) -> dict[str, float]:
    command = [STAKHANOV, "inequality", "--workforce", PIT, "--draws", "1000000"]
    floor = [PY, str(HERE / "inequality_floor.py"), *floor_args()]
    return compare(command, floor, repeat)


def measure_no_draws(repeat: int) -> dict[str, float]:
    command = [STAKHANOV, "inequality", "--workforce", PIT]
    return compare([*command, "--draws", "1000000"], [*command, "--draws", "0"], repeat)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    n = parser.parse_args().repeat
    t = measure(n)
    print("| what | median | best |\n|---|---|---|")
    print(f"| `inequality --draws 1000000` | {t['command']:.2f} s | {t['command_best']:.2f} s |")
    print(f"| bare numpy script, same metrics | {t['floor']:.2f} s | {t['floor_best']:.2f} s |")
    print(f"ratio {t['ratio']:.2f}x (goal <= {GOAL:g}x)")
