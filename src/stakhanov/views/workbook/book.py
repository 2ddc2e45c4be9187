"""The workbook's building blocks: how a cell is written, styled and counted.

Every cell goes through one of four doors: ``text`` (always a string, never a formula),
``value`` (a number or a flag), ``given`` (an input the user may edit: yellow) and
``formula`` (always a formula, counted, with the value the library computes for it, which
``cached`` writes into the saved file). openpyxl guesses that any string starting with '='
is a formula, so a label such as ``=HYPERLINK(...)`` from a scenario would run in the
user's spreadsheet; ``text`` overrides the guess and writes it as the string it is.

openpyxl is imported by the functions that use it, never at module level, so that
importing the package stays cheap.

``export`` assembles the sheets of ``live_sheets`` and ``view_sheets`` through it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stakhanov.data.literal import visible

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

    from stakhanov.data.grids import Grid
    from stakhanov.data.rates import Rates
    from stakhanov.data.rules import RuleSpec

__all__ = [
    "FLAG",
    "INPUT_FILL",
    "PERCENT",
    "PRICE",
    "RATIO",
    "RUBLES",
    "SHARE",
    "Book",
    "Cached",
    "Choices",
    "Sheet",
    "col",
]

INPUT_FILL = "FFF2CC"  # light yellow: a cell the user is meant to edit
_HEADER_FILL = "D9E1F2"  # light blue-grey: a header row
_INPUT_FONT = "1F3A93"  # dark blue figures: the usual convention for inputs
# Excel's limit per cell; longer text would be cut by the application anyway.
_MAX_TEXT = 32_767
# A column grows to its longest entry up to this width (in characters); longer text wraps.
_WIDEST = 60
_LINE = 15  # points: one line of the default font, the default row height
_WRAP_SLACK = 1.15  # wrapping breaks between words, so lines run short of the width

_FONT = "Calibri"  # the default font: a styled cell that names none falls back to a serif
RUBLES = "#,##0.0"
PRICE = "0.00"  # rubles a kilogram: kopecks shown, as price tables print them
RATIO = "0.00"
SHARE = "0.00"
PERCENT = "0.0"
# A flag as TRUE or FALSE, in Excel and LibreOffice alike (LibreOffice shows 1 and 0 for a
# boolean that carries no format).
FLAG = '"TRUE";"TRUE";"FALSE"'

# What a formula evaluates to: a number, a text (an open end: "no upper bound") or a flag.
Cached = float | str | bool


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
    # A raise of the record's norm in %, from a scenario's [revision]; None: the norm moves
    # by α toward the record.
    raise_pct: float | None = None


@dataclass
class Book:
    """The workbook being built, and where each sheet put what the later sheets refer to."""

    wb: Workbook
    rates: Rates
    choices: Choices
    rule: RuleSpec  # the run's pay rule (``calc.model.Model.rule``): Norms and Sweep pay by it
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
    # Each formula's value as the library computes it: sheet title -> cell -> value.
    cached: dict[str, dict[str, Cached]] = field(default_factory=dict)
    sheets: list[Sheet] = field(default_factory=list)

    def sheet(self, title: str, header: Sequence[str], widths: Sequence[float] = ()) -> Sheet:
        """A new sheet with a frozen, styled header row in row 1."""
        ws = self.wb.create_sheet(title)
        sheet = Sheet(self, ws)
        for i, name in enumerate(header, start=1):
            sheet.header(1, i, name)
        if header:
            ws.freeze_panes = "A2"
        sheet.widths(widths)
        self.sheets.append(sheet)
        return sheet

    def fit(self) -> None:
        """Every sheet's columns wide enough for what they hold (``Sheet.fit``)."""
        for sheet in self.sheets:
            sheet.fit()


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
        # U+FFFD, visibly, rather than failing the whole export. Format characters (a bidi
        # override) and surrogates (a file name's undecodable byte) are shown as escapes,
        # as everywhere else. A carriage return can be written but does not survive: XML
        # reads a raw CR back as a newline, so the cell would hold a line break the user
        # never wrote; it is shown as its escape, \r, as in a table or a CSV cell (a
        # Windows line end, CR LF, is a newline).
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value).replace("\r\n", "\n")
        cell.value = visible(text.replace("\r", "\\r"))[:_MAX_TEXT]
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

    def formula(
        self, row: int, column: int, expr: str, fmt: str | None = None, *, cached: Cached
    ) -> None:
        """A formula, and ``cached``: what the library says it evaluates to (``None`` ends
        of a span come here as their text, "no upper bound")."""
        if not expr.startswith("="):
            raise ValueError(f"not a formula: {expr!r}")  # a bug in this module, not input
        cell = self.ws.cell(row, column, expr)
        if fmt:
            cell.number_format = fmt
        self.book.cached.setdefault(self.ws.title, {})[cell.coordinate] = cached
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

    def fit(self) -> None:
        """Widen each column to its longest entry, as shown (a formula by its cached value),
        up to ``_WIDEST``; text longer than that wraps inside its cell. The widths given
        to ``Book.sheet`` are the least a column gets.

        Text with an empty cell to its right is left out: it runs on over that cell, as a
        title or a note at the end of a row does, and is not cut. Not in the last column:
        text running on past it would widen the printed page (``printing``), so it wraps.
        """
        from openpyxl.cell.cell import Cell
        from openpyxl.styles import Alignment

        cached = self.book.cached.get(self.ws.title, {})
        shown: dict[tuple[int, int], Cell] = {}
        for r, cells in enumerate(self.ws.iter_rows(min_row=1, min_col=1), start=1):
            for c, cell in enumerate(cells, start=1):
                if cell.value is not None and isinstance(cell, Cell):
                    shown[r, c] = cell
        last = self.ws.max_column
        need: dict[str, float] = {}
        wrap: list[tuple[int, int, Cell, float]] = []
        for (r, c), cell in shown.items():
            value = cached.get(cell.coordinate, cell.value)
            text = isinstance(value, str)
            if text and (r, c + 1) not in shown and not cell.alignment.wrap_text and c < last:
                continue  # it runs on over the empty cell to its right
            # Width counts digits of the default font; bold letters are wider.
            lines = _shown(value, cell.number_format).splitlines() or [""]
            width = max(map(len, lines)) * (1.1 if cell.font.b else 1) + 2
            need[col(c)] = max(need.get(col(c), 0), width)
            if text:
                wrap.append((r, c, cell, width))
        for letter, width in need.items():
            column = self.ws.column_dimensions[letter]
            column.width = max(column.width or 0, min(width, _WIDEST))
        for r, c, cell, width in wrap:
            room = self.ws.column_dimensions[col(c)].width or _WIDEST
            if width <= room:
                continue
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            # The row is made tall enough for the wrapped lines: not every reader sizes
            # rows to their contents (LibreOffice keeps the default height).
            count = math.ceil(width * _WRAP_SLACK / (room - 2))
            row = self.ws.row_dimensions[r]
            row.height = max(row.height or 0, _LINE * count)


def _shown(value: object, fmt: str) -> str:
    """A value as a spreadsheet shows it with the number formats used here (roughly)."""
    if isinstance(value, bool):
        return "FALSE" if not value else "TRUE"
    if not isinstance(value, int | float):
        return str(value)
    places = {RUBLES: 1, RATIO: 2, PERCENT: 1, "0.00": 2}.get(fmt)
    if places is None:
        return f"{value:.10g}"  # General: about ten significant digits
    return f"{value:,.{places}f}" if fmt == RUBLES else f"{value:.{places}f}"


def col(index: int) -> str:
    """Column letter of a 1-based index: 1 → 'A', 27 → 'AA'."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
