"""Inequality of a workforce given as wage groups: each worker earns their group's wage.

Every metric takes ``values`` (each group's monthly wage, > 0) and ``weights`` (its
headcount, >= 0, not all zero) and weighs groups by headcount, so a group of 40 miners counts
as 40 workers earning the same wage. Groups with no workers drop out before any computation.

The formulas are written once, on a two-dimensional array of draws (one row per draw, one
column per group): the scalar functions run them on a single row and ``metrics_batch`` on
many, so a Monte Carlo run and a single evaluation cannot disagree by construction. They
see the draws sorted and transposed, groups down and draws across (``_sorted`` says why).

Conventions, chosen because a workforce is a finite population, not a sample:

- quantiles invert the weighted empirical CDF: ``q(p)`` is the lowest wage ``v`` such that
  at least a share ``p`` of the workers earn ``v`` or less (no interpolation between groups);
- shares (top 10%, bottom 40%) read the Lorenz curve, which is linear inside a group: a group
  straddling the cut contributes the fraction of its headcount that lies below it;
- a workforce paid one wage has no inequality: every index is then exactly 0 (and P90/P10
  exactly 1), not rounding noise.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stakhanov.errors import UsageError
from stakhanov.stats._sorted import Sorted, row_sum, running_sum

__all__ = [
    "METRIC_NAMES",
    "atkinson",
    "bottom_share",
    "ge",
    "gini",
    "lorenz",
    "metrics",
    "metrics_batch",
    "mld",
    "p90_p10",
    "palma",
    "quantile",
    "theil_decomposition",
    "theil_t",
    "top_share",
]

Floats = NDArray[np.float64]

METRIC_NAMES: tuple[str, ...] = (
    "gini",
    "theil_t",
    "mld",
    "atkinson_0.5",
    "atkinson_1",
    "atkinson_2",
    "p90_p10",
    "palma",
    "top10_share",
)

# Cumulative headcounts carry rounding: 9 workers out of 10 must still count as the 90th
# percentile, so the comparison with p * total forgives this relative amount.
_QUANTILE_SLACK = 1e-10

# exp(50) ~ 5e21: sums of that many terms stay far from overflow.
_EXP_SAFE = 50.0


# ---- validation ---------------------------------------------------------------------------


def _check_weights(weights: ArrayLike) -> Floats:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1:
        raise UsageError(f"weights must be one-dimensional, got shape {w.shape}")
    if w.size == 0:
        raise UsageError("empty workforce: no groups given")
    bad = ~np.isfinite(w)
    if bad.any():
        i = int(np.argmax(bad))
        raise UsageError(f"weights must be finite, got {w[i]:g} for group {i}")
    if (w < 0).any():
        i = int(np.argmax(w < 0))
        raise UsageError(f"weights must be >= 0, got {w[i]:g} for group {i}")
    if not (w > 0).any():
        raise UsageError("empty workforce: all weights are zero")
    return w


def _check_values(v: Floats) -> None:
    # Two fast reductions for the usual case; NaN fails the first comparison.
    if v.min() > 0 and v.max() < np.inf:
        return
    bad = np.flatnonzero(~(np.isfinite(v) & (v > 0)))
    if bad.size:
        first = int(bad[0])  # in a batch, the group is the column of the first bad draw
        got = v.reshape(-1)[first]
        raise UsageError(
            f"values must be > 0 and finite, got {got:g} for group {first % v.shape[-1]}"
        )


def _prepare(values: ArrayLike, weights: ArrayLike) -> Sorted:
    v = np.asarray(values, dtype=np.float64)
    w = _check_weights(weights)
    if v.ndim != 1:
        raise UsageError(f"values must be one-dimensional, got shape {v.shape}")
    if v.size != w.size:
        raise UsageError(f"values and weights differ in length: {v.size} and {w.size}")
    _check_values(v)
    keep = w > 0
    return Sorted.of(v[keep][None, :], w[keep])


def _check_open_unit(name: str, x: float) -> None:
    if not 0 < x < 1:
        raise UsageError(f"{name} must be in (0, 1), got {x:g}")


# ---- the formulas, one row per draw -------------------------------------------------------


def _gini(s: Sorted) -> Floats:
    # Mean absolute difference over all pairs of workers, summed gap by gap: each gap between
    # consecutive wages is crossed by (workers below) * (workers above) pairs. Exactly 0 for
    # equal wages, and O(n) after sorting where the textbook double sum is O(n^2). Workers
    # above are summed from the top, not taken as total - below: a tiny top group would
    # drown in the rounding of the total.
    above = running_sum(s.w[:0:-1])[:0:-1]
    pairs = np.diff(s.v, axis=0)
    pairs *= s.cum_w[:-1]  # workers below each gap
    pairs *= above
    return s.nonneg(row_sum(pairs) / (s.total_w * s.total_vw))


def _ge(s: Sorted, alpha: float) -> Floats:
    f, r, lr = s.f, s.r, s.lr
    if alpha == 0:
        raw = -s.flr
    elif alpha == 1:
        terms = f * r
        terms *= lr
        raw = row_sum(terms)
    else:
        # GE(a) = (sum f r^a - 1) / (a (a - 1)) cancels badly near a = 0 and a = 1, so
        # write r^a - 1 with expm1; near 1 use r^a - 1 = (r - 1) + r (r^(a-1) - 1), whose
        # first term sums to zero because the shares average r to 1.
        with np.errstate(over="ignore"):  # extreme alpha overflows to inf, honestly
            if alpha < 0.5:
                total = row_sum(f * np.expm1(alpha * lr))
            else:
                total = row_sum(f * r * np.expm1((alpha - 1) * lr))
        raw = total / (alpha * (alpha - 1))
    return s.nonneg(raw)


def _atkinson(s: Sorted, epsilon: float) -> Floats:
    f, lr = s.f, s.lr
    if epsilon == 1:
        log_ede = s.flr  # log of geometric mean over the mean
    else:
        # log of the mean of r^(1-e) = e^z. Written as log1p(mean of expm1(z)) it keeps its
        # precision for epsilon near 1; only when some e^z could overflow (a huge epsilon or
        # an extreme wage ratio) switch to a log-sum-exp shifted by the largest log(f) + z.
        z = (1 - epsilon) * lr
        if max(z.max(), -z.min()) <= _EXP_SAFE:  # the largest |z|, without an array of |z|
            np.expm1(z, out=z)
            z *= f
            log_mean = np.log1p(row_sum(z))
        else:
            lz = np.log(f) + z
            top = lz.max(axis=0)
            log_mean = top + np.log(row_sum(np.exp(lz - top)))
        log_ede = log_mean / (1 - epsilon)
    return s.nonneg(-np.expm1(log_ede))


def _quantile(s: Sorted, p: float) -> Floats:
    return np.take(s.v, s.first_reaching(p * s.total_w * (1 - _QUANTILE_SLACK)))


def _lorenz_at(s: Sorted, p: float) -> Floats:
    """Wage bill of the poorest share p of workers, as a share of the total."""
    target = p * s.total_w
    k = s.first_reaching(target)
    # Group k straddles the cut: the workers of it below the cut earn its wage each.
    below = np.take(s.below_vw, k) + (target - np.take(s.below_w, k)) * np.take(s.v, k)
    share: Floats = below / s.total_vw
    return share


def _p90_p10(s: Sorted) -> Floats:
    return np.where(s.equal, 1.0, _quantile(s, 0.9) / _quantile(s, 0.1))


def _palma(s: Sorted, top10: Floats) -> Floats:
    return top10 / _lorenz_at(s, 0.4)


def _all(s: Sorted) -> dict[str, Floats]:
    top10 = 1 - _lorenz_at(s, 0.9)
    return {
        "gini": _gini(s),
        "theil_t": _ge(s, 1),
        "mld": _ge(s, 0),
        "atkinson_0.5": _atkinson(s, 0.5),
        "atkinson_1": _atkinson(s, 1),
        "atkinson_2": _atkinson(s, 2),
        "p90_p10": _p90_p10(s),
        "palma": _palma(s, top10),
        "top10_share": top10,
    }


# ---- public API ---------------------------------------------------------------------------


def gini(values: ArrayLike, weights: ArrayLike) -> float:
    """Gini coefficient, in [0, 1).

    >>> gini([1, 2, 3, 4], [1, 1, 1, 1])
    0.25
    """
    return float(_gini(_prepare(values, weights))[0])


def ge(values: ArrayLike, weights: ArrayLike, alpha: float) -> float:
    """Generalised entropy GE(alpha) for any real alpha: GE(0) = MLD, GE(1) = Theil T.

    >>> round(ge([1, 2, 3, 4], [1, 1, 1, 1], 2), 6)
    0.1
    """
    if not np.isfinite(alpha):
        raise UsageError(f"alpha must be a finite number, got {alpha}")
    return float(_ge(_prepare(values, weights), alpha)[0])


def theil_t(values: ArrayLike, weights: ArrayLike) -> float:
    """Theil's T index, GE(1): mean of (v / mean) ln(v / mean) over workers."""
    return float(_ge(_prepare(values, weights), 1)[0])


def mld(values: ArrayLike, weights: ArrayLike) -> float:
    """Mean log deviation (Theil's L), GE(0): mean of ln(mean / v) over workers."""
    return float(_ge(_prepare(values, weights), 0)[0])


def atkinson(values: ArrayLike, weights: ArrayLike, epsilon: float) -> float:
    """Atkinson index for inequality aversion epsilon > 0 (1 uses the geometric mean).

    >>> round(atkinson([1, 4], [1, 1], 1), 6)  # 1 - sqrt(1 * 4) / 2.5
    0.2
    """
    if not np.isfinite(epsilon):
        raise UsageError(f"epsilon must be a finite number, got {epsilon}")
    if not epsilon > 0:
        raise UsageError(f"epsilon must be > 0, got {epsilon:g}")
    return float(_atkinson(_prepare(values, weights), epsilon)[0])


def quantile(values: ArrayLike, weights: ArrayLike, p: float) -> float:
    """Lowest wage that at least a share p of the workers earn or fall below, 0 < p < 1.

    >>> quantile([100, 200, 300], [5, 4, 1], 0.5)
    100.0
    """
    _check_open_unit("p", p)
    return float(_quantile(_prepare(values, weights), p)[0])


def p90_p10(values: ArrayLike, weights: ArrayLike) -> float:
    """Ratio of the 90th to the 10th percentile wage (see ``quantile`` for the convention)."""
    return float(_p90_p10(_prepare(values, weights))[0])


def bottom_share(values: ArrayLike, weights: ArrayLike, share: float = 0.40) -> float:
    """Share of the wage bill earned by the poorest ``share`` of workers.

    >>> bottom_share([1, 3], [1, 1], 0.25)  # half the poorer group: 0.5 of 1 out of 4
    0.125
    """
    _check_open_unit("share", share)
    return float(_lorenz_at(_prepare(values, weights), share)[0])


def top_share(values: ArrayLike, weights: ArrayLike, share: float = 0.10) -> float:
    """Share of the wage bill earned by the richest ``share`` of workers."""
    _check_open_unit("share", share)
    return float(1 - _lorenz_at(_prepare(values, weights), 1 - share)[0])


def palma(values: ArrayLike, weights: ArrayLike) -> float:
    """Palma ratio: the top 10% share over the bottom 40% share."""
    s = _prepare(values, weights)
    return float(_palma(s, 1 - _lorenz_at(s, 0.9))[0])


def lorenz(values: ArrayLike, weights: ArrayLike) -> tuple[Floats, Floats]:
    """Lorenz curve corners (population share, wage-bill share), from (0, 0) to (1, 1).

    One point per group with workers, poorest first; the curve is straight between them.

    >>> [p.tolist() for p in lorenz([3, 1], [1, 1])]
    [[0.0, 0.5, 1.0], [0.0, 0.25, 1.0]]
    """
    s = _prepare(values, weights)
    return s.below_w[:, 0] / s.total_w[0], s.below_vw[:, 0] / s.total_vw[0]


def theil_decomposition(
    values: ArrayLike, weights: ArrayLike, labels: Sequence[Hashable]
) -> tuple[float, float]:
    """Split Theil's T into (between, within) the labelled subgroups; they add up to T.

    Between treats every worker as earning their subgroup's mean; within is the subgroups'
    own Theil T weighted by their share of the wage bill.

    >>> b, w = theil_decomposition([100, 300, 500], [2, 1, 1], ["a", "a", "b"])
    >>> abs(b + w - theil_t([100, 300, 500], [2, 1, 1])) < 1e-15
    True
    """
    _prepare(values, weights)  # validates values and weights
    v = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if len(labels) != v.size:
        raise UsageError(f"labels and values differ in length: {len(labels)} and {v.size}")
    w = w / w.max()  # as in Sorted.of: relative headcounts, clear of under- and overflow
    members: dict[Hashable, list[int]] = {}
    for i, label in enumerate(labels):
        if w[i] > 0:
            members.setdefault(label, []).append(i)
    total_w, total_vw = float(w.sum()), float((v * w).sum())
    mean = total_vw / total_w
    between = within = 0.0
    for idx in members.values():
        sub_w, sub_vw = float(w[idx].sum()), float((v[idx] * w[idx]).sum())
        ratio = (sub_vw / sub_w) / mean
        between += (sub_w / total_w) * ratio * float(np.log(ratio))
        within += (sub_vw / total_vw) * float(_ge(Sorted.of(v[idx][None, :], w[idx]), 1)[0])
    return float(between), float(within)


def metrics(values: ArrayLike, weights: ArrayLike) -> dict[str, float]:
    """Every metric at once, under the stable names of ``METRIC_NAMES``."""
    return {name: float(x[0]) for name, x in _all(_prepare(values, weights)).items()}


def metrics_batch(draws: ArrayLike, weights: ArrayLike) -> dict[str, Floats]:
    """``metrics`` for each row of ``draws`` (shape (n_draws, n_groups)), vectorised.

    Returns arrays of shape (n_draws,) under the names of ``METRIC_NAMES``.
    """
    d = np.asarray(draws, dtype=np.float64)
    w = _check_weights(weights)
    if d.ndim != 2 or d.shape[1] != w.size:
        raise UsageError(f"draws must have shape (n_draws, {w.size}), got {d.shape}")
    if d.shape[0] == 0:
        raise UsageError("draws must have at least one row")
    _check_values(d)
    keep = w > 0
    return _all(Sorted.of(d[:, keep], w[keep]))
