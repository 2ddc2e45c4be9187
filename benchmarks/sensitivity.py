"""Sobol indices of `ratio miner lowest-paid` (N = 2^14 base samples) against a bare script.

The floor is the plainest SALib + numpy script for the same question: Saltelli's sample of
the two wages (miner 400-500, lowest-paid 100-150), the ratio evaluated with numpy, Sobol
analysis with the same bootstrap and seed. Ours adds building the inputs from the data, the
tornado and the bookkeeping. Both run in this process (SALib imported once, before timing),
interleaved, and the medians are compared. Goal: <= 1.5x.

Run from the repository root: PYTHONPATH=src python benchmarks/sensitivity.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
from SALib.analyze import sobol as analyze
from SALib.sample import sobol as sample

from stakhanov.data.rates import load_rates
from stakhanov.stats.sensitivity import ratio_sensitivity

N = 2**14
SEED = 1935
GOAL = 1.5
RATES = load_rates()


def _bare() -> None:
    problem = {"num_vars": 2, "names": ["miner", "lowest"], "bounds": [[400, 500], [100, 150]]}
    x = sample.sample(problem, N, calc_second_order=False, seed=SEED)
    y = x[:, 0] / x[:, 1]
    analyze.analyze(problem, y, calc_second_order=False, num_resamples=100, seed=SEED)


def _ours() -> None:
    ratio_sensitivity(RATES, "miner", "lowest-paid", N, SEED)


def _medians(runs: dict[str, Callable[[], None]], repeat: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()  # warm caches
    for _ in range(repeat):  # interleaved, so that a noisy moment hits both
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def measure(repeat: int = 9) -> dict[str, float]:
    # The same indices, or the comparison would be of different work.
    ours = {
        r.input.key: r.first_order
        for r in ratio_sensitivity(RATES, "miner", "lowest-paid", N, SEED).rows
    }
    problem = {"num_vars": 2, "names": ["m", "l"], "bounds": [[400, 500], [100, 150]]}
    x = sample.sample(problem, N, calc_second_order=False, seed=SEED)
    si = analyze.analyze(problem, x[:, 0] / x[:, 1], calc_second_order=False, seed=SEED)
    assert np.isclose(ours["wages.miner"], si["S1"][0]), "not the same analysis"
    t = _medians({"bare": _bare, "ours": _ours}, repeat)
    return {"seconds": t["ours"], "floor": t["bare"], "ratio": t["ours"] / t["bare"]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    m = measure(parser.parse_args().repeat)
    print("N = 2^14, medians of interleaved runs")
    print(f"bare SALib + numpy: {m['floor'] * 1000:.0f} ms")
    print(f"ratio_sensitivity:  {m['seconds'] * 1000:.0f} ms")
    print(f"ratio: {m['ratio']:.2f}x (goal <= {GOAL:g}x)")
