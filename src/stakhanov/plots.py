"""Pictures: the wage ladder, earnings along a norm revision, and a workforce's Lorenz curves.

Each picture has two halves. A ``*_data`` function returns exactly what is drawn, as plain
typed data computed by the library (tests check it against the library, never pixels); a
``save_*`` function draws that data (``drawing``, matplotlib's Agg backend) and writes the
PNG atomically (``atomic``): never over an existing file without ``force``, never half.

matplotlib is imported inside the drawing functions: nothing else pays for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from . import drawing
from .atomic import atomic_write, check_target
from .errors import OutputError
from .interval import describe
from .periods import monthly
from .rates import Rates
from .workforce import Workforce

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .norms import Revision
    from .workforce_metrics import GroupWage

__all__ = [
    "LadderData",
    "LadderPoint",
    "LorenzCurve",
    "NormsData",
    "NormsLine",
    "ladder_data",
    "lorenz_data",
    "norms_data",
    "save_ladder",
    "save_lorenz",
    "save_norms",
]

_DPI = 150


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


@dataclass(frozen=True)
class LorenzCurve:
    """Corners of a workforce's Lorenz curve (straight between them) and its Gini."""

    label: str  # the workforce file, and ", revised" after a revision
    title: str
    revision: str | None  # the revision in words; None for the workforce as given
    population: tuple[float, ...]
    wages: tuple[float, ...]
    gini: float


# ---- the data -------------------------------------------------------------------------------


def ladder_data(rates: Rates) -> LadderData:
    """Every group with a monthly figure, highest first; day figures are left out and named.

    >>> from stakhanov import load_rates
    >>> ladder_data(load_rates()).points[0].group
    'engineer'
    """
    from .montecarlo import DEFAULT_OPEN_CAP

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
    return LadderData(tuple(points), tuple(left_out), DEFAULT_OPEN_CAP)


def norms_data(rates: Rates, alphas: Sequence[float], toward: str) -> NormsData:
    """Monthly earnings of every group along ``alphas`` toward ``toward`` (``sweep.sweep``)."""
    import numpy as np

    from .sweep import sweep

    result = sweep(rates, alphas, toward)
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
    )


def lorenz_data(
    rates: Rates, workforces: Sequence[Workforce], revision: Revision | None = None
) -> tuple[LorenzCurve, ...]:
    """One curve per workforce at its central wages, and one more after ``revision``."""
    from .inequality import gini, lorenz
    from .workforce_metrics import revised_wages, workforce_wages

    if not workforces:
        raise OutputError("a Lorenz curve needs a workforce (--workforce FILE)")
    after = None if revision is None else revised_wages(rates, revision)
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
            curves.append(
                LorenzCurve(
                    label,
                    wf.title,
                    how,
                    tuple(map(float, x)),
                    tuple(map(float, y)),
                    gini(values, weights),
                )
            )
    return tuple(curves)


def _target(path: Path, force: bool) -> Path:
    """Refuse a bad output path before anything is computed or drawn."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise OutputError(f"{path}: a plot is a PNG file: give a name ending in .png")
    check_target(path, force=force)
    return path


def _save(fig: Figure, path: Path, force: bool) -> None:
    def write(handle: BinaryIO) -> None:
        fig.savefig(handle, format="png", dpi=_DPI)

    atomic_write(path, write, force=force)


def _draw_and_save(
    path: Path,
    force: bool,
    size: tuple[float, float, float],
    draw: Callable[[Figure, Axes], None],
) -> None:
    from .drawing import figure

    fig, ax = figure(*size)
    draw(fig, ax)
    _save(fig, path, force)


def save_ladder(path: Path, rates: Rates, force: bool = False) -> LadderData:
    """Draw the monthly wage ladder to ``path`` (a new .png unless ``force``)."""
    path = _target(path, force)
    data = ladder_data(rates)
    _draw_and_save(path, force, (8, 6, 0.1), lambda fig, ax: drawing.draw_ladder(data, fig, ax))
    return data


def save_norms(
    path: Path, rates: Rates, alphas: Sequence[float], toward: str, force: bool = False
) -> NormsData:
    """Draw every group's earnings along α toward the record ``toward``."""
    path = _target(path, force)
    data = norms_data(rates, alphas, toward)
    _draw_and_save(path, force, (10, 6, 0.05), lambda fig, ax: drawing.draw_norms(data, fig, ax))
    return data


def save_lorenz(
    path: Path,
    rates: Rates,
    workforces: Sequence[Workforce],
    revision: Revision | None = None,
    force: bool = False,
) -> tuple[LorenzCurve, ...]:
    """Draw the Lorenz curve of each workforce, and of each after ``revision`` if given."""
    path = _target(path, force)
    curves = lorenz_data(rates, workforces, revision)
    _draw_and_save(
        path, force, (6.5, 7, 0.06), lambda fig, ax: drawing.draw_lorenz(curves, fig, ax)
    )
    return curves
