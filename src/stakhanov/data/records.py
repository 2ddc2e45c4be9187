"""The frozen records the data is made of: sources, citations, wage groups, norms, records.

``csvrows`` builds a row's ``Citation``, and ``rates`` assembles these records into ``Rates``;
both import them from here, the lowest module that needs them. Everything above the data
folder (scenarios, calc, stats, views) reads these types, never writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from stakhanov.data.interval import Interval

__all__ = [
    "PAY_BASES",
    "PERIODS",
    "SOURCE_KINDS",
    "Citation",
    "Norm",
    "Privilege",
    "Record",
    "Source",
    "WageGroup",
]

# A period's factor to a month. A day has no fixed factor: it converts only when the
# user gives working days per month (DOMAIN: never silently turn a day into a month).
PERIODS: Mapping[str, float | None] = MappingProxyType(
    {"month": 1.0, "half-month": 2.0, "day": None}
)
PAY_BASES = ("piece", "time", "salary", "statistic")
SOURCE_KINDS = ("primary", "secondary", "external")


@dataclass(frozen=True)
class Citation:
    """Where a figure comes from: a source id and a paragraph (non-empty lines from 1), or,
    in a user's data package, a ``locator`` stated as such (``p. 212, table 19``).

    A figure a user's scenario replaced cites that scenario instead: ``source_id`` is then
    the place that set it (``FILE:LINE``, or ``--set KEY=VALUE (command line)``), with no
    paragraph and nothing "as printed", and ``scenario`` is true.
    """

    source_id: str
    paragraph: int | None
    as_printed: str = ""
    scenario: bool = False
    locator: str = ""  # a page, table, folio or image; "" when ``paragraph`` says where

    def __str__(self) -> str:
        if self.paragraph is not None:
            return f"{self.source_id} ¶{self.paragraph}"
        return f"{self.source_id} {self.locator}" if self.locator else self.source_id


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    title: str
    author: str
    date: str
    date_inferred: bool
    kind: str
    reference: str  # pages, edition; in a package, the formatted entry its key names
    note: str
    reference_key: str = ""  # the bibliography key (references.bib) the reference came from


@dataclass(frozen=True)
class WageGroup:
    """A wage group: who, how much (an interval, in its own period), how paid, and whence."""

    id: str
    label: str
    industry: str
    stakhanovite: bool
    wage: Interval
    period: str
    period_inferred: bool
    pay_basis: str
    pay_basis_inferred: bool
    norm_id: str | None
    citation: Citation
    note: str = ""


@dataclass(frozen=True)
class Norm:
    """An output norm: the range the source gives and the point the calculator uses."""

    id: str
    activity: str
    unit: str
    per: str
    range: Interval
    value: float
    tariff_group: str | None
    citation: Citation
    note: str = ""


@dataclass(frozen=True)
class Record:
    """A record output. Records are never merged: each keeps its own row and source."""

    id: str
    person: str
    activity: str
    norm_id: str | None
    output: Interval
    unit: str
    duration: str
    date: str
    citation: Citation
    note: str = ""


@dataclass(frozen=True)
class Privilege:
    """An in-kind privilege of Stakhanovites; the sources give it no ruble value."""

    id: str
    label: str
    citation: Citation
    note: str = ""
