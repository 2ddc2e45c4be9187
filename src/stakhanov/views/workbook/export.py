"""The spreadsheet: a workbook that stays live in Excel or LibreOffice.

Every number the workbook derives is a formula over the Inputs sheet, so a teacher who
changes a wage, a norm, α or the record sees every ratio, the norm revision and the charts
follow. The workbook also carries its sources and the scenarios it was made with.

Each sheet is one function of a ``Book`` (``book``), in ``live_sheets`` or
``view_sheets``; ``SHEETS`` lists them in tab order, so adding a sheet is one function and
one entry. A sheet may refer to the layout of the sheets before it (Inputs' rows, Norms'
parameters) through the ``Book``.

The file is written through ``atomic_write``: whole or not at all, never over an existing
file without ``force``. Before the rename, ``cached`` writes each formula's value (computed
by the library as the sheet was built) beside the formula, for readers that do not
recalculate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from stakhanov.atomic import atomic_write, check_target
from stakhanov.calc.goods import price_of
from stakhanov.calc.report import ladder as ladder_rows
from stakhanov.data.grids import parse_grid
from stakhanov.data.rates import Rates
from stakhanov.data.settings import NO_RECORD, report_settings, settings_path
from stakhanov.errors import DataError, OutputError, StakhanovError
from stakhanov.views.workbook.book import Book, Choices
from stakhanov.views.workbook.goods_sheet import goods
from stakhanov.views.workbook.live_sheets import inputs, ratios
from stakhanov.views.workbook.norms_sheet import norms
from stakhanov.views.workbook.printing import set_up_printing
from stakhanov.views.workbook.sensitivity_sheet import sensitivity
from stakhanov.views.workbook.view_sheets import about, claims, ladder, sources, sweep

if TYPE_CHECKING:
    from openpyxl import Workbook

    from stakhanov.calc.model import Model

__all__ = [
    "SHEETS",
    "Choices",
    "ExportSummary",
    "build_workbook",
    "export_choices",
    "export_workbook",
]

# Tab order. Inputs comes first: the others refer to it. Norms comes before Sweep, which
# reads its parameters.
SHEETS: tuple[tuple[str, Callable[[Book], None]], ...] = (
    ("Inputs", inputs),
    ("Ratios", ratios),
    ("Norms", norms),
    ("Sweep", sweep),
    ("Ladder", ladder),
    ("Goods", goods),
    ("Claims", claims),
    ("Sensitivity", sensitivity),
    ("Sources", sources),
    ("About", about),
)


@dataclass(frozen=True)
class ExportSummary:
    """What was written: the file, its sheets, how many formulas and cells."""

    path: Path
    sheets: tuple[str, ...]
    formulas: int
    cells: int


def export_workbook(
    rates: Rates | Model, path: str | Path, *, force: bool = False
) -> ExportSummary:
    """Write the live workbook to ``path`` (an .xlsx file), whole or not at all.

    ``rates`` is the run's ``calc.model.Model`` (its rule and revision set the Norms and
    Sweep sheets and the choices on Inputs); plain ``Rates`` are made into one.

    >>> from stakhanov import load_rates
    >>> export_workbook(load_rates(), "notes.txt")
    Traceback (most recent call last):
    stakhanov.errors.OutputError: notes.txt: the file name must end in .xlsx
    """
    if Path(path).suffix.lower() != ".xlsx":
        raise OutputError(f"{path}: the file name must end in .xlsx")
    check_target(path, force=force)  # fail before the work, not after it
    book = _build(rates)
    written = atomic_write(path, lambda handle: _save(book, handle), force=force)
    return ExportSummary(written, tuple(book.wb.sheetnames), book.formulas, book.cells)


def build_workbook(rates: Rates | Model) -> Workbook:
    """The workbook in memory, for a caller who wants to change it before saving.

    openpyxl saves it without the formulas' cached values: ``export_workbook`` adds them.
    """
    return _build(rates).wb


def _save(book: Book, handle: BinaryIO) -> None:
    import io

    from stakhanov.views.workbook.cached import add_cached_values

    plain = io.BytesIO()
    book.wb.save(plain)
    handle.write(add_cached_values(plain.getvalue(), book.cached))


def _build(given: Rates | Model) -> Book:
    from openpyxl import Workbook

    from stakhanov import __version__
    from stakhanov.calc.model import build_model

    model = build_model(given) if isinstance(given, Rates) else given
    rates = model.rates

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]  # the default, unnamed sheet
    wb.properties.title = "stakhanov: wages and piece rates in the 1935 reports"
    wb.properties.creator = f"stakhanov {__version__}"
    book = Book(wb, rates, export_choices(rates, model.revision), model.rule)
    # The ladder's order is fixed now, so Ratios (written before Ladder) can refer to it.
    for row, entry in enumerate(ladder_rows(rates), start=2):
        book.ladder_row[entry.group.id] = row
    for _, write in SHEETS:
        write(book)
    book.fit()
    set_up_printing(book)  # last: it reads the finished sheets
    wb.active = 0
    return book


def export_choices(rates: Rates, revision: Mapping[str, Any] | None = None) -> Choices:
    """What the workbook starts from, from ``report.toml``, checked against the data.

    α and the record are the first of ``norm_examples``; the tariff change is
    ``defaults.tariff_pct``; the base group and the α grid are ``export_base`` and
    ``export_alpha_grid``. A scenario's ``revision`` (``Model.revision``) replaces α and the
    record (or gives a raise instead), and the tariff change.
    """
    from stakhanov.calc.norms import revise_norm

    where = settings_path(rates)
    settings = report_settings(rates)
    if not settings.get("norm_examples") and not rates.records:
        raise DataError(NO_RECORD.format(what="the workbook"))
    example = _get(settings, where, "norm_examples", 0)
    choices = Choices(
        matrix_groups=tuple(str(g) for g in _get(settings, where, "matrix_groups")),
        base=str(_get(settings, where, "export_base")),
        alphas=parse_grid(str(_get(settings, where, "export_alpha_grid")), "export_alpha_grid"),
        alpha=_number(_get(example, where, "alpha"), where, "norm_examples[0].alpha"),
        record=str(_get(example, where, "toward")),
        tariff_pct=_number(
            _get(_get(settings, where, "defaults"), where, "tariff_pct"),
            where,
            "defaults.tariff_pct",
        ),
        price=None if settings.get("export_price") is None else str(settings["export_price"]),
    )
    if revision:
        choices = _revised(choices, revision)
    try:
        for group in (*choices.matrix_groups, choices.base):
            rates.group(group)
        if choices.price is not None:
            price_of(rates, choices.price)
        # The same checks as any revision, at the default α and both ends of the grid.
        for alpha in (choices.alpha, min(choices.alphas), max(choices.alphas)):
            revise_norm(rates, alpha=alpha, toward=choices.record, tariff_pct=choices.tariff_pct)
    except StakhanovError as exc:
        raise DataError(f"{where}: {exc}") from None
    return choices


def _revised(choices: Choices, revision: Mapping[str, Any]) -> Choices:
    """The choices under a scenario's own revision: its α and record, or its raise, and
    its tariff change (checked where every scenario is)."""
    tariff = float(revision.get("tariff_pct", choices.tariff_pct))
    if revision.get("raise_pct") is not None:
        return replace(choices, raise_pct=float(revision["raise_pct"]), tariff_pct=tariff)
    alpha = revision.get("alpha")
    record = str(revision.get("toward", choices.record))
    alpha = choices.alpha if alpha is None else float(alpha)
    return replace(choices, alpha=alpha, record=record, tariff_pct=tariff)


def _get(table: Any, where: Path, key: str, index: int | None = None) -> Any:
    if not isinstance(table, dict) or key not in table:
        raise DataError(f"{where}: missing '{key}' (needed by stakhanov export)")
    value = table[key]
    if index is None:
        return value
    if not isinstance(value, list) or len(value) <= index:
        raise DataError(f"{where}: '{key}' needs at least {index + 1} entries")
    return value[index]


def _number(value: Any, where: Path, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(f"{where}: {key}: must be a number, got {value!r}")
    return float(value)
