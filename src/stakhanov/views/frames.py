"""DataFrame views of the typed results, for notebooks and the spreadsheet.

pandas is imported inside each function: importing ``stakhanov`` must not pay for it.

``sweep_out`` beside it streams the long sweep through ``sweep_frame``; the package's
``__init__`` offers ``groups_frame`` and ``ratios_frame`` to notebooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stakhanov.calc.comparison import Ratio, ratios
from stakhanov.data.rates import Rates

if TYPE_CHECKING:
    import pandas as pd

    from stakhanov.calc.sweep import SweepResult

__all__ = ["groups_frame", "ratios_frame", "sweep_frame"]


def ratios_frame(
    rates: Rates, base: str | None = None, rows: list[Ratio] | None = None
) -> pd.DataFrame:
    """Ratios as a DataFrame with DESIGN's columns; a missing end is NA, never infinity.

    >>> from stakhanov import load_rates
    >>> ratios_frame(load_rates(), base="auxiliary").loc["engineer", "central"].round(2)
    np.float64(50.59)
    """
    import pandas as pd

    data = [r.as_dict() for r in (rows if rows is not None else ratios(rates, base))]
    frame = pd.DataFrame(data)
    for column in ("low", "central", "high"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Float64")
    return frame.set_index("numerator" if base else ["numerator", "denominator"])


def groups_frame(rates: Rates) -> pd.DataFrame:
    """One row per wage group, as given and on the monthly footing, with its citation."""
    import pandas as pd

    from stakhanov.calc.report import group_rows

    frame = pd.DataFrame(group_rows(rates)).set_index("id")
    for column in ("monthly_low", "monthly_high"):
        frame[column] = frame[column].astype("Float64")
    return frame


def sweep_frame(result: SweepResult) -> pd.DataFrame:
    """The sweep in long format, one row per (tariff, α, group); an open end is NA.

    Built from the result's arrays at once, not row by row: a million-point grid over
    eleven groups is eleven million rows.
    """
    import numpy as np
    import pandas as pd

    t, a, g = result.central.shape
    frame = pd.DataFrame(
        {
            "alpha": np.broadcast_to(result.alphas[None, :, None], (t, a, g)).ravel(),
            "tariff_pct": np.broadcast_to(result.tariffs_pct[:, None, None], (t, a, g)).ravel(),
            "group": np.broadcast_to(np.array(result.groups, dtype=object), (t, a, g)).ravel(),
            "low": result.low.ravel(),
            "central": result.central.ravel(),
            "high": result.high.ravel(),
            "paid_by_norm": np.broadcast_to(np.array(result.paid_by_norm), (t, a, g)).ravel(),
        }
    )
    for column in ("low", "high"):
        frame[column] = frame[column].astype("Float64")  # NaN (an open end) becomes NA
    return frame
