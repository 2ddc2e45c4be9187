"""The uncertain inputs of an answer, named by scenario key, and the answer as their function.

Which inputs an answer depends on, read from the data (each rule general, for any group):

- ``wages.G``: a wage given as a range (400 to 500) or with an open end ("more than 1,600"),
  in the figure's own period. An open end reaches ``cap`` times its figure, as in the Monte
  Carlo; its central value is the figure itself (face value), as everywhere else.
- ``wages.G.period``: the factor that puts the figure on a monthly footing, where that is an
  assumption. A month the data only infer may be a half-month (factor 2); a half-month
  doubled may be the whole month's pay (factor 1). The factor ranges over both readings.
- ``montecarlo.open_cap``: how far an open end reaches. The sources set no limit, so the
  range is an assumption of ours: from 1 (the printed figure itself) to ``2 cap - 1``, which
  keeps the cap in use central. Moving it moves every open end's capped figure.
- For a claim, every figure it uses, point figures included: ``records.R``, ``norms.N``
  (central at the norm's default point, 7 t of 6 to 7) and the claim's printed ``figure``.
- An approximate figure ("about ten", "almost 800") ranges over the claims' tolerance
  (``approx_tolerance``): 9 to 11, 720 to 800 at 10%, central at the printed figure; its
  ``given`` says so ("≈ 10 (9–11 at ±10%)").

Neighbours: ``stats.sensitivity`` (what is asked of a model), ``stats._claim_model``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stakhanov.errors import UsageError, unknown
from stakhanov.stats.defaults import approx_tolerance

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from stakhanov.data.interval import Interval
    from stakhanov.data.rates import Rates
    from stakhanov.data.records import WageGroup
    from stakhanov.scenarios.workforce import Workforce

    Floats = NDArray[np.float64]

__all__ = [
    "Columns",
    "Input",
    "Model",
    "approx_given",
    "group_inputs",
    "ratio_model",
    "workforce_model",
]

Columns = Mapping[str, "Floats | float"]
_INF = math.inf


@dataclass(frozen=True)
class Input:
    """One uncertain input: its range, its central value, and what the sources give."""

    key: str  # the scenario key that sets it: 'wages.miner', 'wages.miner.period'
    kind: str  # 'wage', 'period', 'cap', 'record', 'norm' or 'figure'
    low: float
    high: float
    central: float
    given: str  # as the data give it, for a table: '400–500', '1,600 or more'
    unit: str = ""  # 'rubles a month', 't', '×'
    source_low: float = 0.0  # the sources' own range, for a flip point's within_range
    source_high: float = _INF
    floor: float = 0.0  # values at or below it mean nothing (a cap below 1)
    drawn: bool = True  # drawn in the Sobol analysis, as the Monte Carlo draws it
    opens: tuple[tuple[str, float, bool], ...] = ()  # the cap: (wage key, figure, open above)
    per_month: float = 1.0  # a wage's period factor: its figure times this is a month's

    @property
    def fixed(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class Model:
    """An answer as a vectorised function of its inputs (each column an array or a float)."""

    what: str
    kind: str  # 'ratio', 'inequality' or 'claim'
    unit: str
    inputs: tuple[Input, ...]
    evaluate: Callable[[Columns], Any]
    cap: float
    verdict: Callable[[float], str] | None = None  # claims: the verdict on one value
    notes: tuple[str, ...] = field(default=())
    # claims: ``verdict`` on each value of an array at once, an array of str (the flip
    # points' grid)
    verdicts: Callable[[Any], Any] | None = None

    def columns(self, key: str | None = None, value: Any = None) -> dict[str, Any]:
        """Every input at its central value, except ``key`` set to ``value``."""
        cols: dict[str, Any] = {i.key: i.central for i in self.inputs}
        if key is None:
            return cols
        inp = next(i for i in self.inputs if i.key == key)
        if inp.kind == "cap":
            # The cap acts through the open ends only: each goes to its figure times the cap.
            for wage, figure, above in inp.opens:
                cols[wage] = figure * value if above else figure / value
        cols[key] = value
        return cols

    def at(self, key: str, values: Any) -> Any:
        """The answer with ``key`` at each of ``values`` (an array), the others central."""
        import numpy as np

        x = np.asarray(values, dtype=np.float64)
        return np.asarray(self.evaluate(self.columns(key, x)), dtype=np.float64) * np.ones_like(x)

    def central_value(self) -> float:
        return float(self.evaluate(self.columns()))


def _fig(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _given(low: float, high: float, low_open: bool, high_open: bool) -> str:
    if high_open:
        return f"{_fig(low)} or more"
    if low_open:
        return f"{_fig(high)} or less"
    return _fig(low) if low == high else f"{_fig(low)}–{_fig(high)}"


def approx_given(value: Interval, given: str, tolerance: float) -> str:
    """``given`` with an approximate figure's word and the range it is drawn from."""
    from stakhanov.data.interval import approximately

    if not value.approx:
        return given
    wide = value.widened(tolerance)
    pct = f"{tolerance * 100:g}%"
    at = f"at ±{pct}" if value.approx == "about" else f"at most {pct} short"
    return f"{approximately(value.approx, given)} ({_fig(wide.low)}–{_fig(wide.high)} {at})"


def cap_in_use(rates: Rates, cap: float | None) -> float:
    """The user's cap, else the scenario's [montecarlo] open_cap, else the default."""
    from stakhanov.stats.defaults import DEFAULT_OPEN_CAP

    if cap is None:
        cap = DEFAULT_OPEN_CAP if rates.open_cap is None else rates.open_cap
    from stakhanov.data.limits import in_range

    if problem := in_range(cap, "cap"):
        raise UsageError(f"cap {problem}")
    return float(cap)


def group_inputs(
    rates: Rates, g: WageGroup, cap: float, *, points: bool = False
) -> tuple[list[Input], float]:
    """A group's wage (if uncertain, or ``points``) and period inputs, and its period factor.

    A day figure is never converted without working days: it gets no period input.
    """
    from stakhanov.data.periods import monthly

    m = monthly(g, rates.working_days_per_month)
    tol = approx_tolerance(rates)
    w = g.wage.widened(tol)
    out = []
    if points or w.low < w.high or w.low_open or w.high_open:
        out.append(
            Input(
                f"wages.{g.id}",
                "wage",
                w.low / cap if w.low_open else w.low,
                w.high * cap if w.high_open else w.high,
                w.mid,
                approx_given(g.wage, _given(g.wage.low, g.wage.high, w.low_open, w.high_open), tol),
                f"rubles a {g.period}",
                0.0 if w.low_open else w.low,
                _INF if w.high_open else w.high,
                per_month=m.factor,
            )
        )
    if g.period != "day":
        readings = {m.factor, 1.0} | ({2.0} if g.period_inferred and g.period == "month" else set())
        if len(readings) > 1:
            why = f"{g.period} (inferred)" if g.period_inferred else m.basis
            out.append(
                Input(
                    f"wages.{g.id}.period",
                    "period",
                    min(readings),
                    max(readings),
                    m.factor,
                    why,
                    "× to a month",
                    min(readings),
                    max(readings),
                    drawn=False,
                )
            )
    return out, m.factor


def cap_input(cap: float, wages: list[Input], rates: Rates) -> list[Input]:
    """The cap, if any wage has an open end: it moves every open end's capped figure."""
    opens = []
    for w in wages:
        if w.kind != "wage":
            continue
        g = rates.group(w.key.removeprefix("wages."))
        if g.wage.high_open:
            opens.append((w.key, g.wage.low, True))
        elif g.wage.low_open:
            opens.append((w.key, g.wage.high, False))
    if not opens:
        return []
    return [
        Input(
            "montecarlo.open_cap",
            "cap",
            1.0,
            2 * cap - 1,
            cap,
            f"×{cap:g} (assumed)",
            "× the open figure",
            1.0,
            _INF,
            floor=1.0,
            drawn=False,
            opens=tuple(opens),
        )
    ]


def _value(cols: Columns, key: str, default: float) -> Any:
    return cols.get(key, default)


def _dedupe(inputs: list[Input]) -> tuple[Input, ...]:
    return tuple({i.key: i for i in inputs}.values())


def ratio_model(rates: Rates, a: str, b: str, cap: float | None = None) -> Model:
    """``a``'s monthly wage over ``b``'s, from each group's figure and period factor."""
    cap = cap_in_use(rates, cap)
    ga, gb = rates.group(a), rates.group(b)
    ins_a, fa = group_inputs(rates, ga, cap)
    ins_b, fb = group_inputs(rates, gb, cap)
    wages = _dedupe(ins_a + ins_b)
    inputs = wages + tuple(cap_input(cap, list(wages), rates))

    def evaluate(cols: Columns) -> Any:
        num = _value(cols, f"wages.{a}", ga.wage.mid) * _value(cols, f"wages.{a}.period", fa)
        den = _value(cols, f"wages.{b}", gb.wage.mid) * _value(cols, f"wages.{b}.period", fb)
        return num / den

    return Model(f"{a} / {b}", "ratio", "×", inputs, evaluate, cap)


def workforce_model(rates: Rates, workforce: Workforce, metric: str, cap: float | None) -> Model:
    """An inequality metric of the workforce, from every group's figure and period factor."""
    import numpy as np

    from stakhanov.stats.inequality import METRIC_NAMES, metrics_batch
    from stakhanov.stats.workforce_metrics import workforce_wages

    if metric not in METRIC_NAMES:
        raise unknown("metric", metric, METRIC_NAMES)
    cap = cap_in_use(rates, cap)
    groups = workforce_wages(rates, workforce)  # checks the ids and the periods
    parts: list[Input] = []
    terms: list[tuple[str, float, float]] = []  # (group id, central figure, period factor)
    for gw in groups:
        g = rates.group(gw.group)
        ins, factor = group_inputs(rates, g, cap)
        parts += ins
        terms.append((g.id, g.wage.mid, factor))
    inputs = tuple(parts) + tuple(cap_input(cap, parts, rates))
    weights = np.array([gw.headcount for gw in groups], dtype=np.float64)

    def evaluate(cols: Columns) -> Any:
        columns = [
            np.asarray(
                _value(cols, f"wages.{gid}", mid) * _value(cols, f"wages.{gid}.period", f),
                dtype=np.float64,
            )
            for gid, mid, f in terms
        ]
        wide = np.broadcast_arrays(*columns)
        x = np.stack([c.ravel() for c in wide], axis=1)
        out = metrics_batch(x, weights)[metric]
        return out.reshape(wide[0].shape) if wide[0].ndim else out[0]

    title = workforce.title or workforce.name or "workforce"
    return Model(f"{metric} of {title}", "inequality", "", inputs, evaluate, cap)
