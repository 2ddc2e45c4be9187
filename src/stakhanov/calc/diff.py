"""What a scenario moves (``scenario diff``): the inputs it changes, and the ratios and norm
effects that move between the base data and the data with the scenarios applied.

The scenarios themselves are read by ``stakhanov.scenarios.overlay``; the ratios and norm
effects come from ``comparison`` and ``norms`` beside this module.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stakhanov.calc.comparison import Ratio, ratios
from stakhanov.calc.model import Model, build_model
from stakhanov.calc.norms import NormEffect
from stakhanov.data.interval import Span, describe
from stakhanov.data.periods import monthly
from stakhanov.data.prices import price_text
from stakhanov.data.rates import Rates
from stakhanov.data.settings import report_settings
from stakhanov.scenarios.overlay import apply_files

__all__ = ["InputChange", "ScenarioDiff", "diff"]


@dataclass(frozen=True)
class InputChange:
    """One input the scenarios change, as text the user can read."""

    path: str
    before: str
    after: str

    def as_dict(self) -> dict[str, Any]:
        return {"input": self.path, "from": self.before, "to": self.after}


@dataclass(frozen=True)
class ScenarioDiff:
    scenarios: tuple[str, ...]
    inputs: tuple[InputChange, ...]
    ratios: tuple[tuple[Ratio, Ratio], ...]
    norms: tuple[tuple[str, NormEffect, NormEffect], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenarios": list(self.scenarios),
            "changes": [c.as_dict() for c in self.inputs],
            "ratios": [
                {
                    "numerator": a.numerator,
                    "denominator": a.denominator,
                    "before": _ends(a),
                    "after": _ends(b),
                }
                for a, b in self.ratios
            ],
            "norms": [
                {
                    "revision": label,
                    "group": a.group,
                    "before": a.after.central,
                    "after": b.after.central,
                }
                for label, a, b in self.norms
            ],
        }


def _ends(r: Ratio) -> dict[str, float | None]:
    return {"low": r.low, "central": r.central, "high": r.high}


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12)


def _inputs(base: Rates, new: Rates) -> list[InputChange]:
    out = []
    for gid, g in new.wages.items():
        old = base.wages.get(gid)
        if old is None:
            out.append(InputChange(f"add.groups.{gid}", "—", f"{describe(g.wage)} a {g.period}"))
            continue
        for name, before, after in (
            ("wage", describe(old.wage), describe(g.wage)),
            ("period", old.period, g.period),
            ("pay_basis", old.pay_basis, g.pay_basis),
            ("norm_id", str(old.norm_id), str(g.norm_id)),
            ("label", old.label, g.label),
        ):
            if before != after:
                out.append(InputChange(f"wages.{gid}.{name}", before, after))
    for nid, norm in new.norms.items():
        old_norm = base.norms[nid]
        if (old_norm.value, old_norm.range) != (norm.value, norm.range):
            before, after = f"{old_norm.value:g} {old_norm.unit}", f"{norm.value:g} {norm.unit}"
            out.append(InputChange(f"norms.{nid}", before, after))
    for rid, rec in new.records.items():
        old_rec = base.records[rid]
        if old_rec.output != rec.output:
            out.append(
                InputChange(
                    f"records.{rid}.output",
                    f"{describe(old_rec.output)} {old_rec.unit}",
                    f"{describe(rec.output)} {rec.unit}",
                )
            )
    for pid, price in new.prices.items():
        old_price = base.prices[pid]
        if old_price.price != price.price:
            before = f"{price_text(old_price.price)} {old_price.unit}"
            out.append(
                InputChange(f"prices.{pid}", before, f"{price_text(price.price)} {price.unit}")
            )
    for name in (
        "rule",
        "privilege_values",
        "privilege_groups",
        "working_days_per_month",
        "revision",
        "claim_tolerance",
        "open_cap",
    ):
        before, after = getattr(base, name), getattr(new, name)
        if before != after:
            out.append(InputChange(name, _text(before), _text(after)))
    return out


def _text(value: Any) -> str:
    if value is None or value == () or value == {}:
        return "—"
    if hasattr(value, "name") and hasattr(value, "kind"):
        return f"{value.name} ({value.kind})"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "items"):
        return ", ".join(
            f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in value.items()
        )
    return f"{value:g}" if isinstance(value, float) else str(value)


def diff(rates: Rates, paths: Sequence[str | Path]) -> ScenarioDiff:
    """Inputs changed, and the ratios and norm effects that moved, base → scenarios."""
    new = apply_files(rates, paths)
    inputs = _inputs(rates, new)
    settings = report_settings(rates)
    touched = [g for g in new.wages if g not in rates.wages or new.wages[g] != rates.wages[g]]
    groups = list(dict.fromkeys([*settings.get("matrix_groups", []), *touched]))
    priv = bool(new.privilege_values)
    before = ratios(rates, groups=[g for g in groups if g in rates.wages], with_privileges=priv)
    after = {
        (r.numerator, r.denominator): r for r in ratios(new, groups=groups, with_privileges=priv)
    }
    moved = tuple(
        (b, a)
        for b in before
        if (a := after[(b.numerator, b.denominator)])
        and not all(_same(getattr(b, e), getattr(a, e)) for e in ("low", "central", "high"))
    )
    base, model = build_model(rates), build_model(new)
    norms = []
    for ex in settings.get("norm_examples", []):
        alpha, toward = float(ex["alpha"]), str(ex["toward"])
        old_rev = base.revision_for(alpha=alpha, toward=toward)
        cur_rev = model.revision_for(alpha=alpha, toward=toward)
        assert old_rev is not None and cur_rev is not None  # an α and a record always revise
        old, cur = base.apply(old_rev), model.apply(cur_rev)
        label = cur.revision.method + f", rule {cur.rule}"
        by_group = {e.group: e for e in old.effects}
        for e in cur.effects:
            o = by_group.get(e.group)
            # A row moves when the revision treats the group differently, not merely because
            # the scenario changed its wage (the inputs table already says that).
            if o is not None and (
                o.paid_by_norm != e.paid_by_norm
                or not _same(o.change_pct.central, e.change_pct.central)
                or (e.paid_by_norm and not _same(o.after.central, e.after.central))
            ):
                norms.append((label, o, e))
    norms.extend(_own_revision(rates, model))
    return ScenarioDiff(new.scenarios, tuple(inputs), moved, tuple(norms))


def _own_revision(rates: Rates, model: Model) -> list[tuple[str, NormEffect, NormEffect]]:
    """The norm effects of the scenarios' own ``[revision]``: each group it repays, from its
    wage in the base data (which revises nothing) to its wage after the revision."""
    if not model.revision or model.revision == rates.revision:
        return []
    revision = model.revision_for()
    assert revision is not None  # the model has a revision of its own
    cur = model.apply(revision)
    label = f"the scenario's revision: {revision.method}, rule {cur.rule}"
    rows = []
    for e in cur.effects:
        if not e.paid_by_norm or e.group not in rates.wages:
            continue
        wage = monthly(rates.wages[e.group], rates.working_days_per_month).wage.span()
        zero = Span(0.0, 0.0, 0.0, "exact")
        why = "the base data revises no norm"
        rows.append((label, NormEffect(e.group, wage, wage, zero, False, why, e.source), e))
    return rows
