"""The workbook's Sensitivity sheet: which input each of the card's ratios hinges on.

One block of rows per ordered pair of the card's groups (``report.toml``'s
``matrix_groups``, as on Ratios): each uncertain input with its range and the ratio at
either end, the others central (the tornado of ``stats.sensitivity``), largest swing first.
These are values, not formulas, and the sheet says so: the analysis is the library's work.
Sobol indices are left to ``stakhanov sensitivity ratio A B``, so that the export does not
import SALib and SciPy (and stays within its speed goal). Neighbours: ``export`` (``SHEETS``).
"""

from __future__ import annotations

from stakhanov.views.workbook.book import Book

__all__ = ["sensitivity"]


def sensitivity(book: Book) -> None:
    """The tornado of every ratio of the card's groups, as values."""
    from stakhanov.stats.sensitivity import ratio_sensitivity

    header = (
        "ratio",
        "input",
        "given",
        "low",
        "high",
        "ratio, inputs central",
        "ratio at low",
        "ratio at high",
        "swing",
    )
    sheet = book.sheet("Sensitivity", header, (34, 34, 24, 10, 10, 20, 14, 14, 10))
    groups = book.choices.matrix_groups
    row = 1
    for a in groups:
        for b in groups:
            if a == b:
                continue
            result = ratio_sensitivity(book.rates, a, b, draws=0)
            for r in result.rows:
                row += 1
                sheet.text(row, 1, result.what)
                sheet.text(row, 2, r.input.key)
                sheet.text(row, 3, r.input.given)
                sheet.value(row, 4, r.input.low, "#,##0.##")
                sheet.value(row, 5, r.input.high, "#,##0.##")
                sheet.value(row, 6, result.central, "0.00")
                sheet.value(row, 7, r.swing_low, "0.00")
                sheet.value(row, 8, r.swing_high, "0.00")
                sheet.value(row, 9, r.swing, "0.00")
    sheet.text(
        row + 2,
        1,
        "Values, not formulas: computed when the workbook was written. Editing Inputs does "
        "not recompute them. Each input moves from its low to its high end with the others "
        "central; a period may be a half-month (×2) or a whole month (×1); the cap's range "
        "(1 to 2 × cap − 1) is an assumption. Sobol indices: `stakhanov sensitivity ratio A B`.",
    )
