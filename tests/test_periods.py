"""The monthly footing: the working-days bounds, exactly at and just past each end."""

from __future__ import annotations

import math

import pytest

from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.errors import UsageError

DAY = "record-driller-day"  # Ivanchikov's 320 rubles for one record day (Markin para. 10)


@pytest.mark.parametrize(
    ("days", "month"),
    [
        (31.0, 320 * 31),  # the longest month, every day worked: 9,920 rubles
        (1.0, 320 * 1),  # the least whole number of days
        (25.5, 320 * 25.5),  # a fraction of a day is a figure a user may give
    ],
)
def test_a_day_becomes_a_month_up_to_31_days(rates: Rates, days: float, month: float) -> None:
    got = monthly(rates.group(DAY), days)
    assert (got.period, got.factor) == ("month", days)
    assert got.wage.mid == pytest.approx(month, rel=1e-12)
    assert got.basis == f"day ×{days:g} working days → month"


@pytest.mark.parametrize("days", [math.nextafter(31.0, 32.0), 31.5, 0.0, -1.0])
def test_working_days_past_either_end_are_refused(rates: Rates, days: float) -> None:
    with pytest.raises(UsageError) as err:
        monthly(rates.group(DAY), days)
    assert str(err.value) == f"working days per month must be in (0, 31], got {days:g}"


def test_a_month_figure_ignores_working_days(rates: Rates) -> None:
    # The miner's 400 to 500 is already a month: 31 working days leave it as it is.
    got = monthly(rates.group("miner"), 31.0)
    assert (got.wage.low, got.wage.high, got.factor, got.basis) == (400, 500, 1.0, "month")
