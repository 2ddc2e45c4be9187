"""The norm revision along a grid of α (and of tariff changes), computed vectorised.

For each group paid by the norm, its output is implied once from its wage; along the grid
only the new norm N'(α) = N + α(R − N) and the tariff W0(1 + t) change, so earnings are an
outer product: (1 + t) ⊗ W0·m(q / N'(α)), with m the rule's pay multiplier. Groups not paid
by the norm are constant along the grid and are reported once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stakhanov.calc.norms import pay_at_norm, revise_norm, rule_for
from stakhanov.calc.pay import implied_output, pay
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.data.rules import RuleSpec
from stakhanov.errors import UsageError

__all__ = ["SweepResult", "sweep"]

FloatArray = npt.NDArray[np.float64]
# Tariff rows computed per chunk: bounds memory and paces the progress bar.
_CHUNK = 64


@dataclass(frozen=True)
class SweepResult:
    """Earnings over the grid: arrays shaped (tariffs, alphas, groups) for low/central/high.

    ``low``/``high`` hold NaN where that end is open (the group's wage has no limit there).
    """

    alphas: FloatArray
    tariffs_pct: FloatArray
    groups: tuple[str, ...]
    paid_by_norm: tuple[bool, ...]
    low: FloatArray
    central: FloatArray
    high: FloatArray
    norm_id: str
    record_id: str
    rule: str


def sweep(
    rates: Rates,
    alphas: Sequence[float],
    toward: str,
    tariffs_pct: Sequence[float] = (0.0,),
    rule: str | RuleSpec | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Earnings of every group for every α toward ``toward`` and every tariff change.

    >>> from stakhanov import load_rates
    >>> res = sweep(load_rates(), [0.0, 0.1], "stakhanov-1935")
    >>> round(float(res.central[0, 1, res.groups.index("miner")]), 1)  # 450 * 7 / 16.5
    190.9
    """
    a = np.asarray(alphas, dtype=np.float64)
    t = np.asarray(tariffs_pct, dtype=np.float64)
    if a.size == 0 or t.size == 0:
        raise UsageError("the grid is empty")
    # Validate the grid's extremes with the same rules as a single revision.
    for alpha in (float(a.min()), float(a.max())):
        revise_norm(rates, alpha=alpha, toward=toward, tariff_pct=float(t.min()))
    spec = rule if isinstance(rule, RuleSpec) else rule_for(rates, rule)
    record = rates.record(toward)
    norm = rates.norm(str(record.norm_id))
    n = norm.value
    r = record.output
    w0 = pay_at_norm(rates, norm)
    # New norms along α for each end: the low end of earnings meets the highest norm.
    n_low_end = n + a * (r.high - n)
    n_high_end = n + a * (r.low - n)
    n_mid = n + a * (r.mid - n)
    groups = tuple(rates.wages)
    shape = (t.size, a.size, len(groups))
    low, central, high = (np.empty(shape) for _ in range(3))
    scale = 1 + t / 100
    paid = []
    per_alpha: list[tuple[FloatArray, FloatArray, FloatArray]] = []
    for g in rates.wages.values():
        wage = monthly(g, rates.working_days_per_month).wage
        is_paid = g.pay_basis == "piece" and g.norm_id == norm.id
        paid.append(is_paid)
        if is_paid:
            ends = []
            for e, n_new in ((wage.low, n_low_end), (wage.mid, n_mid), (wage.high, n_high_end)):
                q = implied_output(spec, e, n, w0)
                # pay is W0 · m(q / N): evaluate m over the α grid at once (norm 1, tariff 1).
                ends.append(w0 * pay(spec, q / n_new, 1.0, 1.0))
            per_alpha.append((ends[0], ends[1], ends[2]))
        else:
            flat = np.ones(a.size)
            per_alpha.append((flat * wage.low, flat * wage.mid, flat * wage.high))
    done = 0
    for start in range(0, t.size, _CHUNK):
        rows = slice(start, min(start + _CHUNK, t.size))
        for gi, (lo, mid, hi) in enumerate(per_alpha):
            k = scale[rows, None] if paid[gi] else np.ones((rows.stop - rows.start, 1))
            low[rows, :, gi] = k * lo
            central[rows, :, gi] = k * mid
            high[rows, :, gi] = k * hi
        done = rows.stop
        if progress is not None:
            progress(done, t.size)
    for gi, g in enumerate(rates.wages.values()):
        wage = monthly(g, rates.working_days_per_month).wage
        if wage.low_open:
            low[:, :, gi] = np.nan
        if wage.high_open:
            high[:, :, gi] = np.nan
    return SweepResult(a, t, groups, tuple(paid), low, central, high, norm.id, toward, spec.name)
