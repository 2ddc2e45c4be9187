"""stakhanov: wage inequality and piece rates in the 1935 reports of the Stakhanovite movement.

A placeholder that makes ``src/stakhanov`` a regular package, so that ``PYTHONPATH=src``
imports this tree's modules and not an installed copy; the package's public API is
assembled here on the main branch.
"""

from __future__ import annotations

__all__: list[str] = []
