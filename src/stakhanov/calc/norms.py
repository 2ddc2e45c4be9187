"""Norm revision and its effect on earnings.

A norm N moves to N' by a percentage, or by Stalin's rule N' = N + α(R − N) toward a record
R (DOMAIN, "Norm revision"). Output is held as it was: each group paid by that norm keeps
the output its wage implies under the pay rule (q = N·W/W0 for a straight piece rate), and
is paid for it under the new norm and, if given, a new tariff W0(1 + t). Salaries, time
wages, statistics and groups on other norms do not move, and each result says why.

Under a straight piece rate this is E' = E(1 + t)N/N', so ratios among groups on the same
norm cannot move; under a progressive rule they can, because the multiplier depends on
output. A record given as a range (30–35 t per worker) gives a range of N', and so a range
of earnings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from stakhanov.calc.display import ShowsHtml
from stakhanov.calc.pay import implied_output, pay
from stakhanov.data.interval import Interval, Span
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.data.records import Norm, WageGroup
from stakhanov.data.rules import RuleSpec, load_rule
from stakhanov.errors import UsageError

__all__ = [
    "NormEffect",
    "NormResult",
    "RatioShift",
    "Revision",
    "apply_revision",
    "pay_at_norm",
    "revise",
    "revise_norm",
    "rule_for",
]

DEFAULT_RULE = "straight"


@dataclass(frozen=True)
class Revision:
    """A norm revision: the old point, the new (possibly ranged) norm and the tariff change."""

    norm_id: str
    unit: str
    old: float
    new: Interval
    tariff_pct: float
    method: str
    record_id: str | None = None
    alpha: float | None = None
    raise_pct: float | None = None
    sources: tuple[str, ...] = ()  # the norm's citation, and the record's it moves toward

    @property
    def factor(self) -> float:
        """(1 + t) · N / N' at the central new norm: the straight-rate multiplier."""
        return (1 + self.tariff_pct / 100) * self.old / self.new.mid


@dataclass(frozen=True)
class NormEffect:
    """One group's monthly earnings before and after, and whether the norm pays it."""

    group: str
    before: Span
    after: Span
    change_pct: Span
    paid_by_norm: bool
    why: str
    source: str = ""  # the group's citation: a source paragraph, or the scenario that set it

    def as_dict(self) -> dict[str, Any]:
        def ends(s: Span) -> dict[str, float | None]:
            return {"low": s.low, "central": s.central, "high": s.high}

        return {
            "group": self.group,
            "before": ends(self.before),
            "after": ends(self.after),
            "change_pct": ends(self.change_pct),
            "paid_by_norm": self.paid_by_norm,
            "why": self.why,
            "source": self.source,
        }


@dataclass(frozen=True)
class RatioShift:
    """A ratio's central figure before and after the revision, and whether it moved."""

    numerator: str
    denominator: str
    before: float
    after: float

    @property
    def moved(self) -> bool:
        return not math.isclose(self.before, self.after, rel_tol=1e-9)

    def as_dict(self) -> dict[str, Any]:
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "before": self.before,
            "after": self.after,
            "moved": self.moved,
        }


@dataclass(frozen=True)
class NormResult(ShowsHtml):
    """``shifts``: the ratios among the asked groups (the card's); ``pairs``: every ordered
    pair of groups, central figures, each wage on its monthly basis as ``monthly`` gives it."""

    revision: Revision
    rule: str
    effects: tuple[NormEffect, ...]
    shifts: tuple[RatioShift, ...]
    pairs: tuple[RatioShift, ...] = ()
    card: tuple[str, ...] = ()
    # Groups whose figure is not on a monthly basis (a day's pay without working days per
    # month): in ``effects`` as given, left out of the card's ratios (``shifts``) and of
    # every table titled monthly; ``pairs`` keeps them for the machine formats, which
    # name them here.
    not_monthly: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        r = self.revision
        return {
            "norm": r.norm_id,
            "unit": r.unit,
            "old": r.old,
            "new": {"low": r.new.low, "central": r.new.mid, "high": r.new.high},
            "method": r.method,
            "tariff_pct": r.tariff_pct,
            "rule": self.rule,
            "sources": list(r.sources),
            "effects": [e.as_dict() for e in self.effects],
            "ratios": [s.as_dict() for s in self.shifts],
            "card": list(self.card),
            "pairs": [s.as_dict() for s in self.pairs],
            "not_monthly": list(self.not_monthly),
        }


def revise_norm(
    rates: Rates,
    norm_id: str | None = None,
    *,
    raise_pct: float | None = None,
    alpha: float | None = None,
    toward: str | None = None,
    tariff_pct: float = 0.0,
) -> Revision:
    """Build a revision by a percentage (``raise_pct``) or by Stalin's rule (``alpha``, ``toward``).

    >>> from stakhanov import load_rates
    >>> rev = revise_norm(load_rates(), alpha=0.1, toward="stakhanov-1935")
    >>> rev.new.mid  # 7 + 0.1 * (102 - 7)
    16.5
    """
    if (raise_pct is None) == (alpha is None):
        raise UsageError("give either a raise (--raise PCT) or --alpha with --toward RECORD")
    if not math.isfinite(tariff_pct) or tariff_pct <= -100:
        raise UsageError(f"a tariff change must be above -100%, got {tariff_pct:g}%")
    if alpha is not None:
        return _toward(rates, norm_id, alpha, toward, tariff_pct)
    if toward is not None:
        raise UsageError("--toward goes with --alpha, not with --raise")
    assert raise_pct is not None
    if not math.isfinite(raise_pct) or raise_pct <= -100:
        raise UsageError(f"a norm raise must be above -100%, got {raise_pct:g}%")
    norm = rates.norm(norm_id or _default_norm(rates))
    new = norm.value * (1 + raise_pct / 100)
    return Revision(
        norm.id,
        norm.unit,
        norm.value,
        Interval.point(new),
        tariff_pct,
        f"raise {raise_pct:g}%: {norm.value:g} → {new:g} {norm.unit}",
        raise_pct=raise_pct,
        sources=(str(norm.citation),),
    )


def _toward(
    rates: Rates, norm_id: str | None, alpha: float, toward: str | None, tariff_pct: float
) -> Revision:
    if not (math.isfinite(alpha) and 0 <= alpha <= 1):
        raise UsageError(f"alpha must be in [0, 1], got {alpha:g}")
    if toward is None:
        raise UsageError("--alpha needs --toward RECORD (a record id, e.g. stakhanov-1935)")
    record = rates.record(toward)
    if record.norm_id is None:
        raise UsageError(f"record '{toward}' is not measured against a norm in the data")
    if norm_id is not None and norm_id != record.norm_id:
        raise UsageError(
            f"record '{toward}' is measured against '{record.norm_id}', not '{norm_id}'"
        )
    norm = rates.norm(record.norm_id)
    n, r = norm.value, record.output
    # N' = N + α(R − N), end by end: a record range gives a range of new norms.
    new = Interval(
        n + alpha * (r.low - n), n + alpha * (r.high - n), central=n + alpha * (r.mid - n)
    )
    if new.low <= 0:
        raise UsageError(f"the revised norm would be {new.low:g} {norm.unit}: it must stay > 0")
    return Revision(
        norm.id,
        norm.unit,
        n,
        new,
        tariff_pct,
        f"α = {alpha:g} toward {toward} ({_amount(r)} {record.unit}): "
        f"{n:g} → {_amount(new)} {norm.unit}",
        record_id=toward,
        alpha=alpha,
        sources=tuple(dict.fromkeys((str(norm.citation), str(record.citation)))),
    )


def _amount(i: Interval) -> str:
    return f"{i.mid:g}" if i.low == i.high else f"{i.low:g}–{i.high:g} ({i.mid:g})"


def _default_norm(rates: Rates) -> str:
    # The norm the wage groups are paid by, when there is exactly one; otherwise ask.
    used = list(dict.fromkeys(g.norm_id for g in rates.wages.values() if g.norm_id))
    if len(used) != 1:
        raise UsageError(f"say which norm to raise (--norm): one of {', '.join(rates.norms)}")
    return used[0]


def tariff(rates: Rates, norm: Norm) -> float:
    """W0: the monthly pay for meeting the norm exactly (its tariff group's central wage)."""
    if norm.tariff_group is None:
        raise UsageError(f"norm '{norm.id}' has no tariff group, so no pay at the norm")
    return monthly(rates.group(norm.tariff_group), rates.working_days_per_month).wage.mid


def pay_at_norm(rates: Rates, norm: Norm) -> float:
    """W0 for revising ``norm``: its tariff, or 1.0 when no group is paid by it (nothing is
    repaid then, so the scale cannot matter, and a norm without a tariff group is fine)."""
    if any(g.norm_id == norm.id for g in rates.wages.values()):
        return tariff(rates, norm)
    return 1.0


def _why_not(g: WageGroup, norm_id: str) -> str:
    if g.pay_basis == "statistic":
        return "a statistic: never recomputed as if paid by a norm"
    if g.pay_basis == "salary":
        return "a salary: not paid by a norm"
    if g.pay_basis == "time":
        return "a time wage: not paid by a norm"
    if g.norm_id:
        return f"paid by the norm '{g.norm_id}', not '{norm_id}'"
    return "paid by a norm not in the data"


def apply_revision(
    rates: Rates, revision: Revision, rule: RuleSpec | None = None, groups: list[str] | None = None
) -> NormResult:
    """Every group's earnings before and after ``revision``, and how the ratios moved."""
    norm = rates.norm(revision.norm_id)
    spec = rule or rule_for(rates)
    w0 = pay_at_norm(rates, norm)
    effects = []
    for g in rates.wages.values():
        before = monthly(g, rates.working_days_per_month).wage
        if g.pay_basis == "piece" and g.norm_id == norm.id:
            try:
                after, change = _repaid(before, revision, spec, w0)
            except UsageError as exc:  # the rule cannot explain this wage: say whose
                raise UsageError(f"group '{g.id}': {exc}") from None
            effects.append(
                NormEffect(
                    g.id,
                    before.span(),
                    after.span(),
                    change,
                    True,
                    f"paid by '{norm.id}' under the {spec.name} rule",
                    str(g.citation),
                )
            )
        else:
            zero = Span(0.0, 0.0, 0.0, "exact")
            effects.append(
                NormEffect(
                    g.id,
                    before.span(),
                    before.span(),
                    zero,
                    False,
                    _why_not(g, norm.id),
                    str(g.citation),
                )
            )
    by_id = {e.group: e for e in effects}
    days = rates.working_days_per_month
    not_monthly = tuple(g.id for g in rates.wages.values() if monthly(g, days).period != "month")
    pairs = [
        g for g in (groups if groups is not None else list(rates.wages)) if g not in not_monthly
    ]
    shifts = tuple(
        RatioShift(
            a,
            b,
            by_id[a].before.central / by_id[b].before.central,
            by_id[a].after.central / by_id[b].after.central,
        )
        for i, a in enumerate(pairs)
        for b in pairs[i + 1 :]
    )
    # Every ordered pair, for the machine formats and `norm --pairs all` (a zero wage, which
    # a scenario may set, divides nothing).
    every = tuple(
        RatioShift(
            a.group,
            b.group,
            a.before.central / b.before.central,
            a.after.central / b.after.central,
        )
        for a in effects
        for b in effects
        if a is not b and b.before.central and b.after.central
    )
    return NormResult(revision, spec.name, tuple(effects), shifts, every, tuple(pairs), not_monthly)


def _repaid(wage: Interval, rev: Revision, spec: RuleSpec, w0: float) -> tuple[Interval, Span]:
    """Earnings at the held output under the new norm and tariff, end by end."""
    new_w0 = w0 * (1 + rev.tariff_pct / 100)

    def after(e: float, n_new: float) -> float:
        q = implied_output(spec, e, rev.old, w0)
        return pay(spec, q, n_new, new_w0)

    # Earnings fall as the norm rises: the low end meets the highest new norm.
    low, high = after(wage.low, rev.new.high), after(wage.high, rev.new.low)
    central = after(wage.mid, rev.new.mid)
    out = Interval(min(low, central), max(high, central), wage.low_open, wage.high_open, central)
    changes = [
        100 * (after(e, n) / e - 1)
        for e in (wage.low, wage.high)
        for n in (rev.new.low, rev.new.high)
    ]
    mid_change = 100 * (central / wage.mid - 1)
    change = Interval(min(*changes, mid_change), max(*changes, mid_change), central=mid_change)
    same = math.isclose(change.low, change.high, rel_tol=1e-9, abs_tol=1e-9)
    return out, Span(change.low, change.mid, change.high, "exact" if same else "range")


def revise(
    rates: Rates,
    *,
    norm_id: str | None = None,
    raise_pct: float | None = None,
    alpha: float | None = None,
    toward: str | None = None,
    tariff_pct: float = 0.0,
    rule: str | None = None,
    groups: list[str] | None = None,
) -> NormResult:
    """One call for the CLI and notebooks: build the revision, apply it under ``rule``.

    >>> from stakhanov import load_rates
    >>> res = revise(load_rates(), alpha=0.1, toward="stakhanov-1935")
    >>> round(next(e for e in res.effects if e.group == "miner").after.central, 1)
    190.9
    """
    revision = revise_norm(
        rates, norm_id, raise_pct=raise_pct, alpha=alpha, toward=toward, tariff_pct=tariff_pct
    )
    return apply_revision(rates, revision, rule_for(rates, rule), groups)


def rule_for(rates: Rates, name: str | None = None) -> RuleSpec:
    """The rule named by the user, else the scenario's rule, else the straight piece rate."""
    if name is not None:
        return load_rule(rates, name)
    if isinstance(rates.rule, RuleSpec):
        return rates.rule
    return load_rule(rates, DEFAULT_RULE)
