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
    "per_duration",
]

# A period's factor to a month. A day has no fixed factor: it converts only when the
# user gives working days per month (DOMAIN: never silently turn a day into a month).
PERIODS: Mapping[str, float | None] = MappingProxyType(
    {"month": 1.0, "half-month": 2.0, "day": None}
)
PAY_BASES = ("piece", "time", "salary", "statistic")
# "quoted": a text known only through another source that quotes it (the 1935 newspaper
# reports Markin cites); its row names that source in ``via``.
SOURCE_KINDS = ("primary", "secondary", "external", "quoted")


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
    # The report the cited text gives for the figure (a source of kind "quoted", such as
    # Pravda of 16 Nov 1935 in Markin ¶28), or "" when the text names none.
    report_id: str = ""
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
    # A quoted report only: the source that quotes it, the dates as that source prints them
    # ("Nov. 18, 1936"), and the paragraphs where it does.
    via: str = ""
    date_printed: str = ""
    paragraphs: str = ""
    misprint: bool = False  # a printed date is a misprint of the date read (1936 for 1935)
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
    duration_inferred: bool = False  # the text names no period: the duration is ours


def per_duration(record: Record, per: str = "per") -> str:
    """'per six-hour shift', 'a shift (inferred)', 'at once (inferred)': a count of looms
    tended at once has no period to be 'per'."""
    text = record.duration if record.duration == "at once" else f"{per} {record.duration}"
    return text + (" (inferred)" if record.duration_inferred else "")


@dataclass(frozen=True)
class Privilege:
    """An in-kind privilege of Stakhanovites; the sources give it no ruble value."""

    id: str
    label: str
    citation: Citation
    note: str = ""
