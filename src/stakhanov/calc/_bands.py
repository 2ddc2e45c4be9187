"""Band arithmetic behind the pay rules: surcharged bands and stepped rates, with inverses.

Everything here works in ratios: ``x`` is output as a fraction of the norm (q / N) and the
result is earnings as a fraction of the tariff (E / W0), so ``rules.py`` only scales. Band
starts are fractions too (1.1, not 110): the percent-to-fraction step happens once, in
``rules.py``.

A band *starts* at its edge: output exactly at an edge is in the band above. That makes
every rule right-continuous, so "the least output that earns at least y" always exists.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["stepped", "stepped_inverse", "surcharged", "surcharged_inverse"]

FloatArray = npt.NDArray[np.float64]


def surcharged(x: FloatArray, starts: Sequence[float], surcharges: Sequence[float]) -> FloatArray:
    """Straight pay on all output plus surcharge ``s[i]`` on the part of it inside band i.

    Band i runs from ``starts[i]`` to ``starts[i + 1]``; the last band has no end. Pay is
    continuous: crossing an edge changes only the rate on the output beyond it.

    >>> x = np.array(1.3)  # pays 1.3 + 0.1 * 0.25 + 0.15 * 0.5 + 0.05 * 1.0
    >>> round(float(surcharged(x, [1.0, 1.1, 1.25], [0.25, 0.5, 1.0])), 12)
    1.45
    """
    total = x.copy()
    ends = (*starts[1:], math.inf)
    for start, end, surcharge in zip(starts, ends, surcharges, strict=True):
        total = total + surcharge * np.clip(x - start, 0.0, end - start)
    return total


def surcharged_inverse(y: float, starts: Sequence[float], surcharges: Sequence[float]) -> float:
    """The x at which ``surcharged`` reaches y (it is continuous and strictly increasing)."""
    # Walk the linear pieces: below the first start the slope is 1, in band i it is 1 + s[i].
    x0, level, slope = 0.0, 0.0, 1.0
    for start, surcharge in zip(starts, surcharges, strict=True):
        top = level + slope * (start - x0)
        if y <= top:
            break
        x0, level, slope = start, top, 1.0 + surcharge
    return x0 + (y - level) / slope


def stepped(x: FloatArray, starts: Sequence[float], rates: Sequence[float]) -> FloatArray:
    """A rate that applies to *all* output, set by the band output falls in (Taylor, Merrick).

    ``rates`` has one more entry than ``starts``: ``rates[0]`` below the first start.

    >>> float(stepped(np.array(2.0), [0.83, 1.0], [1.0, 1.1, 1.2]))  # 2 * 1.2
    2.4
    """
    band = np.searchsorted(np.asarray(starts, dtype=np.float64), x, side="right")
    rate: FloatArray = np.asarray(rates, dtype=np.float64)[band]
    return x * rate


def stepped_inverse(y: float, starts: Sequence[float], rates: Sequence[float]) -> float:
    """The least x with ``stepped(x) >= y``; rates must not fall, so pay never does.

    Where pay jumps over y (the rate steps up at a start), the answer is that start.
    """
    lows = (0.0, *starts)
    for low, high, rate in zip(lows[:-1], starts, rates[:-1], strict=True):
        x = max(low, y / rate)
        if x < high:
            return x
    return max(lows[-1], y / rates[-1])
