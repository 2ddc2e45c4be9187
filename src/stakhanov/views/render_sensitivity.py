"""Tables, CSV and JSON for ``stakhanov sensitivity``. Never computes.

The table shows each input's range, the answer at either end (the tornado), the Sobol
indices with their 95% intervals and, for a claim, where the verdict flips. The lines under
it say what the indices assume (draws, distribution, seed) and why some inputs have none.
Neighbours: ``stats.sensitivity`` (the results), ``cli.sensitivity`` (the commands).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from stakhanov.views.console import (
    emit_records,
    fits,
    make_console,
    make_table,
    number,
    rounded,
    shown,
    split_columns,
)
from stakhanov.views.console import stacked as stacked_cell

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from stakhanov.stats.sensitivity import Sensitivity, SensitivityRow

__all__ = ["flip_at", "print_sensitivity"]


def _index(value: float | None, ci: tuple[float, float] | None, digits: int) -> str:
    if value is None:
        return "—"
    if ci is None or ci[0] == ci[1]:
        return number(value, digits)
    half = (ci[1] - ci[0]) / 2
    return f"{number(value, digits)} ± {number(half, digits)}"


def _fig(value: float) -> str:
    """'1,600', '2.5', '0.96': thousands separated, at most two decimals."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _range(row: SensitivityRow) -> str:
    inp = row.input
    return _fig(inp.low) if inp.fixed else f"{_fig(inp.low)}–{_fig(inp.high)}"


def flip_at(row: SensitivityRow) -> str:
    """Where the verdict flips: '960 (1,920 a month)' for a half-month figure, 'none'.

    The table here and the HTML page (``views.html.context``) say it alike.
    """
    if row.flip is None:
        return "none"
    at, inp = row.flip.at, row.input
    if inp.per_month != 1.0:  # a half-month figure: say what it is a month
        return f"{_fig(at)} ({_fig(at * inp.per_month)} a month)"
    return _fig(at)


def _flip(row: SensitivityRow, digits: int) -> tuple[str, str, str]:
    if row.flip is None:
        return "none", "", ""
    f = row.flip
    return flip_at(row), f"{f.below} → {f.above}", "yes" if row.within_range else "no"


def _footer(result: Sensitivity, digits: int) -> list[str]:
    """The assumptions, a line each, short enough for a README or a narrow terminal."""
    within = "uniformly" if result.dist == "uniform" else "triangularly (peak at the centre)"
    kinds = {r.input.kind for r in result.rows}
    capped = f", open ends capped at ×{result.cap:g}" if "cap" in kinds else ""
    lines = [
        f"Central answer {number(result.central, digits)}{result.unit}; at low → high: that "
        "input at each end of its range, the others central.",
    ]
    if result.draws:
        lines += [
            f"Sobol indices (SALib): {result.draws:,} base samples; ranges drawn {within}{capped};",
            f"± is the 95% interval; seed {result.seed} (--seed {result.seed} repeats it).",
        ]
    if kinds & {"period", "cap"}:
        lines.append("—: a period or the cap, which the Monte Carlo holds fixed: no index.")
    if "cap" in kinds:
        lines.append(
            "The cap's range (1 to 2 × cap − 1) is an assumption of ours: the sources set no limit."
        )
    if result.is_claim:
        lines += [
            "Flips at: the value of that input alone at which the verdict changes, the others",
            "central (none: no value does); within range: whether the sources' range holds it.",
        ]
    lines += list(result.notes)
    return lines


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row: the flip point's value in ``flips_at``, its two verdicts beside it."""
    if "flips_at" not in row:
        return row
    flip = row.pop("flips_at")
    within = row.pop("within_range")
    return {
        **row,
        "flips_at": None if flip is None else flip["value"],
        "verdict_below": None if flip is None else flip["below"],
        "verdict_above": None if flip is None else flip["above"],
        "within_range": within,
    }


def _inputs(r: SensitivityRow, stacked: bool) -> list[str | Text]:
    """The input's key and its given value: two cells, or one of two lines."""
    key, given = r.input.key, r.input.given
    return [stacked_cell(key, given)] if stacked else [key, given]


# The swing table's figure columns. Each cell is one figure ("3.60 → 7.20", "1.00 ± 0.04")
# and never wraps: a page too narrow for all of them gets them in blocks (``split_columns``),
# the inputs repeated in each, as the wide tables of the other commands do.
_NUMBERS = ("range", "at low → high", "swing", "first order", "total")


def _swings(
    result: Sensitivity, digits: int, *, stacked: bool, shown: Sequence[int] | None = None
) -> Table:
    inputs = ["input / given"] if stacked else ["input", "given"]
    picked = range(len(_NUMBERS)) if shown is None else shown
    numbers = [_NUMBERS[i] for i in picked]
    title = f"Which assumption matters: {result.what} ({result.kind})"
    table = make_table(title, [*inputs, *numbers], right=numbers, wrap=["input / given", "given"])
    for r in result.rows:
        cells = (
            _range(r),
            f"{number(r.swing_low, digits)} → {number(r.swing_high, digits)}",
            number(r.swing, digits),
            _index(r.first_order, r.first_order_ci, digits),
            _index(r.total, r.total_ci, digits),
        )
        table.add_row(*_inputs(r, stacked), *(cells[i] for i in picked))
    return table


def _flips(result: Sensitivity, digits: int, *, stacked: bool) -> Table | None:
    if not result.is_claim:
        return None
    inputs = ["input / given"] if stacked else ["input", "given"]
    rest = ["flips at", "below → above", "within range"]
    table = make_table(
        f"Where the verdict flips ({result.verdict} with every figure central)",
        [*inputs, *rest],
        right=["flips at"],
        wrap=["input / given", "given", *rest],
    )
    for r in result.rows:
        table.add_row(*_inputs(r, stacked), *_flip(r, digits))
    return table


def _framed(table: Table, width: int) -> bool:
    """Whether the table fits ``width`` with its outer frame (``fits`` may drop the frame)."""
    return fits(table, width) and table.show_edge


def print_sensitivity(result: Sensitivity, fmt: str, digits: int | None = None) -> None:
    """One sensitivity analysis as a table, CSV or JSON (full precision unless ``digits``)."""
    if fmt == "csv":
        emit_records([_flat(r) for r in result.records()], fmt, digits)
        return
    if fmt == "json":
        from stakhanov.views.console import write_json

        write_json(rounded(result.as_dict(), digits))
        return
    # A metric reads to three decimals (a Gini of 0.392), a ratio to two.
    digits = shown(digits, 3 if result.kind == "inequality" else 2)
    console = make_console()
    width = console.width
    # The whole table framed, the given beside its key or under it (a narrow page); else
    # the figure columns in framed blocks, each figure on one line.
    blocks = [_swings(result, digits, stacked=False)]
    if not _framed(blocks[0], width):
        blocks = split_columns(
            len(_NUMBERS),
            lambda shown: _swings(result, digits, stacked=True, shown=shown),
            width,
            framed=True,
        )
    for block in blocks:
        console.print(block)
    flips = _flips(result, digits, stacked=False)
    if flips is not None and not fits(flips, width):
        flips = _flips(result, digits, stacked=True)
    if flips is not None:
        console.print(flips)
    for line in _footer(result, digits):
        console.print(line, highlight=False, markup=False)
