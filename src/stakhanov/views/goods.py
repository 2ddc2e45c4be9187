"""Tables, CSV and JSON for prices and for wages stated in goods. Never computes.

Every output in goods says at which price, where, and from what kind of source ("at
0.85–1.00 rub/kg, Moscow, external source"), because the prices come from outside the four
reports. Neighbours: ``calc.goods`` makes the ``InGoods`` results shown here; ``views.render``
prints the rubles beside which these kilograms stand.

It builds on ``console`` and ``goods_cells`` beside it; ``stakhanov.calc.goods`` computes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stakhanov.calc.goods import SAME_IN_ANY_GOOD
from stakhanov.views.console import (
    cell,
    emit_records,
    fits,
    make_console,
    make_table,
    number,
    rounded,
    shown,
    write_json,
    write_lines,
)
from stakhanov.views.console import stacked as stacked_cell
from stakhanov.views.goods_cells import caption, flat, goods_words, per_period

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from stakhanov.calc.goods import GoodsRatio, InGoods
    from stakhanov.data.prices import Price

__all__ = [
    "print_groups_in",
    "print_prices",
    "print_ratio_in",
    "print_ratios_in",
]


def print_prices(prices: Sequence[Price], fmt: str, digits: int | None = None) -> None:
    """`stakhanov prices`: every price with its place, period and both ends' citations."""
    if fmt != "table":
        emit_records([p.as_dict() for p in prices], fmt, digits)
        return
    digits = shown(digits)
    table = make_table(
        "Prices (from outside the four sources)",
        ["id", "item", "price", "place", "applies", "sources"],
        right=["price"],
        wrap=["item", "price", "place", "applies", "sources"],
    )
    for p in prices:
        low, high = p.price.low, p.price.high
        price = (
            number(low, digits) if low == high else f"{number(low, digits)}–{number(high, digits)}"
        )
        table.add_row(p.id, p.item, f"{price} {p.unit}", p.place, p.applies, p.cited)
    table.caption = (
        "Rubles a kilogram. Use one with --in ID on groups, ratio, ratios, report and "
        "inequality; `--format json` gives each end's figure as printed, and the notes."
    )
    make_console().print(table)


def print_groups_in(
    rows: Sequence[Mapping[str, Any]], goods: Sequence[InGoods], fmt: str, digits: int | None = None
) -> None:
    """`stakhanov groups --in ID`: each group's wage and what it bought of the good."""
    by_group = {g.group: g for g in goods}
    if fmt != "table":
        emit_records([{**row, **flat(by_group[str(row["id"])])} for row in rows], fmt, digits)
        return
    first = goods[0]
    header = f"{first.price.item} ({first.price.good_unit})"
    table = make_table(
        "Wage groups (rubles), and what the wage bought",
        ["id", "as given", "period", header, "source"],
        right=["as given", header],
        wrap=["as given", "period", header, "source"],
    )
    for rec in rows:
        g = by_group[str(rec["id"])]
        period = str(rec["period"]) + (" (inferred)" if rec["period_inferred"] else "")
        table.add_row(
            str(rec["id"]), str(rec["as_given"]), period, per_period(g), str(rec["source"])
        )
    table.caption = caption(first) + " A half-month is doubled to a month; a day stays a day."
    make_console().print(table)


def print_ratio_in(result: GoodsRatio, fmt: str, digits: int | None = None) -> None:
    """`stakhanov ratio A B --in ID`: the ratio as in rubles, and both wages in the good."""
    from stakhanov.views.render import print_ratio

    if fmt == "json":
        write_json(rounded(result.as_dict(), digits))
        return
    if fmt == "csv":
        row = {**result.ratio.as_dict(), "in_note": result.note}
        row |= flat(result.numerator, "numerator_in") | flat(result.denominator, "denominator_in")
        emit_records([row], fmt, digits)
        return
    print_ratio(result.ratio, fmt, digits)
    a, b = result.numerator, result.denominator
    lines = [
        f"  in {a.price.item}: {a.group} {goods_words(a)}; {b.group} {goods_words(b)}",
        f"  in goods:   {SAME_IN_ANY_GOOD}",
        f"  price:      {a.price.provenance()}",
    ]
    write_lines(lines, indent=14)


def print_ratios_in(
    rows: Sequence[GoodsRatio], fmt: str, title: str, digits: int | None = None
) -> None:
    """`stakhanov ratios --in ID`: every ratio (unchanged) with both wages in the good."""
    if fmt != "table":
        emit_records([r.as_dict() for r in rows], fmt, digits)
        return
    digits = shown(digits)
    if not rows:
        make_console().print(title)
        return
    console = make_console()
    table = _ratios_in_table(rows, title, digits, stacked=False)
    if not fits(table, console.width):  # a narrow page: the pair in one column, two lines
        table = _ratios_in_table(rows, title, digits, stacked=True)
    table.caption = (
        f"{caption(rows[0].numerator)} The ratios are those in rubles: {SAME_IN_ANY_GOOD}."
    )
    console.print(table)


def _ratios_in_table(
    rows: Sequence[GoodsRatio], title: str, digits: int, *, stacked: bool
) -> Table:
    unit = rows[0].numerator.price.good_unit
    pair = ["numerator / denominator"] if stacked else ["numerator", "denominator"]
    goods = [f"numerator ({unit})", f"denominator ({unit})"]
    table = make_table(
        title,
        [*pair, "ratio", *goods],
        right=["ratio", *goods],
        wrap=["numerator / denominator", "ratio", *goods],
    )
    for r in rows:
        x = r.ratio
        ids: list[str | Text] = (
            [stacked_cell(f"{x.numerator}/", x.denominator)]
            if stacked
            else [x.numerator, x.denominator]
        )
        table.add_row(
            *ids,
            cell(x.low, x.central, x.high, x.bound, digits),
            per_period(r.numerator),
            per_period(r.denominator),
        )
    return table
