"""What a comparator means as a set of numbers, and the three-way verdict on the data.

A claim ("more than 11 times") is a set of acceptable values; the data give an interval
(possibly open at an end). The verdict compares the two sets:

- **holds**: every value the data allow lies in the claim's set;
- **roughly**: some do (the sets overlap), or all do once the claim is widened by the
  tolerance;
- **fails**: otherwise.

"about" and "almost" have no meaning without a tolerance, so for them the tolerance *is* the
claim: "about 10" at 10% is 9–11, and widening it again would count the tolerance twice.

It serves ``claims`` alone; ``_measures`` computes the data's interval it judges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from stakhanov.data.interval import Interval

__all__ = [
    "COMPARATORS",
    "Band",
    "Judgement",
    "claimed_band",
    "data_band",
    "fig",
    "figure_band",
    "judge",
    "point_verdict",
    "point_verdicts",
    "tolerant_band",
    "words",
]

COMPARATORS = ("about", "more than", "almost", "at least", "from-to", "equals")

_INF = math.inf
_REL_TOL = 1e-12  # the same figure after floating-point arithmetic (80 / 8 is ten)


def fig(value: float) -> str:
    """A figure in the arithmetic: thousands separated, at most two decimals (57.33, 86)."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _eq(a: float, b: float) -> bool:
    return a == b or math.isclose(a, b, rel_tol=_REL_TOL, abs_tol=0.0)


@dataclass(frozen=True)
class Band:
    """A set of reals from ``lo`` to ``hi``; each end included or not, possibly infinite."""

    lo: float
    hi: float
    lo_in: bool = True
    hi_in: bool = True

    def covers(self, other: Band) -> bool:
        """Every value of ``other`` lies in this band."""
        same_lo, same_hi = _eq(other.lo, self.lo), _eq(other.hi, self.hi)
        low_ok = (self.lo_in or not other.lo_in) if same_lo else other.lo > self.lo
        high_ok = (self.hi_in or not other.hi_in) if same_hi else other.hi < self.hi
        return low_ok and high_ok

    def meet(self, other: Band) -> Band | None:
        """The values both bands hold, or ``None`` when they share none."""
        if _eq(self.lo, other.lo):
            lo, lo_in = self.lo, self.lo_in and other.lo_in
        else:
            lo, lo_in = (self.lo, self.lo_in) if self.lo > other.lo else (other.lo, other.lo_in)
        if _eq(self.hi, other.hi):
            hi, hi_in = self.hi, self.hi_in and other.hi_in
        else:
            hi, hi_in = (self.hi, self.hi_in) if self.hi < other.hi else (other.hi, other.hi_in)
        if _eq(lo, hi):
            return Band(lo, hi) if lo_in and hi_in and math.isfinite(lo) else None
        return Band(lo, hi, lo_in, hi_in) if lo < hi else None

    def has(self, value: float) -> bool:
        return self.covers(Band(value, value))

    @property
    def empty(self) -> bool:
        return self.meet(Band(-_INF, _INF, False, False)) is None

    def text(self, unit: str = "") -> str:
        """'9–11', 'above 11', '20 or more', 'above 10, up to 11.25', 'any value'."""
        u = f" {unit}" if unit else ""
        lo, hi = fig(self.lo), fig(self.hi)
        if self.lo == -_INF and self.hi == _INF:
            return "any value"
        if self.hi == _INF:
            return f"{lo}{u} or more" if self.lo_in else f"above {lo}{u}"
        if self.lo == -_INF:
            return f"{hi}{u} or less" if self.hi_in else f"below {hi}{u}"
        if _eq(self.lo, self.hi):
            return f"{lo}{u}"
        if not self.lo_in:
            return f"above {lo}, up to {hi}{u}" if self.hi_in else f"between {lo} and {hi}{u}"
        return f"{lo}–{hi}{u}" if self.hi_in else f"from {lo} to below {hi}{u}"


def data_band(value: Interval) -> Band:
    """The values an interval allows: an open end extends without limit on that side."""
    return Band(
        -_INF if value.low_open else value.low,
        _INF if value.high_open else value.high,
        not value.low_open,
        not value.high_open,
    )


def claimed_band(comparator: str, low: float, high: float | None, tolerance: float) -> Band:
    """The values that satisfy the claim as worded."""
    if comparator == "about":
        return Band(low * (1 - tolerance), low * (1 + tolerance))
    if comparator == "almost":  # a little short of the figure, at most the tolerance short
        return Band(low * (1 - tolerance), low)
    if comparator == "more than":
        return Band(low, _INF, False, False)
    if comparator == "at least":
        return Band(low, _INF, True, False)
    if comparator == "from-to":
        return Band(low, low if high is None else high)
    return Band(low, low)  # equals


def tolerant_band(comparator: str, low: float, high: float | None, tolerance: float) -> Band:
    """The claim widened by the tolerance: the second chance of a 'roughly'."""
    if comparator == "about":
        return claimed_band(comparator, low, high, tolerance)  # the tolerance is the word
    if comparator in ("more than", "at least"):
        return Band(low * (1 - tolerance), _INF, True, False)
    top = low if high is None else high
    return Band(low * (1 - tolerance), top * (1 + tolerance))


def figure_band(comparator: str, low: float, high: float | None) -> Band:
    """The claimed figures themselves, for what would make a claim hold: 'about 46' is 46."""
    if comparator == "more than":
        return Band(low, _INF, False, False)
    if comparator == "at least":
        return Band(low, _INF, True, False)
    return Band(low, low if high is None else high)


def words(comparator: str, low: float, high: float | None, tolerance: float) -> str:
    """The claim in words for the arithmetic: 'about 10 (9–11 at ±10%)', 'more than 11'."""
    pct = f"{tolerance * 100:g}%"
    band = claimed_band(comparator, low, high, tolerance).text()
    if comparator == "about":
        return f"about {fig(low)} ({band} at ±{pct})"
    if comparator == "almost":
        return f"almost {fig(low)} ({band}: at most {pct} short)"
    if comparator == "from-to":
        return f"from {fig(low)} to {fig(low if high is None else high)}"
    if comparator == "equals":
        return f"exactly {fig(low)}"
    return f"{comparator} {fig(low)}"


@dataclass(frozen=True)
class Judgement:
    verdict: str  # "holds", "roughly" or "fails"
    how: str  # "all", "part", "open end", "tolerance" or "none": which values satisfy
    reason: str  # the comparison in words, ending in the verdict


def judge(
    value: Interval, comparator: str, low: float, high: float | None, tol: float
) -> Judgement:
    """The verdict on one computed interval, with the comparison spelled out.

    >>> judge(Interval.point(9.7), "about", 10, None, 0.1).reason
    '9.7 is about 10 (9–11 at ±10%) → holds'
    """
    data = data_band(value)
    wanted = claimed_band(comparator, low, high, tol)
    wide = tolerant_band(comparator, low, high, tol)
    said = words(comparator, low, high, tol)
    shown = data.text()
    every = shown if _eq(data.lo, data.hi) else f"all of {shown}"
    if wanted.covers(data):
        return Judgement("holds", "all", f"{every} is {said} → holds")
    common = wanted.meet(data)
    if common is not None:
        given = Band(value.low, value.high)  # the printed figures only, no open end
        if wanted.meet(given) is None:
            how, where = "open end", "only through its open end, where the data set no limit"
        else:
            how, where = "part", f"only in part ({common.text()})"
            if value.high_open and wanted.hi != _INF:
                where += ", and the data set no upper limit"
            elif value.low_open and wanted.lo != -_INF:
                where += ", and the data set no lower limit"
        return Judgement("roughly", how, f"{shown} is {said} {where} → roughly")
    pct = f"{tol * 100:g}%"
    if wide != wanted and wide.covers(data):
        why = f"{shown} is not {said}, but within {pct} of it ({wide.text()}) → roughly"
        return Judgement("roughly", "tolerance", why)
    widened = "" if wide == wanted else f", nor within {pct} of it ({wide.text()})"
    return Judgement("fails", "none", f"{shown} is not {said}{widened} → fails")


# A single value (a claim's measure with its figures central, or one of them moved) needs
# only the verdict, many thousands of times over when flip points are sought: these give
# ``judge``'s verdict on a point without building its words. For a point, "the sets overlap"
# and "the claim covers it" are the same test, so only the two bands matter.


def point_verdict(value: float, wanted: Band, wide: Band) -> str:
    """``judge(Interval.point(value), ...).verdict``, from the claimed and the widened band.

    >>> point_verdict(9.5, claimed_band("more than", 10, None, 0.1),
    ...               tolerant_band("more than", 10, None, 0.1))
    'roughly'
    """
    if wanted.has(value):
        return "holds"
    if wide != wanted and wide.has(value):
        return "roughly"
    return "fails"


def point_verdicts(values: Any, wanted: Band, wide: Band) -> Any:
    """``point_verdict`` of every value of an array at once, as an array of str (numpy,
    imported here only)."""
    import numpy as np

    x = np.asarray(values, dtype=np.float64)
    holds = _within(x, wanted)
    rough = _within(x, wide) & ~holds if wide != wanted else np.zeros_like(holds)
    return np.where(holds, "holds", np.where(rough, "roughly", "fails"))


def _within(x: Any, band: Band) -> Any:
    """``band.has`` of each value, with ``_eq``'s tolerance at each finite end."""
    import numpy as np

    def same(end: float) -> Any:
        if not math.isfinite(end):  # math.isclose never calls a finite value infinite
            return x == end
        return (x == end) | (np.abs(x - end) <= _REL_TOL * np.maximum(np.abs(x), abs(end)))

    at_lo, at_hi = same(band.lo), same(band.hi)
    low_ok = np.where(at_lo, band.lo_in, x > band.lo)
    high_ok = np.where(at_hi, band.hi_in, x < band.hi)
    return low_ok & high_ok
