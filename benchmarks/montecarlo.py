"""Benchmark ``simulate`` against a bare numpy script that makes the same draws.

Run from the repository root:  PYTHONPATH=src python benchmarks/montecarlo.py

1. Speed: 10^6 draws over 11 groups like the sources' (every pair's ratio summarised), against
   the same rng, shapes and chunking with nothing summarised; the median of several
   interleaved repeats. Goal: simulate <= 2x the bare script.
2. Memory: peak RSS of a 10^7-draw run in a fresh subprocess (ratios only, then ratios and
   every metric with headcounts), against the goal of < 300 MB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np

from stakhanov.data.interval import Interval
from stakhanov.stats.montecarlo import DEFAULT_CHUNK, iter_draws, simulate

# The sources' groups (shared/DOMAIN.md): Stakhanovite miner (> 1,600), miner (400-500),
# auxiliary (170), auxiliary Stakhanovite (400), average (170), lowest paid (100-150),
# textile Stakhanovite (>= 500), textile worker (<= 150), Kaslov doubled (1,900),
# engineer (8,600), Ivanchikov's day (320).
INTERVALS = [
    Interval(1600, 1600, high_open=True),
    Interval(400, 500),
    Interval.point(170),
    Interval.point(400),
    Interval.point(170),
    Interval(100, 150),
    Interval(500, 500, high_open=True),
    Interval(150, 150, low_open=True),
    Interval.point(1900),
    Interval.point(8600),
    Interval.point(320),
]
WEIGHTS = [10, 90, 100, 20, 1000, 100, 30, 200, 1, 1, 5]  # illustrative headcounts
SEED = 1935
SPEED_DRAWS = 10**6
MEMORY_DRAWS = 10**7
MEMORY_GOAL_MB = 300
SPEED_GOAL = 2.0


def _bare(low: np.ndarray, high: np.ndarray) -> None:
    """The same draws as simulate: same generator, seed, shapes and chunks; no summaries."""
    rng = np.random.default_rng(SEED)
    for start in range(0, SPEED_DRAWS, DEFAULT_CHUNK):
        rng.uniform(low, high, size=(min(DEFAULT_CHUNK, SPEED_DRAWS - start), low.size))


def _ours() -> None:
    simulate(INTERVALS, SPEED_DRAWS, seed=SEED)


def _median(runs: dict[str, Callable[[], None]], repeats: int) -> dict[str, float]:
    """The median seconds of each run, over ``repeats`` interleaved rounds."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):  # interleaved, so that a noisy moment hits both
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def _peak_mb(kind: str) -> float:
    """Peak RSS of a fresh interpreter: imports only, or one 10^7-draw simulation."""
    args = [sys.executable, __file__, "--child", kind]
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def _peak_rss_mb() -> float:
    # VmHWM is this process's own high-water mark. ru_maxrss is the fallback off Linux, but
    # on Linux it also counts the parent's memory at the fork that started this process.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _child(kind: str) -> None:
    weights = WEIGHTS if kind == "weights" else None
    if kind != "idle":
        simulate(INTERVALS, MEMORY_DRAWS, seed=SEED, weights=weights)
    print(_peak_rss_mb())


def measure(repeats: int = 7) -> dict[str, float]:
    """Speed against bare numpy draws, and peak memory of 10^7-draw runs (in children)."""
    reference = simulate(INTERVALS, 1, seed=SEED)
    low, high = np.array(reference.low), np.array(reference.high)
    # Check that the bare script really makes simulate's draws.
    rng = np.random.default_rng(SEED)
    same = next(iter_draws(INTERVALS, 1000, seed=SEED))
    assert np.array_equal(rng.uniform(low, high, size=(1000, low.size)), same)
    t = _median({"bare": lambda: _bare(low, high), "simulate": _ours}, repeats)
    idle, ratios_mb, weights_mb = (_peak_mb(k) for k in ("idle", "ratios", "weights"))
    return {
        "seconds": t["simulate"],
        "floor": t["bare"],
        "ratio": t["simulate"] / t["bare"],
        "idle_mb": idle,
        "ratios_mb": ratios_mb,
        "weights_mb": weights_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--child", choices=["idle", "ratios", "weights"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    m = measure(args.repeats)
    pairs = len(INTERVALS) * (len(INTERVALS) - 1)
    rows = [
        ("bare numpy draws, 10^6 x 11", f"{m['floor']:.3f} s", ""),
        (f"simulate, 10^6 x 11, {pairs} ratios", f"{m['seconds']:.3f} s", ""),
        ("ratio simulate / bare", f"{m['ratio']:.2f}x", f"goal <= {SPEED_GOAL:.0f}x"),
        ("peak RSS, interpreter + imports", f"{m['idle_mb']:.0f} MB", ""),
        ("peak RSS, 10^7 draws, ratios", f"{m['ratios_mb']:.0f} MB", f"goal < {MEMORY_GOAL_MB} MB"),
        (
            "peak RSS, 10^7 draws, ratios + metrics",
            f"{m['weights_mb']:.0f} MB",
            f"goal < {MEMORY_GOAL_MB} MB",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"best of {args.repeats}, chunk {DEFAULT_CHUNK:,} rows")
    for label, value, goal in rows:
        print(f"{label:<{width}}  {value:>9}  {goal}")
    ok = m["ratio"] <= SPEED_GOAL and max(m["ratios_mb"], m["weights_mb"]) < MEMORY_GOAL_MB
    print("all goals met" if ok else "GOAL MISSED")


if __name__ == "__main__":
    main()
