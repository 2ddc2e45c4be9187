"""A claim's measure as a function of every figure it uses, and its verdict on one value.

The claim is judged as ``calc.claims`` judges it (``calc._judge.judge``), but on one value
(``calc._judge.point_verdict``, the same verdict without its words; many at once for a grid):
the measure with every figure at its central value, or with one figure moved. Its inputs are
the figures the measure divides (a wage, a record, a norm at its default point, a figure
printed in the claim), the period factors where a period is an assumption, and the cap if a
figure is open. Neighbours: ``stats._inputs`` (the shared inputs), ``stats._flips``.

It serves ``sensitivity`` beside it, on the inputs ``_inputs`` describes; the verdicts are
``stakhanov.calc._judge``'s.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from stakhanov.stats._inputs import (
    Columns,
    Input,
    Model,
    approx_given,
    cap_in_use,
    cap_input,
    group_inputs,
)

if TYPE_CHECKING:
    from stakhanov.calc._measures import Operand
    from stakhanov.data.rates import Rates

__all__ = ["claim_model"]

_INF = math.inf


def _operand_inputs(
    rates: Rates, kind: str, op: Operand, cap: float, tol: float
) -> tuple[list[Input], str, float, str | None, float]:
    """Inputs of one side; its value's key and central figure; its period's key and factor."""
    from stakhanov.calc._judge import fig

    if kind == "group":
        ins, factor = group_inputs(rates, rates.group(op.id), cap, points=True)
        period = f"wages.{op.id}.period"
        has_period = any(i.key == period for i in ins)
        return ins, f"wages.{op.id}", op.given.mid, period if has_period else None, factor
    if kind == "figure":
        value = op.given.mid
        inp = Input("figure", "figure", value, value, value, fig(value), "printed in the claim")
        inp = _sourced(inp, value, value)
        return [inp], "figure", value, None, 1.0
    w = op.given.widened(tol)  # an approximate record ranges over the claims' tolerance
    key = f"{kind}s.{op.id}"
    central = rates.norm(op.id).value if kind == "norm" else w.mid
    low = w.low / cap if w.low_open else w.low
    high = w.high * cap if w.high_open else w.high
    g = op.given
    given = fig(g.low) if g.low == g.high else f"{fig(g.low)}–{fig(g.high)}"
    if g.high_open:
        given = f"{fig(g.low)} or more"
    elif g.low_open:
        given = f"{fig(g.high)} or less"
    inp = Input(key, kind, low, high, central, approx_given(g, given, tol), op.unit)
    inp = _sourced(inp, 0.0 if w.low_open else w.low, _INF if w.high_open else w.high)
    return [inp], key, central, None, 1.0


def _sourced(inp: Input, low: float, high: float) -> Input:
    from dataclasses import replace

    return replace(inp, source_low=low, source_high=high)


def claim_model(
    rates: Rates, claim_id: str, cap: float | None = None, tolerance: float | None = None
) -> Model:
    """The claim's measure on the central figures, and the verdict on any value of it."""
    from stakhanov.calc._judge import claimed_band, point_verdict, point_verdicts, tolerant_band
    from stakhanov.calc._measures import MEASURES, compute
    from stakhanov.calc.claims import check_claim

    verdict = check_claim(rates, claim_id, tolerance)  # an unknown id fails with a suggestion
    claim, tol = verdict.claim, verdict.tolerance
    cap = cap_in_use(rates, cap)
    c = compute(rates, claim.measure, claim.numerator, claim.denominator, claim.figure)
    num_kind, den_kind = MEASURES[claim.measure]
    inputs, n_key, n_mid, n_per, n_factor = _operand_inputs(rates, num_kind, c.numerator, cap, tol)
    d: tuple[str, float, str | None, float] | None = None
    if c.denominator is not None:
        kind = den_kind or "figure"
        more, d_key, d_mid, d_per, d_factor = _operand_inputs(rates, kind, c.denominator, cap, tol)
        inputs += more
        d = (d_key, d_mid, d_per, d_factor)
    inputs += cap_input(cap, [i for i in inputs if i.kind == "wage"], rates)
    measure = claim.measure

    def side(cols: Columns, key: str, mid: float, per: str | None, factor: float) -> Any:
        value = cols.get(key, mid)
        return value * (cols.get(per, factor) if per else factor)

    def evaluate(cols: Columns) -> Any:
        n = side(cols, n_key, n_mid, n_per, n_factor)
        if measure == "record":
            return n
        if measure == "percent-of-norm":
            return n / 100
        assert d is not None  # every other measure divides (checked when claims load)
        den = side(cols, *d)
        if measure == "percent-change":
            return (n / den - 1) * 100
        return n / den

    said = (claim.comparator, claim.claimed_low, claim.claimed_high)
    wanted, wide = claimed_band(*said, tol), tolerant_band(*said, tol)

    def on(value: float) -> str:
        return point_verdict(value, wanted, wide)

    def each(values: Any) -> Any:
        return point_verdicts(values, wanted, wide)

    notes = (
        f"claimed {verdict.claimed}; `stakhanov claims` judges the ranges and open ends as",
        f"given: {verdict.verdict}. Here each figure is central and one moves at a time.",
    )
    unit = c.unit.strip()
    return Model(claim.id, "claim", unit, tuple(inputs), evaluate, cap, on, notes, each)
