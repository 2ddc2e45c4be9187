"""The layout ``inequality``'s formulas run on: draws sorted by wage, groups down, draws across.

A workforce has a handful of groups, a Monte Carlo block thousands of draws. Laid out one
row per draw, every per-draw sum over groups is a numpy reduction along a row of a few
elements, which pays a per-row overhead (measured: 2 ms to sum 10^5 x 3, against 0.1 ms
the other way round). So the draws are sorted once and transposed, shape (groups, draws),
and a sum over groups is a few additions of whole rows (``row_sum``), in the order numpy
sums a row: the results are the very bits the row-wise reductions gave.

Matrix products with the weights would be as fast, but BLAS may order a dot product's terms
by the array's size and alignment, and a draw must give the same bits in a chunk of any size
and in the scalar functions, which run the same code on a single draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Index = NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Sorted:
    """Draws sorted by wage in each column, with the running totals every metric needs."""

    v: Floats  # wages, ascending down each column, shape (n, d)
    w: Floats  # headcounts permuted with them, all > 0
    below_w: Floats  # headcount below each group, shape (n + 1, d); last row = total
    below_vw: Floats  # wage bill below each group, likewise
    f: Floats  # population shares
    r: Floats  # relative wages v / mean
    lr: Floats  # ln r, computed once: five of the metrics need it
    flr: Floats  # sum of f ln r, shape (d,): minus MLD, and Atkinson(1)'s log ratio
    equal: NDArray[np.bool_]  # draws where every worker earns the same, shape (d,)
    columns: Index  # 0 .. d - 1, for reading one group per draw (``first_reaching``)

    @classmethod
    def of(cls, draws: Floats, weights: Floats) -> Sorted:
        """From ``draws`` of shape (d, n), one row per draw, and the n headcounts (all > 0)."""
        # Only relative headcounts matter; scaling them to a maximum of 1 keeps products of
        # totals clear of underflow (weights like 1e-200) and overflow (1e200).
        weights = weights / weights.max()
        # Stable: tied groups keep their given order, so their running sums do too.
        order = np.ascontiguousarray(np.argsort(draws, axis=1, kind="stable").T)
        columns = np.arange(draws.shape[0])
        v = draws[columns, order]  # shape (n, d), C-contiguous like order
        w = weights[order]
        below_w = running_sum(w)
        below_vw = running_sum(v * w)
        total_w = below_w[-1]
        r = v / (below_vw[-1] / total_w)
        f = w / total_w
        lr = np.log(r)
        flr = row_sum(f * lr)
        return cls(v, w, below_w, below_vw, f, r, lr, flr, v[0] == v[-1], columns)

    @property
    def cum_w(self) -> Floats:
        """Running headcount up to and including each group, shape (n, d)."""
        return self.below_w[1:]

    @property
    def total_w(self) -> Floats:
        total: Floats = self.below_w[-1]
        return total

    @property
    def total_vw(self) -> Floats:
        total: Floats = self.below_vw[-1]
        return total

    def first_reaching(self, target: Floats) -> Index:
        """Flat index of the first group whose running headcount reaches ``target``.

        One per draw, into any array of d columns (``np.take(s.v, index)``).
        """
        k: Index = (self.cum_w < target).sum(axis=0)
        np.minimum(k, self.v.shape[0] - 1, out=k)
        k *= self.v.shape[1]
        k += self.columns
        return k

    def nonneg(self, x: Floats) -> Floats:
        """Clip rounding below zero, and give exactly 0 where everyone earns the same."""
        return np.where(self.equal, 0.0, np.maximum(x, 0.0))


def row_sum(x: Floats) -> Floats:
    """Sum over groups (axis 0), term for term in the order numpy sums a row of n terms.

    From 0.0, numpy's ``pairwise_sum``: from 8 terms on, eight running sums over blocks of 8
    rows, added as a tree; then the remaining terms one by one; above 128 terms, two halves.
    Checked against ``np.sum(axis=1)`` for n up to 1,000: the same bits, so the results are
    those of the row-wise reductions, at a tenth of their cost.
    """
    n = x.shape[0]
    if n > 128:
        half = n // 2 - (n // 2) % 8
        halves: Floats = row_sum(x[:half]) + row_sum(x[half:])
        return halves
    total = np.zeros(x.shape[1])
    end = 0
    if n >= 8:
        part = x[:8].copy()
        end = n - n % 8
        for i in range(8, end, 8):
            part += x[i : i + 8]
        total += (part[0] + part[1] + (part[2] + part[3])) + (
            part[4] + part[5] + (part[6] + part[7])
        )
    for row in x[end:]:
        total += row
    return total


def running_sum(x: Floats) -> Floats:
    """Running sums over groups, shape (n + 1, d), from a row of zeros to the total."""
    out = np.empty((x.shape[0] + 1, x.shape[1]))
    out[0] = 0.0
    for i, row in enumerate(x):
        np.add(out[i], row, out=out[i + 1])
    return out
