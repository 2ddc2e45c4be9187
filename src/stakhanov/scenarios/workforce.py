"""Workforce files: how many workers a pit (or a shop) has in each wage group.

A workforce is data, like a scenario: a TOML file a user writes, validated in full before
anything is computed. Every problem in a file is collected and raised as one
``ScenarioError``, each part as ``FILE:LINE: key.path: problem``::

    [meta]
    title = "A pit before the switch"
    note  = "assumption: illustrative headcounts"

    [headcount]
    miner = 36
    auxiliary = 12
    engineer = 1

Each worker earns their group's wage (``rates/wages.csv``); which wage, and how sure it is,
is the business of ``stakhanov.stats.workforce_metrics``. A group id the data does not
have is an error, never a silent new group.

``overlay`` beside it reads scenario files the same way (``stakhanov.data.tomlfile``);
``stakhanov.stats.workforce_metrics`` computes with a loaded workforce.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from stakhanov.data.limits import in_range, text_problem
from stakhanov.data.rates import Rates
from stakhanov.data.records import PERIODS
from stakhanov.data.tomlfile import TomlDoc, read_toml
from stakhanov.errors import SHOWN, ScenarioError, UsageError, clip, did_you_mean

__all__ = ["SECTIONS", "Workforce", "load_workforce", "parse_workforce"]

# What a workforce file may contain: anything else is a typo or a misplaced key.
SECTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"meta": ("title", "note"), "headcount": ()}
)


@dataclass(frozen=True)
class Workforce:
    """Headcount per wage group, in the order written; groups with no workers are kept.

    >>> Workforce("two groups", {"miner": 3, "auxiliary": 1}).total
    4
    """

    title: str
    headcount: Mapping[str, int]
    note: str = ""
    name: str = ""  # the file it came from ("" when built in Python)

    def __post_init__(self) -> None:
        # Files are checked in detail by parse_workforce; this guards workforces built in
        # Python, with the same rules and plain messages.
        for group, count in self.headcount.items():
            if isinstance(count, bool) or not isinstance(count, int):
                raise UsageError(f"headcount of '{group}' must be a whole number, got {count!r}")
            if count < 0:
                raise UsageError(f"headcount of '{group}' must be >= 0, got {count}")
            if problem := in_range(count, "headcount"):
                raise UsageError(f"headcount of '{group}' {problem}")
        if not any(self.headcount.values()):
            raise UsageError("empty workforce: no group has any workers")
        object.__setattr__(self, "headcount", MappingProxyType(dict(self.headcount)))

    @property
    def total(self) -> int:
        return sum(self.headcount.values())

    @property
    def label(self) -> str:
        """How results name this workforce: its file, or its title when built in Python."""
        return self.name or self.title

    def present(self) -> dict[str, int]:
        """The groups that have workers, in the order written."""
        return {g: n for g, n in self.headcount.items() if n > 0}


def load_workforce(path: str | Path, rates: Rates) -> Workforce:
    """Read and validate a workforce file against the wage groups of ``rates``.

    ``load_workforce("examples/pit-before.toml", load_rates()).headcount["miner"]`` is 36.
    """
    return parse_workforce(read_toml(path, kind="workforce"), rates)


def parse_workforce(doc: TomlDoc, rates: Rates) -> Workforce:
    """Validate a parsed file; every problem found is reported at once, one line in all."""
    problems: list[str] = []
    data = doc.data
    for section in data:
        if section not in SECTIONS:
            problems.append(
                f"{doc.where(section)}: unknown section{did_you_mean(section, SECTIONS)}"
            )
    title, note = _meta(doc, problems)
    headcount = _headcount(doc, rates, problems)
    if problems:
        raise ScenarioError(problems)
    return Workforce(title, headcount, note, doc.name)


def _meta(doc: TomlDoc, problems: list[str]) -> tuple[str, str]:
    meta = doc.data.get("meta")
    if meta is None:
        problems.append(f"{doc.name}: meta: missing section (a workforce needs [meta] title)")
        return "", ""
    if not isinstance(meta, dict):
        problems.append(f"{doc.where('meta')}: must be a table with a title, got {_shown(meta)}")
        return "", ""
    known = SECTIONS["meta"]
    for key in meta:
        if key not in known:
            problems.append(f"{doc.where('meta', key)}: unknown key{did_you_mean(key, known)}")
    title = meta.get("title")
    if title is None:
        problems.append(f"{doc.where('meta', 'title')}: missing (every workforce needs a title)")
    elif not isinstance(title, str) or not title.strip():
        problems.append(f"{doc.where('meta', 'title')}: must be a non-empty string")
    elif problem := text_problem(title, "title"):
        problems.append(f"{doc.where('meta', 'title')}: {problem}")
        title = ""
    note = meta.get("note", "")
    if not isinstance(note, str):
        problems.append(f"{doc.where('meta', 'note')}: must be a string, got {_shown(note)}")
        note = ""
    elif problem := text_problem(note, "note"):
        problems.append(f"{doc.where('meta', 'note')}: {problem}")
        note = ""
    return (title.strip() if isinstance(title, str) else ""), note


def _headcount(doc: TomlDoc, rates: Rates, problems: list[str]) -> dict[str, int]:
    table = doc.data.get("headcount")
    if table is None:
        problems.append(f"{doc.name}: headcount: missing section (a workforce needs workers)")
        return {}
    if not isinstance(table, dict):
        problems.append(
            f"{doc.where('headcount')}: must be a table of group = workers, got {_shown(table)}"
        )
        return {}
    out: dict[str, int] = {}
    for group, count in table.items():
        where = doc.where("headcount", group)
        known = group in rates.wages
        if not known:
            hint = did_you_mean(group, rates.wages) if len(problems) < SHOWN else ""
            problems.append(f"{where}: unknown group{hint}")
        if isinstance(count, bool) or not isinstance(count, int):
            problems.append(f"{where}: must be a whole number of workers, got {_shown(count)}")
            continue
        if count < 0:
            problems.append(f"{where}: must be >= 0 workers, got {count:,}")
            continue
        if problem := in_range(count, "headcount"):
            problems.append(f"{where}: {problem}")
            continue
        if known and count > 0:
            problem = _unpayable(rates, group)
            if problem:
                problems.append(f"{where}: {problem}")
        out[group] = count
    if not table:
        problems.append(f"{doc.where('headcount')}: empty workforce: no groups listed")
    elif len(out) == len(table) and not any(out.values()):
        problems.append(f"{doc.where('headcount')}: empty workforce: every headcount is 0")
    return out


def _unpayable(rates: Rates, group_id: str) -> str:
    """Why a group's wage cannot stand for a month of pay, or "" when it can."""
    group = rates.wages[group_id]
    if PERIODS[group.period] is None and rates.working_days_per_month is None:
        # DOMAIN: never silently turn a day into a month; only the user can say how.
        return (
            f"a {group.period}'s pay, not a monthly wage: set working_days_per_month "
            "in a scenario to count it"
        )
    return ""


def _shown(value: Any) -> str:
    """A TOML value as the user wrote it: true, 2.5, '30', a table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return clip(repr(value))
    return clip(str(value))
