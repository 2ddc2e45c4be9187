"""Pictures: the wage ladder, earnings along a norm revision, and a workforce's Lorenz curves.

Each picture has two halves. A ``*_data`` function (``data``) returns exactly what is drawn,
as plain typed data computed by the library (tests check it against the library, never
pixels); a ``save_*`` function here draws that data (``drawing``, matplotlib's Agg backend)
and writes the PNG atomically (``stakhanov.atomic``): never over an existing file without
``force``, never half.

matplotlib is imported inside the drawing functions: nothing else pays for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from stakhanov.atomic import atomic_write, check_target
from stakhanov.data.literal import literal
from stakhanov.data.rates import Rates
from stakhanov.errors import OutputError
from stakhanov.scenarios.workforce import Workforce
from stakhanov.views.pictures import drawing
from stakhanov.views.pictures.data import (
    LadderData,
    LorenzCurve,
    NormsData,
    drawing_grid,
    ladder_data,
    lorenz_data,
    norms_data,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from stakhanov.calc.norms import Revision
    from stakhanov.data.rules import RuleSpec
    from stakhanov.stats.sensitivity import Sensitivity

__all__ = [
    "save_ladder",
    "save_lorenz",
    "save_norms",
    "save_tornado",
]

_DPI = 150


def _target(path: Path, force: bool) -> Path:
    """Refuse a bad output path before anything is computed or drawn."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise OutputError(f"{path}: a plot is a PNG file: give a name ending in .png")
    check_target(path, force=force)
    return path


def _save(fig: Figure, path: Path, force: bool) -> None:
    _shown_literally(fig)

    def write(handle: BinaryIO) -> None:
        fig.savefig(handle, format="png", dpi=_DPI)

    atomic_write(path, write, force=force)


def _shown_literally(fig: Figure) -> None:
    """Every text on the picture as written: no mathtext (``$...$``), controls escaped.

    User text (labels, titles, notes) reaches titles, legends and notes; a line break stays
    a line break, every other control character is shown as its escape.
    """
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        assert isinstance(text, Text)
        text.set_text("\n".join(literal(line) for line in text.get_text().split("\n")))
        text.set_parse_math(False)


def _draw_and_save(
    path: Path,
    force: bool,
    size: tuple[float, float, float],
    draw: Callable[[Figure, Axes], None],
) -> None:
    import logging
    import warnings

    import matplotlib

    from stakhanov.views.pictures.drawing import figure

    # User text is drawn as written: never parsed as mathtext ($...$), and a character the
    # font lacks is a box on the picture, not a complaint on stderr.
    logger = logging.getLogger("matplotlib")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context({"text.parse_math": False}), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing", category=UserWarning)
            fig, ax = figure(*size)
            draw(fig, ax)
            _save(fig, path, force)
    finally:
        logger.setLevel(level)


def save_ladder(path: Path, rates: Rates, force: bool = False) -> LadderData:
    """Draw the monthly wage ladder to ``path`` (a new .png unless ``force``)."""
    path = _target(path, force)
    data = ladder_data(rates)
    _draw_and_save(path, force, (8, 6, 0.1), lambda fig, ax: drawing.draw_ladder(data, fig, ax))
    return data


def save_norms(
    path: Path,
    rates: Rates,
    alphas: Sequence[float],
    toward: str,
    force: bool = False,
    *,
    rule: RuleSpec | None = None,
    tariff_pct: float = 0.0,
) -> NormsData:
    """Draw every group's earnings along α toward the record ``toward``.

    The curves are drawn at ``alphas`` and at 500 steps between the least and the greatest
    (``drawing_grid``), so that they bend smoothly whatever the step asked for.
    """
    path = _target(path, force)
    data = norms_data(rates, drawing_grid(alphas), toward, rule=rule, tariff_pct=tariff_pct)
    _draw_and_save(path, force, (10, 6, 0.05), lambda fig, ax: drawing.draw_norms(data, fig, ax))
    return data


def save_lorenz(
    path: Path,
    rates: Rates,
    workforces: Sequence[Workforce],
    revision: Revision | None = None,
    force: bool = False,
    rule: RuleSpec | None = None,
) -> tuple[LorenzCurve, ...]:
    """Draw the Lorenz curve of each workforce, and of each after ``revision`` if given."""
    path = _target(path, force)
    curves = lorenz_data(rates, workforces, revision, rule)
    _draw_and_save(
        path, force, (6.5, 7, 0.06), lambda fig, ax: drawing.draw_lorenz(curves, fig, ax)
    )
    return curves


def save_tornado(path: Path, make: Callable[[], Sensitivity], force: bool = False) -> Sensitivity:
    """Draw the tornado of the sensitivity ``make`` computes (once the path is known good)."""
    path = _target(path, force)
    result = make()
    size = drawing.tornado_size(len(result.rows))
    _draw_and_save(path, force, size, lambda fig, ax: drawing.draw_tornado(result, fig, ax))
    return result
