"""The workbook's building blocks: how a cell is written, styled and counted.

Every cell goes through one of four doors: ``text`` (always a string, never a formula),
``value`` (a number or a flag), ``given`` (an input the user may edit: yellow) and
``formula`` (always a formula, counted). openpyxl guesses that any string starting with '='
is a formula, so a label such as ``=HYPERLINK(...)`` from a scenario would run in the
user's spreadsheet; ``text`` overrides the guess and writes it as the string it is.

openpyxl is imported by the functions that use it, never at module level, so that
importing the package stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from stakhanov.data.grids import Grid
    from stakhanov.data.rates import Rates

__all__ = [
    "FLAG",
    "INPUT_FILL",
    "PERCENT",
    "PRICE",
    "RATIO",
    "RUBLES",
    "SHARE",
    "Book",
    "Choices",
    "Sheet",
    "col",
]

INPUT_FILL = "FFF2CC"  # light yellow: a cell the user is meant to edit
_HEADER_FILL = "D9E1F2"  # light blue-grey: a header row
_INPUT_FONT = "1F3A93"  # dark blue figures: the usual convention for inputs
# Excel's limit per cell; longer text would be cut by the application anyway.
_MAX_TEXT = 32_767

_FONT = "Calibri"  # the default font: a styled cell that names none falls back to a serif
RUBLES = "#,##0.0"
PRICE = "0.00"  # rubles a kilogram: kopecks shown, as price tables print them
RATIO = "0.00"
SHARE = "0.00"
PERCENT = "0.0"
# A flag as TRUE or FALSE, in Excel and LibreOffice alike (LibreOffice shows 1 and 0 for a
# boolean that carries no format).
FLAG = '"TRUE";"TRUE";"FALSE"'


@dataclass(frozen=True)
class Choices:
    """What the workbook starts from: report.toml's defaults, checked against the data."""

    matrix_groups: tuple[str, ...]
    base: str
    alphas: Grid
    alpha: float
    record: str
    tariff_pct: float
    price: str | None = None  # the good of the Goods sheet; None: no Goods sheet


@dataclass
class Book:
    """The workbook being built, and where each sheet put what the later sheets refer to."""

    wb: Workbook
    rates: Rates
    choices: Choices
    formulas: int = 0
    cells: int = 0
    # Inputs: the row of each group, and absolute references to the chosen inputs.
    group_row: dict[str, int] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    # Norms: the row of each group, and absolute references to the derived parameters.
    norms_row: dict[str, int] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    # Ladder: the row of each group (the order is fixed when the book starts).
    ladder_row: dict[str, int] = field(default_factory=dict)

    def sheet(self, title: str, header: Sequence[str], widths: Sequence[float] = ()) -> Sheet:
        """A new sheet with a frozen, styled header row in row 1."""
        ws = self.wb.create_sheet(title)
        sheet = Sheet(self, ws)
        for i, name in enumerate(header, start=1):
            sheet.header(1, i, name)
        if header:
            ws.freeze_panes = "A2"
        sheet.widths(widths)
        return sheet


class Sheet:
    """One worksheet, written cell by cell through the four doors."""

    def __init__(self, book: Book, ws: Worksheet) -> None:
        self.book = book
        self.ws = ws

    def text(self, row: int, column: int, value: str, *, bold: bool = False) -> None:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        cell = self.ws.cell(row, column)
        # Control characters cannot be stored in the file format at all: they become
        # U+FFFD, visibly, rather than failing the whole export.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:_MAX_TEXT]
        cell.data_type = "s"  # never a formula, never an error code: exactly this text
        if bold:
            cell.font = Font(name=_FONT, bold=True)
        self.book.cells += 1

    def value(self, row: int, column: int, value: float | bool, fmt: str | None = None) -> None:
        cell = self.ws.cell(row, column, value)
        if fmt:
            cell.number_format = fmt
        self.book.cells += 1

    def given(
        self, row: int, column: int, value: float | bool | str, fmt: str | None = None
    ) -> None:
        """An input: yellow, blue figures. Formulas elsewhere read it."""
        from openpyxl.styles import Font, PatternFill

        if isinstance(value, str):
            self.text(row, column, value)
        else:
            self.value(row, column, value, fmt)
        cell = self.ws.cell(row, column)
        cell.fill = PatternFill("solid", start_color=INPUT_FILL, end_color=INPUT_FILL)
        cell.font = Font(name=_FONT, color=_INPUT_FONT)

    def formula(self, row: int, column: int, expr: str, fmt: str | None = None) -> None:
        if not expr.startswith("="):
            raise ValueError(f"not a formula: {expr!r}")  # a bug in this module, not input
        cell = self.ws.cell(row, column, expr)
        if fmt:
            cell.number_format = fmt
        self.book.formulas += 1
        self.book.cells += 1

    def header(self, row: int, column: int, name: str) -> None:
        from openpyxl.styles import Font, PatternFill

        self.text(row, column, name)
        cell = self.ws.cell(row, column)
        cell.font = Font(name=_FONT, bold=True)
        cell.fill = PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)

    def widths(self, widths: Sequence[float]) -> None:
        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[col(i)].width = width


def col(index: int) -> str:
    """Column letter of a 1-based index: 1 → 'A', 27 → 'AA'."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
