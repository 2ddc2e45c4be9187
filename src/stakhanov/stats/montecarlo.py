"""Monte Carlo over the sources' bounds: how far can a ratio or an index move?

Each wage group is an ``Interval``. Its value is drawn independently of the other groups,
uniformly (or triangularly, peaking at the central value) over its sampling range: the given
range, where an open end ("more than 1,600", "150 or less") is capped at ``high * cap`` or
``low / cap``. The cap is an assumption, not a fact from the sources: ``DEFAULT_OPEN_CAP``
is 1.5, and every result reports the cap it used. An approximate figure ("about ten",
"almost 800") is drawn within the claims' tolerance (``Interval.widened``): 9 to 11, 720 to
800 at the default 10%; the sampling ranges every result reports show it.

Memory stays flat: draws come in chunks (``DEFAULT_CHUNK`` rows) and nothing keeps them.
Percentiles are streamed from fine histograms, never computed from stored draws.

- Ratios. Because the groups are independent, ln(A / B) = ln A - ln B has the distribution of
  the *cross-correlation of the two marginal log-histograms*. So each random group keeps one
  histogram of ln(value) on a shared lattice of width ``LOG_BIN`` (1e-4), and at the end each
  pair's histogram is the FFT correlation of two marginals. That costs O(groups) per draw
  instead of O(groups^2), and it pairs every draw of A with every draw of B (n^2 pairs, less
  sampling noise than n). A group fixed at one figure needs no histogram: its ratios are the
  other group's marginal scaled. Only pairs i < j are read: the quantiles of B / A are the
  reciprocals of those of A / B (p05 of B / A = 1 / p95 of A / B).
- Metrics (with ``weights``): they depend on all groups at once, so each draw's metrics come
  from ``inequality.metrics_batch`` and go into a log-spaced histogram per metric over
  [upper bound * 1e-12, upper bound], the bound following from the sampling ranges.

Quantiles read the cumulative counts with linear interpolation inside a bin, and are clamped
to the exact range. The contract, tested against ``np.percentile`` on stored runs: relative
error < 1e-3. The binning bounds are tighter: a ratio's quantile lies within 1.5 ``LOG_BIN``
(1.5e-4) of the exact percentile of the n^2 cross-pairs, or within ``LOG_BIN`` of that of the
n draws when one group is fixed (measured: 6e-6 and 4e-5); a metric's within one bin
(1.05e-4) once bins are well filled (measured on 2 * 10^4 draws, where the sample's own
spacing adds to it: 2e-4). All are far below the sampling error of 10^6 draws.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stakhanov.calc.claims import DEFAULT_TOLERANCE
from stakhanov.data.interval import Interval
from stakhanov.data.limits import check_size, in_range
from stakhanov.errors import UsageError
from stakhanov.stats.defaults import DEFAULT_OPEN_CAP
from stakhanov.stats.inequality import METRIC_NAMES, metrics, metrics_batch

__all__ = [
    "DEFAULT_CHUNK",
    "DEFAULT_OPEN_CAP",
    "DISTRIBUTIONS",
    "LOG_BIN",
    "MonteCarloResult",
    "Quantiles",
    "iter_draws",
    "sampling_ranges",
    "simulate",
]

Floats = NDArray[np.float64]

DEFAULT_CHUNK = 100_000  # rows per chunk: ~9 MB for 11 groups, whatever the number of draws
DISTRIBUTIONS = ("uniform", "triangular")
LOG_BIN = 1e-4  # width of a ratio histogram bin, in natural-log units

_INV_BIN = 1 / LOG_BIN
_PERCENTS = (0.05, 0.50, 0.95)
_METRIC_BINS = 2**18  # over 12 decades: ln(1e12) / 2**18 = 1.05e-4 relative per bin
_METRIC_DECADES = 12
_BLOCK = 8192  # draws per metrics_batch call: see _MetricHistograms.add


@dataclass(frozen=True, slots=True)
class Quantiles:
    """The 5th, 50th and 95th percentiles of a simulated quantity."""

    p05: float
    p50: float
    p95: float

    def reciprocal(self) -> Quantiles:
        return Quantiles(1 / self.p95, 1 / self.p50, 1 / self.p05)


@dataclass(frozen=True)
class MonteCarloResult:
    """What ``simulate`` found, with every assumption it made (cap, distribution, seed)."""

    draws: int
    seed: int  # the seed actually used, also when none was given: rerun with it to reproduce
    dist: str
    cap: float
    low: tuple[float, ...]  # each group's sampling range, caps applied
    high: tuple[float, ...]
    ratios: dict[tuple[int, int], Quantiles]  # (i, j): value i / value j, every i != j
    metrics: dict[str, Quantiles] = field(default_factory=dict)  # empty without weights


@dataclass(frozen=True, slots=True)
class _Plan:
    """Validated sampling instructions."""

    low: Floats
    high: Floats
    mode: Floats
    dist: str
    cap: float
    seed: int


# ---- validation and sampling ----------------------------------------------------------------


def _plan(
    intervals: Sequence[Interval],
    seed: int | None,
    dist: str,
    cap: float,
    tolerance: float = DEFAULT_TOLERANCE,
) -> _Plan:
    if dist not in DISTRIBUTIONS:
        raise UsageError(f"dist must be 'uniform' or 'triangular', got {dist!r}")
    if problem := in_range(cap, "cap"):
        raise UsageError(f"cap {problem}")
    if len(intervals) == 0:
        raise UsageError("no intervals given")
    for i, it in enumerate(intervals):
        if not it.low > 0:
            raise UsageError(f"interval {i}: low must be > 0, got {it.low:g}")
    intervals = [it.widened(tolerance) for it in intervals]  # "about 10" is drawn from 9..11
    low = np.array([it.low / cap if it.low_open else it.low for it in intervals], dtype=float)
    high = np.array([it.high * cap if it.high_open else it.high for it in intervals], dtype=float)
    # The triangle peaks at the central value; an open end's central value is its given
    # figure, so "more than 1,600" peaks at 1,600 and thins out towards the cap.
    mode = np.clip([it.mid for it in intervals], low, high)
    if seed is None:
        seed = secrets.randbits(63)  # fresh, but reported so that the run can be repeated
    return _Plan(low, high, mode, dist, float(cap), int(seed))


def _draw(rng: np.random.Generator, plan: _Plan, rows: int) -> Floats:
    if plan.dist == "uniform":
        # uniform(a, a) is exactly a: a fixed figure stays fixed.
        return rng.uniform(plan.low, plan.high, size=(rows, plan.low.size))
    # Triangular by the inverse CDF: numpy's own sampler refuses a zero-width interval.
    u = rng.random((rows, plan.low.size))
    width, left, right = plan.high - plan.low, plan.mode - plan.low, plan.high - plan.mode
    cut = np.divide(left, width, out=np.zeros_like(width), where=width > 0)
    rising = plan.low + np.sqrt(u * (width * left))
    falling = plan.high - np.sqrt((1 - u) * (width * right))
    # Clipped: high - (high - low) may round an ulp below low, outside the sampling range.
    return np.clip(np.where(u < cut, rising, falling), plan.low, plan.high)


def _chunks(draws: int, chunk: int) -> Iterator[int]:
    for start in range(0, draws, chunk):
        yield min(chunk, draws - start)


def _check_counts(draws: int, chunk: int, groups: int) -> None:
    """Whole, positive counts; draws, and draws × groups (the values drawn), within limits."""
    for name, n in (("draws", draws), ("chunk", chunk)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise UsageError(f"{name} must be a whole number, got {n!r}")
    if not draws > 0:
        raise UsageError(f"draws must be > 0, got {draws}")
    if not chunk > 0:
        raise UsageError(f"chunk must be > 0, got {chunk}")
    check_size(int(draws), "draws", "draws", "ask for fewer with --draws")
    check_size(
        int(draws) * groups, "draw_cells", f"draws × {groups} wages", "ask for fewer with --draws"
    )


def sampling_ranges(
    intervals: Sequence[Interval],
    cap: float = DEFAULT_OPEN_CAP,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
) -> tuple[Floats, Floats]:
    """Each interval's sampling range, open ends capped and approximate figures widened by
    ``tolerance``: what ``simulate`` draws from."""
    plan = _plan(intervals, 0, "uniform", cap, tolerance)
    return plan.low, plan.high


def iter_draws(
    intervals: Sequence[Interval],
    draws: int,
    seed: int | None = None,
    dist: str = "uniform",
    cap: float = DEFAULT_OPEN_CAP,
    *,
    chunk: int = DEFAULT_CHUNK,
    tolerance: float = DEFAULT_TOLERANCE,
) -> Iterator[Floats]:
    """The draws ``simulate`` summarises, chunk by chunk: arrays of shape (rows, groups).

    The random stream does not depend on ``chunk``: the same seed gives the same draws.
    """
    plan = _plan(intervals, seed, dist, cap, tolerance)
    _check_counts(draws, chunk, len(intervals))
    rng = np.random.default_rng(plan.seed)
    for rows in _chunks(draws, chunk):
        yield _draw(rng, plan, rows)


# ---- streamed quantiles ---------------------------------------------------------------------


def _read(counts: Floats, origin: float, width: float) -> tuple[float, float, float]:
    """Quantiles of a histogram whose bin k is [origin + k width, origin + (k+1) width)."""
    cum = np.cumsum(counts)
    out = []
    for p in _PERCENTS:
        target = p * cum[-1]
        k = min(int(np.searchsorted(cum, target, side="left")), counts.size - 1)
        before = cum[k - 1] if k > 0 else 0.0
        inside = (target - before) / counts[k] if counts[k] > 0 else 0.5
        out.append(origin + (k + inside) * width)
    return out[0], out[1], out[2]


def _tally(counts: NDArray[np.int64], k: NDArray[np.intp]) -> None:
    """``counts += np.bincount(k, minlength=counts.size)``, over the bins ``k`` spans only.

    A block's values of one metric fill a narrow band of its 2**18 bins: a full-length
    bincount would write and add 2 MB per metric and block, nearly all of it zeros.
    """
    lo, hi = int(k.min()), int(k.max())
    counts[lo : hi + 1] += np.bincount(k - lo, minlength=hi - lo + 1)


class _LogMarginals:
    """One histogram of ln(value) per random group, on a lattice shared by all groups."""

    def __init__(self, low: Floats, high: Floats) -> None:
        self.random = np.flatnonzero(low < high)  # fixed groups need no histogram
        # Lattice index of each group's bin 0, scaled exactly as in add(): multiplying by the
        # same constant is monotone, so no draw can fall below its group's first bin.
        self.start = np.floor(np.log(low) * _INV_BIN)
        # One spare bin: a draw may round onto high's next lattice line.
        self.bins = (np.floor(np.log(high) * _INV_BIN) - self.start + 2).astype(np.intp)
        self.offset = np.concatenate([[0], np.cumsum(self.bins)[:-1]])
        # Index = ln(x) / LOG_BIN - start + offset: one fused shift per column. Truncation
        # floors it, since ln(x) >= ln(low) keeps every term >= the column's offset.
        self._shift = (self.offset - self.start)[self.random]
        self._every = self.random.size == low.size
        self.counts = np.zeros(int(self.bins.sum()), dtype=np.int64)

    def add(self, x: Floats) -> None:
        if self.random.size == 0:
            return
        # A fresh array in C order, worked on in place: x[:, random] alone comes out in
        # Fortran order, and then the ravel below copies the whole chunk again (measured: it
        # doubled this function's time, a tenth of `ratio --draws 1000000`).
        t = np.log(x if self._every else x[:, self.random], order="C")
        t *= _INV_BIN
        t += self._shift
        self.counts += np.bincount(t.astype(np.intp).ravel(), minlength=self.counts.size)

    def hist(self, g: int) -> Floats:
        lo = self.offset[g]
        return self.counts[lo : lo + self.bins[g]].astype(np.float64)

    def log_quantiles(self, g: int) -> tuple[float, float, float]:
        return _read(self.hist(g), self.start[g] * LOG_BIN, LOG_BIN)

    def log_ratio_quantiles(self, i: int, j: int) -> tuple[float, float, float]:
        """Quantiles of ln(A_i) - ln(A_j), by FFT cross-correlation of the two marginals."""
        a, b = self.hist(i), self.hist(j)
        a /= a.sum()
        b /= b.sum()
        size = a.size + b.size - 1
        n = 1 << (size - 1).bit_length()
        corr = np.fft.irfft(np.fft.rfft(a, n) * np.fft.rfft(b[::-1], n), n)[:size]
        np.maximum(corr, 0, out=corr)  # FFT round-off leaves tiny negatives
        # corr[t] holds bin pairs whose lattice indices differ by d = start_i - start_j + t -
        # (bins_j - 1); two values uniform in their bins differ by d * LOG_BIN +- LOG_BIN,
        # read as a bin of width LOG_BIN centred on d * LOG_BIN.
        d0 = self.start[i] - self.start[j] - (b.size - 1)
        return _read(corr, (d0 - 0.5) * LOG_BIN, LOG_BIN)


class _MetricHistograms:
    """Log-spaced histograms of each metric over (bound * 1e-12, bound]."""

    def __init__(self, low: Floats, high: Floats, weights: Floats) -> None:
        spread = float(high[weights > 0].max() / low[weights > 0].min())
        log_spread = max(float(np.log(spread)), 1e-12)
        # Upper bounds from the sampling ranges (R = largest / smallest wage): shares and
        # Gini/Atkinson <= 1; Theil T, MLD <= ln R; P90/P10 <= R; Palma <= R / 4, because
        # the top tenth earns at most 0.1 * max and the bottom four tenths at least 0.4 * min.
        top = {"theil_t": log_spread, "mld": log_spread, "p90_p10": spread, "palma": spread / 4}
        self.top = np.log([top.get(name, 1.0) for name in METRIC_NAMES])
        self.scale = np.array([np.exp(-t) for t in self.top])  # each value over its bound
        self.width = _METRIC_DECADES * np.log(10) / _METRIC_BINS
        self.counts = np.zeros((len(METRIC_NAMES), _METRIC_BINS), dtype=np.int64)
        self.min = np.full(len(METRIC_NAMES), np.inf)
        self.max = np.full(len(METRIC_NAMES), -np.inf)
        self.weights = weights

    def add(self, x: Floats) -> None:
        # Block by block: a block's arrays (8,192 draws by a few groups, a few hundred kB)
        # stay in cache and in memory malloc keeps, where a whole chunk's are handed back to
        # the system and paged in again for every chunk (measured on `stakhanov inequality`,
        # 10^6 draws over 3 groups: 91,000 page faults against 14,000, a tenth of its time).
        for start in range(0, x.shape[0], _BLOCK):
            batch = metrics_batch(x[start : start + _BLOCK], self.weights)
            values = np.array([batch[name] for name in METRIC_NAMES])  # (metrics, draws)
            # fmin/fmax as the built-in min/max: a NaN never replaces a number seen.
            self.min = np.fmin(self.min, values.min(axis=1))
            self.max = np.fmax(self.max, values.max(axis=1))
            floor = 10.0**-_METRIC_DECADES
            t = np.log(np.maximum(values * self.scale[:, None], floor))
            k = ((t - np.log(floor)) / self.width).astype(np.intp)
            np.clip(k, 0, _METRIC_BINS - 1, out=k)
            for counts, row in zip(self.counts, k, strict=True):
                _tally(counts, row)

    def quantiles(self) -> dict[str, Quantiles]:
        out = {}
        origin = -_METRIC_DECADES * np.log(10)
        for m, name in enumerate(METRIC_NAMES):
            logs = _read(self.counts[m].astype(np.float64), origin, self.width)
            qs = np.clip(np.exp(np.array(logs) + self.top[m]), self.min[m], self.max[m])
            out[name] = Quantiles(*map(float, qs))
        return out


def _ratio_quantiles(plan: _Plan, marg: _LogMarginals) -> dict[tuple[int, int], Quantiles]:
    low, high = plan.low, plan.high
    fixed = low == high
    out: dict[tuple[int, int], Quantiles] = {}
    for i in range(low.size):
        for j in range(i + 1, low.size):
            if fixed[i] and fixed[j]:
                logs = (float(np.log(low[i] / low[j])),) * 3
            elif fixed[j]:
                logs = tuple(q - np.log(low[j]) for q in marg.log_quantiles(i))
            elif fixed[i]:
                p05, p50, p95 = marg.log_quantiles(j)
                logs = tuple(np.log(low[i]) - q for q in (p95, p50, p05))
            else:
                logs = marg.log_ratio_quantiles(i, j)
            # Clamp to the exact range: a fixed-over-fixed ratio comes out exact.
            qs = np.clip(np.exp(logs), low[i] / high[j], high[i] / low[j])
            out[(i, j)] = Quantiles(*map(float, qs))
            out[(j, i)] = out[(i, j)].reciprocal()
    return out


def simulate(
    intervals: Sequence[Interval],
    draws: int,
    seed: int | None = None,
    dist: str = "uniform",
    cap: float = DEFAULT_OPEN_CAP,
    weights: ArrayLike | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    chunk: int = DEFAULT_CHUNK,
    each: Callable[[Floats], None] | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> MonteCarloResult:
    """Percentiles of every pairwise ratio (and, given headcounts, every metric).

    ``progress(done, total)`` is called after each chunk; ``each(chunk)`` with each chunk of
    draws, so that a caller can summarise more of them without drawing them again. An
    approximate figure is drawn within ``tolerance`` (the claims' tolerance by default).

    >>> r = simulate([Interval(400, 500), Interval.point(170)], 10_000, seed=1)
    >>> round(r.ratios[(0, 1)].p50, 2), r.ratios[(1, 0)].p95 == 1 / r.ratios[(0, 1)].p05
    (2.65, True)
    """
    plan = _plan(intervals, seed, dist, cap, tolerance)
    _check_counts(draws, chunk, len(intervals))
    hists = None
    if weights is not None:
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != plan.low.shape:
            raise UsageError(f"weights has {w.size} entries for {plan.low.size} intervals")
        metrics(plan.low, w)  # validates the headcounts with the metrics' own messages
        hists = _MetricHistograms(plan.low, plan.high, w)
    marg = _LogMarginals(plan.low, plan.high)
    rng = np.random.default_rng(plan.seed)
    done = 0
    for rows in _chunks(draws, chunk):
        x = _draw(rng, plan, rows)
        marg.add(x)
        if hists is not None:
            hists.add(x)
        if each is not None:
            each(x)
        done += rows
        if progress is not None:
            progress(done, draws)
    return MonteCarloResult(
        draws=draws,
        seed=plan.seed,
        dist=dist,
        cap=plan.cap,
        low=tuple(map(float, plan.low)),
        high=tuple(map(float, plan.high)),
        ratios=_ratio_quantiles(plan, marg),
        metrics=hists.quantiles() if hists is not None else {},
    )
