"""The page's wages in a good: the kilograms of rye bread (or any priced good) beside the rubles.

The good is the workbook's: ``export_price`` in ``rates/report.toml``; with none set, the page
shows rubles only. Every figure is computed by ``calc.goods`` (wage ÷ price, as intervals):
the ladder's column, and, for the slider, each group's kilograms at every α of the grid, so
that the page's script only looks them up. The price is a figure like any other: it has its
row among the page's figures, both ends cited and linked to the sources, and it is marked as
coming from outside the four reports (or from the scenario line that set it).

Neighbours: ``views.html.context`` places these in its sections; ``views.html.page`` picks
the price.

``context`` beside it puts these on the page; ``stakhanov.calc.goods`` computes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stakhanov.calc.goods import SAME_IN_ANY_GOOD, amount, group_in_goods, price_of
from stakhanov.data.interval import Interval
from stakhanov.data.prices import Price, price_text
from stakhanov.data.rates import Rates
from stakhanov.data.settings import report_settings
from stakhanov.views.console import cell
from stakhanov.views.goods_cells import goods_cell

if TYPE_CHECKING:
    from stakhanov.calc.norm_grid import GroupLine

__all__ = ["kilograms_along", "ladder_goods", "page_price", "price_figure"]

Context = dict[str, Any]


def page_price(rates: Rates) -> Price | None:
    """The good the page states wages in (``export_price``), or None when none is set."""
    chosen = report_settings(rates).get("export_price")
    return None if chosen is None else price_of(rates, str(chosen))


def _anchor(price: Price) -> str:
    return f"fig-price-{price.id}"


def _sources(rates: Rates, price: Price) -> list[Context]:
    """Each end's citation, linked to its source row; a scenario's price names its line."""
    if price.set_by:
        return [{"text": f"scenario {price.set_by}", "href": None}]
    return [
        {
            "text": str(c),
            "href": f"#src-{c.source_id}" if c.source_id in rates.sources else None,
        }
        for c in price.citations
    ]


def ladder_goods(rates: Rates, price: Price, groups: list[str]) -> Context:
    """The ladder's column in the good: a cell and its arithmetic for each of ``groups``, and
    the words that say which price, where, and from what kind of source."""
    cells = {}
    for gid in groups:
        bought = group_in_goods(rates, gid, price.id)
        cells[gid] = {"text": goods_cell(bought), "arithmetic": bought.arithmetic}
    origin = (
        f"set by scenario {price.set_by}"
        if price.set_by
        else "external source, outside the four reports"
    )
    return {
        "header": f"{price.item}, {price.good_unit}",
        "item": price.item,
        "unit": price.good_unit,
        "price": f"{price_text(price.price)} {price.unit}, {price.place}",
        "origin": origin,
        "external": not price.set_by,
        "href": f"#{_anchor(price)}",
        "sources": _sources(rates, price),
        "same": SAME_IN_ANY_GOOD,
        "note": price.note,
        "cells": cells,
    }


def kilograms_along(line: GroupLine, price: Price) -> list[str]:
    """A group's wage in the good at every α of the slider's grid: '170–250 (206)'.

    The wage after the revision is the interval [low, high] with its central figure; an open
    end (``None`` on the grid) stays open, counted at the other end's value as the data
    count an open bound at face value.
    """
    done: dict[tuple[float | None, float, float | None], str] = {}
    out = []
    for ends in zip(line.low, line.after, line.high, strict=True):
        # A wage the revision does not move repeats at every α: work it out once.
        if ends not in done:
            low, central, high = ends
            face_low = low if low is not None else (high if high is not None else central)
            face_high = high if high is not None else face_low
            wage = Interval(face_low, face_high, low is None, high is None, central)
            kg = amount(wage, price).span()
            done[ends] = cell(kg.low, kg.central, kg.high, kg.bound, 0)
        out.append(done[ends])
    return out


def price_figure(rates: Rates, price: Price) -> Context:
    """The price's row among the page's figures: value, place, period, each end as printed."""
    origin = f"set by scenario {price.set_by}" if price.set_by else "external source"
    printed = [] if price.set_by else [c.as_printed for c in price.citations if c.as_printed]
    value = f"{price_text(price.price)} {price.unit}, {price.place}, {price.applies}"
    return {
        "anchor": _anchor(price),
        "id": price.id,
        "what": f"price: {price.item}",
        "value": f"{value} ({origin})",
        "printed": printed,
        "sources": _sources(rates, price),
    }
