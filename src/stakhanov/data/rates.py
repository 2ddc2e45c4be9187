"""Load and validate ``rates/`` into frozen records.

The CSV files are the product's data: every row names its source and paragraph. Loading
checks everything (citations, ids, bounds, vocabularies) and reports *every* problem at
once, each as ``FILE:LINE: column: problem``, before anything is computed.

Only the standard library is used here, so that every command, however small, can load
the data without paying for pandas.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from stakhanov.data.csvrows import Row, clash, distinct, load_table
from stakhanov.data.prices import Price, load_prices_row
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
    "load_packages",
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
    # The user's data packages loaded beside (or, without ``builtin``, instead of) the
    # built-in data, and the ids each table took from them, in order (the report shows
    # the packages' groups).
    packages: tuple[Path, ...] = ()
    builtin: bool = True
    from_packages: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )

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


def load_rates(
    directory: str | Path | None = None,
    *,
    packages: Sequence[str | Path] = (),
    builtin: bool = True,
) -> Rates:
    """Load and validate the built-in data (or ``directory``), and any data ``packages``.

    Each package is a folder in the format of ``rates/`` (``stakhanov data new`` writes
    one). Its rows are put beside the built-in ones: a new id adds a row, an id already
    there is an error naming both rows. ``builtin=False`` uses the packages alone.

    >>> rates = load_rates()
    >>> rates.group("miner").wage
    Interval(low=400.0, high=500.0, low_open=False, high_open=False, central=None)
    >>> # my-report: the starter of `stakhanov data new`, its example rows uncommented
    >>> mixed = load_rates(packages=["my-report"])  # doctest: +SKIP
    >>> mixed.group("my-group").citation.locator  # doctest: +SKIP
    'p. 12, table 3'
    """
    base = Path(directory) if directory is not None else default_rates_dir()
    return load_packages([base] if builtin else [], packages, base=base)


def load_packages(
    builtins: Sequence[str | Path], packages: Sequence[str | Path] = (), *, base: Path | None = None
) -> Rates:
    """Load data folders in order into one ``Rates``: ``load_rates()`` is
    ``load_packages([default_rates_dir()])``.

    ``builtins`` are folders whose files are named in messages by their name alone
    (``wages.csv:3``); ``packages`` are a user's, named by their path. Every problem of
    every folder is collected (tables, schema, ids that clash across folders) before one
    ``DataError`` is raised. ``base`` (the built-in folder by default) keeps the rule files
    and the report settings that a package does not bring.
    """
    folders = [(Path(f), "") for f in builtins] + [(Path(f), str(Path(f))) for f in packages]
    problems: list[str] = []
    tables: dict[str, dict[str, Any]] = {name: {} for name in _TABLES}
    lines: dict[str, dict[str, str]] = {name: {} for name in _TABLES}
    from_packages: dict[str, list[str]] = {name: [] for name in _TABLES}
    found = [(root, prefix) for root, prefix in folders if _is_folder(root, prefix, problems)]
    # Sources first, from every folder: the tables of each then cite them by id.
    for root, prefix in found:
        _merge(root, prefix, "sources", tables, lines, from_packages, problems, {})
    sources = tables["sources"]
    for name in _TABLES[1:]:
        for root, prefix in found:
            _merge(root, prefix, name, tables, lines, from_packages, problems, sources)
    for root, prefix in found:
        if prefix:
            from stakhanov.data.schema import schema_problems

            problems.extend(schema_problems(root, prefix))
    rates = Rates(
        sources=MappingProxyType(sources),
        wages=MappingProxyType(tables["wages"]),
        norms=MappingProxyType(tables["norms"]),
        records=MappingProxyType(tables["records"]),
        privileges=MappingProxyType(tables["privileges"]),
        root=base or default_rates_dir(),
        prices=MappingProxyType(tables["prices"]),
        packages=tuple(root for root, prefix in found if prefix),
        builtin=any(not prefix for _, prefix in found),
        from_packages=MappingProxyType({k: tuple(v) for k, v in from_packages.items()}),
    )
    problems.extend(cross_check(rates, lines))
    if problems:  # the schema check may meet a file the loader could not read: say it once
        raise DataError(distinct(problems))
    return rates


# The tables of a data folder, sources first: the others cite them.
_TABLES = ("sources", "wages", "norms", "records", "privileges", "prices")
# A user's package brings sources.csv and at least one of these.
_DATA_TABLES = ("wages.csv", "norms.csv", "records.csv", "prices.csv")


def _is_folder(root: Path, prefix: str, problems: list[str]) -> bool:
    if not root.is_dir():
        problems.append(f"{root}: {'data package' if prefix else 'rates folder'} not found")
        return False
    return True


def _merge(
    root: Path,
    prefix: str,
    name: str,
    tables: dict[str, dict[str, Any]],
    lines: dict[str, dict[str, str]],
    from_packages: dict[str, list[str]],
    problems: list[str],
    sources: Mapping[str, Source],
) -> None:
    """Add the rows of ``root/NAME.csv`` to ``tables[name]``; an id already there is a
    problem naming both rows (a package adds rows; a scenario changes them)."""
    file = f"{name}.csv"
    if prefix and not (root / file).exists():
        if name == "sources":
            problems.append(f"{prefix}: no sources.csv (a data package names its sources)")
        elif name == "wages" and not any((root / t).exists() for t in _DATA_TABLES):
            problems.append(f"{prefix}: no data table (give one of {', '.join(_DATA_TABLES)})")
        return
    parse = load_prices_row if name == "prices" else _PARSERS[name]
    where: dict[str, str] = {}
    label = str(Path(prefix) / file) if prefix else file
    rows = load_table(root, file, parse, problems, sources, label=label, lines=where)
    if name == "sources" and prefix:
        rows = _with_references(root, prefix, rows, where, problems)
    for item_id, item in rows.items():
        if item_id in tables[name]:
            problems.append(clash(where[item_id], item_id, lines[name][item_id]))
            continue
        tables[name][item_id] = item
        lines[name][item_id] = where[item_id]
        if prefix:
            from_packages[name].append(item_id)


def _with_references(
    root: Path, prefix: str, rows: dict[str, Any], where: dict[str, str], problems: list[str]
) -> dict[str, Any]:
    """A package's sources whose ``reference`` is a key (``@neutatz2013``), with the entry of
    its bibliography (``references.bib`` or ``references.json``) in place of the key."""
    keyed = {i: s for i, s in rows.items() if s.reference.startswith("@")}
    if not keyed:
        return rows
    from stakhanov.data.references import BIB_FILE, CSL_FILE, load_references

    entries = load_references(root, prefix, problems)
    out = dict(rows)
    for source_id, source in keyed.items():
        key = source.reference[1:]
        if key in entries:
            out[source_id] = replace(source, reference=entries[key], reference_key=key)
        else:
            problems.append(
                f"{where[source_id]}: reference: no entry '{key}' in {BIB_FILE} or {CSL_FILE}"
            )
    return out


def cross_check(rates: Rates, lines: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
    """Problems that span files: norm and group ids that point nowhere, and a quoted report
    that names no source quoting it.

    A row is named ``wages.csv[ID]``; a package's row by its ``FILE:LINE``, from ``lines``.
    """
    lines = lines or {}

    def at(table: str, item_id: str) -> str:
        packaged = item_id in rates.from_packages.get(table, ())
        return lines[table][item_id] if packaged else f"{table}.csv[{item_id}]"

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
            problems.append(f"{at('wages', g.id)}: norm_id: unknown norm '{g.norm_id}'")
    for n in rates.norms.values():
        if n.tariff_group is not None and n.tariff_group not in rates.wages:
            problems.append(f"{at('norms', n.id)}: tariff_group: unknown group '{n.tariff_group}'")
    for r in rates.records.values():
        if r.norm_id is not None and r.norm_id not in rates.norms:
            problems.append(f"{at('records', r.id)}: norm_id: unknown norm '{r.norm_id}'")
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


_PARSERS: dict[str, Callable[[Row], Any]] = {
    "sources": _source,
    "wages": _wage,
    "norms": _norm,
    "records": _record,
    "privileges": _privilege,
}
