"""Start-up: `stakhanov --help`, a ratio query and the main job (`report`), each against a
minimal typer app that prints one rich table (`_floor_app.py`), under the same typer.

typer's own start-up grows with its version (0.29 loads pydantic), and stakhanov takes any
typer >= 0.24, so the floor is measured with the typer installed, in the same run. Goals:
`--help` and `ratio` ≤ 1.3×, `report` ≤ 1.5×. Figures are medians of N interleaved runs.

Run: python benchmarks/startup.py [--repeat N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _timing import HEADER, PY, STAKHANOV, compare, row

FLOOR = [PY, str(Path(__file__).with_name("_floor_app.py"))]
FLOOR_NAME = "minimal typer app printing one rich table"
CASES = (
    ("`stakhanov --help`", [STAKHANOV, "--help"], 1.3),
    (
        "`stakhanov ratio stakhanovite-miner auxiliary`",
        [STAKHANOV, "ratio", "stakhanovite-miner", "auxiliary"],
        1.3,
    ),
    ("`stakhanov report`", [STAKHANOV, "report"], 1.5),
)


def results(repeat: int) -> list[tuple[str, str, dict[str, float], float]]:
    """(command, floor, timings, goal) for each case."""
    return [(name, FLOOR_NAME, compare(cmd, FLOOR, repeat), goal) for name, cmd, goal in CASES]


def measure(repeat: int) -> list[str]:
    return [row(name, floor, r, goal) for name, floor, r, goal in results(repeat)]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    print(HEADER)
    print("\n".join(measure(parser.parse_args().repeat)))
