"""Per-draw quantities ``montecarlo.simulate`` does not summarise: GE(2) and Theil's split.

``simulate`` streams the percentiles of ``inequality.METRIC_NAMES``. A workforce report also
wants GE(2) and Theil's T split between and within subgroups (Stakhanovite or not; industry),
each with its percentiles. ``ExtrasStream`` computes them on the very same draws, chunk by
chunk as ``simulate`` hands them over (its ``each`` hook: every draw is made once), and
streams them the same way: a log-spaced histogram per quantity, never the draws themselves,
so memory stays flat. ``extras_quantiles`` does the same over draws read again with
``montecarlo.iter_draws``, for a caller that has only the seed.

The formulas are the batch form of ``inequality.ge`` and ``inequality.theil_decomposition``
(tests check them row by row against those): with population shares f and relative wages
r = v / mean,

- GE(2) = sum f r (r - 1) / 2, written so as to lose nothing when r is near 1;
- between = sum over subgroups of F_g R_g ln R_g, with F_g the subgroup's share of workers
  and R_g its mean over the overall mean; within = T - between.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import numpy as np
from numpy.typing import NDArray

from stakhanov.data.interval import Interval
from stakhanov.stats.montecarlo import Quantiles, _tally, iter_draws

__all__ = ["ExtrasStream", "extra_names", "extras_batch", "extras_quantiles"]

Floats = NDArray[np.float64]

_BINS = 2**18  # over 12 decades: 1.05e-4 relative per bin, as montecarlo's metric histograms
_DECADES = 12
_PERCENTS = (0.05, 0.50, 0.95)


def extra_names(partitions: Sequence[str]) -> tuple[str, ...]:
    """Names of the quantities, in order: GE(2), then between and within per partition."""
    names = ["ge_2"]
    for p in partitions:
        names += [f"theil_between_{p}", f"theil_within_{p}"]
    return tuple(names)


def _codes(labels: Sequence[Hashable]) -> NDArray[np.intp]:
    index: dict[Hashable, int] = {}
    return np.array([index.setdefault(label, len(index)) for label in labels], dtype=np.intp)


def extras_batch(
    draws: Floats, weights: Floats, partitions: Sequence[Sequence[Hashable]]
) -> Floats:
    """Shape (quantities, rows): GE(2), then (between, within) for each partition.

    ``draws`` has one column per group, every weight > 0.
    """
    f = weights / weights.sum()
    # Sums over a handful of groups per row go through matrix products: numpy's reductions
    # along short rows are several times slower than a (rows x groups) @ (groups,) product.
    mean = draws @ f
    r = draws / mean[:, None]
    out = [(r * (r - 1)) @ f / 2]
    if partitions:
        theil = (r * np.log(r)) @ f
    for labels in partitions:
        codes = _codes(labels)
        if codes.max() == 0:  # one subgroup: nothing lies between subgroups
            between = np.zeros_like(theil)
        else:
            member = np.zeros((codes.size, int(codes.max()) + 1))
            member[np.arange(codes.size), codes] = f  # each group's share, in its subgroup
            share = member.sum(axis=0)  # each subgroup's share of the workers
            rel = (draws @ member) / share / mean[:, None]
            between = (rel * np.log(rel)) @ share
        out += [between, theil - between]
    # One wage for everyone is no inequality at all: exactly 0, not rounding noise.
    # Compared column by column: numpy's min and max along rows of a few groups are slow.
    equal = np.ones(draws.shape[0], dtype=bool)
    for column in draws.T[1:]:
        equal &= column == draws[:, 0]
    result: Floats = np.maximum(np.array(out), 0.0)
    result[:, equal] = 0.0
    return result


class _LogHistograms:
    """One log-spaced histogram per quantity over (top * 1e-12, top]; exact min and max."""

    def __init__(self, tops: Floats) -> None:
        self.log_top = np.log(np.maximum(tops, 1e-300))
        self.width = _DECADES * np.log(10) / _BINS
        self.counts = np.zeros((tops.size, _BINS), dtype=np.int64)
        self.min = np.full(tops.size, np.inf)
        self.max = np.full(tops.size, -np.inf)

    def add(self, values: Floats) -> None:
        self.min = np.minimum(self.min, values.min(axis=1))
        self.max = np.maximum(self.max, values.max(axis=1))
        floor = -_DECADES * np.log(10)
        with np.errstate(divide="ignore"):  # log(0) = -inf lands in the first bin
            t = np.log(values) - self.log_top[:, None]
        k = ((np.maximum(t, floor) - floor) / self.width).astype(np.intp)
        np.clip(k, 0, _BINS - 1, out=k)
        for counts, row in zip(self.counts, k, strict=True):
            _tally(counts, row)

    def quantiles(self) -> list[Quantiles]:
        out = []
        origin = -_DECADES * np.log(10)
        for m in range(self.counts.shape[0]):
            cum = np.cumsum(self.counts[m])
            logs = []
            for p in _PERCENTS:
                target = p * cum[-1]
                k = min(int(np.searchsorted(cum, target, side="left")), _BINS - 1)
                before = cum[k - 1] if k > 0 else 0
                inside = (target - before) / self.counts[m, k] if self.counts[m, k] else 0.5
                logs.append(origin + (k + inside) * self.width + self.log_top[m])
            # Clamped to what was seen: a quantity that is always 0 reads exactly 0.
            qs = np.clip(np.exp(logs), self.min[m], self.max[m])
            out.append(Quantiles(*map(float, qs)))
        return out


class ExtrasStream:
    """``extras_batch`` over chunks of draws, streamed into histograms; then its quantiles.

    ``low``/``high`` are the sampling ranges; they bound every quantity (R = largest /
    smallest wage): Theil's parts <= ln R, GE(2) <= (R - 1) / 2.
    """

    def __init__(
        self,
        weights: Sequence[int],
        partitions: Sequence[Sequence[Hashable]],
        low: Sequence[float],
        high: Sequence[float],
    ) -> None:
        self.weights = np.asarray(weights, dtype=np.float64)
        self.partitions = partitions
        # Every group one fixed figure: every draw is alike, and one row says it all.
        self.fixed = all(lo == hi for lo, hi in zip(low, high, strict=True))
        self.point: Floats | None = None
        spread = max(high) / min(low)
        log_spread = max(float(np.log(spread)), 1e-12)
        tops = np.array([max((spread - 1) / 2, 1e-12)] + [log_spread] * (2 * len(partitions)))
        self.hists = None if self.fixed else _LogHistograms(tops)

    def add(self, chunk: Floats) -> None:
        if self.hists is None:
            if self.point is None:
                self.point = extras_batch(chunk[:1], self.weights, self.partitions)[:, 0]
            return
        self.hists.add(extras_batch(chunk, self.weights, self.partitions))

    def quantiles(self) -> list[Quantiles]:
        if self.hists is not None:
            return self.hists.quantiles()
        assert self.point is not None, "no draws were added"
        return [Quantiles(v, v, v) for v in map(float, self.point)]


def extras_quantiles(
    intervals: Sequence[Interval],
    weights: Sequence[int],
    partitions: Sequence[Sequence[Hashable]],
    *,
    draws: int,
    seed: int,
    dist: str,
    cap: float,
    low: Sequence[float],
    high: Sequence[float],
    progress: Callable[[int], None] | None = None,
) -> list[Quantiles]:
    """Percentiles of ``extras_batch`` over the draws ``simulate`` made with ``seed``.

    ``low``/``high`` are the sampling ranges ``simulate`` reported; they bound every
    quantity (R = largest / smallest wage): Theil's parts <= ln R, GE(2) <= (R - 1) / 2.
    """
    stream = ExtrasStream(weights, partitions, low, high)
    if stream.fixed:
        stream.add(np.array([list(low)]))
        if progress is not None:
            progress(draws)
        return stream.quantiles()
    for chunk in iter_draws(intervals, draws, seed, dist, cap):
        stream.add(chunk)
        if progress is not None:
            progress(chunk.shape[0])
    return stream.quantiles()
