"""What the page finds: the sources' claims checked, with each figure's flip point, and the
inequality of each workforce, with the tornado of its Gini.

Both come from ``stats.sensitivity`` one input at a time (``draws=0``): no Sobol draws, so
SALib stays off the page's path. The tornado is drawn by ``plot --kind tornado``'s own code
(``views.html.svg``). Neighbours: ``views.html.context`` (the other sections, the links),
``views.html.page`` renders them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stakhanov.calc.claims import check_claims, load_claims, summarize
from stakhanov.data.interval import describe
from stakhanov.data.rates import Rates
from stakhanov.scenarios.workforce import Workforce
from stakhanov.views.console import cell, number
from stakhanov.views.html.context import Context, cite

__all__ = ["claims_section", "inequality_section"]


def claims_section(rates: Rates) -> tuple[Context, Sequence[Any]]:
    """The claims with their verdicts and arithmetic; also the claims read (for sources)."""
    claims = load_claims(rates)
    verdicts = check_claims(rates, claims=claims)
    rows = []
    for v in verdicts:
        s = v.computed
        rows.append(
            {
                "id": v.claim.id,
                "claim": v.claim.claim,
                "claimed": v.claimed,
                "computed": cell(s.low, s.central, s.high, s.bound) + v.unit,
                "verdict": v.verdict,
                "steps": list(v.steps),
                "would_hold_if": v.would_hold_if,
                "source": cite(rates, v.claim.citation),
                "as_printed": v.claim.citation.as_printed,
                **_flips(rates, v.claim.id),
            }
        )
    tolerance = verdicts[0].tolerance * 100 if verdicts else 0
    legend = (
        "holds: every value the data allow satisfies the claim; roughly: some do, or all do "
        f"within {tolerance:g}%; fails: neither."
    )
    summary = summarize(verdicts).line.split(" — ")[0]
    flips = (
        "Flips at: the value of one figure, every other at its central value, at which the "
        "verdict changes (as stakhanov sensitivity claim ID finds it; none: no value of it "
        "does). Within range: the sources' own range for that figure reaches it, so the "
        "verdict could go either way on what they print."
    )
    return {"rows": rows, "summary": summary, "legend": legend, "flips": flips}, claims


def _flips(rates: Rates, claim_id: str) -> Context:
    """Each figure's nearest flip point, largest swing first, and the verdict they start
    from (every figure central). One input at a time: no Sobol draws, so no SALib."""
    from stakhanov.stats.sensitivity import claim_sensitivity
    from stakhanov.views.render_sensitivity import flip_at

    result = claim_sensitivity(rates, claim_id, draws=0)
    out = []
    for row in result.rows:
        inp = row.input
        out.append(
            {
                "input": inp.key,
                "given": inp.given,
                "at": flip_at(row),
                "change": None if row.flip is None else f"{row.flip.below} → {row.flip.above}",
                "within": row.within_range,
            }
        )
    return {"flips": out, "central_verdict": result.verdict}


def inequality_section(
    rates: Rates, workforces: Sequence[Workforce], draws: int, seed: int, lorenz: str
) -> Context:
    """Each workforce's metrics with their bands, and the tornado of its Gini (the page's
    headline metric: one input at a time, no draws) drawn as ``plot --kind tornado`` draws it."""
    from markupsafe import Markup

    from stakhanov.stats.sensitivity import inequality_sensitivity
    from stakhanov.stats.workforce_metrics import inequality_report
    from stakhanov.views.html.svg import tornado_svg

    report = inequality_report(rates, workforces, draws=draws, seed=seed)
    out = []
    for n, stage in enumerate(report.stages):
        tornado = inequality_sensitivity(rates, stage.workforce, "gini", 0, cap=report.cap)
        wf = stage.workforce
        metrics = []
        for m in stage.metrics:
            band = (
                "—" if m.p05 is None or m.p95 is None else f"{number(m.p05, 3)}–{number(m.p95, 3)}"
            )
            metrics.append(
                {"id": m.metric, "label": m.label, "central": number(m.central, 3), "band": band}
            )
        out.append(
            {
                "label": wf.label,
                "title": wf.title,
                "note": wf.note,
                "total": f"{wf.total:,}",
                "groups": [
                    {"id": g.group, "headcount": f"{g.headcount:,}", "wage": describe(g.wage)}
                    for g in stage.groups
                ],
                "metrics": metrics,
                "tornado_svg": Markup(tornado_svg(tornado, f"tornado-{n + 1}")),
            }
        )
    assumptions = (
        f"p05–p95 over {report.draws:,} draws (seed {report.seed}): each group's wage drawn "
        f"{report.dist}ly within its bounds, open ends up to ×{report.cap:g}. The central "
        "figures count open bounds at face value, so one may lie outside its band."
    )
    return {"workforces": out, "assumptions": assumptions, "lorenz_svg": lorenz}
