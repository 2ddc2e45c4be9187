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
# Grid points computed per part: bounds memory (a part is points × groups × 3 floats, about
# 5 MB) and paces the progress bar; a row of α longer than this is split too.
_POINTS = 65_536


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
    for rows, cols in plan.parts(_POINTS):  # filled in place, part by part: no second copy
        plan.fill(rows, cols, low[rows, cols], central[rows, cols], high[rows, cols])
        if progress is not None:
            progress(rows.stop, plan.t.size)
    return plan.result(plan.t, plan.a, low, central, high)


def sweep_chunks(
    rates: Rates,
    alphas: Sequence[float],
    toward: str,
    tariffs_pct: Sequence[float] = (0.0,),
    rule: str | RuleSpec | None = None,
    *,
    points: int = _POINTS,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[SweepResult]:
    """The sweep in parts of at most ``points`` grid points, in order (tariff by tariff, α
    within it): each part is a ``SweepResult`` for a block of tariffs and α, so a writer
    streams a grid of any size, in either direction, in flat memory.

    >>> from stakhanov import load_rates
    >>> [(len(p.tariffs_pct), len(p.alphas)) for p in sweep_chunks(
    ...     load_rates(), [0.0, 0.5], "stakhanov-1935", [0.0, 1.0, 2.0], points=4)]
    [(2, 2), (1, 2)]
    """
    plan = _Plan.make(rates, alphas, toward, tariffs_pct, rule)
    for rows, cols in plan.parts(points):
        shape = (rows.stop - rows.start, cols.stop - cols.start, len(plan.groups))
        low, central, high = (np.empty(shape) for _ in range(3))
        plan.fill(rows, cols, low, central, high)
        if progress is not None:
            progress(rows.stop, plan.t.size)
        yield plan.result(plan.t[rows], plan.a[cols], low, central, high)


@dataclass(frozen=True)
class _Group:
    """One group's wage ends, and (when the norm pays it) the output each end implies."""

    ends: tuple[float, float, float]
    open_ends: tuple[bool, bool]
    outputs: tuple[float, float, float] | None  # None: not paid by the norm


@dataclass(frozen=True)
class _Plan:
    """What the grid needs once; each part's earnings are computed from it on demand, so
    nothing the size of the grid is held."""

    a: FloatArray
    t: FloatArray
    groups: tuple[str, ...]
    paid: tuple[bool, ...]
    members: tuple[_Group, ...]
    norm: float
    record: tuple[float, float, float]  # the record's low, central and high output
    w0: float
    spec: RuleSpec
    norm_id: str
    record_id: str

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
        w0 = pay_at_norm(rates, norm)
        members = []
        for g in rates.wages.values():
            wage = monthly(g, rates.working_days_per_month).wage
            ends = (wage.low, wage.mid, wage.high)
            paid = g.pay_basis == "piece" and g.norm_id == norm.id
            outputs = None
            if paid:
                low, mid, high = (implied_output(spec, e, norm.value, w0) for e in ends)
                outputs = (low, mid, high)
            members.append(_Group(ends, (wage.low_open, wage.high_open), outputs))
        r = record.output
        return cls(
            a,
            t,
            tuple(rates.wages),
            tuple(m.outputs is not None for m in members),
            tuple(members),
            norm.value,
            (r.low, r.mid, r.high),
            w0,
            spec,
            norm.id,
            toward,
        )

    def parts(self, points: int) -> Iterator[tuple[slice, slice]]:
        """(tariff rows, α columns) blocks of at most ``points`` points, in output order."""
        if self.a.size <= points:
            step = max(1, points // self.a.size)
            for start in range(0, self.t.size, step):
                yield slice(start, min(start + step, self.t.size)), slice(0, self.a.size)
            return
        for row in range(self.t.size):
            for start in range(0, self.a.size, points):
                yield slice(row, row + 1), slice(start, min(start + points, self.a.size))

    def _profile(self, m: _Group, a: FloatArray) -> tuple[FloatArray, ...]:
        """A group's low, central and high earnings along ``a`` at tariff 0."""
        if m.outputs is None:
            profile = tuple(np.full(a.size, e) for e in m.ends)
        else:
            n, (r_low, r_mid, r_high) = self.norm, self.record
            # New norms along α for each end: the low end of earnings meets the highest norm.
            norms = (n + a * (r_high - n), n + a * (r_mid - n), n + a * (r_low - n))
            # pay is W0 · m(q / N): evaluate m over the α grid at once (norm 1, tariff 1).
            profile = tuple(
                self.w0 * pay(self.spec, q / n_new, 1.0, 1.0)
                for q, n_new in zip(m.outputs, norms, strict=True)
            )
        low_open, high_open = m.open_ends
        nan = np.full(a.size, np.nan)  # an open end has no limit, anywhere on the grid
        return (nan if low_open else profile[0], profile[1], nan if high_open else profile[2])

    def fill(
        self,
        rows: slice,
        cols: slice,
        low: FloatArray,
        central: FloatArray,
        high: FloatArray,
    ) -> None:
        """Earnings for a block: (1 + t) times the α profile for paid groups."""
        a = self.a[cols]
        scale = (1 + self.t[rows] / 100)[:, None]
        for gi, m in enumerate(self.members):
            lo, mid, hi = self._profile(m, a)
            if m.outputs is not None:
                np.multiply(scale, lo, out=low[:, :, gi])
                np.multiply(scale, mid, out=central[:, :, gi])
                np.multiply(scale, hi, out=high[:, :, gi])
            else:
                low[:, :, gi] = lo
                central[:, :, gi] = mid
                high[:, :, gi] = hi

    def result(
        self,
        tariffs: FloatArray,
        alphas: FloatArray,
        low: FloatArray,
        central: FloatArray,
        high: FloatArray,
    ) -> SweepResult:
        return SweepResult(
            alphas,
            tariffs,
            self.groups,
            self.paid,
            low,
            central,
            high,
            self.norm_id,
            self.record_id,
            self.spec.name,
        )
