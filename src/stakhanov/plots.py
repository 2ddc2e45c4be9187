"""Pictures: the wage ladder, earnings along a norm revision, and a workforce's Lorenz curves.

Each picture has two halves. A ``*_data`` function returns exactly what is drawn, as plain
typed data computed by the library (tests check it against the library, never pixels); a
``save_*`` function draws that data with matplotlib's Agg backend and writes the PNG
atomically (``_atomic_plot``): never over an existing file without ``force``, never half.

matplotlib is imported inside the drawing functions: nothing else pays for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ._atomic_plot import atomic_write, check_target
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
    "draw_ladder",
    "draw_lorenz",
    "draw_norms",
    "ladder_data",
    "lorenz_data",
    "norms_data",
    "save_ladder",
    "save_lorenz",
    "save_norms",
]

_STAKHANOVITE, _OTHER = "#c0392b", "#2c3e80"  # red for Stakhanovites, blue for the others
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


# ---- the drawing ----------------------------------------------------------------------------


def _figure(width: float, height: float, footnote: float = 0.0) -> tuple[Figure, Axes]:
    """A figure with its own Agg canvas: no pyplot, no global backend, no state between calls.

    ``footnote`` is the share of the height kept free at the bottom for a note.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    layout = ConstrainedLayoutEngine(rect=(0, footnote, 1, 1 - footnote))
    fig = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _save(fig: Figure, path: Path, force: bool) -> None:
    def write(target: Path) -> None:
        fig.savefig(target, format="png", dpi=_DPI)

    atomic_write(path, write, force)


def _rubles_axis(axis: object) -> None:
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))  # type: ignore[attr-defined]
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))  # type: ignore[attr-defined]
    axis.set_minor_formatter(NullFormatter())  # type: ignore[attr-defined]


def draw_ladder(data: LadderData, fig: Figure, ax: Axes) -> None:
    """The ladder: a dot per central figure, whiskers for ranges, arrows for open ends."""
    shown = list(reversed(data.points))  # matplotlib counts y upward: highest on top
    for y, p in enumerate(shown):
        colour = _STAKHANOVITE if p.stakhanovite else _OTHER
        if p.high > p.low:
            ax.hlines(y, p.low, p.high, colors=colour, linewidth=2)
            ax.vlines([p.low, p.high], y - 0.2, y + 0.2, colors=colour, linewidth=2)
        arrow = {"arrowstyle": "-|>", "color": colour, "linewidth": 1.5}
        if p.high_open:
            ax.annotate("", (p.high * data.cap, y), (p.high, y), arrowprops=arrow)
        if p.low_open:
            ax.annotate("", (p.low / data.cap, y), (p.low, y), arrowprops=arrow)
        ax.plot([p.central], [y], "o", color=colour, markersize=7)
        right = p.high * data.cap if p.high_open else p.high
        ax.annotate(p.as_given, (right, y), xytext=(8, 0), textcoords="offset points", va="center")
    ax.set_yticks(range(len(shown)), [p.group for p in shown])
    ax.set_xscale("log")
    low = min(p.low / (data.cap if p.low_open else 1) for p in shown)
    high = max(p.high * (data.cap if p.high_open else 1) for p in shown)
    ax.set_xlim(low / 1.3, high * 2.2)
    _rubles_axis(ax.xaxis)
    ax.set_xlabel("rubles a month (log scale)")
    ax.grid(axis="x", which="major", alpha=0.3)
    ax.set_title("Monthly wages in the 1935 reports")
    ax.plot([], [], "o", color=_STAKHANOVITE, label="Stakhanovite")
    ax.plot([], [], "o", color=_OTHER, label="not Stakhanovite")
    ax.legend(loc="lower right")
    note = (
        f"Whiskers: the range the source gives. Arrows: open bounds ('more than', 'or less'), "
        f"drawn to ×{data.cap:g}, the Monte Carlo cap."
    )
    if data.left_out:
        note += f"\nLeft out, no monthly figure: {', '.join(data.left_out)}."
    sources = ", ".join(dict.fromkeys(p.source for p in data.points))
    fig.text(0.01, 0.01, f"{note}\nSources: {sources}.", fontsize=8, va="bottom")


def _constant_labels(lines: Sequence[NormsLine]) -> list[tuple[float, str]]:
    """Labels for the groups the revision leaves alone: one per figure, never overlapping.

    Groups with the same figure share a label (auxiliary and average-worker: 170); labels
    closer than ``_GAP`` on the log scale are pushed apart upward.
    """
    by_value: dict[float, list[str]] = {}
    for line in lines:
        by_value.setdefault(line.central[-1], []).append(line.group)
    placed: list[tuple[float, str]] = []
    for value in sorted(by_value):
        y = value if not placed else max(value, placed[-1][0] * _GAP)
        placed.append((y, f"{', '.join(by_value[value])} ({value:,.0f})"))
    return placed


_GAP = 1.09  # the smallest ratio between two labels' heights on the log axis


def draw_norms(data: NormsData, fig: Figure, ax: Axes) -> None:
    """Earnings against α: groups paid by the norm fall; the others hold still (dotted)."""
    still = [line for line in data.lines if not line.paid_by_norm]
    for line in data.lines:
        if line.paid_by_norm:
            label = line.group + (" (a lower bound)" if line.high is None else "")
            (drawn,) = ax.plot(data.alphas, line.central, linewidth=2, label=label)
            if line.low is not None and line.high is not None:
                colour = drawn.get_color()
                ax.fill_between(data.alphas, line.low, line.high, alpha=0.2, color=colour)
        else:
            ax.plot(data.alphas, line.central, ":", color="grey", linewidth=1)
    end = data.alphas[-1]
    for y, text in _constant_labels(still):
        ax.annotate(
            text, (end, y), xytext=(4, 0), textcoords="offset points", fontsize=7, va="center"
        )
    ax.set_yscale("log")
    _rubles_axis(ax.yaxis)
    ax.set_xlim(data.alphas[0], end)
    ax.set_xlabel(
        f"α: share of the way from the norm ({data.norm_value:g} {data.unit}) "
        f"to the record {data.record} ({data.record_value:g} {data.unit})"
    )
    ax.set_ylabel("rubles a month (log scale)")
    ax.set_title(f"Earnings as the norm '{data.norm}' is revised (rule: {data.rule})")
    ax.grid(alpha=0.3)
    ax.legend(title="paid by the norm (band: the range given)", loc="lower left")
    fig.text(
        0.01,
        0.01,
        "Dotted: groups the revision leaves alone (salaries, time wages, statistics, other "
        "norms). Output held as it was: E' = E·N/N'.",
        fontsize=8,
        va="bottom",
    )


def draw_lorenz(curves: Sequence[LorenzCurve], fig: Figure, ax: Axes) -> None:
    """Lorenz curves: share of the wage bill earned by the poorest share of the workers."""
    ax.plot([0, 1], [0, 1], color="grey", linewidth=1, label="equal pay")
    for c in curves:
        after = ", after the revision" if c.revision else ""
        label = f"{c.title}{after} (Gini {c.gini:.3f})"
        ax.plot(c.population, c.wages, marker="o", markersize=4, label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("share of the workers, poorest first")
    ax.set_ylabel("share of the wage bill")
    ax.set_title("Lorenz curves at the central wages")
    note = "Open bounds at face value ('more than 1,600' as 1,600)."
    revisions = list(dict.fromkeys(c.revision for c in curves if c.revision))
    if revisions:
        note += f"\nRevision: {revisions[0]}; output held as it was."
    fig.text(0.01, 0.01, note, fontsize=8, va="bottom")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)


def _target(path: Path, force: bool) -> Path:
    """Refuse a bad output path before anything is computed or drawn."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise OutputError(f"{path}: a plot is a PNG file: give a name ending in .png")
    check_target(path, force)
    return path


def _draw_and_save(
    path: Path,
    force: bool,
    size: tuple[float, float, float],
    draw: Callable[[Figure, Axes], None],
) -> None:
    fig, ax = _figure(*size)
    draw(fig, ax)
    _save(fig, path, force)


def save_ladder(path: Path, rates: Rates, force: bool = False) -> LadderData:
    """Draw the monthly wage ladder to ``path`` (a new .png unless ``force``)."""
    path = _target(path, force)
    data = ladder_data(rates)
    _draw_and_save(path, force, (8, 6, 0.1), lambda fig, ax: draw_ladder(data, fig, ax))
    return data


def save_norms(
    path: Path, rates: Rates, alphas: Sequence[float], toward: str, force: bool = False
) -> NormsData:
    """Draw every group's earnings along α toward the record ``toward``."""
    path = _target(path, force)
    data = norms_data(rates, alphas, toward)
    _draw_and_save(path, force, (10, 6, 0.05), lambda fig, ax: draw_norms(data, fig, ax))
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
    _draw_and_save(path, force, (6.5, 7, 0.06), lambda fig, ax: draw_lorenz(curves, fig, ax))
    return curves
