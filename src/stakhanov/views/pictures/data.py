"""What each picture shows, as plain typed data computed by the library: the wage ladder,
earnings along a norm revision, and a workforce's Lorenz curves.

``plots`` draws this data (through ``drawing``) and writes the PNG; tests check the data
against the library, never pixels. Nothing here imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stakhanov.data.interval import describe
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.errors import OutputError
from stakhanov.scenarios.workforce import Workforce

if TYPE_CHECKING:
    from stakhanov.calc.norms import Revision
    from stakhanov.data.rules import RuleSpec
    from stakhanov.stats.workforce_metrics import GroupWage

__all__ = [
    "LadderData",
    "LadderPoint",
    "LorenzCurve",
    "NormsData",
    "NormsLine",
    "drawing_grid",
    "ladder_data",
    "lorenz_data",
    "norms_data",
]


@dataclass(frozen=True)
class LadderPoint:
    """One group on the monthly ladder: its range, central figure and open ends."""

    group: str
    stakhanovite: bool
    low: float
    central: float
    high: float
    low_open: bool
    high_open: bool
    as_given: str  # "1,600 or more", "400–500"
    basis: str
    source: str  # the citation, "markin-1936 ¶28"


@dataclass(frozen=True)
class LadderData:
    points: tuple[LadderPoint, ...]  # highest central wage first
    left_out: tuple[str, ...]  # groups with no monthly figure, and why
    cap: float  # how far an open end's arrow reaches (the Monte Carlo cap)
    scenarios: tuple[str, ...] = ()  # the scenarios applied (the run's Model)
    set_by_user: tuple[str, ...] = ()  # groups whose figures a scenario or --set gives


@dataclass(frozen=True)
class NormsLine:
    """A group's monthly earnings along α; ``low``/``high`` are None where that end is open."""

    group: str
    paid_by_norm: bool
    central: tuple[float, ...]
    low: tuple[float, ...] | None
    high: tuple[float, ...] | None


@dataclass(frozen=True)
class NormsData:
    alphas: tuple[float, ...]
    norm: str
    norm_value: float
    unit: str
    record: str
    record_value: float
    rule: str
    lines: tuple[NormsLine, ...]
    left_out: tuple[str, ...]
    sources: tuple[str, ...] = ()  # the norm's, the record's and each drawn group's citation
    scenarios: tuple[str, ...] = ()
    tariff_pct: float = 0.0


@dataclass(frozen=True)
class LorenzCurve:
    """Corners of a workforce's Lorenz curve (straight between them) and its Gini.

    ``groups[i]`` is the group whose stretch of the curve ends at corner ``i + 1``: the
    corners after the origin, poorest group first.
    """

    label: str  # the workforce file, and ", revised" after a revision
    title: str
    revision: str | None  # the revision in words; None for the workforce as given
    population: tuple[float, ...]
    wages: tuple[float, ...]
    gini: float
    groups: tuple[str, ...]
    sources: tuple[str, ...] = ()  # each group's citation: a source, or the scenario line
    scenarios: tuple[str, ...] = ()


# ---- the data -------------------------------------------------------------------------------


def ladder_data(rates: Rates) -> LadderData:
    """Every group with a monthly figure, highest first; day figures are left out and named.

    >>> from stakhanov import load_rates
    >>> ladder_data(load_rates()).points[0].group
    'engineer'
    """
    from stakhanov.stats.montecarlo import DEFAULT_OPEN_CAP

    points, left_out = [], []
    for g in rates.wages.values():
        m = monthly(g, rates.working_days_per_month)
        if m.period != "month":
            left_out.append(f"{g.id} (a {g.period}'s pay: give working days to convert)")
            continue
        w = m.wage
        points.append(
            LadderPoint(
                g.id,
                g.stakhanovite,
                w.low,
                w.mid,
                w.high,
                w.low_open,
                w.high_open,
                describe(w),
                m.basis,
                str(g.citation),
            )
        )
    points.sort(key=lambda p: -p.central)
    users = tuple(g.id for g in rates.wages.values() if g.citation.scenario)
    return LadderData(tuple(points), tuple(left_out), DEFAULT_OPEN_CAP, rates.scenarios, users)


# Steps across the α range at which ``plot --kind norms`` draws its curves. Earnings fall
# as 1 / (N + α (R - N)), steepest at α = 0; at 0.05 a step the curve visibly kinks there,
# at 1/500 of the range each step turns the line by about a degree at most.
_DRAWN_STEPS = 500


def drawing_grid(alphas: Sequence[float]) -> tuple[float, ...]:
    """The α a curve is drawn at: the ones given, and enough between them to draw it smooth.

    >>> grid = drawing_grid([0.0, 0.5, 1.0])
    >>> len(grid), grid[:3], grid[-1]
    (501, (0.0, 0.002, 0.004), 1.0)
    """
    import numpy as np

    given = np.asarray(alphas, dtype=np.float64)
    if given.size < 2:
        return tuple(map(float, given))
    fine = np.linspace(given.min(), given.max(), _DRAWN_STEPS + 1)
    return tuple(map(float, np.union1d(given, fine)))


def norms_data(
    rates: Rates,
    alphas: Sequence[float],
    toward: str,
    *,
    rule: RuleSpec | None = None,
    tariff_pct: float = 0.0,
) -> NormsData:
    """Monthly earnings of every group along ``alphas`` toward ``toward`` (``sweep.sweep``),
    under the run's ``rule`` and tariff change (``calc.model.Model``)."""
    import numpy as np

    from stakhanov.calc.sweep import sweep

    result = sweep(rates, alphas, toward, [tariff_pct], rule)
    norm = rates.norm(result.norm_id)
    record = rates.record(toward)
    lines, left_out = [], []
    for gi, gid in enumerate(result.groups):
        m = monthly(rates.wages[gid], rates.working_days_per_month)
        if m.period != "month":
            left_out.append(f"{gid} (a {m.period}'s pay)")
            continue
        ends = []
        for array in (result.low, result.high):
            row = array[0, :, gi]
            ends.append(None if np.isnan(row).any() else tuple(map(float, row)))
        lines.append(
            NormsLine(
                gid,
                result.paid_by_norm[gi],
                tuple(map(float, result.central[0, :, gi])),
                ends[0],
                ends[1],
            )
        )
    return NormsData(
        tuple(map(float, result.alphas)),
        norm.id,
        norm.value,
        norm.unit,
        toward,
        record.output.mid,
        result.rule,
        tuple(lines),
        tuple(left_out),
        _cited(rates, [line.group for line in lines], norm.citation, record.citation),
        rates.scenarios,
        tariff_pct,
    )


def _cited(rates: Rates, groups: Sequence[str], *more: object) -> tuple[str, ...]:
    """The distinct citations behind a picture, for its footnote."""
    return tuple(dict.fromkeys([*map(str, more), *(str(rates.wages[g].citation) for g in groups)]))


def lorenz_data(
    rates: Rates,
    workforces: Sequence[Workforce],
    revision: Revision | None = None,
    rule: RuleSpec | None = None,
) -> tuple[LorenzCurve, ...]:
    """One curve per workforce at its central wages, and one more after ``revision``."""
    from stakhanov.stats.inequality import gini, lorenz
    from stakhanov.stats.workforce_metrics import revised_wages, workforce_wages

    if not workforces:
        raise OutputError("a Lorenz curve needs a workforce (--workforce FILE)")
    after = None if revision is None else revised_wages(rates, revision, rule)
    curves = []
    for wf in workforces:
        stages: list[tuple[str, str | None, tuple[GroupWage, ...]]] = [
            (wf.label, None, workforce_wages(rates, wf))
        ]
        if revision is not None and after is not None:
            revised = workforce_wages(rates, wf, after)
            stages.append((f"{wf.label}, revised", revision.method, revised))
        for label, how, groups in stages:
            values = [g.wage.mid for g in groups]
            weights = [g.headcount for g in groups]
            x, y = lorenz(values, weights)
            # The corners' order: groups with workers, poorest first, ties as given (the
            # stable sort lorenz() makes).
            paid = sorted((g for g in groups if g.headcount > 0), key=lambda g: g.wage.mid)
            curves.append(
                LorenzCurve(
                    label,
                    wf.title,
                    how,
                    tuple(map(float, x)),
                    tuple(map(float, y)),
                    gini(values, weights),
                    tuple(g.group for g in paid),
                    _cited(rates, [g.group for g in groups]),
                    rates.scenarios,
                )
            )
    return tuple(curves)
