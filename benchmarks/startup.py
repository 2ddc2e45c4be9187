"""Start-up: `stakhanov --help` against `import typer`, and a ratio query against
`import typer, rich.table`, in the same run. Goal: both ≤ 1.3×.

Run: python benchmarks/startup.py [--repeat N]
"""

from __future__ import annotations

import argparse

from _timing import HEADER, PY, STAKHANOV, compare, row

GOAL = 1.3


def results(repeat: int) -> list[tuple[str, str, dict[str, float]]]:
    """(command, floor, timings) for `--help` and for a ratio query."""
    help_ = compare([STAKHANOV, "--help"], [PY, "-c", "import typer"], repeat)
    ratio = compare(
        [STAKHANOV, "ratio", "stakhanovite-miner", "auxiliary"],
        [PY, "-c", "import typer, rich.table"],
        repeat,
    )
    return [
        ("`stakhanov --help`", "`import typer`", help_),
        ("`stakhanov ratio stakhanovite-miner auxiliary`", "`import typer, rich.table`", ratio),
    ]


def measure(repeat: int) -> list[str]:
    return [row(name, floor, r, GOAL) for name, floor, r in results(repeat)]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    print(HEADER)
    print("\n".join(measure(parser.parse_args().repeat)))
