"""stakhanov: wage inequality and piece rates in the 1935 reports of the Stakhanovite movement.

The public API returns typed results and DataFrames; the ``stakhanov`` command is a thin
layer over it. Names are imported on first use (PEP 562), so that ``stakhanov --help``
pays for no module it never calls.

The package is laid out by stage of the flow, and a folder never imports a later one:

- ``data/``: load and validate ``rates/`` (tables, rule files, TOML reading, periods);
- ``scenarios/``: a user's overlays and workforce files, checked before they apply;
- ``calc/``: ratios, norm revisions, pay rules, brigades, sweeps, claims, the report;
- ``stats/``: inequality metrics, Monte Carlo over the sources' bounds;
- ``views/``: terminal tables, CSV/JSON, DataFrames, the workbook, pictures;
- ``cli/``: one module per command family, and the app that gathers them.

``errors`` (typed errors) and ``atomic`` (all-or-nothing file writes) sit at the top: every
stage uses them.

>>> from stakhanov import load_rates, ratio
>>> r = ratio(load_rates(), "engineer", "auxiliary")
>>> round(r.central, 2), r.bound
(50.59, 'exact')
"""

from __future__ import annotations

from importlib import import_module

from stakhanov.calc import display as _display

# Not typing.TYPE_CHECKING: importing typing would cost 10 ms before ``__main__.run`` can
# make Ctrl-C quiet (every run imports this module first); type checkers read the name.
TYPE_CHECKING = False

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "StakhanovError": "errors",
    "Interval": "data.interval",
    "Rates": "data.rates",
    "load_rates": "data.rates",
    "Ratio": "calc.comparison",
    "ratio": "calc.comparison",
    "ratios": "calc.comparison",
    "groups_frame": "views.frames",
    "ratios_frame": "views.frames",
}

__all__ = [
    "Interval",
    "Rates",
    "Ratio",
    "StakhanovError",
    "__version__",
    "groups_frame",
    "load_rates",
    "ratio",
    "ratios",
    "ratios_frame",
]

if TYPE_CHECKING:
    from typing import Any

    from stakhanov.calc.comparison import Ratio, ratio, ratios
    from stakhanov.data.interval import Interval
    from stakhanov.data.rates import Rates, load_rates
    from stakhanov.errors import StakhanovError
    from stakhanov.views.frames import groups_frame, ratios_frame


# The results show themselves in a notebook through views.notebook, imported the first time
# one is shown (calc.display: the calculator itself never imports a view).
_display.on_first_use(lambda: import_module(".views.notebook", __name__))


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'stakhanov' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
