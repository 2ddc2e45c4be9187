"""What the HTML page shows, as plain data for its template: every figure already computed
by the library and already worded; the template only places it.

Each section is one function: the ladder, the ratio matrix, the norm slider (its grid comes
from ``calc.norm_grid``), the sources and the figures they give (the claims and the
inequality of each workforce are ``views.html.findings``). Every figure carries a link: a
wage to its row in the figures table, and that row to its source. With a price chosen, the
ladder and the slider state each wage in that good too (``views.html.goods``).
Neighbours: ``views.html.page`` renders this; ``views.html.svg`` draws the pictures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stakhanov.calc.comparison import Ratio, ratios
from stakhanov.calc.norm_grid import GroupLine, NormGrid, RecordGrid, norm_grid
from stakhanov.calc.report import ladder, source_notes
from stakhanov.data.interval import describe, rubles
from stakhanov.data.periods import monthly
from stakhanov.data.prices import Price
from stakhanov.data.rates import Rates
from stakhanov.data.records import Citation, per_duration
from stakhanov.data.rules import RuleSpec
from stakhanov.views.console import cell, number
from stakhanov.views.html.goods import kilograms_along, ladder_goods, price_figure

__all__ = [
    "Context",
    "about_section",
    "cite",
    "figures_section",
    "ladder_section",
    "matrix_section",
    "norms_section",
    "sources_section",
]

Context = dict[str, Any]

_LEGEND = (
    "≥ a lower bound, ≤ an upper bound, a–b (c) a range with its central figure; an open "
    "bound counts at face value in a central figure."
)


def _href(rates: Rates, citation: Citation) -> str | None:
    # A citation that names a source in the data links to it; a scenario's does not.
    return f"#src-{citation.source_id}" if citation.source_id in rates.sources else None


def cite(rates: Rates, citation: Citation) -> Context:
    """A citation's text, linked to its source's row when the data name that source."""
    return {"text": str(citation), "href": _href(rates, citation)}


def _percent(value: float | None) -> str:
    """A change as the page's script writes it: '−57.6%', '+5.0%', '0%'."""
    if value is None:
        return "—"
    text = f"{abs(value):,.1f}%"
    if text == "0.0%":
        return "0%"
    return ("−" if value < 0 else "+") + text


# ---- the ladder and the matrix ----------------------------------------------------------


def ladder_section(
    rates: Rates, svg: str, left_out: Sequence[str], price: Price | None = None
) -> Context:
    rungs = ladder(rates)
    goods = ladder_goods(rates, price, [r.group.id for r in rungs]) if price else None
    rows = []
    for row in rungs:
        g = row.group
        rows.append(
            {
                "id": g.id,
                "label": g.label,
                "monthly": cell(row.low, row.central, row.high, row.bound, 0),
                "basis": row.basis,
                "pay": g.pay_basis + (f" ({g.norm_id})" if g.norm_id else ""),
                "source": {"text": str(g.citation), "href": f"#fig-wage-{g.id}"},
                "goods": goods["cells"][g.id] if goods else None,
            }
        )
    users = [g.id for g in rates.wages.values() if g.citation.scenario]
    given = "the range a source gives" + (
        f", or the scenario sets ({', '.join(users)})" if users else ""
    )  # a range a scenario set is the user's, not a source's
    caption = f"Whiskers: {given}; arrows: open bounds."
    if left_out:
        caption += f" Not drawn (no monthly figure): {', '.join(left_out)}."
    return {"svg": svg, "rows": rows, "caption": caption, "goods": goods}


def _words(r: Ratio) -> str:
    phrase = {
        "exact": f"{number(r.central)}×",
        "at least": f"at least {number(r.low)}×",
        "at most": f"at most {number(r.high)}×",
        "range": f"{number(r.low)}× to {number(r.high)}× (central {number(r.central)}×)",
    }
    return phrase.get(r.bound, f"about {number(r.central)}× at face value, unbounded")


def matrix_section(rates: Rates, groups: Sequence[str]) -> Context:
    by_pair = {(r.numerator, r.denominator): r for r in ratios(rates, groups=list(groups))}
    rows = []
    for a in groups:
        cells: list[Context | None] = []
        for b in groups:
            r = by_pair.get((a, b))
            if r is None:
                cells.append(None)
                continue
            cells.append(
                {
                    "key": f"{a}--{b}",
                    "numerator": a,
                    "denominator": b,
                    "text": cell(r.low, r.central, r.high, r.bound),
                    "words": _words(r),
                    "arithmetic": r.arithmetic,
                    "basis": r.basis,
                    "note": r.note,
                    "sources": [
                        {"text": f"{g}: {rates.wages[g].citation}", "href": f"#fig-wage-{g}"}
                        for g in (a, b)
                    ],
                }
            )
        rows.append({"group": a, "cells": cells})
    return {"groups": list(groups), "rows": rows, "legend": _LEGEND}


# ---- the norm slider -----------------------------------------------------------------------


def _norm_text(grid: RecordGrid, i: int) -> str:
    low, mid, high = grid.new_low[i], grid.new_central[i], grid.new_high[i]
    amount = f"{mid:,.4g}" if low == high else f"{low:,.4g}–{high:,.4g} ({mid:,.4g})"
    return f"{amount} {grid.unit} (the norm '{grid.norm}' was {grid.old_norm:g} {grid.unit})"


def _range(low: float | None, high: float | None) -> str:
    """The range after a revision: '169.7–212.1', '≥ 678.8' where the top is open."""
    if low is None or high is None:
        if low is None and high is None:
            return "no bound either way"
        return f"≥ {rubles(low)}" if low is not None else f"≤ {rubles(high or 0)}"
    return rubles(low) if rubles(low) == rubles(high) else f"{rubles(low)}–{rubles(high)}"


def _series(texts: Sequence[str]) -> str | list[str]:
    """A column of the grid for the script: one text when it never changes, else all."""
    return texts[0] if len(set(texts)) == 1 else list(texts)


def _texts(line: GroupLine, price: Price | None) -> dict[str, list[str]]:
    """A group's figures along α, worded as the page shows them; with a price, the range
    after the revision in that good too (``kg``)."""
    texts = {
        "after": [rubles(v) for v in line.after],
        "range": [_range(lo, hi) for lo, hi in zip(line.low, line.high, strict=True)],
        "change": [_percent(v) for v in line.change_pct],
    }
    if price is not None:
        texts["kg"] = kilograms_along(line, price)
    return texts


def _grid_json(grid: NormGrid, price: Price | None) -> Context:
    """What the script looks up: every figure, worded, for every α and every record."""
    records = {}
    fields = ("after", "range", "change") + (("kg",) if price else ())
    for r in grid.records:
        texts = {line.group: _texts(line, price) for line in r.lines}
        entry: Context = {"norm_text": [_norm_text(r, i) for i in range(len(grid.alphas))]}
        for field in fields:
            entry[field] = {g: _series(t[field]) for g, t in texts.items()}
        entry["ratios"] = {
            f"{x.numerator}/{x.denominator}": _series([number(v) for v in x.after])
            for x in r.ratios
        }
        records[r.record] = entry
    return {
        "alphas": list(grid.alphas),
        "labels": [f"{a:.2f}" for a in grid.alphas],
        # The slider's value, as the browser writes it ("0.1"), to its place on the grid.
        "index": {f"{a:g}": i for i, a in enumerate(grid.alphas)},
        "records": records,
    }


def _state(grid: NormGrid, record: RecordGrid, i: int, price: Price | None) -> Context:
    def group(line: GroupLine) -> Context:
        texts = _texts(line, price)
        return {
            "id": line.group,
            "before": rubles(line.before),
            **{field: values[i] for field, values in texts.items()},
        }

    return {
        "alpha": f"{grid.alphas[i]:.2f}",
        "norm_text": _norm_text(record, i),
        "groups": [group(line) for line in record.lines],
        "pairs": [
            {
                "key": f"{x.numerator}/{x.denominator}",
                "numerator": x.numerator,
                "denominator": x.denominator,
                "before": number(x.after[0]),
                "after": number(x.after[i]),
            }
            for x in record.ratios
        ],
    }


def norms_section(
    rates: Rates,
    pairs: Sequence[str],
    toward: str,
    alpha: float,
    price: Price | None = None,
    *,
    rule: RuleSpec | None = None,
    tariff_pct: float = 0.0,
) -> Context:
    """The slider's grid, its starting state (α = 0), and the printed tables (α = 0 and
    ``alpha`` toward ``toward``) that stand in for the slider on paper; with ``price``, each
    group's earnings in that good too. ``rule`` and ``tariff_pct``: the run's (``Model``)."""
    shown = [
        gid
        for gid, g in rates.wages.items()
        if monthly(g, rates.working_days_per_month).period == "month"
    ]
    grid = norm_grid(rates, shown, pairs, rule=rule, tariff_pct=tariff_pct)
    record = grid.record(toward)
    at = min(range(len(grid.alphas)), key=lambda i: abs(grid.alphas[i] - alpha))
    printed = []
    for i in dict.fromkeys((0, at)):
        state = _state(grid, record, i, price)
        title = f"α = {state['alpha']} toward {toward}: new norm {state['norm_text']}"
        printed.append({"title": title + " (rubles a month; ratios: central)", **state})
    options = []
    for r in grid.records:
        rec = rates.record(r.record)
        output = describe(rec.output)
        options.append({"id": r.record, "text": f"{rec.person}, {output} {rec.unit}"})
    return {
        "rule": grid.rule,
        "records": options,
        "default_record": toward,
        "initial": _state(grid, record, 0, price),
        "printed": printed,
        "left_out": _by_reason(grid.left_out),
        "grid": _grid_json(grid, price),
        "goods": None if price is None else {"item": price.item, "unit": price.good_unit},
    }


def _by_reason(left_out: Sequence[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    reasons: dict[str, list[str]] = {}
    for record, why in left_out:
        reasons.setdefault(why, []).append(record)
    return list(reasons.items())


# ---- sources ----------------------------------------------------------------------------


def sources_section(rates: Rates, claims: Sequence[Any]) -> list[Context]:
    out = []
    for note in source_notes(rates, claims):
        s = note.source
        date = s.date + (" (inferred)" if s.date_inferred and s.date else "")
        parts = [p for p in (s.title, s.author, date, s.reference) if p]
        text = s.note
        if s.kind == "quoted":  # a 1935 report: the date as printed and read, who quotes it
            read = " (the printed date a misprint)" if s.misprint else ""
            where = ", ".join(f"¶{p}" for p in s.paragraphs.split(";"))
            parts = [s.title, f"printed {s.date_printed}", f"read {s.date}{read}",
                     f"quoted by {s.via} {where}"]  # fmt: skip
            if note.figures:
                text += f" Figures: {', '.join(f.partition(':')[2] for f in note.figures)}."
        out.append(
            {
                "anchor": f"src-{s.id}",
                "id": s.id,
                "kind": s.kind,
                "citation": ", ".join(parts),
                "rows": note.rows,
                "note": text,
            }
        )
    return out


def _cites(rates: Rates, citation: Citation) -> list[Context]:
    """A figure's citation, and the 1935 report the cited text gives for it, if it names one."""
    out = [cite(rates, citation)]
    if citation.report_id:
        out.append({"text": citation.report_id, "href": f"#src-{citation.report_id}"})
    return out


def figures_section(rates: Rates, price: Price | None = None) -> list[Context]:
    """Every wage, norm and record, as printed and where: the rows the page's figures cite;
    and the price the page states wages in, with both ends' sources."""
    out = []
    for g in rates.wages.values():
        period = g.period + (" (inferred)" if g.period_inferred else "")
        out.append(
            {
                "anchor": f"fig-wage-{g.id}",
                "id": g.id,
                "what": g.label,
                "value": f"{describe(g.wage)} a {period}",
                "printed": [g.citation.as_printed],
                "sources": _cites(rates, g.citation),
            }
        )
    for n in rates.norms.values():
        out.append(
            {
                "anchor": f"fig-norm-{n.id}",
                "id": n.id,
                "what": f"norm: {n.activity}",
                "value": f"{n.value:g} {n.unit} (given {describe(n.range)})",
                "printed": [n.citation.as_printed],
                "sources": [cite(rates, n.citation)],
            }
        )
    for r in rates.records.values():
        out.append(
            {
                "anchor": f"fig-record-{r.id}",
                "id": r.id,
                "what": f"record: {r.person}",
                "value": f"{describe(r.output)} {r.unit} {per_duration(r, 'a')}",
                "printed": [r.citation.as_printed],
                "sources": _cites(rates, r.citation),
            }
        )
    if price is not None:
        out.append(price_figure(rates, price))
    return out


def about_section(rates: Rates, command: str, today: str) -> Context:
    from stakhanov import __version__

    return {
        "version": __version__,
        "date": today,
        "scenarios": list(rates.scenarios),
        "command": command,
    }
