"""The records and the norms as tables, CSV or JSON (``stakhanov records``, ``norms``).

The rows come from ``calc.listing``; each table shows the id, who or what, the figure as the
source states it (with its bounds), the unit, the period and the citation, as
``render.print_groups`` does for the wage groups. JSON and CSV carry every field of a row.
On a narrow page the "who" or "what" goes under the id, as in the groups' table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stakhanov.calc.listing import stated
from stakhanov.data.interval import Interval
from stakhanov.views.console import emit_records, fits, make_console, make_table, stacked

if TYPE_CHECKING:  # rich is imported only when a table is actually drawn
    from rich.table import Table
    from rich.text import Text

__all__ = ["print_norms", "print_records"]

Rows = Sequence[Mapping[str, Any]]


def print_records(rows: Rows, fmt: str, digits: int | None = None) -> None:
    _print(rows, fmt, digits, _records_table)


def print_norms(rows: Rows, fmt: str, digits: int | None = None) -> None:
    _print(rows, fmt, digits, _norms_table)


def _print(rows: Rows, fmt: str, digits: int | None, build: Callable[..., Table]) -> None:
    if fmt != "table":
        emit_records(rows, fmt, digits)
        return
    console = make_console()
    table = build(rows, stacked=False)
    if not fits(table, console.width):  # a narrow page: who or what goes under the id
        table = build(rows, stacked=True)
    console.print(table)


def _pair(*parts: str, stacked_: bool) -> list[str | Text]:
    """Cells side by side, or one cell of a line each on a narrow page."""
    return [stacked(*parts)] if stacked_ else list(parts)


def _records_table(rows: Rows, *, stacked: bool) -> Table:
    # A narrow page: who and what go under the id, and the period and date under the unit,
    # so that the ids and the citations, what a user types and looks up, stay whole.
    head = ["id / who, what"] if stacked else ["id", "who, what"]
    when = ["unit / period / date"] if stacked else ["unit", "period", "date"]
    table = make_table(
        "Records and benchmarks (the ids --toward takes)",
        [*head, "figure", *when, "source"],
        right=["figure"],
        wrap=["id / who, what", "who, what", "unit", "period", "unit / period / date", "source"],
    )
    if stacked:  # wrapping the who and the period leaves the ids and the source ids whole
        table.columns[0].min_width = max((len(str(rec["id"])) for rec in rows), default=0)
        table.columns[-1].min_width = max(
            (len(str(rec["source"]).split(" ")[0]) for rec in rows), default=0
        )
    for rec in rows:
        what = f"{rec['person']}: {rec['activity']}"
        unit, period = str(rec["unit"]), str(rec["period"])
        date = str(rec["date"]) or "not stated"
        table.add_row(
            *_pair(str(rec["id"]), what, stacked_=stacked),
            _figure(rec["figure"]),
            *_pair(unit, period, date, stacked_=stacked),
            str(rec["source"]),
        )
    return table


def _norms_table(rows: Rows, *, stacked: bool) -> Table:
    what = ["id / what"] if stacked else ["id", "what"]
    table = make_table(
        "Output norms (the point used is what a revision starts from)",
        [*what, "figure", "used", "unit", "period", "source"],
        right=["figure", "used"],
        wrap=["id / what", "what", "unit", "period", "source"],
    )
    for rec in rows:
        table.add_row(
            *_pair(str(rec["id"]), str(rec["activity"]), stacked_=stacked),
            _figure(rec["figure"]),
            stated(Interval.point(float(rec["value"]))),
            str(rec["unit"]),
            str(rec["period"]),
            str(rec["source"]),
        )
    return table


def _figure(text: object) -> str | Text:
    """A figure whole on its first line; the lower figures printed beside an upper bound
    ('35 or less (down to 30 printed)') go on a line of their own, so a narrow page keeps
    the id column readable."""
    figure, sep, rest = str(text).partition(" (down to ")
    return stacked(figure, "(" + rest) if sep else figure
