"""The floor of `stakhanov ratio A B --draws 1000000`: a bare numpy script, no stakhanov.

Draw both wages 10^6 times uniformly within their sampling ranges (passed as arguments, from
the library, so nothing is typed twice), divide, and print the 5th, 50th and 95th
percentiles of the ratio (np.percentile over the stored draws).

Run: python benchmarks/ratio_floor.py A_LOW A_HIGH B_LOW B_HIGH
"""

from __future__ import annotations

import sys

import numpy as np

SEED = 1935
DRAWS = 10**6


def main() -> None:
    a_low, a_high, b_low, b_high = map(float, sys.argv[1:5])
    rng = np.random.default_rng(SEED)
    x = rng.uniform([a_low, b_low], [a_high, b_high], size=(DRAWS, 2))
    p05, p50, p95 = np.percentile(x[:, 0] / x[:, 1], [5, 50, 95])
    print(f"p05 {p05:.2f}, p50 {p50:.2f}, p95 {p95:.2f}")


if __name__ == "__main__":
    main()
