"""Parse what a user types for numbers: grids ``LO:HI:STEP`` and percentages ``25%``.

Parsing lives apart from the CLI so that the library, the CLI and scenario files agree on
one syntax and one set of error messages.

``limits`` beside it bounds the grid; ``stakhanov.cli`` and the workbook parse with it.
"""

from __future__ import annotations

import math
import sys

from stakhanov.data.limits import SIZES, check_size, in_range
from stakhanov.errors import UsageError

__all__ = [
    "PERCENT_HELP",
    "Grid",
    "check_points",
    "parse_grid",
    "parse_percent",
    "parse_percent_grid",
]


class Grid(tuple[float, ...]):
    """An inclusive, evenly spaced grid of values, parsed from ``LO:HI:STEP`` or one number."""

    __slots__ = ()


def _number(text: str, what: str, original: str, expected: str = "a number or LO:HI:STEP") -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{what}: '{original}' is not {expected}") from None
    if not math.isfinite(value):
        raise UsageError(f"{what}: '{original}' must be finite")
    if value != 0 and abs(value) < sys.float_info.min:
        # A subnormal (1e-320): as a step it makes a grid of 10^320 points, as an end a
        # division by it overflows. Refused in every grid, whatever its range.
        raise UsageError(f"{what}: '{original}' has a number too small to compute with")
    return value


def parse_grid(
    text: str, what: str, *, limit: int = SIZES["grid_points"], kind: str | None = None
) -> Grid:
    """``"0:1:0.25"`` → (0, 0.25, 0.5, 0.75, 1.0); ``"0.1"`` → (0.1,).

    The high end is included when the steps reach it (within a millionth of a step). The
    number of points is counted before any is made; ``kind`` names the range
    (``data.limits``) every value must lie in.

    >>> parse_grid("0:1:0.25", "--alpha")
    (0.0, 0.25, 0.5, 0.75, 1.0)
    """
    parts = text.strip().split(":")
    if len(parts) == 1:
        return Grid((_ranged(_number(parts[0], what, text), what, kind),))
    if len(parts) != 3:
        raise UsageError(f"{what}: '{text}' must be LO:HI:STEP, e.g. 0:1:0.05")
    low, high, step = (_number(p, what, text) for p in parts)
    return _grid(low, high, step, what, text, limit, kind)


def _grid(
    low: float, high: float, step: float, what: str, text: str, limit: int, kind: str | None
) -> Grid:
    if step <= 0:
        raise UsageError(f"{what}: grid step must be > 0, got {step:g} in '{text}'")
    if low > high:
        raise UsageError(f"{what}: grid low {low:g} > high {high:g} in '{text}'")
    _ranged(low, what, kind)
    _ranged(high, what, kind)
    span = (high - low) / step  # inf when the span overflows: refused, never counted
    if not math.isfinite(span):
        raise UsageError(f"{what}: '{text}' has more than {limit:,} points; use a larger STEP")
    count = math.floor(span + 1e-6) + 1
    if count > limit:
        raise UsageError(
            f"{what}: '{text}' has {count:,} points, more than {limit:,}; use a larger STEP"
        )
    # Multiply rather than accumulate, so that 0:1:0.1 ends on 1.0, not 0.9999999999999999.
    return Grid(round(low + i * step, 12) for i in range(count))


def check_points(*grids: tuple[str, Grid]) -> None:
    """Refuse grids whose product (every combination is computed) is over the limit.

    ``grids`` are (option, grid) pairs; called once they are parsed, before any work.
    """
    total = math.prod(len(g) for _, g in grids)
    names = " × ".join(name for name, _ in grids)
    check_size(total, "grid_points", f"{names} points", "use a larger STEP in one of them")


# What --help says about every percentage option; one sentence, so the options agree.
PERCENT_HELP = (
    "A percentage: 25% or 25 (a bare number is percent points); a bare number between -1 and "
    "1, such as 0.25, is refused as ambiguous: write 0.25% or 25%."
)


def parse_percent(text: str | float, what: str) -> float:
    """``"25%"``, ``"25"`` or ``25`` → 25.0 (percent). ``"-15.7%"`` → -15.7.

    A bare number strictly between -1 and 1 (other than 0) is refused: ``0.25`` could mean
    25% written as a fraction or a quarter of a percent, and a guess would be silent.
    A number passed as a number (the library, a scenario file) is already percent points.
    Every value must lie in the range of a percentage (``data.limits``).

    >>> parse_percent("-15.7%", "--tariff")
    -15.7
    """
    if not isinstance(text, str):
        return _ranged(float(text), what, "percent")
    raw = text.strip()
    bare = not raw.endswith("%")
    value = _number(raw.removesuffix("%").strip(), what, raw, "a percentage, e.g. 25%")
    if bare and 0 < abs(value) < 1:
        raise UsageError(
            f"{what}: '{raw}' is ambiguous: write {value * 100:g}% for {value * 100:g} percent, "
            f"or {raw}% for {raw} percent"
        )
    return _ranged(value, what, "percent")


def parse_percent_grid(text: str, what: str, *, limit: int = SIZES["grid_points"]) -> Grid:
    """A grid of percentages, ``LO:HI:STEP`` with each part read by ``parse_percent``.

    >>> parse_percent_grid("-10%:10%:5%", "--tariff")
    (-10.0, -5.0, 0.0, 5.0, 10.0)
    """
    parts = text.strip().split(":")
    if len(parts) == 1:
        return Grid((parse_percent(parts[0], what),))
    if len(parts) != 3:
        raise UsageError(f"{what}: '{text}' must be LO:HI:STEP, e.g. -10%:10%:1%")
    low, high, step = (parse_percent(p, what) for p in parts)
    return _grid(low, high, step, what, text, limit, "percent")


def _ranged(value: float, what: str, kind: str | None) -> float:
    if kind is not None and (problem := in_range(value, kind)):
        raise UsageError(f"{what} {problem}")
    return value
