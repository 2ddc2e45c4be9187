"""Checks on the raw values of a scenario file, each problem kept with its place.

``Check`` turns a TOML value into a number, flag, text or known id, or records one problem
as ``FILE:LINE: key.path: problem``; nothing is raised here, so ``overlay.parse`` can report
every problem in a file at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from stakhanov.data.interval import Interval
from stakhanov.data.tomlfile import TomlDoc
from stakhanov.errors import did_you_mean

__all__ = ["Check", "kind_of", "merged_interval", "section"]


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

    def keys(self, path: Sequence[str], table: Mapping[str, Any], allowed: Sequence[str]) -> None:
        for key in table:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f" (expected one of {', '.join(allowed)})"
                self.fail((*path, key), f"unknown key{hint}")

    def number(
        self,
        path: Sequence[str],
        value: Any,
        *,
        low: float = 0.0,
        low_ok: bool = False,
        high: float = math.inf,
    ) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(path, f"must be a number, got {kind_of(value)}")
            return None
        if not math.isfinite(value):
            self.fail(path, f"must be a finite number, got {value}")
            return None
        if value < low or (value == low and not low_ok) or value > high:
            lo = ">=" if low_ok else ">"
            bound = f"{lo} {low:g}" + (f" and <= {high:g}" if high < math.inf else "")
            self.fail(path, f"must be {bound}, got {value:g}")
            return None
        return float(value)

    def flag(self, path: Sequence[str], value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        self.fail(path, f"must be true or false, got {kind_of(value)}")
        return None

    def text(self, path: Sequence[str], value: Any, choices: Sequence[str] = ()) -> str | None:
        if not isinstance(value, str):
            self.fail(path, f"must be text, got {kind_of(value)}")
            return None
        if choices and value not in choices:
            self.fail(
                path,
                f"unknown value '{value}'{did_you_mean(value, choices)} "
                f"(expected one of {', '.join(choices)})",
            )
            return None
        return value

    def known(self, path: Sequence[str], word: str, kind: str, ids: Mapping[str, Any]) -> bool:
        if word in ids:
            return True
        self.fail(path, f"unknown {kind}{did_you_mean(word, ids)}")
        return False

    def percent(self, path: Sequence[str], value: Any) -> float | None:
        if isinstance(value, str) and value.strip().endswith("%"):
            try:
                value = float(value.strip()[:-1])
            except ValueError:
                self.fail(path, f"must be a percentage such as \"25%\", got '{value}'")
                return None
        return self.number(path, value, low=-100.0, high=math.inf)


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
) -> Interval | None:
    """Overlay low/high/open flags on ``base``; check low <= high after merging."""
    low = c.number((*path, keys[0]), raw[keys[0]]) if keys[0] in raw else base.low
    high = c.number((*path, keys[1]), raw[keys[1]]) if keys[1] in raw else base.high
    lo_open = c.flag((*path, "low_open"), raw["low_open"]) if "low_open" in raw else base.low_open
    hi_open = (
        c.flag((*path, "high_open"), raw["high_open"]) if "high_open" in raw else base.high_open
    )
    if low is None or high is None or lo_open is None or hi_open is None:
        return None
    if low > high:
        c.fail((*path, keys[0]), f"low {low:g} > high {high:g}")
        return None
    return Interval(low, high, lo_open, hi_open)


def section(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A section's table, or {} when absent or not a table (already reported)."""
    value = data.get(name)
    return value if isinstance(value, dict) else {}
