"""Rich tables, CSV and JSON for the typed results. Rendering never computes.

Tables round numbers for display (``digits``, default 2); JSON and CSV keep the library's
full precision unless ``--digits`` is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stakhanov.views.console import (
    cell,
    emit_records,
    make_console,
    make_table,
    number,
    rounded,
    shown,
    styled,
    write_json,
    write_lines,
)

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
    write_lines(lines)


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
    table = make_table(
        title, ["numerator", "denominator", "ratio", "basis", "note"], right=["ratio"]
    )
    table.caption = _LEGEND
    for r in rows:
        table.add_row(
            r.numerator,
            r.denominator,
            cell(r.low, r.central, r.high, r.bound, digits),
            r.basis,
            _short_note(r.note),
        )
    console = make_console()
    console.print(table)
    cited = dict.fromkeys(str(c) for r in rows for c in r.citations)
    console.print(f"Sources: {', '.join(cited)}.", soft_wrap=True, markup=False)


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


def _matrix(rows: Sequence[Ratio], groups: Sequence[str], digits: int) -> Table:
    table = make_table(
        "Ratio matrix: row group's earnings ÷ column group's (monthly)", ["", *groups], right=groups
    )
    by_pair = {(r.numerator, r.denominator): r for r in rows}
    for a in groups:
        cells = []
        for b in groups:
            r = by_pair.get((a, b))
            cells.append("1" if r is None else cell(r.low, r.central, r.high, r.bound, digits))
        table.add_row(a, *cells)
    return table


def print_groups(rows: Sequence[Mapping[str, Any]], fmt: str, digits: int | None = None) -> None:
    if fmt != "table":
        emit_records(rows, fmt, digits)
        return
    table = make_table(
        "Wage groups (rubles)",
        ["id", "who", "as given", "period", "pay", "source"],
        right=["as given"],
    )
    for rec in rows:
        period = str(rec["period"]) + (" (inferred)" if rec["period_inferred"] else "")
        pay = str(rec["pay_basis"]) + (f" ({rec['norm_id']})" if rec["norm_id"] else "")
        table.add_row(
            str(rec["id"]),
            str(rec["label"]),
            str(rec["as_given"]),
            period,
            pay,
            str(rec["source"]),
        )
    make_console().print(table)


def print_sources(notes: Sequence[SourceNote], fmt: str) -> None:
    if fmt != "table":
        emit_records([n.as_dict() for n in notes], fmt)
        return
    # rows: items of the data that cite the source; ledger: figures of its text in
    # rates/mentions.csv, used by the data or not.
    table = make_table(
        "Sources",
        ["id", "kind", "title", "date", "rows", "ledger", "what it gives"],
        right=["rows", "ledger"],
    )
    for n in notes:
        s = n.source
        date = s.date + (" (inferred)" if s.date_inferred and s.date else "")
        title = f"{s.title} — {s.author}".strip(" —")
        table.add_row(s.id, s.kind, title, date, str(n.rows), str(n.mentions), s.note)
    make_console().print(table)


def _print_norm_examples(console: Console, report: Report) -> None:
    from stakhanov.views.render_norms import norm_table

    for result in report.norms:
        title = f"If the norm moves: {result.revision.method} (rubles a month)"
        # the card's groups only; `stakhanov norm` shows every group
        console.print(norm_table(result, title, groups=report.matrix_groups))


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
    table = make_table(
        "Claims of the sources, checked against the data",
        ["id", "claimed", "computed", "verdict", "source"],
        right=["claimed", "computed"],
    )
    table.columns[0].no_wrap = True  # an id is typed back: never cut it
    for v in verdicts:
        table.add_row(v.claim.id, v.claimed, _computed(v, digits), _verdict(v.verdict), v.source)
    if verdicts:
        table.caption = (
            f"holds: every value the data allow satisfies the claim; roughly: some do, or all "
            f"do within {verdicts[0].tolerance * 100:g}%; fails: neither. "
            "`stakhanov claims ID` shows the arithmetic."
        )
    console.print(table)


def _verdict(verdict: str) -> Text:
    return styled((verdict, _VERDICT_STYLE.get(verdict, "bold")))


def _computed(v: ClaimVerdict, digits: int) -> str:
    s = v.computed
    return cell(s.low, s.central, s.high, s.bound, digits) + v.unit


def _print_claim(console: Console, v: ClaimVerdict, digits: int) -> None:
    c = v.claim
    console.print(styled((c.id, "bold"), ": ", (v.verdict, _VERDICT_STYLE.get(v.verdict, "bold"))))
    console.print(f"  claim:       {c.claim}")
    console.print(f'  claimed:     {v.claimed} (printed "{c.citation.as_printed}", {v.source})')
    console.print(f"  computed:    {_computed(v, digits)}")
    for i, step in enumerate(v.steps):
        console.print(f"  {'arithmetic:' if i == 0 else '':<12} {step}")
    if v.would_hold_if:
        console.print(f"  would hold:  {v.would_hold_if}")
    if c.note:
        console.print(f"  note:        {c.note}")
    console.print(f"  data:        {', '.join(v.data)}")
    console.print(f"  tolerance:   {v.tolerance * 100:g}%")


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
    console.print(_matrix(report.matrix, report.matrix_groups, digits))
    console.print(_LEGEND + " `stakhanov ratio A B` shows the arithmetic.")
    _print_norm_examples(console, report)
    notes = make_table("Sources", ["id", "kind", "rows cited", "note"], right=["rows cited"])
    for n in report.sources:
        notes.add_row(n.source.id, n.source.kind, str(n.rows), n.source.note)
    console.print(notes)
    if report.claims is not None:
        console.print(report.claims.line)
