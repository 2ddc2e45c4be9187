"""Sweep: a 1,001 × 1,001 grid of α × tariff change, two figures, each against its floor.

1. End to end: `stakhanov sweep ... --format csv` as a user runs it (start-up, validation,
   computing, writing 1,002,001 rows to a file), against a floor that does the least the
   same output needs: a Python process that imports numpy and pandas, computes the same
   columns with numpy outer products and writes them with pandas `to_csv`. Timed
   alternately, median of ``--repeat`` runs each (the minimum is printed too); the peak
   memory (max RSS) of the command is measured in the same run. Goal: ≤ 1.5× the floor,
   peak memory under 400 MB.
2. Library only: `stakhanov.calc.sweep.sweep` on a 1,000 × 1,000 grid in memory, against
   bare numpy doing the same number of float64 multiplications (an outer product per group
   and end), so the ratio shows what the library's bookkeeping costs on top. Median of
   ``--repeat`` interleaved runs.

Run: python benchmarks/sweep.py [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from stakhanov import load_rates
from stakhanov.calc.sweep import sweep

sys.path.insert(0, str(Path(__file__).parent))
from _timing import HEADER, PY, STAKHANOV, compare

END_TO_END_GOAL = 1.5  # × the numpy + pandas floor
MEMORY_GOAL_MB = 400
LIBRARY_GOAL_SECONDS = 1.0

# 1,001 α values (0 to 1 by 0.001) × 1,001 tariff changes (-50% to +50% by 0.1%).
ARGS = ["--alpha", "0:1:0.001", "--tariff", "-50%:50%:0.1%", "--format", "csv"]

# The floor writes what the command writes for these settings (the straight rule toward
# stakhanov-1935, 102 t, from the 7 t norm): alpha, tariff_pct, then the central figure of
# each group the revision moves and the ends of the ranged one, at full precision (the
# command's default).
# Earnings under a straight rate are E · (1 + t) · N / N'(α) with N'(α) = 7 + α(102 − 7).
_FLOOR = """
import sys
import numpy as np
import pandas as pd
alphas = np.round(np.arange(1001) * 0.001, 12)
tariffs = np.round(-50 + np.arange(1001) * 0.1, 12)
k = np.multiply.outer(1 + tariffs / 100, 7 / (7 + alphas * 95)).ravel()
frame = pd.DataFrame({
    "alpha": np.tile(alphas, tariffs.size),
    "tariff_pct": np.repeat(tariffs, alphas.size),
    "stakhanovite-miner": 1600 * k,
    "miner_low": 400 * k,
    "miner": 450 * k,
    "miner_high": 500 * k,
})
sys.stdout.write("# header comment\\n")
frame.to_csv(sys.stdout, index=False, lineterminator="\\n")
"""


def end_to_end(repeat: int) -> dict[str, float]:
    command = [STAKHANOV, "sweep", *ARGS]
    # First, before any other child: RUSAGE_CHILDREN keeps the largest child's peak so far.
    peak, rows = _peak_mb_and_rows(command)
    result = compare(command, [PY, "-c", _FLOOR], repeat=repeat)
    return {**result, "peak_mb": peak, "rows": rows}


def _peak_mb_and_rows(command: list[str]) -> tuple[float, float]:
    """Peak resident memory of one run of ``command``, and the data rows it wrote."""
    out = Path(tempfile.mkdtemp()) / "sweep.csv"
    with out.open("w") as handle:
        subprocess.run(command, stdout=handle, check=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KB on Linux
    with out.open() as handle:
        rows = sum(1 for line in handle if not line.startswith("#")) - 1
    out.unlink()
    return peak, float(rows)


def library_only(repeat: int) -> dict[str, float]:
    rates = load_rates()
    alphas = np.linspace(0, 1, 1000)
    tariffs = np.linspace(-50, 50, 1000)
    groups = len(rates.wages)
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(repeat):  # interleaved, so that a noisy moment hits both
        start = time.perf_counter()
        sweep(rates, alphas, "stakhanov-1935", tariffs)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        out = np.empty((3, tariffs.size, alphas.size, groups))
        for g in range(groups):  # low, central, high: one outer product each
            for end in range(3):
                out[end, :, :, g] = np.multiply.outer(1 + tariffs / 100, 7 / (7 + alphas * 95))
        bare.append(time.perf_counter() - start)
    seconds, floor = statistics.median(ours), statistics.median(bare)
    return {"seconds": seconds, "floor": floor, "ratio": seconds / floor}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    e = end_to_end(repeat)
    lib = library_only(repeat)
    print(HEADER)
    print(
        f"| end to end: `stakhanov sweep` 1,001 × 1,001 to CSV ({e['rows']:,.0f} rows), "
        f"median of {repeat} | {e['command']:.1f} s | numpy + pandas `to_csv`, same columns | "
        f"{e['floor']:.1f} s | {e['ratio']:.2f}× | ≤ {END_TO_END_GOAL:g}× |"
    )
    print(
        f"| library only: `sweep()` 1,000 × 1,000 × 11 groups in memory, median of {repeat} | "
        f"{lib['seconds'] * 1000:.0f} ms | bare numpy outer products | "
        f"{lib['floor'] * 1000:.0f} ms | {lib['ratio']:.2f}× | ≤ {LIBRARY_GOAL_SECONDS:g} s |"
    )
    print(
        f"\npeak memory of the end-to-end command: {e['peak_mb']:.0f} MB "
        f"(goal < {MEMORY_GOAL_MB} MB)"
    )
