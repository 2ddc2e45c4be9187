"""First-order and total Sobol indices of a model, by SALib (Saltelli sampling, Sobol analysis).

SALib is the field's maintained library; the estimators are not rewritten here. The inputs
drawn are those the Monte Carlo draws, over its distributions: uniform within each range,
or triangular peaking at the central value (an open end's figure). The cap and the period
factors are assumptions the Monte Carlo holds fixed, so they stay central here and get no
index. A fixed figure has no variance to explain: its indices are exactly 0.

SALib (and SciPy beneath it) is imported here only, on the ``sensitivity`` path.
Neighbours: ``stats.sensitivity``, ``stats.montecarlo`` (the distributions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stakhanov.data.limits import check_size
from stakhanov.errors import UsageError

if TYPE_CHECKING:
    from stakhanov.stats._inputs import Model

__all__ = ["Indices", "sobol_indices"]

# (first order, its 95% interval, total, its 95% interval)
Indices = tuple[float, tuple[float, float], float, tuple[float, float]]

_RESAMPLES = 100  # SALib's default bootstrap resamples for the confidence intervals
_EXACT_ZERO: Indices = (0.0, (0.0, 0.0), 0.0, (0.0, 0.0))


def check_draws(draws: int) -> None:
    """Sobol' sequences balance only at powers of two: any other count is refused (0 means no
    Sobol analysis at all and never reaches here)."""
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 2:
        raise UsageError(f"draws must be a whole number of at least 2, got {draws!r}")
    if draws & (draws - 1):
        raise UsageError(
            f"draws must be a power of 2 for Sobol' sampling (e.g. {1 << draws.bit_length() - 1}"
            f" or {1 << draws.bit_length()}), got {draws}"
        )
    check_size(draws, "sobol_draws", "--draws", "ask for fewer draws (a smaller power of 2)")


def sobol_indices(model: Model, draws: int, seed: int, dist: str) -> dict[str, Indices]:
    """Each drawn input's indices by key; fixed figures get exact zeros, assumptions none."""
    from stakhanov.stats.montecarlo import DISTRIBUTIONS

    check_draws(draws)
    if dist not in DISTRIBUTIONS:
        raise UsageError(f"dist must be 'uniform' or 'triangular', got {dist!r}")
    out: dict[str, Indices] = {i.key: _EXACT_ZERO for i in model.inputs if i.drawn and i.fixed}
    drawn = [i for i in model.inputs if i.drawn and not i.fixed]
    if not drawn:
        return out
    # SALib's sample: draws x (inputs + 2) rows, one column per input; checked before it is
    # allocated, from the inputs this model has.
    check_size(
        draws * (len(drawn) + 2) * len(drawn),
        "sobol_cells",
        f"--draws × ({len(drawn)} inputs + 2) × {len(drawn)} inputs",
        "ask for fewer draws (a smaller power of 2)",
    )
    import numpy as np
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    if dist == "uniform":
        bounds: list[list[float]] = [[i.low, i.high] for i in drawn]
        dists = ["unif"] * len(drawn)
    else:  # SALib's triangle takes the peak as a fraction of the width
        bounds = [
            [i.low, i.high, (min(max(i.central, i.low), i.high) - i.low) / (i.high - i.low)]
            for i in drawn
        ]
        dists = ["triang"] * len(drawn)
    problem: dict[str, Any] = {
        "num_vars": len(drawn),
        "names": [i.key for i in drawn],
        "bounds": bounds,
        "dists": dists,
    }
    x = sample.sample(problem, draws, calc_second_order=False, seed=seed)
    cols: dict[str, Any] = model.columns()
    for k, inp in enumerate(drawn):
        cols[inp.key] = x[:, k]
    y = np.asarray(model.evaluate(cols), dtype=np.float64) * np.ones(x.shape[0])
    if not np.ptp(y) > 0:  # the answer does not move: nothing to apportion
        return out | {i.key: _EXACT_ZERO for i in drawn}
    si = analyze.analyze(problem, y, calc_second_order=False, num_resamples=_RESAMPLES, seed=seed)
    for k, inp in enumerate(drawn):
        s1, c1 = float(si["S1"][k]), float(si["S1_conf"][k])
        st, ct = float(si["ST"][k]), float(si["ST_conf"][k])
        out[inp.key] = (s1, (s1 - c1, s1 + c1), st, (st - ct, st + ct))
    return out
