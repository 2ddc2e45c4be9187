"""Band arithmetic behind the pay rules: surcharged bands and stepped rates, with inverses.

Everything here works in ratios: ``x`` is output as a fraction of the norm (q / N) and the
result is earnings as a fraction of the tariff (E / W0), so ``pay`` only scales. Band
starts are fractions too (1.1, not 110): the percent-to-fraction step happens once, in
``pay``.

A band *starts* at its edge: output exactly at an edge is in the band above. That makes
every rule right-continuous, so "the least output that earns at least y" always exists.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = [
    "FLOATS",
    "Ops",
    "arrays",
    "stepped",
    "stepped_inverse",
    "surcharged",
    "surcharged_inverse",
]


class Ops(Protocol):
    """The few array operations the pay rules need, for one float or for a numpy array.

    A rule is written once against these. A single wage (``stakhanov report``, ``norm``)
    goes through ``FLOATS``, plain Python, so those commands never import numpy; a grid
    (``sweep``, ``rules``, a brigade) goes through ``arrays()``. Both give the same float64 results:
    ``min``/``max`` and ``np.clip``/``np.maximum`` agree, and so do ``bisect_right`` and
    ``np.searchsorted(side="right")``.
    """

    def clip(self, x: Any, low: float, high: float) -> Any: ...
    def maximum(self, x: Any, floor: float) -> Any: ...
    def where(self, condition: Any, yes: Any, no: float) -> Any: ...
    def rate_at(self, x: Any, starts: Sequence[float], rates: Sequence[float]) -> Any: ...


class _Floats:
    @staticmethod
    def clip(x: float, low: float, high: float) -> float:
        return min(max(x, low), high)

    @staticmethod
    def maximum(x: float, floor: float) -> float:
        return max(x, floor)

    @staticmethod
    def where(condition: bool, yes: float, no: float) -> float:
        return yes if condition else no

    @staticmethod
    def rate_at(x: float, starts: Sequence[float], rates: Sequence[float]) -> float:
        return rates[bisect.bisect_right(starts, x)]


class _Arrays:
    def __init__(self) -> None:
        import numpy as np  # only where arrays are built

        self.np = np

    def clip(self, x: FloatArray, low: float, high: float) -> FloatArray:
        return self.np.clip(x, low, high)

    def maximum(self, x: FloatArray, floor: float) -> FloatArray:
        return self.np.maximum(x, floor)

    def where(self, condition: Any, yes: FloatArray, no: float) -> FloatArray:
        return self.np.where(condition, yes, no)

    def rate_at(self, x: FloatArray, starts: Sequence[float], rates: Sequence[float]) -> Any:
        np = self.np
        band = np.searchsorted(np.asarray(starts, dtype=np.float64), x, side="right")
        return np.asarray(rates, dtype=np.float64)[band]


FLOATS: Ops = _Floats()
_ARRAYS: list[Ops] = []


def arrays() -> Ops:
    """The numpy operations (numpy is imported on the first call)."""
    if not _ARRAYS:
        _ARRAYS.append(_Arrays())
    return _ARRAYS[0]


def surcharged(x: Any, starts: Sequence[float], surcharges: Sequence[float], ops: Ops) -> Any:
    """Straight pay on all output plus surcharge ``s[i]`` on the part of it inside band i.

    Band i runs from ``starts[i]`` to ``starts[i + 1]``; the last band has no end. Pay is
    continuous: crossing an edge changes only the rate on the output beyond it.

    >>> x = 1.3  # pays 1.3 + 0.1 * 0.25 + 0.15 * 0.5 + 0.05 * 1.0
    >>> round(surcharged(x, [1.0, 1.1, 1.25], [0.25, 0.5, 1.0], FLOATS), 12)
    1.45
    """
    total = x + 0.0  # a new array, never the caller's
    ends = (*starts[1:], math.inf)
    for start, end, surcharge in zip(starts, ends, surcharges, strict=True):
        total = total + surcharge * ops.clip(x - start, 0.0, end - start)
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


def stepped(x: Any, starts: Sequence[float], rates: Sequence[float], ops: Ops) -> Any:
    """A rate that applies to *all* output, set by the band output falls in (Taylor, Merrick).

    ``rates`` has one more entry than ``starts``: ``rates[0]`` below the first start.

    >>> stepped(2.0, [0.83, 1.0], [1.0, 1.1, 1.2], FLOATS)  # 2 * 1.2
    2.4
    """
    return x * ops.rate_at(x, starts, rates)


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
