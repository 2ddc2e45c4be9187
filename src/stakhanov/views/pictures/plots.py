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
from stakhanov.views.pictures.tamed import shown_literally, tamed

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


def _target(path: str | Path, force: bool) -> Path:
    """Refuse a bad output path before anything is computed or drawn."""
    if Path(path).suffix.lower() != ".png":
        raise OutputError(f"{path}: a plot is a PNG file: give a name ending in .png")
    check_target(path, force=force)  # as typed: "out.png/" names a folder
    return Path(path)


def _save(fig: Figure, path: Path, force: bool) -> None:
    shown_literally(fig)

    def write(handle: BinaryIO) -> None:
        fig.savefig(handle, format="png", dpi=_DPI)

    atomic_write(path, write, force=force)


def _draw_and_save(
    path: Path,
    force: bool,
    size: tuple[float, float, float],
    draw: Callable[[Figure, Axes], None],
) -> None:
    from stakhanov.views.pictures.drawing import figure

    with tamed():
        fig, ax = figure(*size)
        draw(fig, ax)
        _save(fig, path, force)


def save_ladder(path: str | Path, rates: Rates, force: bool = False) -> LadderData:
    """Draw the monthly wage ladder to ``path`` (a new .png unless ``force``)."""
    path = _target(path, force)
    data = ladder_data(rates)
    _draw_and_save(path, force, (8, 6, 0.1), lambda fig, ax: drawing.draw_ladder(data, fig, ax))
    return data


def save_norms(
    path: str | Path,
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
    path: str | Path,
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


def save_tornado(
    path: str | Path, make: Callable[[], Sensitivity], force: bool = False
) -> Sensitivity:
    """Draw the tornado of the sensitivity ``make`` computes (once the path is known good)."""
    path = _target(path, force)
    result = make()
    size = drawing.tornado_size(len(result.rows))
    _draw_and_save(path, force, size, lambda fig, ax: drawing.draw_tornado(result, fig, ax))
    return result
