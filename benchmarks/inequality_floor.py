"""The floor of `stakhanov inequality --draws 1000000`: a bare numpy script, no stakhanov.

It does what the command does for a workforce, written as plainly and as fast as numpy
allows: draw every group's wage 10^6 times, uniformly within its sampling range; compute
per draw the same metrics (Gini, Theil T, MLD, GE(2), Atkinson 0.5/1/2, P90/P10, Palma, top
10% share, Theil's split by Stakhanovite or not and by industry); print each one's 5th, 50th
and 95th percentiles (np.percentile over the stored draws). The groups come in as arguments
(low, high, headcount, stakhanovite, industry per group) so that the benchmark passes the
library's own figures and nothing is typed twice.

Run: python benchmarks/inequality_floor.py LOW,HIGH,COUNT,STAKH,INDUSTRY ...
"""

from __future__ import annotations

import sys

import numpy as np

SEED = 1935
DRAWS = 10**6
BLOCK = 8192


def metrics(x: np.ndarray, w: np.ndarray, parts: list[np.ndarray]) -> dict[str, np.ndarray]:
    """Every metric of each draw. ``x`` is (groups, draws): sums over a few groups are then
    additions of whole rows, the fast direction for numpy."""
    order = np.argsort(x, axis=0)
    v = np.take_along_axis(x, order, axis=0)
    f = w[order] / w.sum()  # population shares, sorted with the wages
    mean = (v * f).sum(axis=0)
    r = v / mean
    lr = np.log(r)
    s = f * r  # wage-bill shares
    cum_f = np.cumsum(f, axis=0)
    cum_s = np.cumsum(s, axis=0)
    cols = np.arange(x.shape[1])
    gini = 1 - (f * (2 * cum_s - s)).sum(axis=0)  # 1 - sum f (L below + L through)

    def lorenz(p: float) -> np.ndarray:
        # The Lorenz curve at p: the groups below p whole, and the straddling group in part.
        k = (cum_f < p).sum(axis=0)
        below = np.maximum(k - 1, 0)
        before_f = np.where(k > 0, cum_f[below, cols], 0.0)
        before_s = np.where(k > 0, cum_s[below, cols], 0.0)
        return before_s + (p - before_f) * r[k, cols]

    def quantile(p: float) -> np.ndarray:
        return v[(cum_f < p * (1 - 1e-10)).sum(axis=0), cols]

    top10 = 1 - lorenz(0.9)
    theil = (s * lr).sum(axis=0)
    out = {
        "gini": gini,
        "theil_t": theil,
        "mld": -(f * lr).sum(axis=0),
        "ge_2": (f * (r * r - 1)).sum(axis=0) / 2,
        "atkinson_0.5": 1 - (f * np.sqrt(r)).sum(axis=0) ** 2,
        "atkinson_1": 1 - np.exp((f * lr).sum(axis=0)),
        "atkinson_2": 1 - 1 / (f / r).sum(axis=0),
        "p90_p10": quantile(0.9) / quantile(0.1),
        "palma": top10 / lorenz(0.4),
        "top10_share": top10,
    }
    share = w / w.sum()
    for name, codes in zip(("stakhanovite", "industry"), parts, strict=True):
        between = np.zeros(x.shape[1])
        for code in np.unique(codes):
            g = codes == code
            mean_g = (x[g] * share[g, None]).sum(axis=0) / share[g].sum() / mean
            between += share[g].sum() * mean_g * np.log(mean_g)
        out[f"theil_between_{name}"] = between
        out[f"theil_within_{name}"] = theil - between
    return out


def main() -> None:
    groups = [a.split(",") for a in sys.argv[1:]]
    low = np.array([float(g[0]) for g in groups])
    high = np.array([float(g[1]) for g in groups])
    w = np.array([float(g[2]) for g in groups])
    parts = [
        np.unique([g[3] for g in groups], return_inverse=True)[1],
        np.unique([g[4] for g in groups], return_inverse=True)[1],
    ]
    rng = np.random.default_rng(SEED)
    # In blocks that stay in cache: one array of 10^6 rows per intermediate would spend
    # more time faulting in fresh pages than computing.
    kept: dict[str, np.ndarray] = {}
    for start in range(0, DRAWS, BLOCK):
        x = rng.uniform(low, high, size=(min(BLOCK, DRAWS - start), low.size))
        for name, values in metrics(np.ascontiguousarray(x.T), w, parts).items():
            kept.setdefault(name, np.empty(DRAWS))[start : start + x.shape[0]] = values
    for name, values in kept.items():
        p05, p50, p95 = np.percentile(values, [5, 50, 95])
        print(f"{name}: {p05:.4f} {p50:.4f} {p95:.4f}")


if __name__ == "__main__":
    main()
