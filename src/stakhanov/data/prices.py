"""Retail prices from outside the four sources: what a ruble bought in 1935-37.

``rates/prices.csv`` holds one price per row as an interval (rubles per kilogram), where it
was paid and when, and a citation for each end: the low end's source and page, and the high
end's when another source gives it. The four reports print no prices, so every price must
cite a source of kind ``external``, and every output that uses one says so.

Neighbours: ``data.rates`` loads this table with the rest of ``rates/``; ``calc.goods``
divides wages by a price; ``scenarios.overlay`` lets a scenario's ``[prices.ID]`` move one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from stakhanov.data.csvrows import Row, load_table
from stakhanov.data.interval import Interval
from stakhanov.data.records import Source

__all__ = [
    "PRICE_UNITS",
    "Price",
    "PriceCitation",
    "load_prices",
    "load_prices_row",
    "price_text",
]

# A price's unit, and the unit of the good a wage then buys. Only kilograms so far; a new
# unit (rub/litre) is one entry here.
PRICE_UNITS: Mapping[str, str] = MappingProxyType({"rub/kg": "kg"})

# When a price applies: a year, a month or a day, as ISO text.
_WHEN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class PriceCitation:
    """One end of a price: the source, the page (or image) and the figure as printed."""

    source_id: str
    page: str
    as_printed: str = ""

    def __str__(self) -> str:
        page = f"p. {self.page}" if self.page.isdigit() else self.page
        return f"{self.source_id} {page}"


@dataclass(frozen=True)
class Price:
    """A good's price per unit, an interval whose ends may come from different sources."""

    id: str
    item: str
    unit: str
    price: Interval
    place: str
    applies_from: str
    applies_to: str
    low_cited: PriceCitation
    high_cited: PriceCitation | None = None  # None: the low end's source gives both ends
    note: str = ""
    set_by: str = ""  # "FILE:LINE" of the scenario line that set it; "" for rates/ as is

    @property
    def good_unit(self) -> str:
        """What a wage buys of it: 'kg' for a price in rub/kg."""
        return PRICE_UNITS[self.unit]

    @property
    def citations(self) -> tuple[PriceCitation, ...]:
        return (self.low_cited,) if self.high_cited is None else (self.low_cited, self.high_cited)

    @property
    def cited(self) -> str:
        """Where the figure comes from: the scenario line that set it, else its sources."""
        if self.set_by:
            return f"scenario {self.set_by}"
        return "; ".join(str(c) for c in self.citations)

    def as_dict(self) -> dict[str, Any]:
        """The row as `stakhanov prices --format json` shows it, with both ends' citations."""
        high = self.high_cited or self.low_cited
        return {
            "id": self.id,
            "item": self.item,
            "unit": self.unit,
            "low": self.price.low,
            "high": self.price.high,
            "place": self.place,
            "applies_from": self.applies_from,
            "applies_to": self.applies_to,
            "low_source": str(self.low_cited),
            "low_as_printed": self.low_cited.as_printed,
            "high_source": str(high),
            "high_as_printed": high.as_printed,
            "set_by": self.set_by or None,
            "note": self.note,
        }

    @property
    def applies(self) -> str:
        """When it applies: '1937-01', or '1935-01 to 1937-01'."""
        if self.applies_from == self.applies_to:
            return self.applies_from
        return f"{self.applies_from} to {self.applies_to}"

    def at(self) -> str:
        """The words every result in goods carries: 'at 0.85–1.00 rub/kg, Moscow, external
        source' (or the scenario line that set the price)."""
        origin = f"set by scenario {self.set_by}" if self.set_by else "external source"
        return f"at {price_text(self.price)} {self.unit}, {self.place}, {origin}"

    def provenance(self) -> str:
        """``at()`` with its citations: '... external source (yvon-1937 image 23; ...)'; a
        scenario's price already names its line."""
        return self.at() if self.set_by else f"{self.at()} ({self.cited})"


def price_text(price: Interval) -> str:
    """'0.85' or '0.85–1.00': kopecks kept, as price tables print them."""
    if price.low == price.high:
        return f"{price.low:,.2f}"
    return f"{price.low:,.2f}–{price.high:,.2f}"


def load_prices(root: Path, problems: list[str], sources: Mapping[str, Source]) -> dict[str, Price]:
    """Parse ``root/prices.csv``; every problem goes to ``problems`` as FILE:LINE: column."""
    return load_table(root, "prices.csv", load_prices_row, problems, sources)


def load_prices_row(row: Row) -> Price:
    """One row of ``prices.csv`` (``rates.load_packages`` reads the table of each folder)."""
    unit = row.choice("unit", PRICE_UNITS)
    span = row.interval(with_flags=False)  # a price is a closed range: no open ends
    applies_from = _when(row, "applies_from")
    applies_to = _when(row, "applies_to")
    if applies_from and applies_to and _start(applies_from) > _end(applies_to):
        row.fail("applies_to", f"{applies_to} is before applies_from {applies_from}")
    low = _cited(row, "source_id", "page", "as_printed", required=True)
    high = _cited(row, "high_source_id", "high_page", "high_as_printed", required=False)
    return Price(
        id=row.text("id"),
        item=row.text("item"),
        unit=unit if unit in PRICE_UNITS else next(iter(PRICE_UNITS)),  # placeholder: a bad
        # unit is already a recorded problem, and loading fails before anything uses it
        price=span,
        place=row.text("place"),
        applies_from=applies_from,
        applies_to=applies_to,
        low_cited=low or PriceCitation("", ""),
        high_cited=high,
        note=row.text("note", required=False),
    )


def _when(row: Row, column: str) -> str:
    value = row.text(column)
    if value and not _WHEN.fullmatch(value):
        row.fail(column, f"must be YYYY, YYYY-MM or YYYY-MM-DD, got '{value}'")
        return ""
    return value


def _start(when: str) -> tuple[int, int, int]:
    parts = [int(p) for p in when.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _end(when: str) -> tuple[int, int, int]:
    parts = [int(p) for p in when.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 31)


def _cited(
    row: Row, source_col: str, page_col: str, printed_col: str, *, required: bool
) -> PriceCitation | None:
    """A citation from three columns; an optional one is all empty or complete."""
    source_id = row.text(source_col, required=required)
    page = row.text(page_col, required=False)
    printed = row.text(printed_col, required=False)
    if not source_id:
        if page or printed:
            row.fail(source_col, f"missing: {page_col} and {printed_col} need a source")
        return None
    source = row.sources.get(source_id)
    if source is None:
        row.fail(source_col, f"unknown source '{source_id}'")
    elif source.kind != "external":
        # The four reports print no prices: a price citing one of them is a slip.
        row.fail(
            source_col, f"source '{source_id}' is {source.kind}: a price needs an external one"
        )
    if not page:
        row.fail(page_col, "missing: give the page (or image) of the source")
    return PriceCitation(source_id, page, printed)
