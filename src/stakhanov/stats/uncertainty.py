"""How sure a ratio is, given the sources' ranges and open bounds: its percentiles over draws.

The bound arithmetic of ``comparison.ratio`` says how far a ratio *can* go; drawing both
wages within their bounds (``montecarlo.simulate``) says where it mostly lies, under stated
assumptions: independent draws, uniform (or triangular) within each range, open ends capped
at ``cap`` times their given figure. The seed is fixed by default so that a run repeats.

Everything is imported inside the function: ``stakhanov ratio`` without ``--draws`` never
pays for numpy. The defaults live in ``defaults``, which the CLI reads at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stakhanov.stats.defaults import DEFAULT_DRAWS, DEFAULT_SEED

if TYPE_CHECKING:
    from stakhanov.calc.comparison import Ratio
    from stakhanov.data.rates import Rates

__all__ = ["DEFAULT_DRAWS", "DEFAULT_SEED", "RatioDraws", "ratio_draws"]


@dataclass(frozen=True)
class RatioDraws:
    """A ratio with its bound arithmetic, and its 5th, 50th and 95th percentiles over draws."""

    ratio: Ratio
    draws: int
    seed: int
    dist: str
    cap: float
    p05: float
    p50: float
    p95: float
    # Each wage's sampling range, open ends capped: (numerator, denominator).
    drawn: tuple[tuple[float, float], tuple[float, float]]
    open_ends: tuple[bool, bool] = (False, False)  # whether each wage has an open end

    def as_dict(self) -> dict[str, Any]:
        """The ratio's JSON, plus a ``simulated`` object with the percentiles and settings."""
        (a_lo, a_hi), (b_lo, b_hi) = self.drawn
        return {
            **self.ratio.as_dict(),
            "simulated": {
                "draws": self.draws,
                "seed": self.seed,
                "dist": self.dist,
                "cap": self.cap,
                "p05": self.p05,
                "p50": self.p50,
                "p95": self.p95,
                "numerator_drawn": [a_lo, a_hi],
                "denominator_drawn": [b_lo, b_hi],
            },
        }


def ratio_draws(
    rates: Rates,
    a: str,
    b: str,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = DEFAULT_SEED,
    dist: str = "uniform",
    cap: float | None = None,
    *,
    working_days: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RatioDraws:
    """``ratio(rates, a, b)`` and the ratio's percentiles over ``draws`` draws of both wages.

    >>> from stakhanov import load_rates
    >>> r = ratio_draws(load_rates(), "miner", "auxiliary", 10_000)
    >>> round(r.p50, 2)  # the median of U[400, 500] / 170 is 450 / 170
    2.65
    """
    from stakhanov.calc.comparison import compensation, ratio
    from stakhanov.stats.defaults import approx_tolerance
    from stakhanov.stats.montecarlo import DEFAULT_OPEN_CAP, simulate

    exact = ratio(rates, a, b, working_days=working_days)
    wa = compensation(rates, rates.group(a), working_days=working_days).wage
    wb = compensation(rates, rates.group(b), working_days=working_days).wage
    if cap is None:  # the user's --cap, else the scenario's [montecarlo] open_cap, else the default
        cap = DEFAULT_OPEN_CAP if rates.open_cap is None else rates.open_cap
    tol = approx_tolerance(rates)  # an approximate wage is drawn within it
    if a == b:
        # One group against itself is one wage, not two independent draws: exactly 1.
        result = simulate([wa], draws, seed, dist, cap, progress=progress, tolerance=tol)
        p05 = p50 = p95 = 1.0
    else:
        result = simulate([wa, wb], draws, seed, dist, cap, progress=progress, tolerance=tol)
        q = result.ratios[(0, 1)]
        p05, p50, p95 = q.p05, q.p50, q.p95
    return RatioDraws(
        exact,
        draws,
        result.seed,
        dist,
        result.cap,
        p05,
        p50,
        p95,
        ((result.low[0], result.high[0]), (result.low[-1], result.high[-1])),
        (wa.low_open or wa.high_open, wb.low_open or wb.high_open),
    )
