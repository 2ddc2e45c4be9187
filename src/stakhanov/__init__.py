"""stakhanov: wage inequality and piece rates in the 1935 reports of the Stakhanovite movement.

The public API returns typed results and DataFrames; the ``stakhanov`` command is a thin
layer over it. Names are imported on first use (PEP 562), so that ``stakhanov --help``
pays for no module it never calls. (That is also why the ratio code lives in
``comparison.py``: a submodule named ``ratios`` would shadow the function ``ratios``.)

>>> from stakhanov import load_rates, ratio
>>> r = ratio(load_rates(), "engineer", "auxiliary")
>>> round(r.central, 2), r.bound
(50.59, 'exact')
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "StakhanovError": "errors",
    "Interval": "interval",
    "Rates": "rates",
    "load_rates": "rates",
    "Ratio": "comparison",
    "ratio": "comparison",
    "ratios": "comparison",
    "groups_frame": "frames",
    "ratios_frame": "frames",
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
    from .comparison import Ratio, ratio, ratios
    from .errors import StakhanovError
    from .frames import groups_frame, ratios_frame
    from .interval import Interval
    from .rates import Rates, load_rates


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'stakhanov' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
