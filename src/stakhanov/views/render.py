"""Rich tables, CSV and JSON for the typed results. Rendering never computes.

Tables round numbers for display (``digits``, default 2); JSON and CSV keep the library's
full precision unless ``--digits`` is given.

It builds on ``console`` beside it, and borrows ``render_norms``' norm table for the
report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stakhanov.views.console import (
    Notes,
    cell,
    emit_records,
    fits,
    make_console,
    make_table,
    number,
    rounded,
    shown,
    split_columns,
    styled,
    wrap_lines,
    write_json,
    write_lines,
)
from stakhanov.views.console import stacked as stacked_cell

if TYPE_CHECKING:  # rich is imported only when a table is actually drawn
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from stakhanov.calc.claims import ClaimVerdict
    from stakhanov.calc.comparison import Ratio
    from stakhanov.calc.report import Report, SourceNote

__all__ = [
    "print_claims",
    "print_groups",
    "print_ratio",
    "print_ratios",
    "print_report",
    "print_sources",
]

# --- one printer per command ---------------------------------------------------------------


def print_ratio(r: Ratio, fmt: str, digits: int | None = None) -> None:
    if fmt != "table":
        row = r.as_dict()
        if fmt == "json":
            write_json(rounded(row, digits))
        else:
            emit_records([row], fmt, digits)
        return
    digits = shown(digits)
    # Plain lines, not rich: a single ratio is the quickest query, and rich's console costs
    # more start-up than everything else the command loads (benchmarks/startup.py).
    lines = [
        f"{r.numerator} / {r.denominator}: {_words(r, digits)}",
        f"  arithmetic: {r.arithmetic}",
        f"  basis:      {r.basis}",
        *([f"  note:       {r.note}"] if r.note else []),
        f"  sources:    {', '.join(str(c) for c in r.citations)}",
    ]
    write_lines(lines, indent=14)


def _words(r: Ratio, digits: int) -> str:
    if r.bound == "exact":
        return f"{number(r.central, digits)}×"
    if r.bound == "at least":
        return f"at least {number(r.low, digits)}×"
    if r.bound == "at most":
        return f"at most {number(r.high, digits)}×"
    if r.bound == "range":
        return (
            f"{number(r.low, digits)}× to {number(r.high, digits)}×"
            f" (central {number(r.central, digits)}×)"
        )
    return f"about {number(r.central, digits)}× at face value, with no bound either way"


def print_ratios(rows: Sequence[Ratio], fmt: str, title: str, digits: int | None = None) -> None:
    if fmt != "table":
        emit_records([r.as_dict() for r in rows], fmt, digits)
        return
    digits = shown(digits)
    # A note is numbered under the table: inside it, the ids would leave no room at 80 columns.
    notes = Notes()
    table = make_table(
        title,
        ["numerator", "denominator", "ratio", "basis [note]"],
        right=["ratio"],
        wrap=["ratio", "basis [note]"],
    )
    for r in rows:
        # A basis that names both groups ("a: month; b: day") goes with the note.
        mixed = ":" in r.basis
        note = "; ".join(p for p in (r.basis if mixed else "", _short_note(r.note)) if p)
        ref = notes.ref(note)
        table.add_row(
            r.numerator,
            r.denominator,
            cell(r.low, r.central, r.high, r.bound, digits),
            " ".join(p for p in ("" if mixed else r.basis, ref) if p),
        )
    console = make_console()
    console.print(table)
    console.print(_LEGEND)
    notes.print(console)
    cited = dict.fromkeys(str(c) for r in rows for c in r.citations)
    if cited:  # no pair (a package of one group under --no-builtin): no sources to name
        console.print(f"Sources: {', '.join(cited)}.", markup=False)


# What every table's legend already says is left out of its notes column; JSON and CSV
# keep the full note.
_LEGEND = (
    "≥ lower bound, ≤ upper bound, a–b (c) range with central figure; open bounds "
    "count at face value in the central figure. Most periods are monthly by "
    "inference: see `stakhanov groups`."
)


def _short_note(note: str) -> str:
    kept = [
        p for p in note.split("; ") if not p.startswith(("period inferred", "open bounds count"))
    ]
    return "; ".join(kept)


def _matrix(rows: Sequence[Ratio], groups: Sequence[str], digits: int, width: int) -> list[Table]:
    """The matrix, split into blocks of columns when the page is too narrow for all of them."""
    by_pair = {(r.numerator, r.denominator): r for r in rows}

    def block(columns: Sequence[int]) -> Table:
        heads = [groups[i] for i in columns]
        table = make_table(
            "Ratio matrix: row group's earnings ÷ column group's (monthly)",
            ["", *heads],
            right=heads,
        )
        for a in groups:
            cells = []
            for b in heads:
                r = by_pair.get((a, b))
                cells.append("1" if r is None else cell(r.low, r.central, r.high, r.bound, digits))
            table.add_row(a, *cells)
        return table

    return split_columns(len(groups), block, width)


def print_groups(rows: Sequence[Mapping[str, Any]], fmt: str, digits: int | None = None) -> None:
    if fmt != "table":
        emit_records(rows, fmt, digits)
        return
    console = make_console()
    table = _groups_table(rows, stacked=False)
    if not fits(table, console.width):  # a narrow page: who goes under the id
        table = _groups_table(rows, stacked=True)
    console.print(table)


def _groups_table(rows: Sequence[Mapping[str, Any]], *, stacked: bool) -> Table:
    who = ["id / who"] if stacked else ["id", "who"]
    table = make_table(
        "Wage groups (rubles)",
        [*who, "as given", "period", "pay", "source"],
        right=["as given"],
        wrap=["id / who", "who", "as given", "period", "pay", "source"],
    )
    for rec in rows:
        period = str(rec["period"]) + (" (inferred)" if rec["period_inferred"] else "")
        pay = str(rec["pay_basis"]) + (f" ({rec['norm_id']})" if rec["norm_id"] else "")
        ident: list[str | Text] = (
            [stacked_cell(str(rec["id"]), str(rec["label"]))]
            if stacked
            else [str(rec["id"]), str(rec["label"])]
        )
        table.add_row(*ident, str(rec["as_given"]), period, pay, str(rec["source"]))
    return table


def print_sources(notes: Sequence[SourceNote], fmt: str) -> None:
    if fmt != "table":
        emit_records([_flat(n.as_dict()) for n in notes] if fmt == "csv" else
                     [n.as_dict() for n in notes], fmt)  # fmt: skip
        return
    texts = [n for n in notes if n.source.kind != "quoted"]
    reports = [n for n in notes if n.source.kind == "quoted"]
    gives = Notes()  # what each source gives is a paragraph: numbered under the table
    console = make_console()
    table = _sources_table(texts, gives, stacked=False)
    if not fits(table, console.width):  # a narrow page: the title goes under the id
        gives = Notes()
        table = _sources_table(texts, gives, stacked=True)
    console.print(table)
    gives.print(console)
    if reports:
        table = _reports_table(reports, stacked=False)
        if not fits(table, console.width):  # a narrow page: paper under id, read under printed
            table = _reports_table(reports, stacked=True)
        console.print(table)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV cell per field: a report's figures joined by ';'."""
    return {**row, "figures": ";".join(row["figures"])}


def _reports_table(notes: Sequence[SourceNote], *, stacked: bool) -> Table:
    """The 1935 reports a text quotes: the date as printed and as read, where, which figures."""
    via = ", ".join(dict.fromkeys(n.source.via for n in notes))
    head = ["id / paper", "printed / read"] if stacked else ["id", "paper", "printed", "read"]
    table = make_table(
        f"Reports of 1935 known only through {via} (kind quoted)",
        [*head, "¶", "figures"],
        wrap=["printed", "printed / read", "¶", "figures"],
    )
    longest = 1
    for n in notes:
        s = n.source
        # Two issues cited together (1935-11-23/1935-11-24) read as words, which wrap.
        read = s.date.replace("/", " to ") + (
            " (misprint)" if s.misprint else " (by context)" if s.date_inferred else ""
        )
        paragraphs = ", ".join(s.paragraphs.split(";"))
        figures = [f.partition(":")[2] for f in n.figures] or ["—"]
        longest = max(longest, *map(len, figures))
        # An id per line: ids are what a user types to `why`, never cut.
        shown = stacked_cell(*figures) if stacked else ", ".join(figures)
        cells: list[str | Text] = (
            [stacked_cell(s.id, s.title), stacked_cell(s.date_printed, read)]
            if stacked
            else [s.id, s.title, s.date_printed, read]
        )
        table.add_row(*cells, paragraphs, shown)
    table.columns[-1].min_width = longest
    return table


def _sources_table(notes: Sequence[SourceNote], gives: Notes, *, stacked: bool) -> Table:
    # rows: items of the data that cite the source; ledger: figures of its text in
    # rates/mentions.csv, used by the data or not.
    ident = ["id / title"] if stacked else ["id", "title"]
    table = make_table(
        "Sources",
        [ident[0], "kind", *ident[1:], "date", "rows", "ledger", "gives"],
        right=["rows", "ledger"],
        wrap=["id / title", "kind", "title", "date"],
    )
    for n in notes:
        s = n.source
        date = s.date + (" (inferred)" if s.date_inferred and s.date else "")
        title = f"{s.title} — {s.author}".strip(" —")
        cells = [stacked_cell(s.id, title), s.kind] if stacked else [s.id, s.kind, title]
        # A package's bibliography entry is shown in full, under the note it belongs to.
        note = f"{s.note} Reference: {s.reference}".strip() if s.reference_key else s.note
        table.add_row(*cells, date, str(n.rows), str(n.mentions), gives.ref(note))
    return table


def _print_norm_examples(console: Console, report: Report) -> None:
    from stakhanov.views.render_norms import norm_table

    notes = Notes()
    for result in report.norms:
        title = f"If the norm moves: {result.revision.method} (rubles a month)"
        # the card's groups only; `stakhanov norm` shows every group
        console.print(norm_table(result, notes, title, groups=report.matrix_groups))
    notes.print(console)


# --- claims ---------------------------------------------------------------------------------

_VERDICT_STYLE = {"holds": "green", "roughly": "yellow", "fails": "red"}


def print_claims(
    verdicts: Sequence[ClaimVerdict], fmt: str, digits: int | None = None, *, detail: bool = False
) -> None:
    """Every claim as a table, or (``detail``) one claim in full with its arithmetic."""
    if fmt == "json":
        data = [v.as_dict() for v in verdicts]
        write_json(rounded(data[0] if detail and data else data, digits))
        return
    if fmt == "csv":
        emit_records([v.as_row() for v in verdicts], fmt, digits)
        return
    digits = shown(digits)
    console = make_console()
    if detail:
        for v in verdicts:
            _print_claim(console, v, digits)
        return
    table = _claims_table(verdicts, digits, stacked=False)
    if not fits(table, console.width):  # a narrow page: the source goes under the id
        table = _claims_table(verdicts, digits, stacked=True)
    console.print(table)


def _claims_table(verdicts: Sequence[ClaimVerdict], digits: int, *, stacked: bool) -> Table:
    ident = ["id / source"] if stacked else ["id"]
    table = make_table(
        "Claims of the sources, checked against the data",
        [*ident, "claimed", "computed", "verdict", *([] if stacked else ["source"])],
        right=["claimed", "computed"],
        wrap=["id / source", "claimed", "computed", "source"],
    )
    for v in verdicts:
        cells: list[str | Text] = [stacked_cell(v.claim.id, v.source)] if stacked else [v.claim.id]
        cells += [v.claimed, _computed(v, digits), _verdict(v.verdict)]
        table.add_row(*cells, *([] if stacked else [v.source]))
    if verdicts:
        table.caption = (
            f"holds: every value the data allow satisfies the claim; roughly: some do, or all "
            f"do within {verdicts[0].tolerance * 100:g}%; fails: neither. "
            "`stakhanov claims ID` shows the arithmetic."
        )
    return table


def _verdict(verdict: str) -> Text:
    return styled((verdict, _VERDICT_STYLE.get(verdict, "bold")))


def _computed(v: ClaimVerdict, digits: int) -> str:
    s = v.computed
    return cell(s.low, s.central, s.high, s.bound, digits) + v.unit


def _print_claim(console: Console, v: ClaimVerdict, digits: int) -> None:
    c = v.claim
    console.print(styled((c.id, "bold"), ": ", (v.verdict, _VERDICT_STYLE.get(v.verdict, "bold"))))
    lines = [
        f"  claim:       {c.claim}",
        f'  claimed:     {v.claimed} (printed "{c.citation.as_printed}", {v.source})',
        f"  computed:    {_computed(v, digits)}",
        *(f"  {'arithmetic:' if i == 0 else '':<12} {step}" for i, step in enumerate(v.steps)),
        *([f"  would hold:  {v.would_hold_if}"] if v.would_hold_if else []),
        *([f"  note:        {c.note}"] if c.note else []),
        f"  data:        {', '.join(v.data)}",
        f"  tolerance:   {v.tolerance * 100:g}%",
    ]
    # Wrapped under their label, so the labels stay a column at any width.
    for line in wrap_lines(lines, indent=15):
        console.print(line)


def print_report(report: Report, fmt: str, digits: int | None = None) -> None:
    if fmt == "json":
        write_json(rounded(report.as_dict(), digits))
        return
    if fmt == "csv":
        # One long table; the first column says which part of the report a row belongs to.
        rows = [{"section": "ladder", **r.as_dict()} for r in report.ladder]
        if report.goods:  # `report --in ID`: each rung's wage in the good, beside the rubles
            from stakhanov.views.goods_cells import flat

            rows = [{**row, **flat(g)} for row, g in zip(rows, report.goods, strict=True)]
        rows += [{"section": "matrix", **r.as_dict()} for r in report.matrix]
        emit_records(rows, fmt, digits)
        return
    digits = shown(digits)
    console = make_console()
    console.print(
        styled(("stakhanov report", "bold"), ": wages and piece rates in the 1935 reports")
    )
    if report.scenarios:
        console.print(f"scenarios applied: {', '.join(report.scenarios)}")
    if report.goods:
        from stakhanov.views.goods_cells import ladder_in_goods

        console.print(ladder_in_goods(report))
    else:
        ladder = make_table(
            "Wage ladder (rubles a month; a day figure stays a day)",
            ["group", "monthly", "basis", "pay", "source"],
            right=["monthly"],
            wrap=["monthly", "basis"],
        )
        for row in report.ladder:
            g = row.group
            ladder.add_row(
                g.id,
                cell(row.low, row.central, row.high, row.bound, 0),
                row.basis,
                g.pay_basis,
                str(g.citation),
            )
        console.print(ladder)
    for block in _matrix(report.matrix, report.matrix_groups, digits, console.width):
        console.print(block)
    console.print(_LEGEND + " `stakhanov ratio A B` shows the arithmetic.")
    _print_norm_examples(console, report)
    notes = make_table(
        "Sources",
        ["id", "kind", "rows cited", "note"],
        right=["rows cited"],
        wrap=["kind", "rows cited", "note"],
    )
    for n in report.sources:
        notes.add_row(n.source.id, n.source.kind, str(n.rows), n.source.note)
    console.print(notes)
    if report.claims is not None:
        console.print(report.claims.line)
