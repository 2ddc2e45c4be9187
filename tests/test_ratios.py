"""Ratios between groups, checked against hand arithmetic kept as data in cases/ratios.toml."""

from __future__ import annotations

import dataclasses
import tomllib

import pytest

from conftest import CASES, arithmetic, close
from stakhanov import ratio, ratios, ratios_frame
from stakhanov.data.rates import Rates
from stakhanov.errors import UnknownIdError

CASE_LIST = tomllib.loads((CASES / "ratios.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", CASE_LIST, ids=[f"{c['a']}/{c['b']}" for c in CASE_LIST])
def test_ratio_case(rates: Rates, case: dict[str, object]) -> None:
    if "working_days" in case:
        rates = dataclasses.replace(rates, working_days_per_month=float(case["working_days"]))
    r = ratio(rates, str(case["a"]), str(case["b"]))
    for end in ("low", "central", "high"):
        want = arithmetic(str(case[end]))
        assert close(getattr(r, end), want), f"{end}: got {getattr(r, end)}, want {case[end]}"
    assert r.bound == case["bound"]
    if "basis" in case:
        assert r.basis == case["basis"]


def test_missing_end_is_none_in_json_shape(rates: Rates) -> None:
    d = ratio(rates, "stakhanovite-miner", "auxiliary").as_dict()
    assert list(d)[:8] == [
        "numerator",
        "denominator",
        "low",
        "central",
        "high",
        "bound",
        "basis",
        "note",
    ]
    assert d["high"] is None


def test_open_bound_is_said_in_the_note(rates: Rates) -> None:
    r = ratio(rates, "stakhanovite-miner", "auxiliary")
    assert "stakhanovite-miner is a lower bound (1,600 or more)" in r.note
    # An upper bound names its top: 'no more than 150, 120 or even 100' is 150 or less.
    assert (
        "lowest-paid is an upper bound (150 or less)" in ratio(rates, "miner", "lowest-paid").note
    )
    assert r.arithmetic == (
        "low = 1,600 / 170 = 9.41; central = 1,600 / 170 = 9.41; "
        "high: none (stakhanovite-miner has no upper limit)"
    )


def test_arithmetic_shows_the_doubling(rates: Rates) -> None:
    assert ratio(rates, "skilled-worker", "auxiliary").arithmetic == "(950 × 2) / 170 = 11.18"


@pytest.mark.parametrize(
    ("a", "b", "text"),
    [
        # A range over an upper bound: the low end divides by the other's high; no high end.
        (
            "miner",
            "lowest-paid",
            "low = 400 / 150 = 2.67; central = 450 / 125 = 3.60; "
            "high: none (lowest-paid has no lower limit)",
        ),
        # Kaslov's half-month doubled, over the miner's 400 to 500.
        (
            "skilled-worker",
            "miner",
            "low = (950 × 2) / 500 = 3.80; central = (950 × 2) / 450 = 4.22; "
            "high = (950 × 2) / 400 = 4.75",
        ),
        # Over a lower bound: no lower limit, and why.
        (
            "auxiliary",
            "stakhanovite-miner",
            "low: none (stakhanovite-miner has no upper limit); central = 170 / 1,600 = 0.11; "
            "high = 170 / 1,600 = 0.11",
        ),
        # Both open on the same side: each reason named.
        (
            "stakhanovite-miner",
            "textile",
            "low = 1,600 / 150 = 10.67; central = 1,600 / 150 = 10.67; "
            "high: none (stakhanovite-miner has no upper limit and textile has no lower limit)",
        ),
    ],
)
def test_the_arithmetic_text_by_hand(rates: Rates, a: str, b: str, text: str) -> None:
    # 400/150 = 2.666..., 450/125 = 3.6, 1900/450 = 4.222..., 170/1600 = 0.10625, 1600/150.
    assert ratio(rates, a, b).arithmetic == text


def test_ratios_against_a_base_cover_every_other_group(rates: Rates) -> None:
    rows = ratios(rates, base="auxiliary")
    assert [r.numerator for r in rows] == [g for g in rates.wages if g != "auxiliary"]
    assert {r.denominator for r in rows} == {"auxiliary"}


def test_full_matrix_has_every_ordered_pair(rates: Rates) -> None:
    n = len(rates.wages)
    assert len(ratios(rates)) == n * (n - 1)


def test_unknown_group_suggests_the_closest_id(rates: Rates) -> None:
    with pytest.raises(UnknownIdError) as err:
        ratio(rates, "minr", "auxiliary")
    assert str(err.value) == "unknown group 'minr' (did you mean 'miner'?)"


def test_unknown_group_without_a_close_match(rates: Rates) -> None:
    with pytest.raises(UnknownIdError) as err:
        ratios(rates, base="blacksmith")
    assert str(err.value) == "unknown group 'blacksmith'"


def test_frame_keeps_missing_ends_as_na(rates: Rates) -> None:
    frame = ratios_frame(rates, base="auxiliary")
    # 8,600 / 170 = 50.588...
    assert frame.loc["engineer", "central"] == pytest.approx(8600 / 170)
    assert frame.loc["stakhanovite-miner", "high"] is not None
    assert str(frame.loc["stakhanovite-miner", "high"]) == "<NA>"
    assert frame.loc["stakhanovite-miner", "bound"] == "at least"


def test_a_full_matrix_over_the_row_limit_says_how_to_ask_for_less(rates: Rates) -> None:
    # docs/limits.md: at most 100,000 rows; 317 groups make 317 * 316 = 100,172 ordered pairs.
    from stakhanov.errors import UsageError

    with pytest.raises(UsageError) as err:
        ratios(rates, groups=["miner"] * 317)
    assert str(err.value) == (
        "every ordered pair of 317 groups: 100,172 is over the limit of 100,000; "
        "give --base GROUP for one row per group"
    )
