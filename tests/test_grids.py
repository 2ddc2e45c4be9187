"""Grids and percentages as users type them."""

from __future__ import annotations

import pytest

from stakhanov.data.grids import parse_grid, parse_percent, parse_percent_grid
from stakhanov.errors import UsageError


def test_grid_includes_its_high_end() -> None:
    assert parse_grid("0:1:0.1", "--alpha") == tuple(i / 10 for i in range(11))
    assert parse_grid("0:30:1", "--output")[-1] == 30
    assert parse_grid("0.25", "--alpha") == (0.25,)
    assert len(parse_grid("0:1:0.001", "--alpha")) == 1001


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0:1:0", "--alpha: grid step must be > 0, got 0 in '0:1:0'"),
        ("0:1:-0.1", "--alpha: grid step must be > 0, got -0.1 in '0:1:-0.1'"),
        ("1:0:0.1", "--alpha: grid low 1 > high 0 in '1:0:0.1'"),
        ("0:1", "--alpha: '0:1' must be LO:HI:STEP, e.g. 0:1:0.05"),
        ("a:1:0.1", "--alpha: 'a:1:0.1' is not a number or LO:HI:STEP"),
        ("nan", "--alpha: 'nan' must be finite"),
        (
            "0:1e9:1",
            "--alpha: '0:1e9:1' has 1,000,000,001 points, more than 10,000,000; use a larger STEP",
        ),
    ],
)
def test_bad_grids(text: str, message: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_grid(text, "--alpha")
    assert str(err.value) == message


def test_percentages() -> None:
    assert parse_percent("25%", "--raise") == 25
    assert parse_percent("-15.7%", "--tariff") == -15.7
    assert parse_percent("31.7", "--raise") == 31.7
    with pytest.raises(UsageError) as err:
        parse_percent("lots%", "--raise")
    assert str(err.value) == "--raise: 'lots%' is not a percentage, e.g. 25%"


@pytest.mark.parametrize("text", ["0.25", "-0.5", ".1"])
def test_a_bare_fraction_is_refused_not_read_as_a_fraction_of_a_percent(text: str) -> None:
    with pytest.raises(UsageError, match="ambiguous"):
        parse_percent(text, "--raise")


def test_zero_one_and_marked_fractions_are_percent_points() -> None:
    assert parse_percent("0", "--tariff") == 0
    assert parse_percent("1", "--tariff") == 1
    assert parse_percent("0.25%", "--raise") == 0.25
    assert parse_percent(0.25, "--raise") == 0.25  # a number from the library is already points


def test_a_percent_grid_reads_each_part_as_a_percentage() -> None:
    assert parse_percent_grid("-10%:10%:5%", "--tariff") == (-10, -5, 0, 5, 10)
    assert parse_percent_grid("0:2:1", "--tariff") == (0, 1, 2)
    assert parse_percent_grid("5%", "--tariff") == (5,)
    with pytest.raises(UsageError, match=r"'0\.5' is ambiguous"):
        parse_percent_grid("0:10:0.5", "--tariff")
    with pytest.raises(UsageError, match="must be LO:HI:STEP"):
        parse_percent_grid("0:1", "--tariff")
