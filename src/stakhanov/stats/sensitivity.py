"""Which assumption decides the answer: a tornado, Sobol indices and, for claims, flip points.

An answer (a ratio, an inequality metric, the figure a claim is judged on) is a function of
its uncertain inputs, each named by the scenario key that would change it (``_inputs``
builds them from the data: a wage's range or open end, an inferred period, the Monte Carlo
cap, a norm's range, a record or a printed figure). Three questions are asked of it:

- **One at a time (the tornado).** Each input moves from its low to its high end with every
  other input held central; ``swing`` is how far the answer moves. Rows are sorted by it.
- **Variance-based (Sobol).** Over the Monte Carlo's own distributions (uniform or
  triangular within each range, open ends capped), how much of the answer's variance each
  input explains alone (``first_order``) and with its interactions (``total``). SALib
  samples and estimates (``_sobol``); the cap and the periods are assumptions held at their
  central value there, as the Monte Carlo holds them, so they get no index (``None``).
- **Flip points (claims).** The value of each input at which the claim's verdict changes,
  the others held central (``_flips``).

Neighbours: ``stats.montecarlo`` (the distributions), ``calc.claims`` (the verdicts),
``views.render_sensitivity`` (tables), ``cli.sensitivity`` (the commands).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from stakhanov.calc.display import ShowsHtml
from stakhanov.stats._flips import Flip
from stakhanov.stats._inputs import Input, Model, ratio_model, workforce_model
from stakhanov.stats.defaults import DEFAULT_SEED

if TYPE_CHECKING:
    from stakhanov.data.rates import Rates
    from stakhanov.scenarios.workforce import Workforce

__all__ = [
    "DEFAULT_BASE_SAMPLES",
    "Flip",
    "Sensitivity",
    "SensitivityRow",
    "analyse",
    "claim_sensitivity",
    "inequality_sensitivity",
    "ratio_sensitivity",
]

# 2^12 base samples: for two inputs 16,384 evaluations, indices steady to about +-0.02.
DEFAULT_BASE_SAMPLES = 4096


@dataclass(frozen=True)
class SensitivityRow:
    """One input: its range, the tornado's swing, its Sobol indices, a claim's flip point."""

    input: Input
    swing_low: float  # the answer with this input at its low end, the others central
    swing_high: float  # ... at its high end
    first_order: float | None = None  # None: not drawn (an assumption, not a range)
    first_order_ci: tuple[float, float] | None = None
    total: float | None = None
    total_ci: tuple[float, float] | None = None
    flip: Flip | None = None  # claims only: None where no value of the input changes it
    within_range: bool | None = None  # the flip point lies within the sources' range

    @property
    def swing(self) -> float:
        return abs(self.swing_high - self.swing_low)

    def as_dict(self, *, claim: bool = False) -> dict[str, Any]:
        """DESIGN's sensitivity row; a claim's adds ``flips_at`` and ``within_range``."""
        out: dict[str, Any] = {
            "input": self.input.key,
            "low": self.input.low,
            "high": self.input.high,
            "swing_low": self.swing_low,
            "swing_high": self.swing_high,
            "swing": self.swing,
            "first_order": self.first_order,
            "first_order_ci": _pair(self.first_order_ci),
            "total": self.total,
            "total_ci": _pair(self.total_ci),
        }
        if claim:
            out["flips_at"] = None if self.flip is None else self.flip.as_dict()
            out["within_range"] = self.within_range
        return out


def _pair(ci: tuple[float, float] | None) -> list[float] | None:
    return None if ci is None else [ci[0], ci[1]]


@dataclass(frozen=True)
class Sensitivity(ShowsHtml):
    """The answer at the central inputs and one row per input, largest swing first."""

    what: str  # 'stakhanovite-miner / auxiliary', 'gini', 'kaslov-16-times'
    kind: str  # 'ratio', 'inequality' or 'claim'
    central: float
    unit: str
    rows: tuple[SensitivityRow, ...]
    draws: int  # Sobol base samples N (SALib evaluates N * (inputs + 2) points)
    seed: int
    dist: str
    cap: float
    verdict: str | None = None  # claims: the verdict at the central inputs
    notes: tuple[str, ...] = field(default=())
    scenarios: tuple[str, ...] = ()  # the scenario files applied to the data

    @property
    def is_claim(self) -> bool:
        return self.kind == "claim"

    def records(self) -> list[dict[str, Any]]:
        """One flat dict per input, for CSV and JSON."""
        return [r.as_dict(claim=self.is_claim) for r in self.rows]

    def as_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "kind": self.kind,
            "central": self.central,
            "unit": self.unit,
            "verdict": self.verdict,
            "draws": self.draws,
            "seed": self.seed,
            "dist": self.dist,
            "cap": self.cap,
            "notes": list(self.notes),
            "scenarios": list(self.scenarios),
            "rows": self.records(),
        }


def analyse(
    model: Model,
    draws: int = DEFAULT_BASE_SAMPLES,
    seed: int = DEFAULT_SEED,
    dist: str = "uniform",
    scenarios: Sequence[str] = (),
) -> Sensitivity:
    """Tornado, Sobol indices and (for a claim) flip points of one model.

    ``draws=0`` gives the tornado (and flip points) alone: no draws, no SALib, and for a
    ratio not even numpy.
    """
    from stakhanov.stats._flips import flip_point
    from stakhanov.stats._sobol import sobol_indices

    indices = sobol_indices(model, draws, seed, dist) if draws else {}
    rows = []
    for inp in model.inputs:
        lo, hi = (float(model.evaluate(model.columns(inp.key, x))) for x in (inp.low, inp.high))
        flip, within = flip_point(model, inp) if model.verdict is not None else (None, None)
        row = SensitivityRow(inp, lo, hi, flip=flip, within_range=within)
        if inp.key in indices:
            s1, s1_ci, st, st_ci = indices[inp.key]
            row = replace(row, first_order=s1, first_order_ci=s1_ci, total=st, total_ci=st_ci)
        rows.append(row)
    rows.sort(key=lambda r: -r.swing)  # stable: equal swings keep the inputs' order
    central = model.central_value()
    return Sensitivity(
        what=model.what,
        kind=model.kind,
        central=central,
        unit=model.unit,
        rows=tuple(rows),
        draws=draws,
        seed=seed,
        dist=dist,
        cap=model.cap,
        verdict=None if model.verdict is None else model.verdict(central),
        notes=model.notes,
        scenarios=tuple(scenarios),
    )


def ratio_sensitivity(
    rates: Rates,
    a: str,
    b: str,
    draws: int = DEFAULT_BASE_SAMPLES,
    seed: int = DEFAULT_SEED,
    dist: str = "uniform",
    cap: float | None = None,
) -> Sensitivity:
    """Which input the ratio of ``a``'s wage to ``b``'s hinges on.

    >>> from stakhanov.data.rates import load_rates
    >>> s = ratio_sensitivity(load_rates(), "miner", "lowest-paid", 1024)
    >>> [(r.input.key, round(r.swing, 12)) for r in s.rows if r.input.kind == "wage"]
    [('wages.lowest-paid', 3.75), ('wages.miner', 0.8)]

    (450 over the lowest-paid's "150 or less", drawn down to 150 / 1.5 = 100 at the default
    cap: 450 / 100 - 450 / 150 = 3.75; the miner's 400..500 over 125: 0.8.)
    """
    return analyse(ratio_model(rates, a, b, cap), draws, seed, dist, rates.scenarios)


def inequality_sensitivity(
    rates: Rates,
    workforce: Workforce,
    metric: str,
    draws: int = DEFAULT_BASE_SAMPLES,
    seed: int = DEFAULT_SEED,
    dist: str = "uniform",
    cap: float | None = None,
) -> Sensitivity:
    """Which input an inequality metric of ``workforce`` hinges on."""
    model = workforce_model(rates, workforce, metric, cap)
    return analyse(model, draws, seed, dist, rates.scenarios)


def claim_sensitivity(
    rates: Rates,
    claim_id: str,
    draws: int = DEFAULT_BASE_SAMPLES,
    seed: int = DEFAULT_SEED,
    dist: str = "uniform",
    cap: float | None = None,
    tolerance: float | None = None,
) -> Sensitivity:
    """Which figure a claim's verdict hinges on, and where it would flip."""
    from stakhanov.stats._claim_model import claim_model

    model = claim_model(rates, claim_id, cap, tolerance)
    return analyse(model, draws, seed, dist, rates.scenarios)
