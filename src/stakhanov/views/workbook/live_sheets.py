"""The live sheets: Inputs (what the user edits) and Ratios (formulas over Inputs); the
Norms sheet is in ``norms_sheet``, and both use the references defined here.

Formulas follow the library's rules exactly, so that a recalculated workbook agrees with
``stakhanov.calc.comparison.ratio`` (the tests check every cell in LibreOffice). A
missing end of a bound is the text "no lower bound" / "no upper bound", chosen by an IF on
the open-bound flags: a formula here never divides by an open end and never shows an
error value.

Each formula is written with the value the library computes for it (``cached``), so the
saved file shows numbers before any spreadsheet program has recalculated it.
"""

from __future__ import annotations

from stakhanov.calc.comparison import ratio
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.views.workbook.book import (
    FLAG,
    PERCENT,
    PRICE,
    RATIO,
    RUBLES,
    SHARE,
    Book,
    Cached,
    Sheet,
    col,
)

__all__ = [
    "INPUT_HEADER",
    "NO_HIGH",
    "NO_LOW",
    "UNDEFINED",
    "basis",
    "bound",
    "input_column",
    "inputs",
    "monthly_end",
    "monthly_mid",
    "monthly_or_open",
    "on_inputs",
    "open_end",
    "ratios",
]

# Fixed: other tools read these headers. One row per wage group, in its own period.
INPUT_HEADER = (
    "id",
    "label",
    "low",
    "high",
    "low_open",
    "high_open",
    "period",
    "months_factor",
    "pay_basis",
    "norm_id",
    "source",
)
_G = {name: col(i) for i, name in enumerate(INPUT_HEADER, start=1)}
_NORM_HEADER = ("id", "value", "low", "high", "unit", "tariff_group")
_RECORD_HEADER = ("id", "low", "high", "unit", "norm_id")
_RATIO_HEADER = ("numerator", "denominator", "low", "central", "high", "bound", "basis")
NO_LOW, NO_HIGH, UNDEFINED = '"no lower bound"', '"no upper bound"', '"undefined"'


def open_end(value: float | None, end: str) -> Cached:
    """What a low or high formula shows: the number, or for an open end its text."""
    if value is not None:
        return value
    return (NO_LOW if end == "low" else NO_HIGH).strip('"')


def input_column(name: str) -> str:
    """The column letter of a wage-group field on Inputs: input_column('low') → 'C'."""
    return _G[name]


def on_inputs(name: str, row: int) -> str:
    """A group's cell on Inputs, absolute: on_inputs('low', 3) → 'Inputs!$C$3'."""
    return f"Inputs!${_G[name]}${row}"


def monthly_end(name: str, row: int) -> str:
    """A group's low or high on the monthly footing: the given figure × months_factor."""
    return f"{on_inputs(name, row)}*{on_inputs('months_factor', row)}"


def monthly_mid(row: int) -> str:
    # The central estimate is the midpoint, an open end counting at face value (DOMAIN).
    return f"({on_inputs('low', row)}+{on_inputs('high', row)})/2*{on_inputs('months_factor', row)}"


def inputs(book: Book) -> None:
    """Every number the other sheets use, once: wage groups, norms, records, the choices."""
    rates = book.rates
    sheet = book.sheet("Inputs", INPUT_HEADER, (24, 44, 10, 10, 10, 10, 11, 14, 11, 13, 18))
    row = 1
    for row, g in enumerate(rates.wages.values(), start=2):
        book.group_row[g.id] = row
        # A day stays a day (factor 1) unless the data or a scenario gives working days.
        factor = monthly(g, rates.working_days_per_month).factor
        sheet.text(row, 1, g.id)
        sheet.text(row, 2, g.label)
        sheet.given(row, 3, g.wage.low, RUBLES)
        sheet.given(row, 4, g.wage.high, RUBLES)
        sheet.given(row, 5, g.wage.low_open, FLAG)
        sheet.given(row, 6, g.wage.high_open, FLAG)
        sheet.text(row, 7, g.period)
        sheet.given(row, 8, factor)
        sheet.given(row, 9, g.pay_basis)
        sheet.given(row, 10, g.norm_id or "")
        sheet.text(row, 11, str(g.citation))
    row = _norm_table(sheet, rates, row + 2)
    row = _record_table(sheet, book, row + 2)
    row = _choices(sheet, book, row + 2)
    if book.choices.price is not None:
        _price_table(sheet, book, row + 2, book.choices.price)
    _validate(sheet, book)


def _norm_table(sheet: Sheet, rates: Rates, top: int) -> int:
    sheet.text(top, 1, "Norms (output per shift; value is the norm used)", bold=True)
    for i, name in enumerate(_NORM_HEADER, start=1):
        sheet.header(top + 1, i, name)
    row = top + 1
    for row, n in enumerate(rates.norms.values(), start=top + 2):
        sheet.text(row, 1, n.id)
        sheet.given(row, 2, n.value)
        sheet.value(row, 3, n.range.low)
        sheet.value(row, 4, n.range.high)
        sheet.text(row, 5, n.unit)
        sheet.text(row, 6, n.tariff_group or "")
    sheet.book.inputs["norms"] = f"Inputs!$A${top + 2}:$F${row}"
    return row


def _record_table(sheet: Sheet, book: Book, top: int) -> int:
    sheet.text(
        top, 1, "Records (measured against a norm first: those can be chosen below)", bold=True
    )
    for i, name in enumerate(_RECORD_HEADER, start=1):
        sheet.header(top + 1, i, name)
    records = sorted(book.rates.records.values(), key=lambda r: r.norm_id is None)
    row = top + 1
    for row, r in enumerate(records, start=top + 2):
        sheet.text(row, 1, r.id)
        sheet.given(row, 2, r.output.low)
        sheet.given(row, 3, r.output.high)
        sheet.text(row, 4, r.unit)
        sheet.text(row, 5, r.norm_id or "")
    choosable = sum(r.norm_id is not None for r in records)
    book.inputs["records"] = f"Inputs!$A${top + 2}:$E${row}"
    book.inputs["choosable"] = f"$A${top + 2}:$A${top + 1 + choosable}"
    return row


def _choices(sheet: Sheet, book: Book, top: int) -> int:
    c = book.choices
    sheet.text(top, 1, "Choices (the norm revision on Norms and Sweep)", bold=True)
    for i, name in enumerate(("setting", "value", "meaning"), start=1):
        sheet.header(top + 1, i, name)
    rows: tuple[tuple[str, float | str, str | None, str], ...] = (
        ("alpha", c.alpha, SHARE, "share of the way from the norm toward the record, 0 to 1"),
        ("tariff_pct", c.tariff_pct, PERCENT, "change in the pay for meeting the norm, in %"),
        ("record", c.record, None, "the record the norm moves toward (a record id above)"),
        (
            "raise_pct",
            "" if c.raise_pct is None else c.raise_pct,
            PERCENT,
            "a raise of the record's norm in %, instead of α (empty: move by α)",
        ),
    )
    for row, (name, value, fmt, meaning) in enumerate(rows, start=top + 2):
        sheet.text(row, 1, name)
        sheet.given(row, 2, value, fmt)
        sheet.text(row, 3, meaning)
        book.inputs[name] = f"Inputs!$B${row}"
    sheet.text(top + 7, 1, "Yellow cells are inputs: edit them and every other sheet recalculates.")
    return top + 7


def _price_table(sheet: Sheet, book: Book, top: int, price_id: str) -> None:
    """The price of the Goods sheet's good: low and high are inputs, cited beside them."""
    price = book.rates.prices[price_id]
    sheet.text(top, 1, "Price (the Goods sheet: wages in this good)", bold=True)
    for i, name in enumerate(("id", "low", "high", "unit", "place", "source"), start=1):
        sheet.header(top + 1, i, name)
    row = top + 2
    sheet.text(row, 1, price.id)
    sheet.given(row, 2, price.price.low, PRICE)
    sheet.given(row, 3, price.price.high, PRICE)
    sheet.text(row, 4, price.unit)
    sheet.text(row, 5, price.place)
    sheet.text(row, 6, price.provenance())
    book.inputs["price_low"], book.inputs["price_high"] = f"Inputs!$B${row}", f"Inputs!$C${row}"


def _validate(sheet: Sheet, book: Book) -> None:
    """Spreadsheet-side checks, so a typing slip is refused before it reaches a formula."""
    from openpyxl.worksheet.datavalidation import DataValidation

    last, i = 1 + len(book.group_row), book.inputs
    rules: list[tuple[DataValidation, str, str]] = [
        (DataValidation(type="decimal", operator="greaterThan", formula1="0"), f"C2:D{last}",
         "a wage above 0"),
        (DataValidation(type="decimal", operator="between", formula1="0", formula2="31"),
         f"H2:H{last}", "a factor from 0 to 31"),
        (DataValidation(type="decimal", operator="between", formula1="0", formula2="1"),
         _local(i["alpha"]), "a share from 0 to 1"),
        (DataValidation(type="decimal", operator="greaterThan", formula1="-100"),
         _local(i["tariff_pct"]), "a change above -100%"),
        (DataValidation(type="decimal", operator="greaterThan", formula1="-100"),
         _local(i["raise_pct"]), "a raise above -100%"),
        (DataValidation(type="list", formula1=i["choosable"]), _local(i["record"]),
         "a record measured against a norm"),
    ]  # fmt: skip
    if "price_low" in i:
        rules.append(
            (DataValidation(type="decimal", operator="greaterThan", formula1="0"),
             f"{_local(i['price_low'])}:{_local(i['price_high'])}", "a price above 0"),
        )  # fmt: skip
    for rule, cells, message in rules:
        rule.showErrorMessage = True
        rule.error = f"Expected {message}."
        rule.add(cells)
        sheet.ws.add_data_validation(rule)


def _local(ref: str) -> str:
    return ref.split("!", 1)[1].replace("$", "")


def ratios(book: Book) -> None:
    """Every ordered pair of the card's groups, and every group against the base group."""
    c = book.choices
    pairs = [(a, b) for a in c.matrix_groups for b in c.matrix_groups if a != b]
    pairs += [(g, c.base) for g in book.group_row if g != c.base and (g, c.base) not in pairs]
    sheet = book.sheet("Ratios", _RATIO_HEADER, (24, 24, 12, 12, 12, 11, 52))
    for row, (a, b) in enumerate(pairs, start=2):
        ra, rb = book.group_row[a], book.group_row[b]
        r = ratio(book.rates, a, b)
        sheet.text(row, 1, a)
        sheet.text(row, 2, b)
        a_low, a_mid, a_high = (monthly_end("low", ra), monthly_mid(ra), monthly_end("high", ra))
        b_low, b_mid, b_high = (monthly_end("low", rb), monthly_mid(rb), monthly_end("high", rb))
        low_open = f"OR({on_inputs('low_open', ra)},{on_inputs('high_open', rb)})"
        high_open = f"OR({on_inputs('high_open', ra)},{on_inputs('low_open', rb)})"
        # DOMAIN's rule: low = a_lo / b_hi, high = a_hi / b_lo, central = mid / mid. A
        # denominator that may reach 0 leaves the ratio with no upper limit.
        low = f"IF({b_high}>0,{a_low}/({b_high}),{UNDEFINED})"
        sheet.formula(
            row, 3, f"=IF({low_open},{NO_LOW},{low})", RATIO, cached=open_end(r.low, "low")
        )
        sheet.formula(
            row, 4, f"=IF({b_mid}>0,{a_mid}/({b_mid}),{UNDEFINED})", RATIO, cached=r.central
        )
        high = f"IF({b_low}>0,{a_high}/({b_low}),{NO_HIGH})"
        sheet.formula(
            row, 5, f"=IF({high_open},{NO_HIGH},{high})", RATIO, cached=open_end(r.high, "high")
        )
        sheet.formula(row, 6, bound(f"C{row}", f"E{row}"), cached=r.bound)
        la, lb = (f"Ladder!$G${book.ladder_row[g]}" for g in (a, b))
        sheet.formula(
            row,
            7,
            f'=IF({la}={lb},{la},A{row}&": "&{la}&"; "&B{row}&": "&{lb})',
            cached=r.basis,
        )


def bound(low: str, high: str) -> str:
    """The formula for ``Span.bound``: which ends are numbers, and whether they agree."""
    # Two ends within 1e-12 of each other are one figure, as in stakhanov.interval._same.
    same = f"ABS({high}-{low})<=1E-12*MAX(ABS({low}),ABS({high}))"
    return (
        f'=IF(AND(ISNUMBER({low}),ISNUMBER({high})),IF({same},"exact","range"),'
        f'IF(ISNUMBER({low}),"at least",IF(ISNUMBER({high}),"at most","unbounded")))'
    )


def basis(row: int) -> str:
    """The formula for a group's basis, worded as ``stakhanov.periods.monthly`` words it."""
    period, factor = on_inputs("period", row), on_inputs("months_factor", row)
    return (
        f'=IF({period}="day",IF({factor}=1,"day (not converted)",'
        f'"day ×"&{factor}&" working days → month"),'
        f'IF({factor}=1,"month",{period}&" ×"&{factor}&" → month"))'
    )


def monthly_or_open(end: str, row: int) -> str:
    """A group's monthly low or high, or the text for an open end."""
    flag, text = ("low_open", NO_LOW) if end == "low" else ("high_open", NO_HIGH)
    return f"=IF({on_inputs(flag, row)},{text},{monthly_end(end, row)})"
