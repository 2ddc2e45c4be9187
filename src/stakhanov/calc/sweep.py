"""The norm revision along a grid of α (and of tariff changes), computed vectorised.

For each group paid by the norm, its output is implied once from its wage; along the grid
only the new norm N'(α) = N + α(R − N) and the tariff W0(1 + t) change, so earnings are an
outer product: (1 + t) ⊗ W0·m(q / N'(α)), with m the rule's pay multiplier. Groups not paid
by the norm are constant along the grid and are reported once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from stakhanov.calc.norms import pay_at_norm, revise_norm, rule_for
from stakhanov.calc.pay import implied_output, pay
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.data.rules import RuleSpec
from stakhanov.errors import UsageError

__all__ = ["SweepResult", "sweep", "sweep_chunks"]

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
    parts = list(sweep_chunks(rates, alphas, toward, tariffs_pct, rule, progress=progress))
    first = parts[0]
    if len(parts) == 1:
        return first
    return replace(
        first,
        tariffs_pct=np.concatenate([p.tariffs_pct for p in parts]),
        low=np.concatenate([p.low for p in parts]),
        central=np.concatenate([p.central for p in parts]),
        high=np.concatenate([p.high for p in parts]),
    )


def sweep_chunks(
    rates: Rates,
    alphas: Sequence[float],
    toward: str,
    tariffs_pct: Sequence[float] = (0.0,),
    rule: str | RuleSpec | None = None,
    *,
    chunk: int = _CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[SweepResult]:
    """The sweep a few tariff rows at a time: each part is a ``SweepResult`` for a slice of
    the tariffs, so a writer streams a grid of any size in flat memory.

    >>> from stakhanov import load_rates
    >>> [len(p.tariffs_pct) for p in sweep_chunks(load_rates(), [0.0], "stakhanov-1935",
    ...                                           [0.0, 1.0, 2.0], chunk=2)]
    [2, 1]
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
            lo, mid, hi = ends
        else:
            lo, mid, hi = (np.full(a.size, e) for e in (wage.low, wage.mid, wage.high))
        # An open end has no limit: NaN, along the whole grid.
        per_alpha.append(
            (
                np.full(a.size, np.nan) if wage.low_open else lo,
                mid,
                np.full(a.size, np.nan) if wage.high_open else hi,
            )
        )
    for start in range(0, t.size, chunk):
        rows = slice(start, min(start + chunk, t.size))
        shape = (rows.stop - rows.start, a.size, len(groups))
        low, central, high = (np.empty(shape) for _ in range(3))
        for gi, (lo, mid, hi) in enumerate(per_alpha):
            k = scale[rows, None] if paid[gi] else np.ones((shape[0], 1))
            low[:, :, gi] = k * lo
            central[:, :, gi] = k * mid
            high[:, :, gi] = k * hi
        if progress is not None:
            progress(rows.stop, t.size)
        yield SweepResult(
            a, t[rows], groups, tuple(paid), low, central, high, norm.id, toward, spec.name
        )
