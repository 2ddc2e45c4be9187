"""The page's pictures as inline SVG: the same data and drawing code as ``stakhanov plot``.

One plotting stack: ``views.pictures.data`` says what is drawn, ``views.pictures.drawing``
draws it, and here matplotlib writes SVG instead of PNG. The output is made repeatable
(a fixed hash salt for its element ids, no date in its metadata), so the same data give the
same page, byte for byte, and ``docs/`` can be checked for being current. Text stays text
(``svg.fonttype = none``): smaller, searchable, and read by screen readers. Each picture
gets a ``<title>`` and ``role="img"``. Neighbour: ``views.html.context`` places them.

``context`` and ``findings`` beside it place these; ``stakhanov.views.pictures``
holds the data and the drawing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from stakhanov.data.literal import on_page
from stakhanov.views.pictures import drawing
from stakhanov.views.pictures.data import LadderData, LorenzCurve
from stakhanov.views.pictures.tamed import shown_literally, tamed

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from stakhanov.stats.sensitivity import Sensitivity

__all__ = ["ladder_svg", "lorenz_svg", "to_svg", "tornado_svg"]

_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)  # the XML declaration and DOCTYPE
_OPEN_TAG = re.compile(r"<svg\b[^>]*>")


def to_svg(
    size: tuple[float, float, float],
    draw: Callable[[Figure, Axes], None],
    title: str,
    name: str,
) -> str:
    """Draw into a fresh figure and return its ``<svg>`` element, titled, ready to inline.

    ``name`` makes the figure's element ids unique on a page that holds several pictures.
    """
    with tamed({"svg.hashsalt": f"stakhanov-{name}", "svg.fonttype": "none"}):
        fig, ax = drawing.figure(*size)
        draw(fig, ax)
        shown_literally(fig)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = _PROLOGUE.sub("", buffer.getvalue(), count=1)
    head = _OPEN_TAG.search(text)
    assert head is not None, "matplotlib wrote no <svg> element"
    tag = head.group(0)[:-1] + f' role="img" aria-labelledby="{name}-title">'
    label = f'<title id="{name}-title">{escape(on_page(title))}</title>'
    return text[: head.start()] + tag + label + text[head.end() :]


def ladder_svg(data: LadderData) -> str:
    """The wage ladder, titled with every group's figure (its text alternative)."""
    shown = "; ".join(f"{p.group} {p.as_given}" for p in data.points)
    return to_svg(
        (8, 6, 0.1),
        lambda fig, ax: drawing.draw_ladder(data, fig, ax),
        f"Monthly wages, highest first: {shown}",
        "ladder",
    )


def lorenz_svg(curves: Sequence[LorenzCurve]) -> str:
    """The workforces' Lorenz curves, titled with each curve's Gini."""
    shown = "; ".join(f"{c.title}: Gini {c.gini:.3f}" for c in curves)
    return to_svg(
        (6.5, 7, 0.06),
        lambda fig, ax: drawing.draw_lorenz(curves, fig, ax),
        f"Lorenz curves: {shown}",
        "lorenz",
    )


def tornado_svg(result: Sensitivity, name: str) -> str:
    """A tornado, as ``stakhanov plot --kind tornado`` draws it, titled with every bar: the
    input, its range and the answer at either end (its text alternative)."""
    bars = "; ".join(
        f"{r.input.key} ({r.input.given}, range {_span(r.input.low, r.input.high)}): "
        f"{r.swing_low:.3g} to {r.swing_high:.3g}"
        for r in result.rows
    )
    return to_svg(
        drawing.tornado_size(len(result.rows)),
        lambda fig, ax: drawing.draw_tornado(result, fig, ax),
        f"Which assumption matters: {result.what}, central {result.central:.3g}; one input "
        f"at a time from its low to its high end, the others central: {bars}",
        name,
    )


def _span(low: float, high: float) -> str:
    return f"{low:,.4g}" if low == high else f"{low:,.4g}–{high:,.4g}"
