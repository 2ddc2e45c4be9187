"""How each sheet prints: one page wide, the header row on every page, charts whole.

Applied once, at the end of the build (``export._build``), after the columns are sized: it
reads the finished sheets and touches only their page setup and where their charts sit, so
the sheets' own modules need not know about paper.

- **One page wide.** Every sheet is scaled to fit its page's width (``fitToWidth`` 1) and runs
  on over as many pages as it needs down (``fitToHeight`` 0). A sheet wider than a portrait
  page prints landscape, so that it is scaled down less.
- **The header row repeats** on every page of a sheet that has one (row 1, frozen).
- **Charts whole.** A chart beside a table would widen the printed area and shrink the table
  to make room; each chart is moved under its table, at column A, after a page break, so that
  it starts a page of its own and is never cut. It is made as wide as the table (so as wide
  as the page, once scaled) and at most a page high, so one page holds it.
- **Paper.** A4, with narrow margins; the sheet's name and the page number in the footer.

openpyxl is imported by the functions that use it, as everywhere in the workbook.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from stakhanov.views.workbook.book import col

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from stakhanov.views.workbook.book import Book

__all__ = ["PORTRAIT_WIDTH", "set_up_printing"]

# How many characters of the default font an A4 page holds across between narrow margins
# (21 cm less 2 × 1.3 cm, at about 0.2 cm a character of Calibri 11): a sheet wider than
# this prints landscape.
PORTRAIT_WIDTH = 95.0
_DEFAULT_WIDTH = 8.43  # a column's width when none is set: Excel's and LibreOffice's default
_MARGIN = 0.5  # inches, left and right (narrow margins)
_CM_PER_ROW = 0.53  # a default row: 15 points
_CM_PER_CHAR = 0.19  # a character of column width: 7 pixels at 96 dpi, plus the padding
# A4 between the margins, in centimetres (portrait: across, down), less the footer's line.
_PAGE = (21.0 - 2 * 2.54 * _MARGIN, 29.7 - 2 * 2.54 * 0.6 - 1.5)


def set_up_printing(book: Book) -> None:
    """Set up every sheet of the book for paper (see the module's docstring)."""
    for sheet in book.sheets:
        _sheet(sheet.ws, header=sheet.ws.freeze_panes == "A2")


def _sheet(ws: Worksheet, *, header: bool) -> None:
    from openpyxl.worksheet.pagebreak import Break
    from openpyxl.worksheet.properties import PageSetupProperties

    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = _MARGIN
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = False
    footer = ws.oddFooter
    if footer is not None:
        footer.center.text = "&A, page &P"  # the sheet's name and the page's number
    if header:
        ws.print_title_rows = "1:1"
    last = ws.max_row
    table = _width(ws)
    landscape = table > PORTRAIT_WIDTH
    setup.orientation = "landscape" if landscape else "portrait"
    # The page scales the table to its width; a chart as wide as the table fills the page
    # too (and never widens it), at its own proportions, and no taller than the page.
    page_w, page_h = (_PAGE[1], _PAGE[0]) if landscape else _PAGE
    table_cm = max(table * _CM_PER_CHAR, page_w)
    scale = page_w / table_cm
    row = last + 1
    charts: list[Any] = list(ws._charts)  # type: ignore[attr-defined]  # openpyxl's own list
    for chart in charts:
        ratio = chart.height / chart.width
        chart.width = table_cm
        # (less the header row, which repeats at the top of the chart's page too)
        chart.height = min(table_cm * ratio, page_h / scale - 2 * _CM_PER_ROW)
        # Under the table, after a page break: the chart starts a page, and a page holds it.
        ws.row_breaks.append(Break(id=row))
        chart.anchor = f"A{row + 1}"
        row += math.ceil(chart.height / _CM_PER_ROW) + 2


def _width(ws: Worksheet) -> float:
    """The printed width of the sheet's used columns, in characters of the default font."""
    return sum(
        ws.column_dimensions[col(c)].width or _DEFAULT_WIDTH for c in range(1, ws.max_column + 1)
    )
