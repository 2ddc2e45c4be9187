"""Put wages of different periods on a common, monthly footing, and say how.

A half-month doubles to a month: Markin does the same (his "more than 11 times" for Kaslov
holds only with the 950 rubles doubled). A day figure converts only when the user gives
working days per month; otherwise it stays a day and every result that uses it says so.

Built on ``records`` (``PERIODS``) beside it; ``stakhanov.calc`` and ``stakhanov.stats``
call ``monthly`` for every wage they compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from stakhanov.data.interval import Interval
from stakhanov.data.records import PERIODS, WageGroup
from stakhanov.errors import UsageError

__all__ = ["Monthly", "monthly"]


@dataclass(frozen=True)
class Monthly:
    """A group's wage on the common footing, the factor applied, and the basis in words."""

    wage: Interval
    factor: float
    period: str  # "month", or "day" when a day figure could not be converted
    basis: str


def monthly(group: WageGroup, working_days: float | None = None) -> Monthly:
    """The group's wage per month where it can be had, with the conversion spelled out.

    >>> from stakhanov.data.rates import load_rates
    >>> monthly(load_rates().group("skilled-worker"), None).basis
    'half-month ×2 → month'
    """
    if working_days is not None and not 0 < working_days <= 31:
        raise UsageError(f"working days per month must be in (0, 31], got {working_days:g}")
    factor = PERIODS[group.period]
    if factor is None:  # a day: only the user can say how many make a month
        if working_days is None:
            return Monthly(group.wage, 1.0, "day", "day (not converted)")
        factor, label = working_days, f"day ×{working_days:g} working days → month"
    elif factor == 1.0:
        label = "month"
    else:
        label = f"{group.period} ×{factor:g} → month"
    return Monthly(group.wage.scale(factor), factor, "month", label)
