"""Defaults of the Monte Carlo options, in a module that imports nothing.

The CLI declares its options at start-up; reading the defaults from here keeps ``--help``
from paying for the modules that use them.

``montecarlo`` and ``uncertainty`` beside it use them; ``stakhanov.cli.common`` reads
them for its options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stakhanov.data.rates import Rates

__all__ = ["DEFAULT_DRAWS", "DEFAULT_OPEN_CAP", "DEFAULT_SEED", "approx_tolerance"]

# The year of the reports: any fixed number would do; a fixed one makes runs repeat.
DEFAULT_SEED = 1935
# A tenth of a second, and percentiles steady to about 0.5%: enough for a first look.
DEFAULT_DRAWS = 100_000
# "more than 1,600" is sampled up to 2,400; "150 or less" down to 100. Here, not in
# montecarlo, so that what reads the cap without drawing (a tornado) needs no numpy.
DEFAULT_OPEN_CAP = 1.5


def approx_tolerance(rates: Rates) -> float:
    """How far an approximate figure ("about ten", "almost 800") is drawn from its printed
    value: the claims' tolerance, a scenario's [claims] tolerance or the default 10%."""
    from stakhanov.calc.claims import DEFAULT_TOLERANCE  # only when a figure is drawn

    return DEFAULT_TOLERANCE if rates.claim_tolerance is None else rates.claim_tolerance
