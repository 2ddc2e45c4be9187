"""Load and validate ``rates/`` into frozen records.

The CSV files are the product's data: every row names its source and paragraph. Loading
checks everything (citations, ids, bounds, vocabularies) and reports *every* problem at
once, each as ``FILE:LINE: column: problem``, before anything is computed.

Only the standard library is used here, so that every command, however small, can load
the data without paying for pandas.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from stakhanov.data.csvrows import Row, load_table
from stakhanov.data.prices import Price, load_prices
from stakhanov.data.records import (
    PAY_BASES,
    PERIODS,
    SOURCE_KINDS,
    Citation,
    Norm,
    Privilege,
    Record,
    Source,
    WageGroup,
)
from stakhanov.errors import DataError, unknown

__all__ = [
    "PAY_BASES",
    "PERIODS",
    "SOURCE_KINDS",
    "Citation",
    "Norm",
    "Privilege",
    "Rates",
    "Record",
    "Source",
    "WageGroup",
    "default_rates_dir",
    "load_rates",
]


@dataclass(frozen=True)
class Rates:
    """Everything in ``rates/``, read-only. Scenarios build a new ``Rates``; never mutate."""

    sources: Mapping[str, Source]
    wages: Mapping[str, WageGroup]
    norms: Mapping[str, Norm]
    records: Mapping[str, Record]
    privileges: Mapping[str, Privilege]
    root: Path | None = None
    # Ruble value per month of each privilege, and who receives it (set by scenarios only).
    privilege_values: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    privilege_groups: tuple[str, ...] = ()
    working_days_per_month: float | None = None
    # Retail prices from outside the sources (prices.csv), to state wages in goods.
    prices: Mapping[str, Price] = field(default_factory=lambda: MappingProxyType({}))
    # Set by scenarios only: the pay rule for norm revisions (a RuleSpec; None = straight),
    # a default revision ({"raise_pct"| "alpha"+"toward", "tariff_pct"}), the tolerance of
    # "about"/"almost" claims, and the cap on open bounds in Monte Carlo runs.
    rule: Any = None
    revision: Mapping[str, Any] | None = None
    claim_tolerance: float | None = None
    open_cap: float | None = None
    scenarios: tuple[str, ...] = ()

    def group(self, group_id: str) -> WageGroup:
        """The wage group ``group_id``, or an error that suggests the closest id."""
        try:
            return self.wages[group_id]
        except KeyError:
            raise unknown("group", group_id, self.wages) from None

    def norm(self, norm_id: str) -> Norm:
        try:
            return self.norms[norm_id]
        except KeyError:
            raise unknown("norm", norm_id, self.norms) from None

    def record(self, record_id: str) -> Record:
        try:
            return self.records[record_id]
        except KeyError:
            raise unknown("record", record_id, self.records) from None


def default_rates_dir() -> Path:
    """The packaged ``rates/``; in a source checkout, the repository's own ``rates/``."""
    package = Path(__file__).resolve().parents[1]  # stakhanov/, above this data/ folder
    packaged = package / "rates"
    return packaged if packaged.is_dir() else package.parents[1] / "rates"


def load_rates(directory: str | Path | None = None) -> Rates:
    """Load and validate every CSV in ``rates/``.

    >>> rates = load_rates()
    >>> rates.group("miner").wage
    Interval(low=400.0, high=500.0, low_open=False, high_open=False, central=None)
    """
    root = Path(directory) if directory is not None else default_rates_dir()
    if not root.is_dir():
        raise DataError(f"{root}: rates folder not found")
    problems: list[str] = []
    sources = load_table(root, "sources.csv", _source, problems, {})
    wages = load_table(root, "wages.csv", _wage, problems, sources)
    norms = load_table(root, "norms.csv", _norm, problems, sources)
    records = load_table(root, "records.csv", _record, problems, sources)
    privileges = load_table(root, "privileges.csv", _privilege, problems, sources)
    prices = load_prices(root, problems, sources)
    rates = Rates(
        sources=MappingProxyType(sources),
        wages=MappingProxyType(wages),
        norms=MappingProxyType(norms),
        records=MappingProxyType(records),
        privileges=MappingProxyType(privileges),
        root=root,
        prices=MappingProxyType(prices),
    )
    problems.extend(cross_check(rates))
    if problems:
        raise DataError(problems)
    return rates


def cross_check(rates: Rates) -> list[str]:
    """Problems that span files: norm and group ids that point nowhere, and a quoted report
    that names no source quoting it."""
    problems: list[str] = []
    for s in rates.sources.values():
        quoting = rates.sources.get(s.via) if s.via else None
        if s.kind == "quoted" and (quoting is None or quoting.kind == "quoted"):
            problems.append(
                f"sources.csv[{s.id}]: via: a quoted report names the source that quotes it"
                f" (got '{s.via}')"
            )
        elif s.kind != "quoted" and s.via:
            problems.append(f"sources.csv[{s.id}]: via: only a source of kind quoted has one")
    for g in rates.wages.values():
        if g.norm_id is not None and g.norm_id not in rates.norms:
            problems.append(f"wages.csv[{g.id}]: norm_id: unknown norm '{g.norm_id}'")
    for n in rates.norms.values():
        if n.tariff_group is not None and n.tariff_group not in rates.wages:
            problems.append(f"norms.csv[{n.id}]: tariff_group: unknown group '{n.tariff_group}'")
    for r in rates.records.values():
        if r.norm_id is not None and r.norm_id not in rates.norms:
            problems.append(f"records.csv[{r.id}]: norm_id: unknown norm '{r.norm_id}'")
    return problems


def _source(row: Row) -> Source:
    return Source(
        id=row.text("id"),
        file=row.text("file", required=False),
        title=row.text("title"),
        author=row.text("author", required=False),
        date=row.text("date", required=False),
        date_inferred=row.flag("date_inferred"),
        kind=row.choice("kind", SOURCE_KINDS),
        reference=row.text("reference", required=False),
        note=row.text("note", required=False),
        via=row.text("via", required=False),
        date_printed=row.text("date_printed", required=False),
        paragraphs=row.text("paragraphs", required=False),
        misprint=row.flag("misprint", default=False),
    )


def _wage(row: Row) -> WageGroup:
    return WageGroup(
        id=row.text("id"),
        label=row.text("label"),
        industry=row.text("industry"),
        stakhanovite=row.flag("stakhanovite"),
        wage=row.interval(),
        period=row.choice("period", PERIODS),
        period_inferred=row.flag("period_inferred"),
        pay_basis=row.choice("pay_basis", PAY_BASES),
        pay_basis_inferred=row.flag("pay_basis_inferred"),
        norm_id=row.optional("norm_id"),
        citation=row.citation(),
        note=row.text("note", required=False),
    )


def _norm(row: Row) -> Norm:
    value = row.number("value")
    span = row.interval(with_flags=False)  # a norm is a closed range and a chosen point
    if not math.isnan(value) and not span.low <= value <= span.high:
        row.fail("value", f"{row.data['value']} lies outside low..high")
    return Norm(
        id=row.text("id"),
        activity=row.text("activity"),
        unit=row.text("unit"),
        per=row.text("per"),
        range=span,
        value=value,
        tariff_group=row.optional("tariff_group"),
        citation=row.citation(),
        note=row.text("note", required=False),
    )


def _record(row: Row) -> Record:
    return Record(
        id=row.text("id"),
        person=row.text("person"),
        activity=row.text("activity"),
        norm_id=row.optional("norm_id"),
        output=row.interval(),
        unit=row.text("unit"),
        duration=row.text("duration"),
        date=row.text("date", required=False),
        citation=row.citation(),
        note=row.text("note", required=False),
        duration_inferred=row.flag("duration_inferred", default=False),
    )


def _privilege(row: Row) -> Privilege:
    return Privilege(
        id=row.text("id"),
        label=row.text("label"),
        citation=row.citation(),
        note=row.text("note", required=False),
    )
