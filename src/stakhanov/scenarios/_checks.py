"""Checks on the raw values of a scenario file, each problem kept with its place.

``Check`` turns a TOML value into a number, flag, text or known id, or records one problem
as ``FILE:LINE: key.path: problem``; nothing is raised here, so ``overlay.parse`` can report
every problem in a file at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from stakhanov.data.interval import Interval
from stakhanov.data.limits import in_range, text_problem
from stakhanov.data.tomlfile import TomlDoc
from stakhanov.errors import SHOWN, clip, did_you_mean

__all__ = ["Check", "in_line_order", "kind_of", "merged_interval", "section"]


class Check:
    """Type and range checks on raw TOML values; problems are collected with their place."""

    def __init__(self, doc: TomlDoc) -> None:
        self.doc = doc
        self.problems: list[str] = []

    def fail(self, path: Sequence[str], problem: str) -> None:
        self.problems.append(f"{self.doc.where(*path)}: {problem}")

    def table(self, path: Sequence[str], value: Any) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.fail(path, f"must be a table, got {kind_of(value)}")
        return None

    def suggest(self, word: str, known: Iterable[str]) -> str:
        """A "did you mean" for the first few problems only: the line shows no more."""
        return did_you_mean(word, known) if len(self.problems) < SHOWN else ""

    def keys(self, path: Sequence[str], table: Mapping[str, Any], allowed: Sequence[str]) -> None:
        for key in table:
            if key not in allowed:
                hint = self.suggest(key, allowed) or f" (expected one of {', '.join(allowed)})"
                self.fail((*path, key), f"unknown key{hint}")

    def number(
        self,
        path: Sequence[str],
        value: Any,
        *,
        low: float = 0.0,
        low_ok: bool = False,
        high: float = math.inf,
        kind: str | None = None,
    ) -> float | None:
        """The value as a float, or None (the problem recorded).

        ``low``/``high`` say what the model needs (a wage above 0); ``kind`` names the range
        in ``data.limits`` that keeps the figure within what any source could give, so no
        computation ever meets 1e308, 5e-324 or an integer beyond float range.
        """
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(path, f"must be a number, got {kind_of(value)}")
            return None
        try:
            number = float(value)
        except OverflowError:
            self.fail(path, in_range(value, kind or "wage") or "must be a smaller number")
            return None
        if not math.isfinite(number):
            self.fail(path, f"must be a finite number, got {value}")
            return None
        if number < low or (number == low and not low_ok) or number > high:
            lo = ">=" if low_ok else ">"
            bound = f"{lo} {low:g}" + (f" and <= {high:g}" if high < math.inf else "")
            self.fail(path, f"must be {bound}, got {number:g}")
            return None
        problem = in_range(number, kind) if kind else None
        if problem:
            self.fail(path, problem)
            return None
        return number

    def flag(self, path: Sequence[str], value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        self.fail(path, f"must be true or false, got {kind_of(value)}")
        return None

    def text(self, path: Sequence[str], value: Any, choices: Sequence[str] = ()) -> str | None:
        if not isinstance(value, str):
            self.fail(path, f"must be text, got {kind_of(value)}")
            return None
        if problem := text_problem(value, path[-1] if path else ""):
            self.fail(path, problem)
            return None
        if choices and value not in choices:
            self.fail(
                path,
                f"unknown value '{clip(value)}'{self.suggest(value, choices)} "
                f"(expected one of {', '.join(choices)})",
            )
            return None
        return value

    def known(self, path: Sequence[str], word: str, kind: str, ids: Mapping[str, Any]) -> bool:
        if word in ids:
            return True
        # A key names itself in the path (wages.minr); a value (a list's item, an id given
        # as a value) is named in the message, or the user could not tell which was wrong.
        named = "" if path and path[-1] == word else f" '{clip(word)}'"
        self.fail(path, f"unknown {kind}{named}{self.suggest(word, ids)}")
        return False

    def percent(self, path: Sequence[str], value: Any) -> float | None:
        if isinstance(value, str) and value.strip().endswith("%"):
            try:
                value = float(value.strip()[:-1])
            except ValueError:
                self.fail(path, f"must be a percentage such as \"25%\", got '{value}'")
                return None
        return self.number(path, value, low=-100.0, high=math.inf, kind="percent")


def in_line_order(problems: Sequence[str]) -> list[str]:
    """One file's problems by line (``FILE:LINE: ...``); a problem with no line first, and
    ties in the order found (the checks run section by section, not line by line).

    >>> in_line_order(["s.toml:8: b: x", "s.toml:5: a: y", "s.toml: z"])
    ['s.toml: z', 's.toml:5: a: y', 's.toml:8: b: x']
    """
    import re

    def line(problem: str) -> int:
        found = re.search(r":(\d+): ", problem)
        return int(found[1]) if found else 0

    return sorted(problems, key=line)


def kind_of(value: Any) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def merged_interval(
    c: Check,
    path: tuple[str, ...],
    raw: Mapping[str, Any],
    base: Interval,
    keys: tuple[str, str] = ("low", "high"),
    *,
    kind: str,
) -> Interval | None:
    """Overlay low/high/open flags on ``base``; check low <= high after merging.

    ``kind`` is the range (``data.limits``) each end must lie in: "wage" or "output".
    """
    low = c.number((*path, keys[0]), raw[keys[0]], kind=kind) if keys[0] in raw else base.low
    high = c.number((*path, keys[1]), raw[keys[1]], kind=kind) if keys[1] in raw else base.high
    lo_open = c.flag((*path, "low_open"), raw["low_open"]) if "low_open" in raw else base.low_open
    hi_open = (
        c.flag((*path, "high_open"), raw["high_open"]) if "high_open" in raw else base.high_open
    )
    if low is None or high is None or lo_open is None or hi_open is None:
        return None
    if low > high:
        c.fail((*path, keys[0]), f"low {low:g} > high {high:g}")
        return None
    # "almost 800" written back as 800 is still the source's almost 800; a figure moved is the
    # scenario's own, as exact as it is written.
    approx = base.approx if (low, high) == (base.low, base.high) else ""
    return Interval(low, high, lo_open, hi_open, approx=approx)


def section(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A section's table, or {} when absent or not a table (already reported)."""
    value = data.get(name)
    return value if isinstance(value, dict) else {}
