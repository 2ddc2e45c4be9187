"""The typed results as small HTML tables, for Jupyter: a ``Ratio``, a norm revision
(``NormResult``), a claim's verdict, an inequality report and a sensitivity table.

Each table holds what the terminal shows for the result: the figure in the terminal's words
("at least 9.41×"), its low, central and high ends (four decimals for a ratio, an index or a
metric, one for rubles, as the terminal's tables give them), how it was computed, and its
citations. Every text is escaped (``html.escape``): a label or a scenario's title is shown
as written, never read as markup.

Importing this module registers each renderer with ``calc.display``, through which the
results' ``_repr_html_`` finds it (the calculator does not import views).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from stakhanov.calc.claims import ClaimVerdict
from stakhanov.calc.comparison import Ratio
from stakhanov.calc.display import register
from stakhanov.calc.norms import NormResult
from stakhanov.stats.sensitivity import Sensitivity
from stakhanov.stats.workforce_metrics import InequalityReport
from stakhanov.views.console import cell, number

if TYPE_CHECKING:
    from stakhanov.data.interval import Span

__all__ = ["claim_html", "inequality_html", "norm_html", "ratio_html", "sensitivity_html"]

_DIGITS = 4  # a ratio, a metric, an index: 1,600 / 170 = 9.4118
_RUBLES = 1  # rubles a month, as the norm table shows them
_STYLE = "border-collapse:collapse;text-align:left"


def _table(caption: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table of escaped texts; an empty header gives a two-column table of labels."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<table class="stakhanov" style="{_STYLE}"><caption style="text-align:left">'
        f"<b>{escape(caption)}</b></caption>"
        + (f"<thead><tr>{head}</tr></thead>" if header else "")
        + f"<tbody>{body}</tbody></table>"
    )


def _end(value: float | None, digits: int) -> str:
    return "none" if value is None else number(value, digits)


def _span(s: Span, digits: int) -> str:
    return cell(s.low, s.central, s.high, s.bound, digits)


def ratio_html(r: Ratio) -> str:
    """>>> from stakhanov import load_rates, ratio
    >>> "<td>9.4118</td>" in ratio_html(ratio(load_rates(), "stakhanovite-miner", "auxiliary"))
    True
    """
    figure = cell(r.low, r.central, r.high, r.bound, _DIGITS) + "×"
    rows = [
        ("figure", figure),
        ("low", _end(r.low, _DIGITS)),
        ("central", number(r.central, _DIGITS)),
        ("high", _end(r.high, _DIGITS)),
        ("bound", r.bound),
        ("arithmetic", r.arithmetic),
        ("basis", r.basis),
        *([("note", r.note)] if r.note else []),
        ("sources", ", ".join(str(c) for c in r.citations)),
    ]
    return _table(f"{r.numerator} / {r.denominator}", (), rows)


def norm_html(result: NormResult) -> str:
    """Each group before and after (rubles a month), the change, whether the norm pays it,
    and its source; the norm's and the record's sources under the table."""
    rev = result.revision
    caption = (
        f"Norm '{rev.norm_id}': {rev.method}; tariff {rev.tariff_pct:+g}%; rule {result.rule}"
        " (rubles a month)"
    )
    rows = [
        (
            e.group,
            _span(e.before, _RUBLES),
            _span(e.after, _RUBLES),
            _span(e.change_pct, 1),
            "yes" if e.paid_by_norm else "no",
            e.why,
            e.source,
        )
        for e in result.effects
    ]
    header = ("group", "before", "after", "change %", "paid by norm", "why", "source")
    what = "norm and record" if rev.record_id else "norm"
    return _table(caption, header, rows) + _line(
        f"Sources of the {what}: " + ", ".join(rev.sources)
    )


def claim_html(v: ClaimVerdict) -> str:
    c, s = v.claim, v.computed
    rows = [
        ("verdict", v.verdict),
        ("claim", c.claim),
        ("claimed", f'{v.claimed} (printed "{c.citation.as_printed}", {v.source})'),
        ("computed", _span(s, _DIGITS) + v.unit),
        ("low", _end(s.low, _DIGITS)),
        ("central", number(s.central, _DIGITS)),
        ("high", _end(s.high, _DIGITS)),
        ("arithmetic", v.arithmetic),
        *([("would hold", v.would_hold_if)] if v.would_hold_if else []),
        *([("note", c.note)] if c.note else []),
        ("data", ", ".join(v.data)),
        ("tolerance", f"{v.tolerance * 100:g}%"),
    ]
    return _table(f"{c.id}: {v.verdict}", (), rows)


def inequality_html(report: InequalityReport) -> str:
    """Every stage's metrics: the central figure and, with draws, the 5th–95th percentiles."""
    parts = []
    for stage in report.stages:
        wf = stage.workforce
        caption = f"{stage.label}: {wf.title} ({wf.total:,} workers)"
        if stage.revision:
            caption += f", {stage.revision}"
        rows = [
            (
                m.label,
                number(m.central, _DIGITS),
                "" if m.p05 is None or m.p95 is None else _band(m.p05, m.p95),
            )
            for m in stage.metrics
        ]
        groups = "; ".join(
            f"{g.group} × {g.headcount:,} at {_span(g.wage.span(), _RUBLES)} ({g.basis})"
            for g in stage.groups
        )
        parts.append(_table(caption, ("metric", "central", "p05–p95"), rows))
        parts.append(_line(f"Groups, rubles a month: {groups}."))
    draws = f"{report.draws:,} draws, seed {report.seed}" if report.draws else "no draws"
    scenarios = "; ".join(report.scenarios) or "none"
    parts.append(_line(f"{draws}; ranges drawn {report.dist}; scenarios: {scenarios}"))
    return "".join(parts)


def _band(low: float, high: float) -> str:
    return f"{number(low, _DIGITS)}–{number(high, _DIGITS)}"


def sensitivity_html(result: Sensitivity) -> str:
    """Each input's range and the answer at either end of it, with the Sobol indices."""
    caption = f"Which assumption matters: {result.what} ({result.kind})"
    rows = [
        (
            r.input.key,
            r.input.given,
            f"{number(r.input.low, _DIGITS)}–{number(r.input.high, _DIGITS)}",
            f"{number(r.swing_low, _DIGITS)} → {number(r.swing_high, _DIGITS)}",
            number(r.swing, _DIGITS),
            _end(r.first_order, _DIGITS) if r.input.drawn else "—",
            _end(r.total, _DIGITS) if r.input.drawn else "—",
        )
        for r in result.rows
    ]
    header = ("input", "given", "range", "at low → high", "swing", "first order", "total")
    central = f"Central answer {number(result.central, _DIGITS)}{result.unit}"
    if result.verdict:
        central += f" ({result.verdict})"
    notes = [central, *result.notes]
    if result.scenarios:
        notes.append("Scenarios: " + "; ".join(result.scenarios))
    return _table(caption, header, rows) + "".join(_line(n) for n in notes)


def _line(text: str) -> str:
    return f"<p>{escape(text)}</p>"


register(Ratio, ratio_html)
register(NormResult, norm_html)
register(ClaimVerdict, claim_html)
register(InequalityReport, inequality_html)
register(Sensitivity, sensitivity_html)
