"""Drawing the plots' data with matplotlib (Agg backend): no computing happens here.

Each ``draw_*`` takes the data a ``data.*_data`` function returned and an Axes to draw on,
so a notebook can draw the same picture into its own figure. matplotlib is imported inside
the functions: importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from stakhanov.stats.sensitivity import Sensitivity
    from stakhanov.views.pictures.data import LadderData, LorenzCurve, NormsData, NormsLine

__all__ = ["draw_ladder", "draw_lorenz", "draw_norms", "draw_tornado", "figure", "tornado_size"]

_STAKHANOVITE, _OTHER = "#c0392b", "#2c3e80"  # red for Stakhanovites, blue for the others
# The two also differ in shape (a diamond, a dot): the colours alone look alike in greyscale.
_MARK = {True: "D", False: "o"}
_GAP = 1.09  # the smallest ratio between two labels' heights on the log axis


def figure(width: float, height: float, footnote: float = 0.0) -> tuple[Figure, Axes]:
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
        ax.plot([p.central], [y], _MARK[p.stakhanovite], color=colour, markersize=7)
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
    _title(ax, "Monthly wages in the 1935 reports", data.scenarios)
    ax.plot([], [], _MARK[True], color=_STAKHANOVITE, label="Stakhanovite")
    ax.plot([], [], _MARK[False], color=_OTHER, label="not Stakhanovite")
    ax.legend(loc="lower right")
    given = "the range the source gives"
    if data.set_by_user:  # a range a scenario set is the user's, not a source's
        given += f", or the scenario sets ({', '.join(data.set_by_user)})"
    note = (
        f"Whiskers: {given}. Arrows: open bounds ('more than', 'or less'), "
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


def _title(ax: Axes, title: str, scenarios: Sequence[str]) -> None:
    """A picture's title, with the scenarios applied beneath it: the figures are then the
    user's, and the picture says so where it is first read."""
    if not scenarios:
        ax.set_title(title)
        return
    ax.set_title(f"{title}\nunder the scenario: {'; '.join(scenarios)}", fontsize=10)


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
    tariff = f", tariff {data.tariff_pct:+g}%" if data.tariff_pct else ""
    _title(
        ax,
        f"Earnings as the norm '{data.norm}' is revised (rule: {data.rule}{tariff})",
        data.scenarios,
    )
    ax.grid(alpha=0.3)
    ax.legend(title="paid by the norm (band: the range given)", loc="lower left")
    fig.text(
        0.01,
        0.01,
        "Dotted: groups the revision leaves alone (salaries, time wages, statistics, other "
        f"norms). Output held as it was, paid under the rule {data.rule} at the new norm"
        f"{' (straight: E′ = E·N/N′)' if data.rule == 'straight' else ''}."
        f"\nSources: {', '.join(data.sources)}.",
        fontsize=8,
        va="bottom",
    )


def draw_lorenz(curves: Sequence[LorenzCurve], fig: Figure, ax: Axes) -> None:
    """Lorenz curves: share of the wage bill earned by the poorest share of the workers.

    Each corner is labelled with the group whose stretch of the curve ends there; a corner
    two curves share (the top one, always) is labelled once.
    """
    from matplotlib.colors import to_hex
    from matplotlib.ticker import PercentFormatter

    ax.plot([0, 1], [0, 1], color="grey", linewidth=1, label="equal pay")
    corners: dict[tuple[float, float, str], str] = {}
    # One marker and line style per curve, so the curves stay apart in greyscale too.
    styles = [("o", "-"), ("s", "--"), ("^", "-."), ("D", ":")]
    for i, c in enumerate(curves):
        marker, dash = styles[i % len(styles)]
        after = ", after the revision" if c.revision else ""
        label = f"{c.title}{after}: Gini {c.gini:.3f}"
        (line,) = ax.plot(
            c.population, c.wages, marker=marker, linestyle=dash, markersize=4, label=label
        )
        for x, y, group in zip(c.population[1:], c.wages[1:], c.groups, strict=True):
            key = (round(x, 9), round(y, 9), group)
            corners[key] = "dimgrey" if key in corners else to_hex(line.get_color())
    # A margin inside the frame: the 0% and 100% ticks and the corners at (1, 1) stand
    # clear of it.
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    ax.set_xlabel("share of the workers, poorest first")
    ax.set_ylabel("share of the wage bill")
    scenarios = tuple(dict.fromkeys(s for c in curves for s in c.scenarios))
    _title(ax, "Lorenz curves at the central wages", scenarios)
    note = "Open bounds at face value ('more than 1,600' as 1,600). Each corner: the group whose"
    note += " stretch ends there."
    revisions = list(dict.fromkeys(c.revision for c in curves if c.revision))
    if revisions:
        note += f"\nRevision: {revisions[0]}; output held as it was."
    note += f"\nSources: {', '.join(dict.fromkeys(s for c in curves for s in c.sources))}."
    fig.text(0.01, 0.01, note, fontsize=8, va="bottom")
    ax.grid(alpha=0.3)
    legend = ax.legend(loc="upper left", fontsize=8)
    _label_corners(corners, fig, ax, legend)


# Where a corner's label may go, in points from the corner, tried in turn: below right
# (the open side of a Lorenz curve, which bends below the line of equal pay), then further
# down, then to the left.
_PLACES = (
    *((6, -4 - 10 * i) for i in range(6)),
    *((-6, -4 - 10 * i) for i in range(6)),
    *((6, 6 + 10 * i) for i in range(3)),
)


def _label_corners(
    corners: dict[tuple[float, float, str], str], fig: Figure, ax: Axes, legend: object
) -> None:
    """Each corner's group, in its curve's colour, placed where it overlaps no other label,
    the legend or the frame; a label moved from its corner gets a thin line to it."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    fig.draw_without_rendering()
    taken = [legend.get_window_extent(renderer)]  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    # Lowest corners first: they sit in the open lower part of the picture.
    for (x, y, group), colour in sorted(corners.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        note = ax.annotate(
            group, (x, y), xytext=_PLACES[0], textcoords="offset points", fontsize=7,
            color=colour, va="center",
        )  # fmt: skip
        for dx, dy in _PLACES:
            note.set_position((dx, dy))
            note.set_horizontalalignment("left" if dx > 0 else "right")
            box = note.get_window_extent(renderer)
            inside = frame.x0 < box.x0 and box.x1 < frame.x1 and frame.y0 < box.y0
            if inside and box.y1 < frame.y1 and not any(box.overlaps(t) for t in taken):
                break
        if (dx, dy) != _PLACES[0]:
            note.arrow_patch = None
            note.remove()
            note = ax.annotate(
                group, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=7,
                color=colour, va="center", ha="left" if dx > 0 else "right",
                arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.5,
                            "shrinkA": 0, "shrinkB": 2},
            )  # fmt: skip
        taken.append(note.get_window_extent(renderer))


def _short(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def tornado_size(inputs: int) -> tuple[float, float, float]:
    """A tornado's (width, height, footnote share): a bar's height per input, a fixed
    footnote (the PNG and the page's SVG are the same picture)."""
    height = 2 + 0.6 * inputs
    return 9, height, 0.6 / height


def draw_tornado(result: Sensitivity, fig: Figure, ax: Axes) -> None:
    """The tornado: per input, a bar from the answer at its low end to that at its high end.

    Largest swing on top; each bar is split at the central answer, blue where the input is
    at its low end and red where at its high end; each label names the input's range.
    """
    rows = list(reversed(result.rows))  # barh draws from the bottom up
    centre = result.central
    for y, r in enumerate(rows):
        for end, colour in ((r.swing_low, _OTHER), (r.swing_high, _STAKHANOVITE)):
            ax.barh(y, end - centre, left=centre, color=colour, height=0.6)
    labels = []
    for r in rows:
        inp = r.input
        span = _short(inp.low) if inp.fixed else f"{_short(inp.low)}–{_short(inp.high)}"
        labels.append(f"{inp.key}\n{inp.given}; range {span}")
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.axvline(centre, color="black", linewidth=1)
    unit = f" ({result.unit})" if result.unit else ""
    ax.set_xlabel(f"{result.what}{unit}: central {_short(centre)}")
    ax.set_title(f"Which assumption matters: {result.what}")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=_OTHER, label="input at its low end"),
            Patch(color=_STAKHANOVITE, label="input at its high end"),
        ],
        fontsize=8,
        loc="best",  # clear of the bars where there is room
    )
    fig.text(
        0.01,
        0.01,
        "One input at a time, the others central. Periods and the cap are assumptions; "
        "the cap's range (1 to 2 × cap − 1) is ours.",
        fontsize=8,
        va="bottom",
    )
    ax.grid(alpha=0.3, axis="x")
