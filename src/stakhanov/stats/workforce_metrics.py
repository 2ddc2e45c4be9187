"""How unequal a workforce is, and how sure we can be given the sources' ranges and bounds.

Each worker earns their group's wage on a monthly basis (``periods.monthly``). The point
figures (``central``) use each group's central wage; the percentiles come from drawing every
group's wage within its bounds (``montecarlo.simulate``: uniform or triangular, open ends
capped) and computing every metric on every draw, weighted by headcount.

A norm revision (``norms.Revision``) adds a stage *after* it: the same workers, paid for the
output their wage implies under the new norm (``norms.apply_revision``). Every stage is drawn
with the same seed, so before and after see the same random numbers (common random numbers:
their difference is not blurred by two independent samplings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from stakhanov.calc.display import ShowsHtml
from stakhanov.data.interval import Interval
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.errors import UsageError
from stakhanov.scenarios.workforce import Workforce
from stakhanov.stats.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED

if TYPE_CHECKING:
    from stakhanov.calc.norms import Revision
    from stakhanov.data.rules import RuleSpec
    from stakhanov.stats.montecarlo import Quantiles

__all__ = [
    "METRIC_LABELS",
    "GroupWage",
    "InequalityReport",
    "MetricRow",
    "Stage",
    "inequality_report",
    "revised_wages",
    "workforce_wages",
]

# Every metric a report gives, in the order shown, with its label for a table.
METRIC_LABELS: dict[str, str] = {
    "gini": "Gini",
    "theil_t": "Theil T = GE(1)",
    "mld": "mean log deviation = GE(0)",
    "ge_2": "GE(2) = half the squared CV",
    "atkinson_0.5": "Atkinson ε = 0.5",
    "atkinson_1": "Atkinson ε = 1",
    "atkinson_2": "Atkinson ε = 2",
    "p90_p10": "P90 / P10",
    "palma": "Palma (top 10% / bottom 40%)",
    "top10_share": "top 10% share of the wage bill",
    "theil_between_stakhanovite": "Theil T between: Stakhanovite or not",
    "theil_within_stakhanovite": "Theil T within: Stakhanovite or not",
    "theil_between_industry": "Theil T between: industries",
    "theil_within_industry": "Theil T within: industries",
}

# Theil's T is split by these wage-group attributes (rates/wages.csv columns).
_PARTITIONS = ("stakhanovite", "industry")


@dataclass(frozen=True)
class GroupWage:
    """One group of a workforce: its workers, its monthly wage, and the range drawn from."""

    group: str
    label: str
    headcount: int
    wage: Interval  # monthly
    basis: str  # how the period was put on a monthly footing
    stakhanovite: bool
    industry: str
    pay_basis: str
    drawn_low: float | None = None  # the sampling range (open ends capped); None: no draws
    drawn_high: float | None = None

    def as_dict(self) -> dict[str, Any]:
        span = self.wage.span()
        return {
            "group": self.group,
            "headcount": self.headcount,
            "low": span.low,
            "central": span.central,
            "high": span.high,
            "bound": span.bound,
            "basis": self.basis,
            "drawn_low": self.drawn_low,
            "drawn_high": self.drawn_high,
        }


@dataclass(frozen=True)
class MetricRow:
    """A metric at the central wages, and its 5th, 50th and 95th percentiles over draws."""

    metric: str
    central: float
    p05: float | None = None
    p50: float | None = None
    p95: float | None = None

    @property
    def label(self) -> str:
        return METRIC_LABELS[self.metric]

    def as_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "central": self.central,
            "p05": self.p05,
            "p50": self.p50,
            "p95": self.p95,
        }


@dataclass(frozen=True)
class Stage:
    """One workforce as given, or after a norm revision, with every metric."""

    label: str
    workforce: Workforce
    revision: str | None  # the revision in words, None for the workforce as given
    groups: tuple[GroupWage, ...]
    metrics: tuple[MetricRow, ...]
    notes: tuple[str, ...] = ()

    def metric(self, name: str) -> MetricRow:
        for row in self.metrics:
            if row.metric == name:
                return row
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        wf = self.workforce
        return {
            "stage": self.label,
            "workforce": wf.name or None,
            "title": wf.title,
            "note": wf.note,
            "revision": self.revision,
            "workers": wf.total,
            "groups": [g.as_dict() for g in self.groups],
            "notes": list(self.notes),
            "metrics": [m.as_dict() for m in self.metrics],
        }


@dataclass(frozen=True)
class InequalityReport(ShowsHtml):
    """Every stage's metrics, with the assumptions behind the percentiles."""

    stages: tuple[Stage, ...]
    draws: int  # 0: central figures only
    seed: int | None  # the seed used (also when drawn fresh); None without draws
    dist: str
    cap: float
    scenarios: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "dist": self.dist,
            "cap": self.cap,
            "scenarios": list(self.scenarios),
            "stages": [s.as_dict() for s in self.stages],
        }

    def records(self) -> list[dict[str, Any]]:
        """One row per (stage, metric): the CSV view."""
        return [{"stage": s.label, **m.as_dict()} for s in self.stages for m in s.metrics]


def revised_wages(
    rates: Rates, revision: Revision, rule: str | RuleSpec | None = None
) -> dict[str, Interval]:
    """Each group's monthly wage after ``revision`` (a ``norms.Revision``), open ends kept.

    ``rule``: the run's pay rule (``calc.model.Model.rule``); None is the scenario's rule,
    else straight, exactly as ``norm`` resolves it, so the two never disagree.

    ``apply_revision`` reports an open end as ``None``; to keep its given figure (drawn up
    to the cap like any open end), the revision is applied to the same wages with their
    ends closed, and the flags put back afterwards.
    """
    from stakhanov.calc.norms import apply_revision, rule_for
    from stakhanov.data.rules import RuleSpec

    closed = {
        gid: replace(g, wage=Interval(g.wage.low, g.wage.high, central=g.wage.central))
        for gid, g in rates.wages.items()
    }
    result = apply_revision(
        replace(rates, wages=MappingProxyType(closed)),
        revision,
        rule if isinstance(rule, RuleSpec) else rule_for(rates, rule),
        groups=[],
    )
    out = {}
    for effect in result.effects:
        given = rates.wages[effect.group].wage
        a = effect.after
        assert a.low is not None and a.high is not None  # closed ends: both are figures
        out[effect.group] = Interval(a.low, a.high, given.low_open, given.high_open, a.central)
    return out


def workforce_wages(
    rates: Rates, workforce: Workforce, after: dict[str, Interval] | None = None
) -> tuple[GroupWage, ...]:
    """The groups with workers, in the data's order, each with its monthly wage.

    ``after`` replaces wages by revised ones (``revised_wages``). A day figure with no
    working days per month cannot stand for a month's pay: that is an error here.
    """
    present = workforce.present()
    for gid in present:
        rates.group(gid)  # an unknown id fails with a suggestion
    out = []
    for gid, g in rates.wages.items():
        if gid not in present:
            continue
        m = monthly(g, rates.working_days_per_month)
        if m.period != "month":
            raise UsageError(
                f"group '{gid}' is paid by the {g.period}, not the month: give working days "
                "per month (working_days_per_month in a scenario) to count it"
            )
        wage = m.wage if after is None else after[gid]  # revised wages are monthly already
        out.append(
            GroupWage(
                gid,
                g.label,
                present[gid],
                wage,
                m.basis,
                g.stakhanovite,
                g.industry,
                g.pay_basis,
            )
        )
    return tuple(out)


def _notes(groups: Sequence[GroupWage]) -> tuple[str, ...]:
    notes = []
    for g in groups:
        if g.pay_basis == "statistic":
            notes.append(f"{g.group} is a statistic, not anyone's pay: counted as if earned")
        if g.basis != "month":
            notes.append(f"{g.group}: {g.basis}")
    return tuple(notes)


def _central(groups: Sequence[GroupWage]) -> dict[str, float]:
    from stakhanov.stats.inequality import ge, metrics, theil_decomposition

    values = [g.wage.mid for g in groups]
    weights = [g.headcount for g in groups]
    out = metrics(values, weights)
    out["ge_2"] = ge(values, weights, 2)
    for p in _PARTITIONS:
        labels = [getattr(g, p) for g in groups]
        out[f"theil_between_{p}"], out[f"theil_within_{p}"] = theil_decomposition(
            values, weights, labels
        )
    return out


def _simulated(
    groups: Sequence[GroupWage],
    draws: int,
    seed: int | None,
    dist: str,
    cap: float,
    tick: Callable[[int], None] | None,
    tol: float,
) -> tuple[dict[str, Quantiles], int, tuple[GroupWage, ...]]:
    """Percentiles of every metric, the seed used, and the groups with their drawn ranges
    (an approximate wage drawn within ``tol``, the claims' tolerance)."""
    from stakhanov.stats._extras import ExtrasStream, extra_names
    from stakhanov.stats.montecarlo import Quantiles, sampling_ranges, simulate

    intervals = [g.wage for g in groups]
    weights = [g.headcount for g in groups]
    done = [0]

    def step(count: int, _total: int) -> None:
        if tick is not None:
            tick(count - done[0])
        done[0] = count

    # A partition with one subgroup splits nothing: between is exactly 0 on every draw and
    # within is Theil's T itself, whose percentiles simulate streams. Only the other
    # partitions (and GE(2)) go through the extras, fed each chunk simulate draws: every
    # draw is made once (a second pass through iter_draws cost a third of the command).
    split: list[tuple[str, list[Any]]] = []
    single: list[tuple[str, list[Any]]] = []
    for p in _PARTITIONS:
        labels = [getattr(g, p) for g in groups]
        (split if len(set(labels)) > 1 else single).append((p, labels))
    low, high = sampling_ranges(intervals, cap, tolerance=tol)
    stream = ExtrasStream(weights, [labels for _, labels in split], low.tolist(), high.tolist())
    result = simulate(
        intervals, draws, seed, dist, cap, weights, step, each=stream.add, tolerance=tol
    )
    quantiles = dict(result.metrics)
    for p, _ in single:
        quantiles[f"theil_between_{p}"] = Quantiles(0.0, 0.0, 0.0)
        quantiles[f"theil_within_{p}"] = quantiles["theil_t"]
    extras = stream.quantiles()
    quantiles.update(zip(extra_names([p for p, _ in split]), extras, strict=True))
    ranged = tuple(
        replace(g, drawn_low=lo, drawn_high=hi)
        for g, lo, hi in zip(groups, result.low, result.high, strict=True)
    )
    return quantiles, result.seed, ranged


def inequality_report(
    rates: Rates,
    workforce: Workforce | Sequence[Workforce],
    draws: int = DEFAULT_DRAWS,
    seed: int | None = DEFAULT_SEED,
    dist: str = "uniform",
    cap: float | None = None,
    revision: Revision | None = None,
    progress: Callable[[int, int], None] | None = None,
    rule: str | RuleSpec | None = None,
) -> InequalityReport:
    """Every metric for each workforce, and after ``revision`` (a ``norms.Revision``) if given.

    ``draws=0`` gives the central figures only. ``seed=None`` draws a fresh seed and reports
    it; ``cap`` defaults to ``montecarlo.DEFAULT_OPEN_CAP``. ``progress(done, total)`` follows
    the draws of every stage. ``rule`` is the pay rule of the revised stage (the run's
    ``Model.rule``; None: the scenario's rule, else straight, as ``norm`` resolves it).

    >>> from stakhanov import load_rates
    >>> pit = Workforce("two groups", {"miner": 3, "auxiliary": 1})
    >>> round(inequality_report(load_rates(), pit, draws=0).stages[0].metric("gini").central, 4)
    0.1382
    """
    from stakhanov.stats.defaults import approx_tolerance
    from stakhanov.stats.montecarlo import DEFAULT_OPEN_CAP

    workforces = [workforce] if isinstance(workforce, Workforce) else list(workforce)
    if not workforces:
        raise UsageError("no workforce given")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 0:
        raise UsageError(
            f"draws must be a whole number >= 0 (0: central figures only), got {draws!r}"
        )
    if cap is None:  # the user's --cap, else the scenario's [montecarlo] open_cap, else the default
        cap = DEFAULT_OPEN_CAP if rates.open_cap is None else rates.open_cap
    after = None if revision is None else revised_wages(rates, revision, rule)
    plans: list[tuple[str, Workforce, str | None, tuple[GroupWage, ...]]] = []
    for wf in workforces:
        plans.append((wf.label, wf, None, workforce_wages(rates, wf)))
        if revision is not None and after is not None:
            revised = workforce_wages(rates, wf, after)
            plans.append((f"{wf.label}, revised", wf, revision.method, revised))
    total = draws * len(plans)  # each stage draws once
    done = [0]

    def tick(count: int) -> None:
        done[0] += count
        if progress is not None:
            progress(done[0], total)

    stages = []
    for label, wf, how, groups in plans:
        central = _central(groups)
        quantiles: dict[str, Quantiles] = {}
        if draws:
            quantiles, seed, groups = _simulated(
                groups, draws, seed, dist, cap, tick, approx_tolerance(rates)
            )
        rows = tuple(
            MetricRow(name, central[name], *_ends(quantiles.get(name))) for name in METRIC_LABELS
        )
        stages.append(Stage(label, wf, how, groups, rows, _notes(groups)))
    return InequalityReport(
        tuple(stages), draws, seed if draws else None, dist, cap, rates.scenarios
    )


def _ends(q: Quantiles | None) -> tuple[float | None, float | None, float | None]:
    return (None, None, None) if q is None else (q.p05, q.p50, q.p95)
