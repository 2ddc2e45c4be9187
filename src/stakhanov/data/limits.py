"""The accepted range of every kind of figure, and the bounds on every size that scales work.

One table, so that scenario files, ``--set``, workforce files and command-line options refuse
the same values with the same words, before anything is computed. A figure outside its range
would overflow a midpoint or a sum (1e308), vanish in a division (5e-324), or make a run that
never ends; none of them is a figure any source of this kind could give. The manual's
Limits page (docs/limits.md) quotes this table.

``stakhanov.scenarios`` checks values against it, ``stakhanov.cli.common`` options, and
``calc``/``stats`` the sizes of the work they are asked for.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

from stakhanov.errors import UsageError

__all__ = ["RANGES", "SIZES", "Range", "check_size", "in_range"]


@dataclass(frozen=True)
class Range:
    """The closed range [low, high] a kind of figure may take, and its unit for messages."""

    low: float
    high: float
    unit: str = ""

    def describe(self) -> str:
        unit = self.unit if self.unit in ("", "%") else f" {self.unit}"
        return f"between {_figure(self.low)} and {_figure(self.high)}{unit}"


def _figure(x: float) -> str:
    """1000000000 as '1,000,000,000', 0.01 as '0.01', 1e-300 as '1e-300'."""
    return f"{x:,.0f}" if x == int(x) and abs(x) < 1e15 else f"{x:g}"


# Value ranges, by kind of figure.
RANGES: dict[str, Range] = {
    "wage": Range(0.01, 1e9, "rubles"),
    # A norm, a record or a member's output, in its own unit (t, pairs, ...); a norm or a
    # record must also be > 0, which the scenario checks say in their own words.
    "output": Range(0.0, 1e9),
    "price": Range(1e-4, 1e6, "rubles"),
    # A norm raise or a tariff change; exactly -100% is refused by the model (a norm or
    # a pay of nothing), in its own words.
    "percent": Range(-100.0, 10_000.0, "%"),
    "alpha": Range(0.0, 1.0),
    "cap": Range(1.0, 1_000.0),  # how far an open bound may reach in a simulation (a factor)
    "tolerance": Range(0.0, 1.0),
    "headcount": Range(0, 1e9, "workers"),
    "paragraph": Range(1, 1e6),
    "working_days": Range(1, 31, "days"),
    "privilege": Range(0.0, 1e9, "rubles"),
    "fraction": Range(0.0, 1.0),
    # A pay rule's parameters: band edges and surcharges in %, rubles per unit, shares.
    "rule_param": Range(-1e6, 1e9),
}

# Sizes that scale work or memory, checked before anything is allocated.
SIZES: dict[str, int] = {
    "file_bytes": 1_000_000,  # a scenario or workforce file
    "draws": 10_000_000,  # Monte Carlo draws
    "draw_cells": 200_000_000,  # draws x groups
    "grid_points": 10_000_000,  # a sweep's alpha x tariff points, all grids together
    "brigade": 1_000,  # members of a brigade
    "groups": 1_000,  # new wage groups one scenario adds ([[add.groups]])
    "rows": 100_000,  # rows a table (or rules, ratios in any format) is asked to format
    "toml_depth": 32,  # nesting of tables and arrays in a user's TOML
}


def in_range(value: float, kind: str) -> str | None:
    """None if ``value`` is a finite number within the range of ``kind``, else the problem.

    >>> in_range(450, "wage") is None
    True
    >>> in_range(1e308, "wage")
    'must be between 0.01 and 1,000,000,000 rubles, got 1e+308'
    """
    r = RANGES[kind]
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        return f"must be {r.describe()}, got a number beyond any range"
    if not math.isfinite(number) or not (r.low <= number <= r.high):
        shown = _figure(number) if math.isfinite(number) else str(number)
        return f"must be {r.describe()}, got {shown}{'%' if r.unit == '%' else ''}"
    if number != 0 and abs(number) < sys.float_info.min:
        # A subnormal: it passes any range that includes 0, yet dividing by it overflows.
        return f"must be {r.describe()}, got {number:g}, too small to compute with"
    return None


def check_size(count: int, kind: str, what: str, ask_less: str) -> None:
    """Raise ``UsageError`` if ``count`` exceeds the size limit of ``kind``.

    ``what`` names the thing counted; ``ask_less`` says how to ask for less.
    """
    limit = SIZES[kind]
    if count > limit:
        raise UsageError(f"{what}: {count:,} is over the limit of {limit:,}; {ask_less}")
