"""What every renderer shares: number formatting, the console, tables, CSV and JSON writers.

The renderers of each command family (``render``, ``render_norms``, ``render_inequality``,
``render_scenario``) build on these; none of them imports another's internals. Numbers are
rounded here, for display only (``digits``); the library's results keep full precision.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stakhanov.data.literal import csv_cell, literal

if TYPE_CHECKING:  # rich is imported only when a table is actually drawn
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

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
    "styled",
    "write_json",
    "write_lines",
]

FORMATS = ("table", "csv", "json")
_JSON_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


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


def write_lines(lines: Iterable[str]) -> None:
    """Plain lines to stdout, without rich (the quickest queries); user text shown literally."""
    sys.stdout.write("".join(f"{literal(line)}\n" for line in lines))


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
    # JSON escapes C0 controls itself; the other control characters (DEL, C1, separators,
    # bidirectional overrides) are escaped too, so the text reaches a terminal inert and a
    # JSON reader still gets exactly what the user wrote.
    sys.stdout.write(_JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def csv_value(value: Any) -> Any:
    """A CSV cell: numbers as they are, text (user text included) safe for a spreadsheet."""
    if isinstance(value, float) and not math.isfinite(value):
        from stakhanov.errors import DataError

        raise DataError("a result is not a finite number: refusing to write inf or nan")
    if isinstance(value, list):
        return csv_cell("; ".join(str(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return csv_cell(value)
    return "" if value is None else value


def make_console(*, stderr: bool = False) -> Console:
    """The console every renderer prints with: user text in it is shown literally.

    Markup and emoji codes are off, so ``Hewer [sic]`` or ``:smile:`` in a label is shown as
    written (and ``[/bold]`` cannot crash a table); every string printed, in a line, a cell
    or a title, has its control characters escaped (``literal``). Styles are given as
    ``Text`` objects built from the program's own words.
    """
    from rich.console import Console

    class _Literal(Console):
        def render_str(self, text: str, **options: Any) -> Text:
            options["markup"] = options["emoji"] = False
            return super().render_str(literal(text), **options)

    channel = sys.stderr if stderr else sys.stdout
    # A pipe or a file gets a fixed, wide page rather than rich's 80 columns.
    return _Literal(
        stderr=stderr,
        width=None if channel.isatty() else 120,
        highlight=False,
        markup=False,
        emoji=False,
    )


def styled(*parts: str | tuple[str, str]) -> Text:
    """A line with styled parts, ``(text, style)``, each text shown literally (no markup).

    >>> styled(("claim", "bold"), ": holds").plain
    'claim: holds'
    """
    from rich.text import Text

    return Text.assemble(
        *((literal(p[0]), p[1]) if isinstance(p, tuple) else literal(p) for p in parts)
    )


def make_table(title: str, columns: Iterable[str], *, right: Iterable[str] = ()) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    right = set(right)
    for name in columns:
        table.add_column(name, justify="right" if name in right else "left")
    return table
