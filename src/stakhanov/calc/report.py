"""The main job: the wage ladder, the ratio matrix and the source notes, as one result.

Which groups the matrix shows is a presentation choice kept in ``rates/report.toml``, not a
literal in the code, so the report works for any data and any scenario.

It gathers ``comparison`` (the matrix), ``norms`` (the revision examples) and ``claims``
(the summary) beside it; ``stakhanov.views.render`` prints it.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stakhanov.calc.claims import Claim, ClaimSummary, check_claims, load_claims, summarize
from stakhanov.calc.comparison import Ratio, ratios
from stakhanov.calc.goods import InGoods, group_in_goods, price_of
from stakhanov.data.interval import describe
from stakhanov.data.mentions import load_mentions
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.data.records import Source, WageGroup
from stakhanov.data.settings import report_settings

if TYPE_CHECKING:
    from stakhanov.calc.norms import NormResult

__all__ = [
    "LadderRow",
    "Report",
    "SourceNote",
    "build_report",
    "group_rows",
    "ladder",
    "source_notes",
]


@dataclass(frozen=True)
class LadderRow:
    """A group's wage as the source gives it and on the common monthly footing."""

    group: WageGroup
    low: float | None
    central: float
    high: float | None
    bound: str
    period: str
    basis: str

    def as_dict(self) -> dict[str, Any]:
        g = self.group
        return {
            "group": g.id,
            "label": g.label,
            "low": self.low,
            "central": self.central,
            "high": self.high,
            "bound": self.bound,
            "period": self.period,
            "basis": self.basis,
            "period_inferred": g.period_inferred,
            "pay_basis": g.pay_basis,
            "source": str(g.citation),
        }


@dataclass(frozen=True)
class SourceNote:
    source: Source
    rows: int  # how many rows of rates/ cite it
    mentions: int = 0  # how many figures of its text the ledger (mentions.csv) holds

    def as_dict(self) -> dict[str, Any]:
        s = self.source
        return {
            "id": s.id,
            "kind": s.kind,
            "title": s.title,
            "author": s.author,
            "date": s.date,
            "date_inferred": s.date_inferred,
            "rows": self.rows,
            "mentions": self.mentions,
            "note": s.note,
            "reference": s.reference or None,
        }


@dataclass(frozen=True)
class Report:
    ladder: tuple[LadderRow, ...]
    matrix_groups: tuple[str, ...]
    matrix: tuple[Ratio, ...]
    sources: tuple[SourceNote, ...]
    scenarios: tuple[str, ...]
    norms: tuple[NormResult, ...] = ()
    claims: ClaimSummary | None = None  # how the sources' own claims fare (`stakhanov claims`)
    goods: tuple[InGoods, ...] = ()  # the ladder in a good (`report --in ID`), ladder order

    def as_dict(self) -> dict[str, Any]:
        out = {
            "scenarios": list(self.scenarios),
            "ladder": [row.as_dict() for row in self.ladder],
            "matrix": [r.as_dict() for r in self.matrix],
            "norms": [n.as_dict() for n in self.norms],
            "sources": [s.as_dict() for s in self.sources],
        }
        if self.claims is not None:
            out["claims"] = self.claims.as_dict()
        if self.goods:
            price = self.goods[0].price
            out["in"] = {
                "price": price.id,
                "item": price.item,
                "at": price.at(),
                "sources": price.cited,
                "ladder": [g.as_dict() for g in self.goods],
            }
        return out


def ladder(rates: Rates) -> list[LadderRow]:
    """Every group, highest central monthly wage first; day figures (unconverted) last."""
    rows = []
    for g in rates.wages.values():
        m = monthly(g, rates.working_days_per_month)
        span = m.wage.span()
        rows.append(LadderRow(g, span.low, span.central, span.high, span.bound, m.period, m.basis))
    return sorted(rows, key=lambda r: (r.period != "month", -r.central))


def group_rows(rates: Rates) -> list[dict[str, Any]]:
    """Every wage group as given and on the monthly footing, with its citation."""
    rows = []
    for g in rates.wages.values():
        m = monthly(g, rates.working_days_per_month)
        span = m.wage.span()
        rows.append(
            {
                "id": g.id,
                "label": g.label,
                "industry": g.industry,
                "stakhanovite": g.stakhanovite,
                "as_given": describe(g.wage),
                "low": g.wage.low,
                "high": g.wage.high,
                "low_open": g.wage.low_open,
                "high_open": g.wage.high_open,
                "period": g.period,
                "period_inferred": g.period_inferred,
                "monthly_low": span.low,
                "monthly_central": span.central,
                "monthly_high": span.high,
                "bound": span.bound,
                "basis": m.basis,
                "pay_basis": g.pay_basis,
                "pay_basis_inferred": g.pay_basis_inferred,
                "norm_id": g.norm_id,
                "source": str(g.citation),
                "note": g.note,
            }
        )
    return rows


def source_notes(rates: Rates, claims: Sequence[Claim] | None = None) -> list[SourceNote]:
    """Each source and how many items of the data cite it: CSV rows, claims and rule files.

    ``claims`` spares a second read of claims.csv when the caller has them already.
    """
    cited = Counter(
        item.citation.source_id
        for table in (rates.wages, rates.norms, rates.records, rates.privileges)
        for item in table.values()
    )
    cited.update(c.citation.source_id for c in (load_claims(rates) if claims is None else claims))
    cited.update(c.source_id for p in rates.prices.values() for c in p.citations)
    for path in sorted((rates.root / "rules").glob("*.toml")) if rates.root else []:
        # Only the provenance is needed: plain TOML, without the pay-rule machinery (numpy).
        with path.open("rb") as handle:
            source_id = tomllib.load(handle).get("provenance", {}).get("source_id")
        if source_id:
            cited[str(source_id)] += 1
    ledger = Counter(m.source_id for m in load_mentions(rates))
    return [SourceNote(s, cited[s.id], ledger[s.id]) for s in rates.sources.values()]


def build_report(rates: Rates, price_id: str | None = None) -> Report:
    """Compute everything ``stakhanov report`` shows; with ``price_id``, the ladder in that
    good too (``report --in rye-bread``)."""
    from stakhanov.calc.norms import revise  # numpy, for the pay rules: only when a report is built

    if price_id is not None:
        price_of(rates, price_id)  # an unknown price fails before anything is computed
    settings = report_settings(rates)
    groups = [str(g) for g in settings.get("matrix_groups", [])]
    # The report's standard revisions, then the scenario's own, if it sets one.
    examples: list[dict[str, Any]] = [
        {"alpha": float(ex["alpha"]), "toward": str(ex["toward"])}
        for ex in settings.get("norm_examples", [])
    ]
    if rates.revision:
        examples.append(dict(rates.revision))
    norms = tuple(revise(rates, groups=groups, **ex) for ex in examples)
    claims = load_claims(rates)  # read once: for the verdicts and for the source notes
    rungs = ladder(rates)
    goods = (
        tuple(group_in_goods(rates, row.group.id, price_id) for row in rungs)
        if price_id is not None
        else ()
    )
    return Report(
        ladder=tuple(rungs),
        matrix_groups=tuple(groups),
        matrix=tuple(ratios(rates, groups=groups)),
        sources=tuple(source_notes(rates, claims)),
        scenarios=rates.scenarios,
        norms=norms,
        claims=summarize(check_claims(rates, claims=claims)),
        goods=goods,
    )
