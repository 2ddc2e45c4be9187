"""Workforce inequality with 10^6 draws, the whole command, against the same command with
no draws (start-up, loading, the central figures). Goal: about a second in all.

Run from the repository root: PYTHONPATH=src python benchmarks/inequality.py [--repeat N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _timing import STAKHANOV, compare

PIT = str(Path(__file__).resolve().parents[1] / "examples" / "pit-before.toml")
GOAL_SECONDS = 1.0


def measure(repeat: int) -> dict[str, float]:
    command = [STAKHANOV, "inequality", "--workforce", PIT]
    return compare([*command, "--draws", "1000000"], [*command, "--draws", "0"], repeat)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    t = measure(parser.parse_args().repeat)
    rows = [
        ("`inequality --draws 1000000`", t["command"], t["command_best"]),
        ("`inequality --draws 0` (start-up, central figures)", t["floor"], t["floor_best"]),
    ]
    print("| what | median | best |\n|---|---|---|")
    for name, median, best in rows:
        print(f"| {name} | {median:.2f} s | {best:.2f} s |")
    print(f"| the draws alone (difference of medians) | {t['command'] - t['floor']:.2f} s | |")
    print(f"goal: about {GOAL_SECONDS:g} s in all")
