"""Why a figure is what it is (``stakhanov why ID``): the data row, its sources, its claims.

For any id of the data (a group, norm, record, claim, privilege or price) ``explain``
gathers: the figure as the data holds it (bounds, period, pay basis, what is inferred), its
primary citation, every ledger row of ``rates/mentions.csv`` that feeds it (see
``stakhanov.data.mentions``), the claims of ``claims.csv`` that measure it, the notes, and,
when scenario files are given, the line of each file that replaced it. A price comes from
outside the four reports: it has no ledger rows, and each of its two ends is cited apart
(``data.prices``). Nothing is computed beyond reading: the renderer is
``stakhanov.views.why``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stakhanov.calc.claims import Claim, load_claims
from stakhanov.data.interval import Interval, approximately, bound_kind
from stakhanov.data.mentions import Mention, load_mentions
from stakhanov.data.prices import Price, PriceCitation, price_text
from stakhanov.data.rates import Rates
from stakhanov.data.records import Citation, Source, per_duration
from stakhanov.data.tomlfile import TomlDoc, read_toml
from stakhanov.errors import unknown
from stakhanov.scenarios.overlay import apply_files

__all__ = [
    "KINDS",
    "Explanation",
    "MentionView",
    "ScenarioChange",
    "explain",
    "plain_number",
    "price_ends",
    "report_chain",
    "report_dict",
]

# What each table's rows are called, in the order an id is looked up.
KINDS = {
    "wages": "group",
    "norms": "norm",
    "records": "record",
    "claims": "claim",
    "privileges": "privilege",
    "prices": "price",
}


@dataclass(frozen=True)
class MentionView:
    """A ledger row and how it stands to the data's figure.

    relation: ``cited`` (the paragraph the data row cites), ``agrees`` (another paragraph,
    the same figure), ``differs`` (another figure of the same unit: a contradiction or a
    caveat; the note says which), ``context`` (a date, a duration: another unit).
    """

    mention: Mention
    relation: str

    def as_dict(self) -> dict[str, Any]:
        return {**self.mention.as_dict(), "relation": self.relation}


@dataclass(frozen=True)
class ScenarioChange:
    """One scenario line that replaced the figure, and the figure before and after it."""

    where: str  # FILE:LINE: key.path
    before: str
    after: str

    def as_dict(self) -> dict[str, Any]:
        return {"where": self.where, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Explanation:
    kind: str
    id: str
    label: str
    figure: str  # as text: '102 t per six-hour shift', '1,600 or more rubles a month'
    low: float | None
    high: float | None
    low_open: bool
    high_open: bool
    unit: str
    period: str
    pay_basis: str
    inferred: tuple[str, ...]  # which of period / pay basis / date the data infers
    citation: Citation
    note: str
    mentions: tuple[MentionView, ...]
    claims: tuple[Claim, ...]
    changes: tuple[ScenarioChange, ...] = ()
    scenarios: tuple[str, ...] = ()
    price: Price | None = None  # a price's own facts: place, period, each end's citation
    bound: str = ""  # 'exact', 'range', 'at least', 'at most', 'about' or 'almost'
    report: Source | None = None  # the 1935 report the cited text gives for the figure
    reference: str = ""  # the cited source's entry in a package's bibliography, if it has one

    def as_dict(self) -> dict[str, Any]:
        c = self.citation
        out = {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "figure": self.figure,
            "low": self.low,
            "high": self.high,
            "low_open": self.low_open,
            "high_open": self.high_open,
            "unit": self.unit,
            "period": self.period,
            "pay_basis": self.pay_basis or None,
            "inferred": list(self.inferred),
            "bound": self.bound or None,
            "citation": {
                "source_id": c.source_id,
                "paragraph": c.paragraph,
                "as_printed": c.as_printed,
                "report": None if self.report is None else report_dict(self.report),
                "locator": c.locator or None,
                "reference": self.reference or None,
            },
            "note": self.note,
            "mentions": [m.as_dict() for m in self.mentions],
            "claims": [
                {
                    "id": k.id,
                    "claim": k.claim,
                    "source_id": k.citation.source_id,
                    "paragraph": k.citation.paragraph,
                    "as_printed": k.citation.as_printed,
                }
                for k in self.claims
            ],
            "scenario_changes": [s.as_dict() for s in self.changes],
            "scenarios": list(self.scenarios),
        }
        if self.price is not None:
            out["price"] = _price_dict(self.price)
        return out


def report_dict(report: Source) -> dict[str, Any]:
    """A quoted report as JSON: which paper, the date printed and the date read, and who
    quotes it where."""
    return {
        "id": report.id,
        "paper": report.title,
        "date_printed": report.date_printed,
        "date": report.date,
        "date_inferred": report.date_inferred,
        "misprint": report.misprint,
        "via": report.via,
        "paragraphs": report.paragraphs,
    }


def report_chain(report: Source, citation: Citation) -> str:
    """'Pravda, Nov. 16, 1935 (read 1935-11-16), quoted by markin-1936 ¶28'."""
    forms = [f.strip() for f in report.date_printed.split(";")]
    paragraphs = [p.strip() for p in report.paragraphs.split(";")]
    # One printed form per citing paragraph: the form this paragraph prints.
    where = str(citation.paragraph)
    same = len(forms) == len(paragraphs) and where in paragraphs
    printed = forms[paragraphs.index(where)] if same else forms[0]
    read = f"read {report.date}" + (
        ", the printed date a misprint" if report.misprint else
        ", by context" if report.date_inferred else ""
    )  # fmt: skip
    return f"{report.title}, {printed} ({read}) [{report.id}], quoted by {citation}"


def price_ends(price: Price) -> list[tuple[str, float, PriceCitation]]:
    """Each end of a price with its citation: ('low', 0.85, yvon-1937 image 23), ...; a
    source that gives both ends cites both."""
    high = price.high_cited or price.low_cited
    return [("low", price.price.low, price.low_cited), ("high", price.price.high, high)]


def _price_dict(p: Price) -> dict[str, Any]:
    return {
        "place": p.place,
        "applies_from": p.applies_from,
        "applies_to": p.applies_to,
        "at": p.at(),
        "external": not p.set_by,  # prices.csv admits only sources of kind external
        "set_by": p.set_by or None,
        "ends": [
            {"end": end, "value": value, "source_id": c.source_id, "page": c.page,
             "as_printed": c.as_printed}
            for end, value, c in price_ends(p)
        ],
    }  # fmt: skip


def explain(
    rates: Rates,
    item_id: str,
    scenarios: Sequence[str | Path] = (),
    settings: Sequence[str] = (),
) -> Explanation:
    """Explain ``item_id`` (or ``table:id``) in ``rates`` with ``scenarios`` applied in order,
    then each ``--set`` of ``settings``.

    Each file (and setting) is applied on top of the ones before it, so that each change is
    seen against the figure it replaced.

    >>> from stakhanov.data.rates import load_rates
    >>> e = explain(load_rates(), "stakhanov-1935")
    >>> e.figure, str(e.citation)
    ('102 t per six-hour shift, 1935-08-31', 'markin-1936 ¶9')
    """
    claims = load_claims(rates)
    steps = [rates]  # the data after each scenario file, then each --set, in order
    docs: list[TomlDoc] = []
    for path in scenarios:
        steps.append(apply_files(steps[-1], [path]))
        docs.append(read_toml(path, "scenario"))  # read again for its lines: it is valid
    if settings:
        from stakhanov.scenarios.commandline import apply_settings, setting_doc

        for text in settings:
            docs.append(setting_doc(text))
            steps.append(apply_settings(steps[-1], [text]))
    final = steps[-1]
    table = _table_of(final, claims, item_id)
    item_id = item_id.partition(":")[2] if ":" in item_id else item_id
    changes: list[ScenarioChange] = []
    for doc, before, after in zip(docs, steps, steps[1:], strict=False):
        key = _scenario_key(doc, table, item_id)
        if table == "prices" and before.prices[item_id] == after.prices[item_id]:
            key = None  # a price written as it stands changes nothing and keeps its sources
        if key is not None:
            old = (
                _facts(before, claims, table, item_id)["figure"]
                if _has(before, table, item_id)
                else "—"
            )
            new = _facts(after, claims, table, item_id)["figure"]
            changes.append(ScenarioChange(key, old, new))
    facts = _facts(final, claims, table, item_id)
    views = _mentions(final, table, item_id, facts)
    related = (
        ()
        if table == "claims"
        else tuple(k for k in claims if item_id in (k.numerator, k.denominator))
    )
    cited: Citation = facts["citation"]
    span: Interval | None = facts.pop("span")
    return Explanation(
        kind=KINDS[table],
        id=item_id,
        bound="" if span is None or table in ("claims", "privileges") else bound_kind(span),
        report=final.sources.get(cited.report_id) if cited.report_id else None,
        mentions=views,
        claims=related,
        changes=tuple(changes),
        scenarios=final.scenarios,
        price=final.prices[item_id] if table == "prices" else None,
        reference=_reference(final, facts["citation"]),
        **facts,
    )


def _reference(rates: Rates, citation: Citation) -> str:
    """The formatted bibliography entry of the cited source (a package's references.bib)."""
    source = rates.sources.get(citation.source_id)
    return source.reference if source is not None and source.reference_key else ""


def _table_of(rates: Rates, claims: Sequence[Claim], item_id: str) -> str:
    tables = _ids(rates, claims)
    prefix, sep, rest = item_id.partition(":")
    if sep and prefix in tables and rest in tables[prefix]:
        return prefix
    for table, ids in tables.items():
        if item_id in ids:
            return table
    everything = [i for ids in tables.values() for i in ids]
    raise unknown("id", item_id, everything)


def _has(rates: Rates, table: str, item_id: str) -> bool:
    return table == "claims" or item_id in getattr(rates, table)


def _ids(rates: Rates, claims: Sequence[Claim]) -> dict[str, set[str]]:
    return {
        "wages": set(rates.wages),
        "norms": set(rates.norms),
        "records": set(rates.records),
        "claims": {k.id for k in claims},
        "privileges": set(rates.privileges),
        "prices": set(rates.prices),
    }


def plain_number(value: float) -> str:
    """A figure as the sources print it: '1,600', '2.5' (no trailing zeros)."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def _amount(span: Interval, unit: str) -> str:
    """The figure as printed: '1,600 or more', '35 or less (down to 30 printed)', 'almost 800',
    '≈ 10'."""
    text = (
        plain_number(span.low)
        if span.low == span.high
        else f"{plain_number(span.low)}–{plain_number(span.high)}"
    )
    if span.high_open:
        text = f"{text} or more"
    elif span.low_open:
        # An upper limit; a lower figure printed beside it is an example, not a floor.
        lower = "" if span.low == span.high else f" (down to {plain_number(span.low)} printed)"
        text = f"{plain_number(span.high)} or less{lower}"
    return f"{approximately(span.approx, text)} {unit}"


def _facts(rates: Rates, claims: Sequence[Claim], table: str, item_id: str) -> dict[str, Any]:
    """The fields of an Explanation that come from the data row itself."""
    if table == "wages":
        g = rates.wages[item_id]
        inferred = ("period",) * g.period_inferred + ("pay basis",) * g.pay_basis_inferred
        return _row(
            g.label, _amount(g.wage, f"rubles a {g.period}"), g.wage, "rubles", g.period,
            g.pay_basis, inferred, g.citation, g.note,
        )  # fmt: skip
    if table == "norms":
        n = rates.norms[item_id]
        text = f"{_amount(n.range, n.unit)} per {n.per} ({plain_number(n.value)} used)"
        return _row(n.activity, text, n.range, n.unit, n.per, "", (), n.citation, n.note)
    if table == "records":
        r = rates.records[item_id]
        text = f"{_amount(r.output, r.unit)} {per_duration(r)}" + (f", {r.date}" if r.date else "")
        label = f"{r.person}, {r.activity}"
        inferred = ("duration",) if r.duration_inferred else ()
        return _row(label, text, r.output, r.unit, r.duration, "", inferred, r.citation, r.note)
    if table == "claims":
        k = next(c for c in claims if c.id == item_id)
        high = k.claimed_high if k.claimed_high is not None else k.claimed_low
        span = Interval(k.claimed_low, high)
        text = f"{k.comparator} {_amount(span, '').strip()} ({k.measure})"
        return _row(k.claim, text, span, "", "", "", (), k.citation, k.note)
    if table == "prices":
        return _price_facts(rates.prices[item_id])
    p = rates.privileges[item_id]
    value = rates.privilege_values.get(item_id)
    text = (
        "no ruble value in the sources"
        if value is None
        else f"{plain_number(value)} rubles a month"
    )
    valued = Interval.point(value) if value is not None else None
    return _row(p.label, text, valued, "rubles", "month", "", (), p.citation, p.note)


def _price_facts(p: Price) -> dict[str, Any]:
    """A price's figure ('0.85–1.00 rub/kg, Moscow, 1935-01 to 1937-01') and its citation:
    the low end's source, or the scenario line that set it."""
    figure = f"{price_text(p.price)} {p.unit}, {p.place}, {p.applies}"
    c = p.low_cited
    cited = (
        Citation(p.set_by, None, scenario=True)
        if p.set_by
        else Citation(c.source_id, None, c.as_printed)
    )
    return _row(p.item, figure, p.price, p.unit, p.applies, "", (), cited, p.note)


def _row(
    label: str,
    figure: str,
    span: Interval | None,
    unit: str,
    period: str,
    pay_basis: str,
    inferred: tuple[str, ...],
    citation: Citation,
    note: str,
) -> dict[str, Any]:
    return {
        "span": span,
        "label": label,
        "figure": figure,
        "low": span.low if span else None,
        "high": span.high if span else None,
        "low_open": span.low_open if span else False,
        "high_open": span.high_open if span else False,
        "unit": unit,
        "period": period,
        "pay_basis": pay_basis,
        "inferred": inferred,
        "citation": citation,
        "note": note,
    }


def _mentions(
    rates: Rates, table: str, item_id: str, facts: dict[str, Any]
) -> tuple[MentionView, ...]:
    """The ledger rows that feed the item: the cited paragraph first, then source by source."""
    order = {sid: i for i, sid in enumerate(rates.sources)}
    cited: Citation = facts["citation"]
    rows = [m for m in load_mentions(rates) if m.supports == f"{table}:{item_id}"]
    views = [MentionView(m, _relation(m, cited, facts)) for m in rows]
    views.sort(
        key=lambda v: (
            v.relation != "cited",
            order.get(v.mention.source_id, len(order)),
            v.mention.paragraph,
        )
    )
    return tuple(views)


def _relation(m: Mention, cited: Citation, facts: dict[str, Any]) -> str:
    if (m.source_id, m.paragraph) == (cited.source_id, cited.paragraph):
        return "cited"
    values = [v for v in (m.quantity, m.low, m.high) if v is not None]
    # A claim's figure has no unit in the data ('times', '%'): compare its numbers alone.
    same_unit = not facts["unit"] or m.unit == facts["unit"]
    if not values or not same_unit or facts["low"] is None:
        return "context"
    low = -float("inf") if facts["low_open"] else facts["low"]
    high = float("inf") if facts["high_open"] else facts["high"]
    return "agrees" if any(low <= v <= high for v in values) else "differs"


def _scenario_key(doc: TomlDoc, table: str, item_id: str) -> str | None:
    """``FILE:LINE: key`` of the scenario line that sets the item, or None if none does."""
    data = doc.data
    if table in ("wages", "norms", "records") and item_id in data.get(table, {}):
        return doc.where(table, item_id)
    if table == "prices" and item_id in data.get("prices", {}):
        return doc.where("prices", item_id)
    if table == "privileges" and item_id in data.get("privileges", {}).get("value", {}):
        return doc.where("privileges", "value", item_id)
    if table == "wages":
        for i, added in enumerate(data.get("add", {}).get("groups", [])):
            if isinstance(added, dict) and added.get("id") == item_id:
                return doc.where("add", "groups", str(i))
    return None
