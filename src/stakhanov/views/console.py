"""What every renderer shares: number formatting, the console, tables, CSV and JSON writers.

The renderers of each command family (``render``, ``render_norms``, ``render_inequality``,
``render_scenario``) build on these; none of them imports another's internals. Numbers are
rounded here, for display only (``digits``); the library's results keep full precision.

The page: ``page_width`` is COLUMNS, else the terminal's width, else 100 for a pipe.
``make_table`` builds tables that fit it: only the columns named ``wrap`` (text) may wrap,
at spaces and never inside a word; ids and numbers stay whole. ``split_columns`` prints a
matrix too wide for the page as blocks, ``Notes`` moves long explanations under a table,
and the console drops the spaces rich leaves at the end of lines.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stakhanov.data.literal import BEYOND_C0, csv_cell, literal

if TYPE_CHECKING:  # rich is imported only when a table is actually drawn
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

__all__ = [
    "DEFAULT_WIDTH",
    "FORMATS",
    "Notes",
    "applied",
    "cell",
    "csv_value",
    "emit_records",
    "fits",
    "make_console",
    "make_table",
    "name_scenarios",
    "number",
    "page_width",
    "rounded",
    "shown",
    "split_columns",
    "stacked",
    "styled",
    "wrap_lines",
    "write_json",
    "write_lines",
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


def write_lines(lines: Iterable[str], indent: int = 0) -> None:
    """Plain lines to stdout, without rich (the quickest queries); user text shown literally,
    each line wrapped to the page with ``indent`` spaces before its continuations."""
    shown_lines = wrap_lines((literal(line) for line in lines), indent)
    sys.stdout.write("".join(f"{line}\n" for line in shown_lines))


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
    # format characters, surrogates) are escaped too, so the text reaches a terminal inert,
    # the output is valid UTF-8, and a JSON reader still gets exactly what the user wrote.
    # json's own ASCII escape spells a character beyond U+FFFF as its surrogate pair.
    escape = json.JSONEncoder(ensure_ascii=True).encode
    sys.stdout.write(BEYOND_C0.sub(lambda m: escape(m.group())[1:-1], text) + "\n")


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


# --- the page: how wide, and tables that fit it -------------------------------------------

# A pipe or a file without COLUMNS gets this many columns: wide enough for the ratio matrix
# on one line, narrow enough to read in a pager or a mail.
DEFAULT_WIDTH = 100


def page_width() -> int:
    """The width to write to: ``COLUMNS`` when set, else the terminal's, else 100 for a pipe.

    ``COLUMNS`` wins even on a terminal (as rich and most tools do), so ``COLUMNS=80
    stakhanov report | less`` shows what an 80-column terminal would.
    """
    import os

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH


class _Stripped(io.TextIOBase):
    """stdout with the spaces at the end of each line dropped (rich pads titles and captions)."""

    def __init__(self, out: Any) -> None:
        self._out = out
        self._pending = ""

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        if lines:
            self._out.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self._pending:  # rich ends every print with a newline; this is a safety net
            self._out.write(self._pending)
            self._pending = ""
        self._out.flush()

    def isatty(self) -> bool:
        return bool(self._out.isatty())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        # io.TextIOBase answers None; rich chooses plain ASCII boxes from the real answer.
        return str(getattr(self._out, "encoding", None) or "utf-8")


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

        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; a closed pipe (`| head`) is the CLI's to end, quietly.
            self.quiet = True
            raise BrokenPipeError

    # The page's width (``page_width``), and no spaces left at the ends of lines.
    out: Any = _Stripped(sys.stderr if stderr else sys.stdout)  # a text stream, as rich expects
    return _Literal(file=out, width=page_width(), highlight=False, markup=False, emoji=False)


def styled(*parts: str | tuple[str, str]) -> Text:
    """A line with styled parts, ``(text, style)``, each text shown literally (no markup).

    >>> styled(("claim", "bold"), ": holds").plain
    'claim: holds'
    """
    from rich.text import Text

    return Text.assemble(
        *((literal(p[0]), p[1]) if isinstance(p, tuple) else literal(p) for p in parts)
    )


def wrap_lines(lines: Iterable[str], indent: int = 0) -> list[str]:
    """Plain lines wrapped to the page at spaces; an id or a number is never broken.

    Continuation lines are indented by ``indent``. For the commands that print plain text
    without rich (``ratio``), which must start fast.
    """
    import textwrap

    width = page_width()
    out = []
    for line in lines:
        out += textwrap.wrap(
            line,
            width,
            subsequent_indent=" " * indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    return out


class Notes:
    """Long explanations, numbered and printed under a table instead of inside it.

    A cell shows ``[n]``; the same text gets the same number.
    """

    def __init__(self) -> None:
        self._texts: dict[str, int] = {}

    def ref(self, text: str) -> str:
        if not text:
            return ""
        number_ = self._texts.setdefault(text, len(self._texts) + 1)
        return f"[{number_}]"

    def print(self, console: Console) -> None:
        from rich.text import Text

        for text, n in self._texts.items():
            console.print(Text(literal(f"[{n}] {text}")))


def make_table(
    title: str, columns: Iterable[str], *, right: Iterable[str] = (), wrap: Iterable[str] = ()
) -> Table:
    """A table that fits the page: only the ``wrap`` columns (text) may wrap, at spaces.

    Every other column (ids, numbers) keeps each cell on one line, whole. When the page is
    too narrow, the wrapping columns shrink first (never below their longest word); then the
    outer frame goes. A table that still does not fit is the caller's to split.
    """
    table = _fitting_table()(
        title=title, title_justify="left", caption_justify="left", header_style="bold"
    )
    right, wrap = set(right), set(wrap)
    for name in columns:
        table.add_column(
            # a header of two lines ("pit-before.toml\ncentral"): a newline, not its escape
            stacked(*name.split("\n")) if "\n" in name else name,
            justify="right" if name in right else "left",
            no_wrap=name not in wrap,
        )
    return table


def split_columns(
    count: int,
    build: Callable[[Sequence[int]], Table],
    width: int,
    *,
    framed: bool = False,
) -> list[Table]:
    """A wide table as blocks of its value columns, each block fitting ``width``; the blocks
    after the first are titled "(continued)".

    ``build(indexes)`` makes the table with the key columns and the value columns at
    ``indexes``; a block holds as many value columns as fit (at least one). With ``framed``
    a block fits only with its outer frame.
    """

    def fits(table: Table, width: int) -> bool:
        return _fit(table, width) and (table.show_edge or not framed)

    bounds: list[tuple[int, int]] = []
    start = 0
    while start < count:
        end = start + 1
        while end < count and fits(build(range(start, end + 1)), width):
            end += 1
        bounds.append((start, end))
        start = end
    # As many blocks as the greedy split needs, but balanced (2 + 2 rather than 3 + 1)
    # when the balanced blocks fit too.
    size = -(-count // len(bounds))
    even = [(i, min(i + size, count)) for i in range(0, count, size)]
    if len(even) == len(bounds) and all(fits(build(range(a, b)), width) for a, b in even):
        bounds = even
    tables = [build(range(a, b)) for a, b in bounds]
    for table in tables[1:]:  # the first block carries the title
        table.title = "(continued)"
    return tables


def fits(table: Table, width: int) -> bool:
    """Whether the table fits ``width`` columns once its text columns wrap."""
    return _fit(table, width)


def _plain(renderable: Any) -> str:
    """The text a cell shows: a ``Text`` as it is, a string as ``literal`` escapes it."""
    from rich.text import Text

    if isinstance(renderable, Text):
        return renderable.plain
    return literal(renderable) if isinstance(renderable, str) else ""


def stacked(*parts: str) -> Text:
    """One cell of several lines (an id above its label): each part shown literally.

    A string's newline would be escaped (``literal``), so the lines are joined in a
    ``Text``.
    """
    from rich.text import Text

    return Text("\n".join(literal(p) for p in parts))


def _fit(table: Any, width: int) -> bool:
    """Set the text columns' widths so the table fits ``width``; False if it cannot."""
    from rich.cells import cell_len

    widest, shortest = [], []
    for column in table.columns:
        texts = [_plain(column.header), *(_plain(c) for c in column._cells)]
        lines = [line for t in texts for line in t.splitlines() or [""]]
        widest.append(max((cell_len(line) for line in lines), default=0))
        words = [w for line in lines for w in line.split()] if not column.no_wrap else lines
        shortest.append(max((cell_len(w) for w in words), default=0))
    padding = sum(table._get_padding_width(i) for i in range(len(table.columns)))
    for edge in (True, False):
        table.show_edge = edge
        room = width - padding - table._extra_width
        if sum(widest) <= room:
            for column in table.columns:
                column.width = None
            return True
        if sum(shortest) <= room:
            break
    else:
        return False
    # Shrink the widest text columns first, down to a common level, never below a word.
    text = [i for i, c in enumerate(table.columns) if not c.no_wrap]
    fixed = sum(w for i, w in enumerate(widest) if i not in text)
    level = max(widest)
    while level > 0 and fixed + sum(max(shortest[i], min(widest[i], level)) for i in text) > room:
        level -= 1
    for i in text:
        table.columns[i].width = max(shortest[i], min(widest[i], level))
    return True


def _fitting_table() -> type[Table]:
    global _FITTING
    if _FITTING is None:
        from rich.table import Table

        class FittingTable(Table):
            def __rich_console__(self, console: Any, options: Any) -> Any:
                _fit(self, options.max_width)
                yield from super().__rich_console__(console, options)

        _FITTING = FittingTable
    return _FITTING


_FITTING: type[Table] | None = None
