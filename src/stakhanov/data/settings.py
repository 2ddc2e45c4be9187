"""What the report shows: ``rates/report.toml`` beside the data (a presentation choice, not
data the calculator computes with): the matrix groups, the norm examples, the default norm
and record. ``stakhanov.calc.report``, the workbook and the CLI read it from here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from stakhanov.data.rates import Rates
from stakhanov.errors import DataError

__all__ = ["report_settings"]


def report_settings(rates: Rates) -> dict[str, Any]:
    """Read ``report.toml`` beside the data (what the report shows, not what it computes)."""
    path = (rates.root or Path(".")) / "report.toml"
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: {exc}") from None
