"""Earnings ratios between wage groups, with their bounds, basis and arithmetic.

A ratio follows DOMAIN's rule for ranges (low = a_lo / b_hi, high = a_hi / b_lo, central =
mid / mid). Where a wage is an open bound ("more than 1,600"), the ratio is a bound too and
the missing end is ``None``.

Built on ``stakhanov.data.periods`` (the monthly footing); ``report``, ``diff`` and
``claims`` beside it use these ratios, and ``stakhanov.stats.uncertainty`` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stakhanov.calc.display import ShowsHtml
from stakhanov.data.limits import check_size
from stakhanov.data.periods import Monthly, monthly
from stakhanov.data.rates import Rates
from stakhanov.data.records import Citation, WageGroup
from stakhanov.errors import UsageError

__all__ = ["Ratio", "compensation", "ratio", "ratios"]


@dataclass(frozen=True)
class Ratio(ShowsHtml):
    """How many times group ``numerator`` earns group ``denominator``."""

    numerator: str
    denominator: str
    low: float | None
    central: float
    high: float | None
    bound: str
    basis: str
    note: str
    arithmetic: str
    citations: tuple[Citation, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape from DESIGN, plus the arithmetic and the citations."""
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "low": self.low,
            "central": self.central,
            "high": self.high,
            "bound": self.bound,
            "basis": self.basis,
            "note": self.note,
            "arithmetic": self.arithmetic,
            "sources": [str(c) for c in self.citations],
        }


def compensation(
    rates: Rates,
    group: WageGroup,
    *,
    with_privileges: bool = False,
    working_days: float | None = None,
) -> Monthly:
    """A group's monthly wage, plus the ruble value of its privileges when asked and valued.

    ``working_days`` converts a day figure to a month; by default the scenario's value, if any.
    """
    days = working_days if working_days is not None else rates.working_days_per_month
    base = monthly(group, days)
    extra = privilege_value(rates, group.id) if with_privileges else 0.0
    if not extra:
        return base
    if base.period != "month":
        raise UsageError(
            f"group '{group.id}' is a {base.period} figure: privileges are valued per month, "
            "so give working days per month to add them"
        )
    return Monthly(
        base.wage.shift(extra), base.factor, base.period, f"{base.basis} + {extra:g} in kind"
    )


def privilege_value(rates: Rates, group_id: str) -> float:
    """Monthly ruble value of the in-kind privileges a scenario gives this group."""
    if group_id not in rates.privilege_groups:
        return 0.0
    return float(sum(rates.privilege_values.values()))


def ratio(
    rates: Rates,
    a: str,
    b: str,
    *,
    with_privileges: bool = False,
    working_days: float | None = None,
) -> Ratio:
    """The ratio of group ``a``'s earnings to group ``b``'s.

    >>> from stakhanov.data.rates import load_rates
    >>> r = ratio(load_rates(), "stakhanovite-miner", "auxiliary")
    >>> (round(r.low, 2), r.high, r.bound)
    (9.41, None, 'at least')
    """
    ga, gb = rates.group(a), rates.group(b)
    ma = compensation(rates, ga, with_privileges=with_privileges, working_days=working_days)
    mb = compensation(rates, gb, with_privileges=with_privileges, working_days=working_days)
    span = (ma.wage / mb.wage).span()
    basis = ma.basis if ma.basis == mb.basis else f"{a}: {ma.basis}; {b}: {mb.basis}"
    return Ratio(
        numerator=a,
        denominator=b,
        low=span.low,
        central=span.central,
        high=span.high,
        bound=span.bound,
        basis=basis,
        note=_note(ga, gb, ma, mb),
        arithmetic=_arithmetic(ga, gb, ma, mb, span.low, span.central, span.high),
        citations=(ga.citation,)
        if str(ga.citation) == str(gb.citation)
        else (ga.citation, gb.citation),
    )


def ratios(
    rates: Rates,
    base: str | None = None,
    groups: list[str] | None = None,
    *,
    with_privileges: bool = False,
    working_days: float | None = None,
) -> list[Ratio]:
    """Every group against ``base``, or the full matrix of ``groups`` (default: all groups)."""
    ids = list(groups) if groups is not None else list(rates.wages)
    for gid in ids:
        rates.group(gid)  # an unknown id fails before anything is computed
    if base is not None:
        rates.group(base)
        return [
            ratio(rates, g, base, with_privileges=with_privileges, working_days=working_days)
            for g in ids
            if g != base
        ]
    # Every ordered pair: the rows grow with the square of the groups a scenario may add.
    check_size(
        len(ids) * (len(ids) - 1),
        "rows",
        f"every ordered pair of {len(ids):,} groups",
        "give --base GROUP for one row per group",
    )
    return [
        ratio(rates, a, b, with_privileges=with_privileges, working_days=working_days)
        for a in ids
        for b in ids
        if a != b
    ]


def _figure(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _expr(value: float, m: Monthly) -> str:
    """A wage as the user can check it: '950 × 2' for a doubled half-month."""
    if m.factor == 1.0:
        return _figure(value)
    return f"({_figure(value / m.factor)} × {m.factor:g})"


def _arithmetic(
    ga: WageGroup,
    gb: WageGroup,
    ma: Monthly,
    mb: Monthly,
    low: float | None,
    central: float,
    high: float | None,
) -> str:
    a, b = ma.wage, mb.wage
    if low is not None and low == high == central:
        return f"{_expr(a.low, ma)} / {_expr(b.low, mb)} = {central:.2f}"
    parts = []
    if low is None:
        parts.append("low: none (" + _why_open(ga, gb, a.low_open, b.high_open, "low") + ")")
    else:
        parts.append(f"low = {_expr(a.low, ma)} / {_expr(b.high, mb)} = {low:.2f}")
    parts.append(f"central = {_expr(a.mid, ma)} / {_expr(b.mid, mb)} = {central:.2f}")
    if high is None:
        parts.append("high: none (" + _why_open(ga, gb, a.high_open, b.low_open, "high") + ")")
    else:
        parts.append(f"high = {_expr(a.high, ma)} / {_expr(b.low, mb)} = {high:.2f}")
    return "; ".join(parts)


def _why_open(ga: WageGroup, gb: WageGroup, a_open: bool, b_open: bool, end: str) -> str:
    reasons = []
    if a_open:
        reasons.append(f"{ga.id} has no {'lower' if end == 'low' else 'upper'} limit")
    if b_open:
        reasons.append(f"{gb.id} has no {'upper' if end == 'low' else 'lower'} limit")
    return " and ".join(reasons)


def _note(ga: WageGroup, gb: WageGroup, ma: Monthly, mb: Monthly) -> str:
    # A figure the user set says so here too, beside the citation in "sources".
    notes = [
        f"{g.id} as set by {g.citation}" for g in dict.fromkeys((ga, gb)) if g.citation.scenario
    ]
    for g, m in ((ga, ma), (gb, mb)):
        if m.wage.high_open:
            notes.append(f"{g.id} is a lower bound ({_figure(g.wage.low)} or more)")
        if m.wage.low_open:
            notes.append(f"{g.id} is an upper bound ({_figure(g.wage.high)} or less)")
        if g.pay_basis == "statistic":
            notes.append(f"{g.id} is a statistic, not anyone's pay")
    inferred = [g.id for g in (ga, gb) if g.period_inferred]
    if inferred:
        notes.append(f"period inferred as a month for {' and '.join(dict.fromkeys(inferred))}")
    if ma.period != mb.period:
        notes.append("compares a day with a month: give working days per month to convert")
    if any(m.wage.low_open or m.wage.high_open for m in (ma, mb)):
        notes.append("open bounds count at face value in the central figure")
    return "; ".join(notes)
