"""Render ``stakhanov why``: one figure, its citation, its ledger mentions, claims, scenarios.

The explanation comes from ``stakhanov.calc.why``; this module only lays it out, as a few
lines and tables (``table``), one row per piece of evidence (``csv``) or the whole
explanation (``json``). The shared writers are in ``stakhanov.views.console``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stakhanov.calc.why import plain_number, price_ends, report_chain
from stakhanov.data.interval import approximately
from stakhanov.views.console import (
    emit_records,
    make_console,
    make_table,
    rounded,
    wrap_lines,
    write_json,
)

if TYPE_CHECKING:
    from stakhanov.calc.why import Explanation
    from stakhanov.data.mentions import Mention
    from stakhanov.data.prices import Price, PriceCitation

__all__ = ["print_why", "reads"]


def reads(m: Mention) -> str:
    """How the ledger reads a printed figure: '102 t', '6–7 t', '≥ 1,600 rubles', '≤ 35 t',
    '≈ 10 t', 'almost 800 t', 'date'."""
    unit = "" if m.unit == "date" else f" {m.unit}"
    if m.low is not None and m.high is not None and m.low != m.high:
        text = f"{plain_number(m.low)}–{plain_number(m.high)}"
    elif m.quantity is None and m.low is None and m.high is None:
        return m.unit
    elif m.low is None and m.high is not None:
        return f"≤ {plain_number(m.high)}{unit}"
    elif m.high is None and m.low is not None:
        return f"≥ {plain_number(m.low)}{unit}"
    else:
        text = plain_number(m.quantity if m.quantity is not None else m.low or 0.0)
    return f"{approximately(m.approximate, text)}{unit}"


def print_why(e: Explanation, fmt: str, digits: int | None = None) -> None:
    if fmt == "json":
        write_json(rounded(e.as_dict(), digits))
        return
    if fmt == "csv":
        emit_records(_evidence(e), fmt, digits)
        return
    console = make_console()
    c = e.citation
    lines = [
        f"{e.id} ({e.kind}): {e.label}",
        f"  figure: {e.figure}",
    ]
    if e.kind == "group":
        lines.append(
            f"  period: {e.period}{' (inferred)' * ('period' in e.inferred)}; "
            f"pay basis: {e.pay_basis}{' (inferred)' * ('pay basis' in e.inferred)}"
        )
    if e.kind == "record" and "duration" in e.inferred:
        lines.append(f"  duration: {e.period} (inferred: the text names no period; see the note)")
    if e.price is not None:
        lines.extend(_price_lines(e.price))
    else:
        printed = f", printed '{c.as_printed}'" if c.as_printed else ""
        lines.append(f"  cited: {c}{printed}")
        if e.report is not None:
            lines.append(f"  report: {report_chain(e.report, c)}")
        if e.reference:
            lines.append(f"  reference: {e.reference}")
    if e.note:
        lines.append(f"  note: {e.note}")
    for line in wrap_lines(lines, indent=4):
        console.print(line)
    if e.mentions:
        table = make_table(
            "Every mention in the sources (rates/mentions.csv)",
            ["source", "printed", "reads", "relation", "note"],
            wrap=["source", "printed", "reads", "relation", "note"],
        )
        for v in e.mentions:
            m = v.mention
            table.add_row(m.where, m.as_printed, reads(m), v.relation, m.note or m.subject)
        console.print(table)
    if e.claims:
        table = make_table(
            "Claims that measure it (rates/claims.csv)",
            ["claim", "source", "printed", "says"],
            wrap=["source", "printed", "says"],
        )
        for k in e.claims:
            table.add_row(k.id, str(k.citation), k.citation.as_printed, k.claim)
        console.print(table)
    if e.changes:
        table = make_table(
            "Replaced by a scenario", ["line", "before", "after"], wrap=["before", "after"]
        )
        for s in e.changes:
            table.add_row(s.where, s.before, s.after)
        console.print(table)


def _printed(c: PriceCitation) -> str:
    return f", printed '{c.as_printed}'" if c.as_printed else ""


def _price_lines(p: Price) -> list[str]:
    """Where a price comes from: outside the four reports, each end cited apart; or the
    scenario line that set it, and the cited price it replaced."""
    says = f"results in this good say '{p.at()}'"
    if p.set_by:
        lines = [
            f"  cited: {p.set_by} (a scenario line; {says})",
            "  replaced: the price of rates/prices.csv, from outside the four reports:",
        ]
        indent = "    "
    else:
        lines = [f"  source: external, outside the four reports ({says})"]
        indent = "  "
    if p.high_cited is None:
        lines.append(f"{indent}cited: {p.low_cited}{_printed(p.low_cited)}")  # both ends
        return lines
    for end, value, c in price_ends(p):
        figure = "" if p.set_by else f" {value:,.2f}"  # a scenario's ends are not these
        lines.append(f"{indent}{end} end{figure}: {c}{_printed(c)}")
    return lines


def _evidence(e: Explanation) -> list[dict[str, Any]]:
    """One row per piece of evidence: the data row, each mention, claim and scenario line.

    A price has a row for each end (its page in ``relation``: a page is not a paragraph),
    after the scenario line that replaced it, if one did."""
    c = e.citation
    rows: list[dict[str, Any]] = []
    if e.price is None or e.price.set_by:
        rows.append(
            _line(e.id, "data", c.source_id, c.paragraph, c.as_printed, e.figure, "", e.note)
        )
    if e.price is not None:
        replaced = " (replaced)" if e.price.set_by else ""
        for end, _, pc in price_ends(e.price):
            rows.append(
                _line(e.id, "data", pc.source_id, None, pc.as_printed, e.figure,
                      f"{end} end, {str(pc).removeprefix(pc.source_id).strip()}{replaced}", e.note)
            )  # fmt: skip
    if e.report is not None:
        r = e.report
        rows.append(
            _line(e.id, "report", r.id, None, r.date_printed, e.figure, f"quoted by {c}", r.note)
        )
    for v in e.mentions:
        m = v.mention
        rows.append(
            _line(e.id, "mention", m.source_id, m.paragraph, m.as_printed, reads(m), v.relation,
                  m.note or m.subject)
        )  # fmt: skip
    for k in e.claims:
        k_c = k.citation
        rows.append(
            _line(e.id, "claim", k_c.source_id, k_c.paragraph, k_c.as_printed, k.id, "", k.claim)
        )
    for s in e.changes:
        rows.append(_line(e.id, "scenario", s.where, None, "", s.after, "", f"was {s.before}"))
    return rows


def _line(
    item: str,
    evidence: str,
    source: str,
    paragraph: int | None,
    printed: str,
    figure: str,
    relation: str,
    note: str,
) -> dict[str, Any]:
    return {
        "id": item,
        "evidence": evidence,
        "source_id": source,
        "paragraph": paragraph,
        "as_printed": printed,
        "figure": figure,
        "relation": relation,
        "note": note,
    }
