"""`stakhanov ratio miner lowest-paid --draws 1000000` against a bare numpy script drawing the
same two wages and reading the same percentiles (``ratio_floor.py``), both as fresh
processes, alternated. Goal: <= 1.3x.

Run from the repository root: PYTHONPATH=src python benchmarks/ratio.py [--repeat N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _timing import PY, STAKHANOV, compare

HERE = Path(__file__).resolve().parent
PAIR = ("miner", "lowest-paid")
GOAL = 1.3


def measure(repeat: int) -> dict[str, float]:
    from stakhanov.data.rates import load_rates
    from stakhanov.stats.uncertainty import ratio_draws

    # The sampling ranges from the library, so the bare script draws what the command draws.
    (a_low, a_high), (b_low, b_high) = ratio_draws(load_rates(), *PAIR, draws=1).drawn
    floor = [PY, str(HERE / "ratio_floor.py"), *map(repr, (a_low, a_high, b_low, b_high))]
    return compare([STAKHANOV, "ratio", *PAIR, "--draws", "1000000"], floor, repeat)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    t = measure(parser.parse_args().repeat)
    print(f"command {t['command'] * 1000:.0f} ms, bare numpy {t['floor'] * 1000:.0f} ms")
    print(f"ratio {t['ratio']:.2f}x (goal <= {GOAL:g}x)")
