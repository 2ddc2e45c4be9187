"""Read one CSV table of ``rates/`` row by row, collecting every problem.

Each problem names the file, the line and the column (``wages.csv:3: low: must be > 0``),
so a user can fix them all at once. ``rates`` and ``stakhanov.calc.claims`` share this
reader; a row's citation is a ``records.Citation``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from stakhanov.data.interval import APPROX_WORDS, Interval
from stakhanov.data.limits import SIZES
from stakhanov.data.locators import parse_locator
from stakhanov.data.records import Citation
from stakhanov.data.tomlfile import read_text
from stakhanov.errors import DataError, StakhanovError

if TYPE_CHECKING:
    from stakhanov.data.records import Source

__all__ = ["Identified", "Row", "clash", "distinct", "load_table", "read_rows"]


class Row:
    """One CSV row, parsed column by column; problems are collected, never raised."""

    def __init__(
        self,
        where: str,
        data: Mapping[str, str],
        problems: list[str],
        sources: Mapping[str, Source],
    ) -> None:
        self.where = where
        self.data = data
        self.problems = problems
        self.sources = sources

    def fail(self, column: str, problem: str) -> None:
        self.problems.append(f"{self.where}: {column}: {problem}")

    def text(self, column: str, *, required: bool = True) -> str:
        value = (self.data.get(column) or "").strip()
        if required and not value:
            self.fail(column, "missing value")
        return value

    def optional(self, column: str) -> str | None:
        return self.text(column, required=False) or None

    def choice(self, column: str, allowed: tuple[str, ...] | Mapping[str, object]) -> str:
        value = self.text(column)
        if value and value not in allowed:
            self.fail(column, f"unknown {column} '{value}' (expected one of {', '.join(allowed)})")
        return value

    def flag(self, column: str, default: bool | None = None) -> bool:
        """``true`` or ``false``; with a ``default``, the column may be absent or empty (a
        column added later, that older data packages do not have)."""
        if default is not None and not self.text(column, required=False):
            return default
        value = self.text(column).lower()
        if value not in ("true", "false"):
            if value:
                self.fail(column, f"must be true or false, got '{value}'")
            return False
        return value == "true"

    def number(self, column: str, *, positive: bool = True) -> float:
        raw = self.text(column)
        if not raw:
            return math.nan
        try:
            value = float(raw)
        except ValueError:
            self.fail(column, f"must be a number, got '{raw}'")
            return math.nan
        if not math.isfinite(value):
            self.fail(column, f"must be a finite number, got '{raw}'")
            return math.nan
        if positive and value <= 0:
            self.fail(column, f"must be > 0, got {raw}")
            return math.nan
        return value

    def interval(self, *, with_flags: bool = True) -> Interval:
        low, high = self.number("low"), self.number("high")
        low_open = self.flag("low_open") if with_flags else False
        high_open = self.flag("high_open") if with_flags else False
        if math.isnan(low) or math.isnan(high):
            return Interval.point(1.0)  # placeholder; the problem is already recorded
        if low > high:
            self.fail("low", f"low {self.data['low']} > high {self.data['high']}")
            return Interval.point(low)
        return Interval(low, high, low_open, high_open, approx=self.approximate())

    def approximate(self) -> str:
        """The optional ``approximate`` column: empty, or the word that makes the figure
        approximate ("about", "almost")."""
        word = self.text("approximate", required=False)
        if word and word not in APPROX_WORDS:
            words = ", ".join(APPROX_WORDS)
            self.fail("approximate", f"unknown word '{word}' (expected empty or one of {words})")
            return ""
        return word

    def citation(self) -> Citation:
        """Source id and where in it: a paragraph (the built-in data) or a locator (a user's
        package: ``p. 212``, ``table 19``, ...); one is required unless the source is external.
        """
        source_id = self.text("source_id")
        source = self.sources.get(source_id)
        if source_id and source is None:
            self.fail("source_id", f"unknown source '{source_id}'")
        raw = self.text("paragraph", required=False)
        located = self.text("locator", required=False)
        paragraph: int | None = None
        locator = ""
        if raw and located:
            self.fail("locator", "give a paragraph or a locator, not both")
        elif located:
            parts = parse_locator(located)
            if isinstance(parts, str):
                self.fail("locator", parts)
            elif len(parts) == 1 and parts[0].kind == "¶" and not parts[0].last:
                paragraph = int(parts[0].first)  # '¶ 9' is the paragraph 9, as built in
            else:
                locator = ", ".join(str(p) for p in parts)
        elif raw.isdigit() and int(raw) > 0:
            paragraph = int(raw)
        elif raw:
            self.fail("paragraph", f"must be a positive whole number, got '{raw}'")
        elif source is not None and source.kind != "external":
            column = "locator" if "locator" in self.data else "paragraph"
            self.fail(column, "missing citation (required for a source text)")
        report = self.text("report_id", required=False)
        if report and source is not None:  # an unknown source is the one problem to name
            quoted = self.sources.get(report)
            if quoted is None:
                self.fail("report_id", f"unknown source '{report}'")
            elif quoted.kind != "quoted" or quoted.via != source_id:
                self.fail("report_id", f"'{report}' is not a report quoted by '{source_id}'")
        as_printed = self.text("as_printed", required=False)
        return Citation(source_id, paragraph, as_printed, report_id=report, locator=locator)


class Identified(Protocol):
    @property
    def id(self) -> str: ...


# Any record with an id: calc.claims loads claims.csv with the same loader.
_T = TypeVar("_T", bound=Identified)


def load_table(
    root: Path,
    name: str,
    parse: Callable[[Row], _T],
    problems: list[str],
    sources: Mapping[str, Source],
    *,
    label: str | None = None,
    lines: dict[str, str] | None = None,
) -> dict[str, _T]:
    """Parse every row of ``root/name``; duplicate ids and bad rows become problems.

    ``label`` names the file in messages (``name`` itself for the built-in data, the folder
    and name for a user's package); ``lines``, when given, gets the ``FILE:LINE`` of each id.
    """
    label = label or name
    try:
        rows = read_rows(root / name, label)
    except FileNotFoundError:
        problems.append(f"{label}: file not found in {root}")
        return {}
    except StakhanovError as exc:
        problems.extend(exc.problems)
        return {}
    out: dict[str, _T] = {}
    for line, data in rows:
        row = Row(f"{label}:{line}", data, problems, sources)
        item = parse(row)
        if item.id in out:
            row.fail("id", f"duplicate id '{item.id}'")
        elif item.id:
            out[item.id] = item
            if lines is not None:
                lines[item.id] = f"{label}:{line}"
    return out


def distinct(problems: list[str]) -> list[str]:
    """Each cell's problem once: the schema and the loader may both refuse one cell (a
    period 'week'); the first word on it, the loader's, is kept. Problems without a
    ``FILE:LINE: column`` are kept whole, once each."""
    seen: set[str] = set()
    out = []
    for problem in problems:
        parts = problem.split(": ", 2)
        key = ": ".join(parts[:2]) if len(parts) == 3 and ":" in parts[0] else problem
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def clash(where: str, item_id: str, first: str) -> str:
    """The problem of an id a data package gives that an earlier folder has already."""
    return (
        f"{where}: id: '{item_id}' is already in {first} "
        "(a package adds rows; a scenario changes them)"
    )


def read_rows(path: Path, label: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file with the line each ends on, read within the size limits.

    A line starting with ``#`` is a comment (a data package's starter tables show their
    example row so; ``datapackage.json`` declares it as the dialect's ``commentChar``). It is
    blanked rather than dropped, so that the line numbers stay those of the file.
    """
    text = read_text(path, label, "CSV", DataError)
    kept = "".join("\n" if line.startswith("#") else line for line in text.splitlines(True))
    try:
        reader = csv.DictReader(io.StringIO(kept, newline=""))
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise DataError(f"{label}: unreadable CSV ({exc})") from None
    if len(rows) > SIZES["rows"]:
        raise DataError(f"{label}: {len(rows):,} rows, over the limit of {SIZES['rows']:,}")
    for line, row in rows:
        if None in row:  # more cells than the header names
            raise DataError(f"{label}:{line}: more cells than the header has columns")
    return rows
