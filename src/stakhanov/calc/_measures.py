"""What a claim measures, computed from the data: the interval, its arithmetic, the figures
that would make the claim hold, and the claim tried on every pair of an industry's groups.
The loader's checks of a claim's ids and units live here too, beside ``MEASURES``.

Wages go through ``periods.monthly`` so the foundation's period rules apply: a half-month
doubles to a month and the arithmetic shows the factor. Claims never convert a day, not even
when a scenario gives working days: the one claim about a day (Ivanchikov's) sets the day
against a month on purpose, and converting it would test a different statement.

It serves ``claims`` alone, beside ``_judge``, which turns the interval into a verdict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from stakhanov.calc._judge import Band, claimed_band, data_band, fig, figure_band, judge
from stakhanov.data.csvrows import Row
from stakhanov.data.interval import Interval, approximately
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.data.records import Citation
from stakhanov.errors import DataError, did_you_mean

__all__ = [
    "MEASURES",
    "Computed",
    "Operand",
    "PairVerdict",
    "check_operands",
    "compute",
    "implied",
    "pairs_text",
    "try_pairs",
]

# measure -> (what the numerator is, what the denominator is; None: no denominator id).
# group-over-figure divides by a literal figure printed in the claim's own paragraph.
MEASURES: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        "group-ratio": ("group", "group"),
        "group-over-figure": ("group", None),
        "record-over-norm": ("record", "norm"),
        "percent-of-norm": ("record", None),
        "record-over-record": ("record", "record"),
        "percent-change": ("record", "record"),
        "record": ("record", None),
    }
)
_RATIOS = ("group-ratio", "group-over-figure", "record-over-norm", "record-over-record")
_INF = math.inf


@dataclass(frozen=True)
class Operand:
    """One side of a claim: the data as printed and on the common footing."""

    id: str
    label: str  # how the arithmetic names it: 'engineer', 'norm coal-hewing', 'the figure 120'
    value: Interval  # on the common footing (a month for wages, where it can be had)
    given: Interval  # as printed
    factor: float  # the period factor applied; 1.0 when none
    period: str  # the period as printed ('half-month'), or the record's duration
    basis: str  # how the period was put on the common footing
    unit: str
    citation: Citation | None  # None for a figure printed in the claim itself

    def shown(self, *, printed: bool = False) -> str:
        """'skilled-worker (950 × 2)', 'stakhanovite-miner 1,600 or more', 'borisov almost 800'."""
        text = approximately(self.given.approx, data_band(self.given).text())
        if self.factor != 1.0 and not printed:
            text = f"({text} × {self.factor:g})"
        return f"{self.label} {text}"


@dataclass(frozen=True)
class Computed:
    """The measured interval, its unit and arithmetic, and the same without conversion."""

    value: Interval
    unit: str  # '×', '%' or a record's unit
    expression: str
    numerator: Operand
    denominator: Operand | None
    as_printed: Interval | None  # set only when a period conversion changed a figure
    as_printed_expression: str
    notes: tuple[str, ...]


def _group(rates: Rates, group_id: str) -> Operand:
    g = rates.group(group_id)
    m = monthly(g)  # no working days, on purpose: see the module docstring
    unit = "rubles a day" if m.period == "day" else "rubles a month"
    return Operand(g.id, g.id, m.wage, g.wage, m.factor, g.period, m.basis, unit, g.citation)


def _record(rates: Rates, record_id: str) -> Operand:
    r = rates.record(record_id)
    return Operand(r.id, r.id, r.output, r.output, 1.0, r.duration, "", r.unit, r.citation)


def _norm(rates: Rates, norm_id: str) -> Operand:
    n = rates.norm(norm_id)
    label = f"norm {n.id}"
    return Operand(n.id, label, n.range, n.range, 1.0, n.per, "", n.unit, n.citation)


def _figure(value: float, like: Operand) -> Operand:
    point = Interval.point(value)
    label = "the printed figure"
    return Operand(fig(value), label, point, point, 1.0, like.period, "", like.unit, None)


def compute(
    rates: Rates, measure: str, numerator: str, denominator: str | None, figure: float | None
) -> Computed:
    """The claim's measure on the data (ids are checked when the claims are loaded)."""
    num_kind, den_kind = MEASURES[measure]
    num = _group(rates, numerator) if num_kind == "group" else _record(rates, numerator)
    den: Operand | None = None
    if den_kind == "group" and denominator:
        den = _group(rates, denominator)
    elif den_kind == "record" and denominator:
        den = _record(rates, denominator)
    elif den_kind == "norm" and denominator:
        den = _norm(rates, denominator)
    elif measure == "group-over-figure" and figure is not None:
        den = _figure(figure, num)
    if measure == "record":
        text = data_band(num.value).text()
        return Computed(
            num.value, f" {num.unit}", f"{num.label} = {text} {num.unit}", num, None, None, "", ()
        )
    if measure == "percent-of-norm":
        value = num.value.scale(1 / 100)
        expression = f"{num.shown()}% / 100 = {data_band(value).text()} times the norm"
        return Computed(value, "×", expression, num, None, None, "", ())
    if den is None:  # the loader rules this out; a hand-made Claim may not
        raise DataError(f"measure '{measure}' needs a denominator or a figure")
    ratio = num.value / den.value
    if measure == "percent-change":
        value = ratio.shift(-1).scale(100)
        expression = (
            f"({num.shown()} − {den.shown()}) / {data_band(den.given).text()} × 100"
            f" = {data_band(value).text()}%"
        )
        return Computed(value, "%", expression, num, den, None, "", ())
    expression = f"{num.shown()} / {den.shown()} = {data_band(ratio).text()}"
    printed: Interval | None = None
    printed_expression = ""
    if num.factor != 1.0 or den.factor != 1.0:
        printed = num.given / den.given
        printed_expression = (
            f"{num.shown(printed=True)} / {den.shown(printed=True)} = {data_band(printed).text()}"
        )
    notes = []
    if "day" in (num.period, den.period) and num.unit != den.unit:
        notes.append("a day's pay set against a month's, as they stand: the claim does the same")
    return Computed(ratio, "×", expression, num, den, printed, printed_expression, tuple(notes))


def implied(
    c: Computed, measure: str, comparator: str, low: float, high: float | None
) -> str | None:
    """The figure(s) that would make the claim hold, each alone, or None if none would.

    For a ratio N / D claimed to be C, each with the other side as the data give it: the
    denominator would have to lie in N / C and the numerator in C × D, so that every value
    satisfies the claim. Against an open end no single figure may do: then none is offered.
    """
    want = figure_band(comparator, low, high)
    num, den = c.numerator, c.denominator
    options: list[str] = []
    if measure in _RATIOS and den is not None:
        n, d = _positive(num.value), _positive(den.value)
        strict_top = not want.lo_in  # 'more than': the denominator must stay strictly below
        den_band = Band(
            -_INF if want.hi == _INF else _div(n.hi, want.hi),
            _div(n.lo, want.lo),
            True,
            not strict_top,
        )
        top = want.hi * d.lo if d.lo > 0 else (_INF if want.hi == _INF else 0.0)
        num_band = Band(want.lo * d.hi, top, want.lo_in, True)
        options += [_option(num, num_band), _option(den, den_band)]
    elif measure == "percent-change" and den is not None:
        d = _positive(den.value)
        grown = Band(d.lo * (1 + want.lo / 100), d.hi * (1 + want.hi / 100), want.lo_in, True)
        options.append(_option(num, grown))
    elif measure == "percent-of-norm":
        options.append(_option(num, Band(want.lo * 100, want.hi * 100, want.lo_in, want.hi_in)))
    else:  # a record's own figure
        options.append(_option(num, want))
    kept = [o for o in options if o]
    return "; or ".join(kept) if kept else None


def _positive(value: Interval) -> Band:
    """The values of a positive quantity: an open end reaches 0 below or ∞ above."""
    return Band(0.0 if value.low_open else value.low, _INF if value.high_open else value.high)


def _div(a: float, b: float) -> float:
    return _INF if b == 0 else a / b


def _option(op: Operand, band: Band) -> str:
    """'lowest-paid: 86–107.5 rubles a month (given 100–150)', or '' if no figure would do."""
    if band.empty or band.lo == _INF or band.hi == -_INF:
        return ""
    given = data_band(op.given).text()
    if op.factor != 1.0:
        scaled = Band(band.lo / op.factor, band.hi / op.factor, band.lo_in, band.hi_in)
        return (
            f"{op.label}: {band.text(op.unit)} ({scaled.text()} for the {op.period}; given {given})"
        )
    return f"{op.label}: {band.text(op.unit)} (given {given})"


@dataclass(frozen=True)
class PairVerdict:
    """The claim tried on another pair of groups (only pairs that do not fail are kept)."""

    numerator: str
    denominator: str
    verdict: str
    how: str  # which values satisfy: "all", "part", "open end", "tolerance"
    computed: str  # the interval in words: '9.41 or more'
    central: float
    at_face_value: bool  # the central figure (open ends at face value) satisfies the claim

    def as_dict(self) -> dict[str, Any]:
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "verdict": self.verdict,
            "how": self.how,
            "computed": self.computed,
            "central": self.central,
            "at_face_value": self.at_face_value,
        }


def check_operands(
    row: Row,
    rates: Rates,
    measure: str,
    numerator: str,
    denominator: str | None,
    pairs: str | None,
) -> None:
    """Each id must name the kind of thing the measure divides, in the same unit."""
    known = {"group": rates.wages, "record": rates.records, "norm": rates.norms}
    num_kind, den_kind = MEASURES[measure]
    if numerator and numerator not in known[num_kind]:
        hint = did_you_mean(numerator, known[num_kind])
        row.fail("numerator", f"unknown {num_kind} '{numerator}'{hint}")
    if den_kind is None and denominator:
        row.fail("denominator", f"measure '{measure}' takes none, got '{denominator}'")
    elif den_kind is not None and not denominator:
        row.fail("denominator", f"missing value (measure '{measure}' divides by a {den_kind})")
    elif den_kind is not None and denominator not in known[den_kind]:
        hint = did_you_mean(str(denominator), known[den_kind])
        row.fail("denominator", f"unknown {den_kind} '{denominator}'{hint}")
    has_figure = bool(row.text("figure", required=False))
    if measure == "group-over-figure" and not has_figure:
        row.fail("figure", "missing value (measure 'group-over-figure' divides by a figure)")
    elif measure != "group-over-figure" and has_figure:
        row.fail("figure", f"measure '{measure}' takes none, got '{row.text('figure')}'")
    if pairs is not None:
        industries = sorted({g.industry for g in rates.wages.values()})
        if measure != "group-ratio":
            row.fail("pairs", "only a group-ratio claim can be tried on every pair")
        elif pairs not in industries:
            row.fail(
                "pairs", f"unknown industry '{pairs}' (expected one of {', '.join(industries)})"
            )
    _check_units(row, rates, measure, numerator, denominator)


def _check_units(
    row: Row, rates: Rates, measure: str, numerator: str, denominator: str | None
) -> None:
    record = rates.records.get(numerator)
    if record is None or measure in ("group-ratio", "group-over-figure", "record"):
        return
    if measure == "percent-of-norm":
        if record.unit != "% of norm":
            row.fail("numerator", f"record '{numerator}' is in {record.unit}, not % of norm")
        return
    other = rates.norms.get(denominator or "") if measure == "record-over-norm" else None
    unit = other.unit if other else getattr(rates.records.get(denominator or ""), "unit", None)
    if unit is not None and unit != record.unit:
        row.fail("denominator", f"unit '{unit}' differs from the numerator's '{record.unit}'")


def try_pairs(
    rates: Rates, industry: str, comparator: str, low: float, high: float | None, tol: float
) -> list[PairVerdict]:
    """The claim tried on every ordered pair of the industry's groups."""
    ids = [g.id for g in rates.wages.values() if g.industry == industry]
    band = claimed_band(comparator, low, high, tol)
    out = []
    for a in ids:
        for b in ids:
            if a == b:
                continue
            c = compute(rates, "group-ratio", a, b, None)
            if c.notes:  # a day against a month: not a pair of wages on one footing
                continue
            j = judge(c.value, comparator, low, high, tol)
            text = data_band(c.value).text()
            face = band.has(c.value.mid)
            out.append(PairVerdict(a, b, j.verdict, j.how, text, c.value.mid, face))
    return out


def pairs_text(industry: str, own: tuple[str, str | None], tried: list[PairVerdict]) -> str:
    n = len({p.numerator for p in tried})
    head = f"every ordered pair of the {n} {industry} groups ({len(tried)} pairs)"

    def names(rows: list[PairVerdict]) -> str:
        return ", ".join(f"{p.numerator}/{p.denominator} ({p.computed})" for p in rows)

    holds = [p for p in tried if p.verdict == "holds"]
    rough = [p for p in tried if p.verdict == "roughly" and p.how != "open end"]
    loose = [p for p in tried if p.how == "open end"]
    face = [p for p in tried if p.at_face_value]
    parts = [f"{head}: holds for {names(holds) if holds else 'none'}"]
    if rough:
        parts.append(f"roughly for {names(rough)}")
    if loose:
        parts.append(f"roughly, only through an open end, for {names(loose)}")
    if not face:
        parts.append("at face value no pair fits")
    else:
        fits = ", ".join(f"{p.numerator}/{p.denominator} ({fig(p.central)})" for p in face)
        if [(p.numerator, p.denominator) for p in face] == [own]:
            tail = ": the claim's own pair, and no other"
        elif own in {(p.numerator, p.denominator) for p in face}:
            tail = f": the claim's pair is one of {len(face)}"
        else:
            tail = ": not the claim's pair"
        parts.append(
            f"at face value only {fits} fits{tail}"
            if len(face) == 1
            else f"at face value {fits} fit{tail}"
        )
    return "; ".join(parts)
