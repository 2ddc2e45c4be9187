"""What every renderer shares: number formatting, the console, tables, CSV and JSON writers.

The renderers of each command family (``render``, ``render_norms``, ``render_inequality``,
``render_scenario``) build on these; none of them imports another's internals. Numbers are
rounded here, for display only (``digits``); the library's results keep full precision.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich is imported only when a table is actually drawn
    from rich.console import Console
    from rich.table import Table

__all__ = [
    "FORMATS",
    "applied",
    "cell",
    "csv_value",
    "emit_records",
    "make_console",
    "make_table",
    "name_scenarios",
    "number",
    "rounded",
    "shown",
    "write_json",
]

FORMATS = ("table", "csv", "json")


def number(value: float | None, digits: int = 2) -> str:
    """A figure for a table: thousands separated, trailing zeros kept to ``digits``."""
    return "—" if value is None else f"{value:,.{digits}f}"


def cell(low: float | None, central: float, high: float | None, bound: str, digits: int = 2) -> str:
    """One ratio (or any bounded figure) in a few characters: '≥ 9.41', '2.35–2.94 (2.65)'."""
    if bound == "exact":
        return number(central, digits)
    if bound == "at least":
        return f"≥ {number(low, digits)}"
    if bound == "at most":
        return f"≤ {number(high, digits)}"
    if bound == "range":
        dash = " to " if (low or 0) < 0 else "–"  # "-28.6 to -24.7", not "-28.6–-24.7"
        return f"{number(low, digits)}{dash}{number(high, digits)} ({number(central, digits)})"
    return f"~{number(central, digits)}, unbounded"


def shown(digits: int | None, default: int = 2) -> int:
    """Decimals for a table: ``--digits`` when given, else the table's default."""
    return default if digits is None else digits


def rounded(value: Any, digits: int | None) -> Any:
    """Round every float in ``value``; ``None`` (no --digits given) keeps full precision."""
    if digits is None:
        return value
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, Mapping):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v, digits) for v in value]
    return value


def applied() -> list[str]:
    """The scenarios (and --set) named for this run: for writers that stream their own rows."""
    return list(_APPLIED)


def name_scenarios(labels: Sequence[str]) -> None:
    """Name the scenarios (and --set) the running command applied, for JSON and CSV output."""
    _APPLIED[:] = list(labels)


# Machine output names its scenarios itself, not only on stderr (lost when piped to a file).
# The CLI names them once, after applying them; the library's results need not carry them.
_APPLIED: list[str] = []


def emit_records(records: Sequence[Mapping[str, Any]], fmt: str, digits: int | None = None) -> None:
    """Write rows as CSV or JSON to stdout (the machine-readable formats).

    Full precision unless ``digits`` is given. Under a scenario, CSV rows end with a
    ``scenarios`` column and JSON becomes ``{"scenarios": [...], "rows": [...]}``.
    """
    rows = [rounded(dict(r), digits) for r in records]
    if fmt == "json":
        write_json(rows)
        return
    columns = list(dict.fromkeys(k for r in rows for k in r))
    if _APPLIED:  # the last column, whatever columns the rows have
        columns.append("scenarios")
        rows = [{**r, "scenarios": list(_APPLIED)} for r in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: csv_value(v) for k, v in r.items()})
    sys.stdout.write(buffer.getvalue())


def write_json(data: Any) -> None:
    """JSON on stdout: finite numbers only (``allow_nan=False``), scenarios named at the top.

    An object gains a ``scenarios`` key (report, inequality and diff carry their own); a list
    of rows under a scenario becomes ``{"scenarios": [...], "rows": [...]}``.
    """
    import json  # only the JSON format pays for it

    from stakhanov.errors import DataError

    if _APPLIED and isinstance(data, Mapping) and "scenarios" not in data:
        data = {**data, "scenarios": list(_APPLIED)}
    elif _APPLIED and isinstance(data, list):
        data = {"scenarios": list(_APPLIED), "rows": data}
    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:  # the input checks should have refused it: never print Infinity/NaN
        raise DataError(
            "a result is not a finite number: refusing to write Infinity or NaN"
        ) from None
    sys.stdout.write(text + "\n")


def csv_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        from stakhanov.errors import DataError

        raise DataError("a result is not a finite number: refusing to write inf or nan")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def make_console() -> Console:
    from rich.console import Console

    # A pipe or a file gets a fixed, wide page rather than rich's 80 columns.
    return Console(width=None if sys.stdout.isatty() else 120, highlight=False)


def make_table(title: str, columns: Iterable[str], *, right: Iterable[str] = ()) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    right = set(right)
    for name in columns:
        table.add_column(name, justify="right" if name in right else "left")
    return table
