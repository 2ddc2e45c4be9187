"""TOML overlays: parse, validate, apply, diff. (Being written: see issue 4.)"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .errors import UsageError
from .rates import Rates

__all__ = ["apply_files"]


def apply_files(rates: Rates, paths: Sequence[str | Path]) -> Rates:
    """Validate every scenario file, then apply them in order to a copy of ``rates``."""
    raise UsageError("scenarios are not supported yet")
