"""Numbers with bounds: what the sources give is often a range or a one-sided bound.

An ``Interval`` holds two given figures, ``low`` and ``high``, and two flags. ``high_open``
means the source gives ``high`` as a floor-like figure with nothing above it ("more than
1,600", "500 and more"): the true value may lie anywhere above. ``low_open`` is the mirror
("150 or less"). An open end still *counts as its given value* for the central estimate,
as ``shared/DOMAIN.md`` prescribes, but any result computed from it is itself a bound.

``central`` is kept apart from the midpoint because a ratio's central estimate is
mid(A) / mid(B), which is not the midpoint of the ratio's own range.

``approx`` says the source gives the figure as an approximation: "about ten tons" is
``"about"``, "almost 800 tons" is ``"almost"`` (a little short of the figure). The figures stay
as printed; the word travels with every result computed from them, and the Monte Carlo draws
such a figure within the claims' tolerance (``widened``). See docs/bounds.md.

The lowest module of the data: ``records`` builds wages and outputs from it, and every
stage above computes with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["APPROX_WORDS", "Interval", "Span", "approximately", "bound_kind", "describe", "rubles"]

# Two floats closer than this (relatively) are the same figure: a ratio of two point
# values is "exact" even after a half-month was doubled in floating point.
_REL_TOL = 1e-12

# The words that make a figure approximate, as the texts print them. "almost" is short of the
# figure, at most by the tolerance; "about" either side of it.
APPROX_WORDS = ("about", "almost")


@dataclass(frozen=True)
class Span:
    """What a user sees of an interval: ``None`` for an end with no limit, never infinity."""

    low: float | None
    central: float
    high: float | None
    bound: str  # "exact", "at least", "at most", "range" or "unbounded"


@dataclass(frozen=True)
class Interval:
    """A positive quantity known to lie in [low, high], possibly open at either end.

    >>> (Interval(400, 500) / Interval.point(170)).span()
    Span(low=2.3529411764705883, central=2.6470588235294117, high=2.9411764705882355, bound='range')
    """

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    central: float | None = None
    # "", "about" or "almost": the figure is given as an approximation. Left out of the repr
    # so that an exact figure reads as it always has.
    approx: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.approx and self.approx not in APPROX_WORDS:
            words = ", ".join(APPROX_WORDS)
            raise ValueError(f"approx must be one of {words}, got {self.approx!r}")
        for name in ("low", "high"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
        if self.low > self.high:
            raise ValueError(f"low {self.low} > high {self.high}")

    @classmethod
    def point(cls, value: float) -> Interval:
        """An exactly known figure."""
        return cls(value, value)

    @property
    def mid(self) -> float:
        """The central estimate: the stated central, or the midpoint (open ends at face value)."""
        if self.central is not None:
            return self.central
        return (self.low + self.high) / 2

    @property
    def is_point(self) -> bool:
        return _same(self.low, self.high) and not (self.low_open or self.high_open)

    def widened(self, tolerance: float) -> Interval:
        """The values an approximate figure may take: "about X" is X ± tolerance, "almost X"
        from X less the tolerance up to X. An exact figure comes back as it is.

        >>> Interval(800, 800, approx="almost").widened(0.1)
        Interval(low=720.0, high=800, low_open=False, high_open=False, central=800.0)
        >>> Interval(10, 10, approx="about").widened(0.1).high
        11.0
        """
        if not self.approx:
            return self
        top = self.high * (1 + tolerance) if self.approx == "about" else self.high
        return Interval(
            self.low * (1 - tolerance), top, self.low_open, self.high_open, self.mid
        )  # the central estimate stays the figure printed

    def scale(self, factor: float) -> Interval:
        """Multiply by a positive constant (a period factor, a norm ratio, a tariff)."""
        if factor <= 0:
            raise ValueError(f"scale factor must be > 0, got {factor}")
        return Interval(
            self.low * factor,
            self.high * factor,
            self.low_open,
            self.high_open,
            None if self.central is None else self.central * factor,
            self.approx,
        )

    def shift(self, amount: float) -> Interval:
        """Add a constant (an in-kind privilege valued in rubles)."""
        return Interval(
            self.low + amount,
            self.high + amount,
            self.low_open,
            self.high_open,
            None if self.central is None else self.central + amount,
            self.approx,
        )

    def __mul__(self, other: Interval) -> Interval:
        # Both factors are positive, so the product's ends are the ends' products, and an
        # end is open when either factor's matching end is.
        return Interval(
            self.low * other.low,
            self.high * other.high,
            self.low_open or other.low_open,
            self.high_open or other.high_open,
            self.mid * other.mid,
            _approx(self.approx, other.approx),
        )

    def __truediv__(self, other: Interval) -> Interval:
        # DOMAIN's ratio rule: low = a_lo / b_hi, high = a_hi / b_lo, central = mid / mid.
        # A denominator open above makes the ratio open below, and vice versa.
        if other.low <= 0:
            raise ValueError(f"cannot divide by an interval reaching {other.low}")
        return Interval(
            self.low / other.high,
            self.high / other.low,
            self.low_open or other.high_open,
            self.high_open or other.low_open,
            self.mid / other.mid,
            # "almost" over an exact figure is still a little short of the quotient; an
            # approximate divisor moves the quotient either way.
            self.approx if not other.approx else "about",
        )

    def span(self) -> Span:
        """The user-facing view: open ends become ``None`` and the bound is named."""
        low = None if self.low_open else self.low
        high = None if self.high_open else self.high
        if low is not None and high is not None:
            bound = "exact" if _same(low, high) else "range"
        elif low is not None:
            bound = "at least"
        elif high is not None:
            bound = "at most"
        else:
            bound = "unbounded"
        return Span(low, self.mid, high, bound)


def _approx(a: str, b: str) -> str:
    """The word of a product: the one word if only one factor is approximate, else 'about'."""
    if not (a and b):
        return a or b
    return a if a == b else "about"


def bound_kind(value: Interval) -> str:
    """The kind of bound a figure is: its approximation word, or its span's bound.

    >>> bound_kind(Interval(100, 150, low_open=True)), bound_kind(Interval(10, 10, approx="about"))
    ('at most', 'about')
    """
    return value.approx or value.span().bound


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_REL_TOL, abs_tol=0.0)


def rubles(value: float) -> str:
    """Rubles: whole where whole, else one decimal (190.9)."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def describe(wage: Interval, number: Callable[[float], str] = rubles) -> str:
    """A figure as the source states it: '1,600 or more', '400–500', '150 or less', '≈ 10',
    'almost 800'; an upper bound with lower figures printed beside it, '150 or less (down to 100
    printed)'.

    ``number`` writes each end (rubles, to one decimal, unless told otherwise).
    """
    same = wage.low == wage.high
    text = number(wage.low) if same else f"{number(wage.low)}–{number(wage.high)}"
    if wage.high_open and wage.low_open:
        text = f"{text}, no limit either way"
    elif wage.high_open:
        text = f"{text} or more"
    elif wage.low_open:
        # An upper limit: the figure is the high one; a lower one printed is an example.
        printed = "" if same else f" (down to {number(wage.low)} printed)"
        text = f"{number(wage.high)} or less{printed}"
    return approximately(wage.approx, text)


def approximately(word: str, text: str) -> str:
    """A figure's text with its approximation word: '≈ 10', 'almost 800'."""
    if word == "about":
        return f"≈ {text}"
    return f"{word} {text}" if word else text
