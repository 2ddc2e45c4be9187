"""Sweep: a 1,000 × 1,000 grid of α × tariff change over all groups. Goal: ≤ 1 s.

The floor is the same number of float64 multiplications done by bare numpy (an outer
product per group), so the ratio shows what the library's bookkeeping costs on top.
Figures are medians of N interleaved runs (default 5).
Run: python benchmarks/sweep.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from stakhanov import load_rates
from stakhanov.calc.sweep import sweep

GOAL_SECONDS = 1.0


def measure(repeat: int = 5) -> dict[str, float]:
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
    r = measure(parser.parse_args().repeat)
    print("| what | time | floor | floor time | ratio | goal |\n|---|---|---|---|---|---|")
    print(
        f"| sweep 1,000 α × 1,000 tariffs × 11 groups | {r['seconds'] * 1000:.0f} ms | "
        f"bare numpy outer products | {r['floor'] * 1000:.0f} ms | {r['ratio']:.2f}× | "
        f"≤ {GOAL_SECONDS:g} s |"
    )
