"""Cells and columns for wages stated in goods, shared by the views that show them.

``views.render`` (the report's ladder) and ``views.goods`` (groups, ratios, prices) both
use these; keeping them here lets each import them without importing the other.
Every caption names the price, the place and the kind of source.

``goods`` and ``render`` beside it, and the page's ``html.goods``, use these cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stakhanov.views.console import cell, make_table, number

if TYPE_CHECKING:
    from rich.table import Table

    from stakhanov.calc.goods import InGoods
    from stakhanov.calc.report import Report

__all__ = ["caption", "flat", "goods_cell", "goods_words", "ladder_in_goods", "per_period"]


def goods_cell(g: InGoods, digits: int = 0) -> str:
    """'170–200 (184)', '≥ 1,600', '≤ 176' (the unit is in the column's header)."""
    s = g.amount.span()
    return cell(s.low, s.central, s.high, s.bound, digits)


def goods_words(g: InGoods, digits: int = 0) -> str:
    """'170–200 kg a month (central 184)', 'at least 1,600 kg a month'."""
    s, unit = g.amount.span(), g.price.good_unit
    per = f"{unit} a {g.period}"
    if s.bound == "exact":
        return f"{number(s.central, digits)} {per}"
    if s.bound == "at least":
        return f"at least {number(s.low, digits)} {per}"
    if s.bound == "at most":
        return f"at most {number(s.high, digits)} {per}"
    if s.bound == "range":
        return (
            f"{number(s.low, digits)}–{number(s.high, digits)} {per}"
            f" (central {number(s.central, digits)})"
        )
    return f"about {number(s.central, digits)} {per}, with no bound either way"


def flat(g: InGoods, prefix: str = "in") -> dict[str, Any]:
    """One result in goods as flat columns, for CSV rows and for JSON rows of a table."""
    s = g.amount.span()
    return {
        f"{prefix}_price": g.price.id,
        f"{prefix}_unit": g.price.good_unit,
        f"{prefix}_period": g.period,
        f"{prefix}_low": s.low,
        f"{prefix}_central": s.central,
        f"{prefix}_high": s.high,
        f"{prefix}_bound": s.bound,
        f"{prefix}_at": g.price.at(),
        f"{prefix}_sources": g.price.cited,
    }


def caption(g: InGoods) -> str:
    return f"In {g.price.item}, {g.price.provenance()}."


def per_period(g: InGoods) -> str:
    return f"{goods_cell(g)} a {g.period}"


def ladder_in_goods(report: Report) -> Table:
    """The report's wage ladder with a column for the good (`stakhanov report --in ID`)."""
    first = report.goods[0]
    header = f"{first.price.item} ({first.price.good_unit})"
    table = make_table(
        "Wage ladder (rubles a month; a day figure stays a day), and what it bought",
        ["group", "monthly", header, "basis", "source"],
        right=["monthly", header],
        wrap=["monthly", header, "basis", "source"],
    )
    for row, g in zip(report.ladder, report.goods, strict=True):
        table.add_row(
            row.group.id,
            cell(row.low, row.central, row.high, row.bound, 0),
            per_period(g),
            row.basis,
            str(row.group.citation),
        )
    table.caption = caption(first)
    return table
