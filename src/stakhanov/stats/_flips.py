"""Where a claim's verdict flips as one input moves, the others held central.

The measure is monotone in each input (a ratio rises with its numerator and falls with its
denominator), but nothing here relies on it: the answer is evaluated on a fine logarithmic
grid from a ten-thousandth to ten thousand times the central value, every crossing of a
band edge of the claim (the claimed band and the band widened by the tolerance) is refined
by bisection, and a crossing counts only if the verdict differs on its two sides. The
nearest to the central value is reported. Neighbours: ``stats._claim_model``.

It serves ``sensitivity`` beside it, on a model of ``_inputs`` (a claim's comes from
``_claim_model``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from stakhanov.stats._inputs import Input, Model

__all__ = ["Flip", "flip_point"]

_GRID = 4001  # points over 8 decades: neighbours 0.5% apart
_DECADES = 4.0
_STEPS = 80  # bisection halvings of a 0.5% step: far below a float's precision
_SIDE = 1e-9  # relative offset at which each side's verdict is read


@dataclass(frozen=True, slots=True)
class Flip:
    """Where a claim's verdict changes as one input moves, the others held central."""

    at: float
    below: str  # the verdict just below ``at``
    above: str  # and just above

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.at, "below": self.below, "above": self.above}


def flip_point(model: Model, inp: Input) -> tuple[Flip | None, bool | None]:
    """The nearest flip of ``inp`` and whether it lies within the sources' range."""
    import numpy as np

    verdict = model.verdict
    if verdict is None or not inp.central > 0:
        return None, None
    span = np.linspace(-_DECADES, _DECADES, _GRID) * math.log(10)
    xs = inp.central * np.exp(span)
    xs = xs[xs > inp.floor]
    ys = model.at(inp.key, xs)
    # Each verdict is constant between band edges, so a flip sits where the verdict of
    # neighbouring grid points differs; refine each such step by bisection on the verdict.
    vs = np.asarray(model.verdicts(ys) if model.verdicts else [verdict(float(y)) for y in ys])
    best: tuple[float, Flip] | None = None
    for k in np.flatnonzero(vs[:-1] != vs[1:]):
        lo, hi = float(xs[k]), float(xs[k + 1])
        for _ in range(_STEPS):
            mid = math.sqrt(lo * hi)
            if mid in (lo, hi):  # the two ends are neighbouring floats: nothing left to halve
                break
            if verdict(_one(model, inp, mid)) == vs[k]:
                lo = mid
            else:
                hi = mid
        # Ten significant figures: the bisection is good to about 1e-12, and 960 should
        # read 960, not 960.00000000096.
        at = float(f"{math.sqrt(lo * hi):.10g}")
        below = verdict(_one(model, inp, at * (1 - _SIDE)))
        above = verdict(_one(model, inp, at * (1 + _SIDE)))
        if below == above:  # a single point (an 'equals' figure hit exactly): no flip
            continue
        distance = abs(math.log(at / inp.central))
        if best is None or distance < best[0]:
            best = (distance, Flip(at, below, above))
    if best is None:
        return None, None
    flip = best[1]
    return flip, inp.source_low <= flip.at <= inp.source_high


def _one(model: Model, inp: Input, x: float) -> float:
    return float(model.at(inp.key, [x])[0])
