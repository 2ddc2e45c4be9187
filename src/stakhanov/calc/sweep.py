"""The norm revision along a grid of α (and of tariff changes), computed vectorised.

For each group paid by the norm, its output is implied once from its wage; along the grid
only the new norm N'(α) = N + α(R − N) and the tariff W0(1 + t) change, so earnings are an
outer product: (1 + t) ⊗ W0·m(q / N'(α)), with m the rule's pay multiplier. Groups not paid
by the norm are constant along the grid and are reported once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

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
    plan = _Plan.make(rates, alphas, toward, tariffs_pct, rule)
    shape = (plan.t.size, plan.a.size, len(plan.groups))
    low, central, high = (np.empty(shape) for _ in range(3))
    for rows in plan.slices(_CHUNK):  # filled in place, chunk by chunk: no second copy
        plan.fill(rows, low[rows], central[rows], high[rows])
        if progress is not None:
            progress(rows.stop, plan.t.size)
    return plan.result(plan.t, low, central, high)


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
    plan = _Plan.make(rates, alphas, toward, tariffs_pct, rule)
    for rows in plan.slices(chunk):
        shape = (rows.stop - rows.start, plan.a.size, len(plan.groups))
        low, central, high = (np.empty(shape) for _ in range(3))
        plan.fill(rows, low, central, high)
        if progress is not None:
            progress(rows.stop, plan.t.size)
        yield plan.result(plan.t[rows], low, central, high)


@dataclass(frozen=True)
class _Plan:
    """What the grid needs once: each group's earnings along α at tariff 0, per end."""

    a: FloatArray
    t: FloatArray
    groups: tuple[str, ...]
    paid: tuple[bool, ...]
    per_alpha: tuple[tuple[FloatArray, FloatArray, FloatArray], ...]
    norm_id: str
    record_id: str
    rule: str

    @classmethod
    def make(
        cls,
        rates: Rates,
        alphas: Sequence[float],
        toward: str,
        tariffs_pct: Sequence[float],
        rule: str | RuleSpec | None,
    ) -> _Plan:
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
        paid = []
        per_alpha = []
        for g in rates.wages.values():
            wage = monthly(g, rates.working_days_per_month).wage
            is_paid = g.pay_basis == "piece" and g.norm_id == norm.id
            paid.append(is_paid)
            if is_paid:
                ends = []
                for e, n_new in (
                    (wage.low, n_low_end),
                    (wage.mid, n_mid),
                    (wage.high, n_high_end),
                ):
                    q = implied_output(spec, e, n, w0)
                    # pay is W0 · m(q / N): evaluate m over the α grid at once (norm 1, tariff 1).
                    ends.append(w0 * pay(spec, q / n_new, 1.0, 1.0))
                lo, mid, hi = ends
            else:
                lo, mid, hi = (np.full(a.size, e) for e in (wage.low, wage.mid, wage.high))
            # An open end has no limit: NaN, along the whole grid.
            nan = np.full(a.size, np.nan)
            per_alpha.append((nan if wage.low_open else lo, mid, nan if wage.high_open else hi))
        return cls(
            a, t, tuple(rates.wages), tuple(paid), tuple(per_alpha), norm.id, toward, spec.name
        )

    def slices(self, chunk: int) -> Iterator[slice]:
        for start in range(0, self.t.size, chunk):
            yield slice(start, min(start + chunk, self.t.size))

    def fill(self, rows: slice, low: FloatArray, central: FloatArray, high: FloatArray) -> None:
        """Earnings for the tariff ``rows``: (1 + t) times the α profile, for paid groups."""
        scale = (1 + self.t[rows] / 100)[:, None]
        for gi, (lo, mid, hi) in enumerate(self.per_alpha):
            if self.paid[gi]:
                np.multiply(scale, lo, out=low[:, :, gi])
                np.multiply(scale, mid, out=central[:, :, gi])
                np.multiply(scale, hi, out=high[:, :, gi])
            else:
                low[:, :, gi] = lo
                central[:, :, gi] = mid
                high[:, :, gi] = hi

    def result(
        self, tariffs: FloatArray, low: FloatArray, central: FloatArray, high: FloatArray
    ) -> SweepResult:
        return SweepResult(
            self.a,
            tariffs,
            self.groups,
            self.paid,
            low,
            central,
            high,
            self.norm_id,
            self.record_id,
            self.rule,
        )
