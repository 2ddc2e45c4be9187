"""The accepted range of every kind of figure, and the bounds on every size that scales work.

One table, so that scenario files, ``--set``, workforce files and command-line options refuse
the same values with the same words, before anything is computed. A figure outside its range
would overflow a midpoint or a sum (1e308), vanish in a division (5e-324), or make a run that
never ends; none of them is a figure any source of this kind could give. The limits page
(docs/limits.md) shows this table as ``markdown_table`` renders it, and a test checks that
it is current.

``stakhanov.scenarios`` checks values against it, ``stakhanov.cli.common`` options, and
``calc``/``stats`` the sizes of the work they are asked for.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

from stakhanov.errors import ECHO, UsageError

__all__ = [
    "RANGES",
    "SIZES",
    "WHAT",
    "Range",
    "check_size",
    "in_range",
    "markdown_table",
    "text_problem",
]


@dataclass(frozen=True)
class Range:
    """The range a kind of figure may take (closed unless an end is said to be open), and
    its unit for messages.

    >>> Range(0.0, 1.0, high_open=True).describe()
    'at least 0 and below 1'
    """

    low: float
    high: float
    unit: str = ""
    low_open: bool = False  # the low end itself is refused
    high_open: bool = False

    def describe(self) -> str:
        unit = self.unit if self.unit in ("", "%") else f" {self.unit}"
        low, high = _figure(self.low), _figure(self.high)
        if not (self.low_open or self.high_open):
            return f"between {low} and {high}{unit}"
        above = "above" if self.low_open else "at least"
        below = "below" if self.high_open else "at most"
        return f"{above} {low} and {below} {high}{unit}"

    def holds(self, number: float) -> bool:
        """Whether the finite ``number`` is in the range."""
        above = number > self.low if self.low_open else number >= self.low
        below = number < self.high if self.high_open else number <= self.high
        return above and below


def _figure(x: float) -> str:
    """1000000000 as '1,000,000,000', 0.01 as '0.01', 1e-300 as '1e-300'; 1000.001 as
    '1000.001', not '1000'.

    Six significant digits (``g``) are enough for a range's ends, but a value a message
    quotes must be the value given: "at most 1,000, got 1000" would refuse what it seems to
    allow. So a value that six digits would round is shown in full (``repr``, the shortest
    form that reads back the same).
    """
    if x == int(x) and abs(x) < 1e15:
        return f"{x:,.0f}"
    short = f"{x:g}"
    return short if float(short) == x else repr(float(x))


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
    # How far an open bound may reach in a simulation (a factor): 1 would close it.
    "cap": Range(1.0, 1_000.0, low_open=True),
    # How far "about" may stray, as a fraction: 1 (100%) would make "about 10" mean anything
    # from 0 to 20, and the band's low end reach 0.
    "tolerance": Range(0.0, 1.0, high_open=True),
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
    # Sobol analysis (sensitivity --draws): SALib's bootstrap holds about 100 resamples of
    # every draw (2^16 draws take some 600 MB), and its sample draws x (inputs + 2) rows of
    # one column per input.
    "sobol_draws": 65_536,
    "sobol_cells": 20_000_000,  # draws x (inputs + 2) x inputs
    "settings": 1_000,  # --set options in one run (each is checked against all data)
    # Text a user writes, in characters: a label is a table cell, a title a heading, a note
    # a paragraph. Longer text is refused before anything is drawn or wrapped.
    "label_chars": 200,
    "title_chars": 200,
    "note_chars": 2_000,
    "echo_chars": ECHO,  # user text an error line repeats; beyond it, cut with its length
}


# What each limit bounds, in the words of docs/limits.md (``markdown_table``); a limit
# without an entry here fails that table's test.
WHAT: dict[str, str] = {
    "wage": "a wage, `--pay-at-norm`",
    "output": "a norm, a record, an output (`--norm`, `--outputs`), in its unit; a norm or a "
    "record also > 0",
    "price": "a price (`[prices.ID]`)",
    "percent": "a norm raise, a tariff change (`--raise`, `--tariff`); exactly -100% is "
    "refused by the model",
    "alpha": "α (`--alpha`, also each point of a `sweep` grid)",
    "cap": "an open bound's cap (`--cap`, `[montecarlo] open_cap`), a factor: 1 would close "
    "the bound",
    "tolerance": "a claim tolerance (`[claims] tolerance`, `--tolerance`), a fraction: 1 "
    "would let 'about 10' mean anything from 0 to 20",
    "headcount": "a headcount (whole workers)",
    "paragraph": "a paragraph number",
    "working_days": "working days per month (`--working-days`, `[periods]`)",
    "privilege": "a privilege's value",
    "fraction": "a share: a guaranteed minimum, a pay rule's fraction",
    "rule_param": "a pay rule's parameters (band edges, surcharges, rubles per unit)",
    "file_bytes": "bytes in a scenario or workforce file (a regular file: a FIFO, a device, "
    "a socket is refused; no more than this plus one byte is ever read)",
    "draws": "Monte Carlo draws (`--draws`)",
    "draw_cells": "draws × wages drawn (`inequality` draws every group of every stage)",
    "grid_points": "grid points of a `sweep`, `--alpha` × `--tariff` together",
    "brigade": "members of a brigade (`--size`, `--outputs`)",
    "groups": "new groups in one scenario (`[[add.groups]]`)",
    "rows": "rows a table is asked to format (`sweep` table, `rules --output`, `ratios` "
    "pairs; `sweep` CSV, JSON and Parquet are streamed)",
    "toml_depth": "levels of tables, arrays or dotted key parts in a file",
    "sobol_draws": "Sobol base samples (`sensitivity --draws`, a power of 2)",
    "sobol_cells": "`sensitivity --draws` × (inputs + 2) × inputs, the sample SALib holds",
    "settings": "`--set` options in one run",
    "label_chars": "characters in a label",
    "title_chars": "characters in a title",
    "note_chars": "characters in a note (and any other text a file gives)",
    "echo_chars": "characters of user text an error line repeats (longer text is cut: "
    "`...` and its full length)",
}


def markdown_table() -> str:
    """The limits as the markdown table docs/limits.md shows (a test keeps it current)."""
    rows = ["| what | limit |", "|---|---|"]
    rows += [f"| {WHAT[kind]} | {r.describe()} |" for kind, r in RANGES.items()]
    rows += [f"| {WHAT[kind]} | at most {n:,} |" for kind, n in SIZES.items()]
    return "\n".join(rows) + "\n"


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
    if not math.isfinite(number) or not r.holds(number):
        shown = _figure(number) if math.isfinite(number) else str(number)
        return f"must be {r.describe()}, got {shown}{'%' if r.unit == '%' else ''}"
    if number != 0 and abs(number) < sys.float_info.min:
        # A subnormal: it passes any range that includes 0, yet dividing by it overflows.
        return f"must be {r.describe()}, got {number:g}, too small to compute with"
    return None


def text_problem(text: str, key: str) -> str | None:
    """None if ``text`` (the value of ``key``) is within its length limit, else the problem.

    A label and a title have their own limits, a note and any other text the note's.

    >>> text_problem("Hewer", "label") is None
    True
    >>> text_problem("x" * 201, "title")
    'too long: 201 characters, over the limit of 200 for a title'
    """
    kind = key if key in ("label", "title") else "note"
    limit = SIZES[f"{kind}_chars"]
    if len(text) > limit:
        return f"too long: {len(text):,} characters, over the limit of {limit:,} for a {kind}"
    return None


def check_size(count: int, kind: str, what: str, ask_less: str) -> None:
    """Raise ``UsageError`` if ``count`` exceeds the size limit of ``kind``.

    ``what`` names the thing counted; ``ask_less`` says how to ask for less.
    """
    limit = SIZES[kind]
    if count > limit:
        raise UsageError(f"{what}: {count:,} is over the limit of {limit:,}; {ask_less}")
