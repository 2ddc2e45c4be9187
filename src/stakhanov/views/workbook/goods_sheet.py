"""The Goods sheet: every wage group's wage in a good, from the price cells on Inputs.

The formulas follow ``stakhanov.calc.goods`` exactly: the fewest units are the lowest wage at
the highest price, the most the highest wage at the lowest price, and the central figure is
the central wage over the price's midpoint. An open end shows as text, as on Ladder. The
price itself is two yellow cells on Inputs, cited there: edit them and this sheet follows.

Neighbours: ``live_sheets`` writes Inputs (the wages and the price) and the helpers used
here; ``export`` lists this sheet in ``SHEETS``.
"""

from __future__ import annotations

from stakhanov.calc.goods import group_in_goods
from stakhanov.views.workbook.book import Book
from stakhanov.views.workbook.live_sheets import (
    NO_HIGH,
    NO_LOW,
    bound,
    monthly_end,
    monthly_mid,
    on_inputs,
    open_end,
)

__all__ = ["GOODS_HEADER", "goods"]

GOODS_HEADER = ("group", "low", "central", "high", "bound", "per")
AMOUNT = "#,##0.0"  # kilograms, to a tenth


def goods(book: Book) -> None:
    """One row per wage group, in the order of Inputs; no sheet when no price is chosen."""
    if book.choices.price is None:
        return
    price = book.rates.prices[book.choices.price]
    unit = price.good_unit
    sheet = book.sheet("Goods", GOODS_HEADER, (24, 12, 12, 12, 11, 8))
    low, high = book.inputs["price_low"], book.inputs["price_high"]
    row = 1
    for row, (gid, g) in enumerate(book.group_row.items(), start=2):
        sheet.text(row, 1, gid)
        # An open wage end stays open; otherwise wage ÷ price, the ends crossed.
        low_open, high_open = on_inputs("low_open", g), on_inputs("high_open", g)
        # The values stored beside the formulas: the library's own figures.
        bought = group_in_goods(book.rates, gid, book.choices.price)
        span = bought.amount.span()
        sheet.formula(
            row,
            2,
            f"=IF({low_open},{NO_LOW},{monthly_end('low', g)}/{high})",
            AMOUNT,
            cached=open_end(span.low, "low"),
        )
        sheet.formula(row, 3, f"={monthly_mid(g)}/(({low}+{high})/2)", AMOUNT, cached=span.central)
        sheet.formula(
            row,
            4,
            f"=IF({high_open},{NO_HIGH},{monthly_end('high', g)}/{low})",
            AMOUNT,
            cached=open_end(span.high, "high"),
        )
        sheet.formula(row, 5, bound(f"B{row}", f"D{row}"), cached=span.bound)
        # A day figure stays a day (factor 1), as monthly() leaves it.
        period, factor = on_inputs("period", g), on_inputs("months_factor", g)
        sheet.formula(
            row, 6, f'=IF(AND({period}="day",{factor}=1),"day","month")', cached=bought.period
        )
    sheet.text(
        row + 2,
        1,
        f"{unit} of {price.item} a month (a day figure: a day), {price.at()}; the price is on "
        "Inputs (yellow). One price divides every wage: ratios are the same in any good.",
    )
