"""The ledger ``rates/mentions.csv``: every figure the four source texts print, one row each.

The data tables (``records``) hold the figures the calculator uses, each with one primary
citation. The ledger holds every quantitative statement of the texts, whether used or not:
a row either ``supports`` one data row (``records:stakhanov-1935``), as its primary source,
a corroboration or a contradiction, or says why it is ``left_out`` (a date, a page number,
rhetorical, ...). ``calc.why`` reads it to explain an id; ``calc.report`` counts it per source.

Table Schema cannot declare a foreign key into five tables, so ``load_mentions`` checks that
each ``supports`` names a row that exists, and reports every problem at once, each as
``mentions.csv:LINE: column: problem``, like the loader of the other tables (``csvrows``).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stakhanov.data.csvrows import Row
from stakhanov.data.rates import Rates, default_rates_dir
from stakhanov.errors import DataError

__all__ = ["SUPPORTED_TABLES", "Mention", "load_mentions"]

# The tables a ledger row may support, by the prefix it writes before the id.
SUPPORTED_TABLES = ("wages", "norms", "records", "privileges", "claims")


@dataclass(frozen=True)
class Mention:
    """One figure as a source prints it, and what the data does with it."""

    source_id: str
    paragraph: int
    as_printed: str
    quantity: float | None
    low: float | None  # None: open or no bound on that side
    high: float | None
    unit: str
    subject: str
    supports: str | None  # "table:id", or None when left out
    left_out: str
    note: str = ""
    approximate: str = ""  # "about", "almost": the word that makes the figure approximate
    report_id: str = ""  # the 1935 report the text gives for the figure (sources.csv)

    @property
    def where(self) -> str:
        return f"{self.source_id} ¶{self.paragraph}"

    @property
    def bound(self) -> str:
        """How the ledger reads the figure: 'exact', 'range', 'at least', 'at most', 'about',
        'almost', or '' for a row with no figure (a date). An empty low or high is open."""
        if self.approximate:
            return self.approximate
        if self.low is not None and self.high is not None:
            return "exact" if self.low == self.high else "range"
        if self.low is not None:
            return "at least"
        if self.high is not None:
            return "at most"
        return ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "paragraph": self.paragraph,
            "as_printed": self.as_printed,
            "quantity": self.quantity,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "subject": self.subject,
            "supports": self.supports,
            "left_out": self.left_out or None,
            "note": self.note,
            "bound": self.bound or None,
            "report_id": self.report_id or None,
        }


def load_mentions(rates: Rates) -> tuple[Mention, ...]:
    """Read and check the ledger beside ``rates``; an absent file is an empty ledger."""
    root = rates.root or default_rates_dir()
    path = root / "mentions.csv"
    if not rates.builtin or not path.is_file():  # the ledger is the built-in texts' own
        return ()
    known = _known_ids(rates)
    problems: list[str] = []
    out: list[Mention] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, data in enumerate(csv.DictReader(handle), start=2):
            row = Row(f"mentions.csv:{line}", data, problems, rates.sources)
            out.append(_mention(row, known))
    if problems:
        raise DataError(problems)
    return tuple(out)


def _known_ids(rates: Rates) -> Mapping[str, set[str]]:
    known = {
        "wages": set(rates.wages),
        "norms": set(rates.norms),
        "records": set(rates.records),
        "privileges": set(rates.privileges),
    }
    # Only the ids: checking the claims themselves is calc.claims' job (a layer above).
    claims = (rates.root or default_rates_dir()) / "claims.csv"
    if claims.is_file():
        with claims.open(encoding="utf-8", newline="") as handle:
            known["claims"] = {r.get("id") or "" for r in csv.DictReader(handle)}
    return known


def _mention(row: Row, known: Mapping[str, set[str]]) -> Mention:
    citation = row.citation()
    source = row.sources.get(citation.source_id)
    if source is not None and source.kind in ("external", "quoted"):
        row.fail("source_id", f"'{source.id}' is {source.kind}: the ledger covers the source texts")
    supports = row.optional("supports")
    left_out = row.text("left_out", required=False)
    if (supports is None) == (not left_out):
        row.fail("supports", "give supports (table:id) or left_out (a reason), not both")
    if supports is not None:
        table, _, item = supports.partition(":")
        if table not in SUPPORTED_TABLES:
            tables = ", ".join(SUPPORTED_TABLES)
            row.fail("supports", f"'{supports}' must be table:id, the table one of {tables}")
        elif item not in known.get(table, set()):
            row.fail("supports", f"no row '{item}' in {table}.csv")
    quantity, low, high = (_number(row, c) for c in ("quantity", "low", "high"))
    if quantity is not None and low is None and high is None:
        row.fail("low", "a figure needs low, high or both (an empty end is open)")
    approximate = row.approximate()
    if approximate and (low is None or high is None):
        row.fail("approximate", "an approximate figure gives both low and high")
    return Mention(
        source_id=citation.source_id,
        paragraph=citation.paragraph or 0,
        as_printed=row.text("as_printed"),
        quantity=quantity,
        low=low,
        high=high,
        unit=row.text("unit"),
        subject=row.text("subject"),
        supports=supports,
        left_out=left_out,
        note=row.text("note", required=False),
        approximate=approximate,
        report_id=citation.report_id,
    )


def _number(row: Row, column: str) -> float | None:
    value = row.number(column) if row.text(column, required=False) else math.nan
    return None if math.isnan(value) else value
