"""Wages in goods: how many kilograms of rye bread (or any priced good) a wage bought.

A wage in rubles a month divided by a price in rubles a kilogram gives kilograms a month.
Both are intervals, so the division follows DOMAIN's rule for ranges: the fewest kilograms
are the lowest wage at the highest price, the most the highest wage at the lowest price,
and an open wage ("1,600 or more") gives an open amount ("at least 1,600 kg").

One price scales every wage alike, so a ratio between two groups, and any inequality
measure that ignores scale, is the same in any single good. What a good adds is the
absolute picture, which rubles alone do not give.

Neighbours: ``data.prices`` loads the prices; ``calc.comparison`` gives the ratios that
``goods_ratio`` annotates; the views print ``InGoods`` beside the rubles.

The prices are data (``stakhanov.data.prices``); ``stakhanov.views.goods`` and the
page show what this computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from stakhanov.calc.comparison import Ratio, compensation
from stakhanov.data.interval import Interval
from stakhanov.data.prices import Price
from stakhanov.data.rates import Rates
from stakhanov.errors import unknown

__all__ = [
    "SAME_IN_ANY_GOOD",
    "GoodsRatio",
    "InGoods",
    "amount",
    "goods_ratio",
    "goods_ratios",
    "group_in_goods",
    "groups_in_goods",
    "price_of",
]

SAME_IN_ANY_GOOD = (
    "a ratio is the same in any single good: both wages are divided by the same price"
)


@dataclass(frozen=True)
class InGoods:
    """What one group's wage bought of one good, per month (or per day for a day figure)."""

    group: str
    price: Price
    wage: Interval  # rubles, on the monthly footing where it can be had
    amount: Interval  # units of the good (kg) in the same period
    period: str
    arithmetic: str

    def as_dict(self) -> dict[str, Any]:
        span = self.amount.span()
        return {
            "group": self.group,
            "price": self.price.id,
            "item": self.price.item,
            "unit": self.price.good_unit,
            "period": self.period,
            "low": span.low,
            "central": span.central,
            "high": span.high,
            "bound": span.bound,
            "at": self.price.at(),
            "arithmetic": self.arithmetic,
            "sources": self.price.cited,
        }


@dataclass(frozen=True)
class GoodsRatio:
    """A ratio of two groups' wages, and what each wage bought of one good."""

    ratio: Ratio
    numerator: InGoods
    denominator: InGoods

    @property
    def note(self) -> str:
        return f"{SAME_IN_ANY_GOOD} ({self.numerator.price.at()})"

    def as_dict(self) -> dict[str, Any]:
        out = self.ratio.as_dict()
        out["in"] = {
            "price": self.numerator.price.id,
            "note": self.note,
            "numerator": self.numerator.as_dict(),
            "denominator": self.denominator.as_dict(),
        }
        return out


def price_of(rates: Rates, price_id: str) -> Price:
    """The price ``price_id``, or an error that suggests the closest id."""
    try:
        return rates.prices[price_id]
    except KeyError:
        raise unknown("price", price_id, rates.prices) from None


def amount(wage: Interval, price: Price) -> Interval:
    """Units of the good a wage bought: wage ÷ price, as intervals.

    >>> from stakhanov.data.rates import load_rates
    >>> kg = amount(Interval.point(170), load_rates().prices["rye-bread"]).span()
    >>> kg.low, kg.high  # 170 / 1.00 and 170 / 0.85
    (170.0, 200.0)
    """
    return wage / price.price


def group_in_goods(
    rates: Rates,
    group_id: str,
    price_id: str,
    *,
    working_days: float | None = None,
    with_privileges: bool = False,
) -> InGoods:
    """What group ``group_id``'s wage bought of ``price_id``, with the arithmetic spelled out.

    The wage is the one every ratio uses: on the monthly footing, plus the privileges a
    scenario values when ``with_privileges``.
    """
    group = rates.group(group_id)
    price = price_of(rates, price_id)
    m = compensation(rates, group, with_privileges=with_privileges, working_days=working_days)
    kg = amount(m.wage, price)
    return InGoods(group.id, price, m.wage, kg, m.period, _arithmetic(m.wage, price, kg))


def groups_in_goods(rates: Rates, price_id: str) -> list[InGoods]:
    """Every wage group in the good ``price_id``, in the order of ``rates/wages.csv``."""
    price_of(rates, price_id)  # an unknown price fails before anything is computed
    return [group_in_goods(rates, g, price_id) for g in rates.wages]


def goods_ratio(
    rates: Rates,
    ratio: Ratio,
    price_id: str,
    *,
    working_days: float | None = None,
    with_privileges: bool = False,
) -> GoodsRatio:
    """``ratio`` (computed in rubles) with what each side's wage bought of ``price_id``.

    Give the same ``working_days`` and ``with_privileges`` the ratio was computed with.
    """
    options: dict[str, Any] = {"working_days": working_days, "with_privileges": with_privileges}
    return GoodsRatio(
        ratio,
        group_in_goods(rates, ratio.numerator, price_id, **options),
        group_in_goods(rates, ratio.denominator, price_id, **options),
    )


def goods_ratios(
    rates: Rates,
    ratios: Sequence[Ratio],
    price_id: str,
    *,
    working_days: float | None = None,
    with_privileges: bool = False,
) -> list[GoodsRatio]:
    """``goods_ratio`` for each of ``ratios``."""
    price_of(rates, price_id)  # an unknown price fails once, before anything is computed
    return [
        goods_ratio(rates, r, price_id, working_days=working_days, with_privileges=with_privileges)
        for r in ratios
    ]


def _figure(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _arithmetic(wage: Interval, price: Price, kg: Interval) -> str:
    """The division spelled out, end by end: 'low = 170 / 1.00 = 170 kg; central = ...'."""
    p, unit = price.price, price.good_unit
    if kg.is_point:
        return f"{_figure(wage.low)} / {p.low:.2f} = {_figure(kg.low)} {unit}"
    if kg.low_open:
        low = "low: none (the wage has no lower limit)"
    else:
        low = f"low = {_figure(wage.low)} / {p.high:.2f} = {_figure(kg.low)} {unit}"
    central = f"central = {_figure(wage.mid)} / {p.mid:g} = {_figure(kg.mid)} {unit}"
    if kg.high_open:
        high = "high: none (the wage has no upper limit)"
    else:
        high = f"high = {_figure(wage.high)} / {p.low:.2f} = {_figure(kg.high)} {unit}"
    return "; ".join((low, central, high))
