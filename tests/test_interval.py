"""Intervals with open bounds: the arithmetic DOMAIN prescribes, by independent hand values."""

from __future__ import annotations

import pytest

from stakhanov.data.interval import Interval, Span


def test_ratio_of_ranges_follows_domain() -> None:
    # [400, 500] / [100, 150]: low 400/150, high 500/100, central 450/125.
    span = (Interval(400, 500) / Interval(100, 150)).span()
    assert span == Span(400 / 150, 450 / 125, 500 / 100, "range")


def test_open_high_numerator_leaves_high_missing() -> None:
    span = (Interval(1600, 1600, high_open=True) / Interval.point(170)).span()
    assert (span.low, span.high, span.bound) == (1600 / 170, None, "at least")


def test_open_low_denominator_leaves_high_missing() -> None:
    span = (Interval.point(500) / Interval(150, 150, low_open=True)).span()
    assert (span.low, span.high, span.bound) == (500 / 150, None, "at least")


def test_open_high_denominator_leaves_low_missing() -> None:
    span = (Interval.point(170) / Interval(1600, 1600, high_open=True)).span()
    assert (span.low, span.high, span.bound) == (None, 170 / 1600, "at most")


def test_both_ends_open() -> None:
    a = Interval(1600, 1600, high_open=True)
    b = Interval(500, 500, high_open=True)
    assert (a / b).span() == Span(None, 1600 / 500, None, "unbounded")


def test_midpoint_counts_open_bound_at_face_value() -> None:
    assert Interval(1600, 1600, high_open=True).mid == 1600
    assert Interval(100, 150).mid == 125


def test_scale_keeps_flags_and_central() -> None:
    doubled = Interval(950, 950).scale(2)
    assert doubled == Interval(1900, 1900)
    scaled = (Interval(400, 500) / Interval.point(170)).scale(2)
    assert scaled.mid == pytest.approx(2 * 450 / 170)


def test_product_and_shift() -> None:
    prod = Interval(2, 3) * Interval(10, 20, high_open=True)
    assert (prod.low, prod.high, prod.high_open, prod.mid) == (20, 60, True, 2.5 * 15)
    assert Interval(400, 500).shift(150) == Interval(550, 650)


def test_point_is_exact() -> None:
    assert Interval.point(7).is_point
    assert not Interval(7, 7, high_open=True).is_point
    assert (Interval.point(8600) / Interval.point(170)).span().bound == "exact"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((500, 400), "low 500 > high 400"),
        ((float("nan"), 1), "low must be a finite number, got nan"),
        ((1, float("inf")), "high must be a finite number, got inf"),
    ],
)
def test_invalid_intervals(args: tuple[float, float], message: str) -> None:
    with pytest.raises(ValueError) as err:
        Interval(*args)
    assert str(err.value) == message


def test_cannot_scale_by_zero_or_divide_by_zero() -> None:
    with pytest.raises(ValueError, match="scale factor must be > 0, got 0"):
        Interval(1, 2).scale(0)
    with pytest.raises(ValueError, match="cannot divide by an interval reaching 0"):
        Interval(1, 2) / Interval(0, 1)


@pytest.mark.parametrize(
    ("a", "b", "word"),
    [
        # "almost" times an exact figure is still a little short: "almost"; so is "almost"
        # times "almost" (both short, the product short too). "about" with anything that is
        # not the same word may fall either side: "about" (docs/bounds.md).
        ("almost", "", "almost"),
        ("", "almost", "almost"),
        ("almost", "almost", "almost"),
        ("about", "", "about"),
        ("almost", "about", "about"),
        ("", "", ""),
    ],
)
def test_a_product_keeps_the_approximation_word(a: str, b: str, word: str) -> None:
    product = Interval(10, 10, approx=a) * Interval(2, 2, approx=b)
    assert (product.low, product.high, product.approx) == (20, 20, word)
