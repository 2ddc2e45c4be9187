"""A workforce's wages in a good: what each group, and the average worker, bought.

Gini, Theil, Atkinson, the percentile ratios and the other measures of ``workforce_metrics``
do not depend on scale, so dividing every wage by one price leaves them as they are. What a
good adds is the absolute level: how many kilograms of rye bread a month each group's wage,
and the workforce's mean wage, bought.

Neighbours: ``stats.workforce_metrics`` builds the ``InequalityReport`` read here;
``calc.goods`` divides a wage by a price; ``views.render_inequality`` prints the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from stakhanov.calc.goods import amount
from stakhanov.data.interval import Interval
from stakhanov.data.prices import Price
from stakhanov.stats.workforce_metrics import InequalityReport, Stage

__all__ = ["SCALE_FREE", "WorkforceInGoods", "workforce_in_goods"]

SCALE_FREE = "the inequality measures are the same in any single good: one price divides every wage"


@dataclass(frozen=True)
class WorkforceInGoods:
    """Per stage: each group's monthly wage in the good, and the mean worker's."""

    price: Price
    groups: Mapping[tuple[str, str], Interval]  # (stage label, group id) -> units a month
    means: Mapping[str, Interval]  # stage label -> the headcount-weighted mean, in the good

    def as_dict(self) -> dict[str, Any]:
        def shown(x: Interval) -> dict[str, Any]:
            s = x.span()
            return {"low": s.low, "central": s.central, "high": s.high, "bound": s.bound}

        return {
            "price": self.price.id,
            "item": self.price.item,
            "unit": self.price.good_unit,
            "at": self.price.at(),
            "sources": self.price.cited,
            "note": SCALE_FREE,
            "mean": {label: shown(x) for label, x in self.means.items()},
            "groups": [
                {"stage": label, "group": gid, **shown(x)}
                for (label, gid), x in self.groups.items()
            ],
        }


def workforce_in_goods(report: InequalityReport, price: Price) -> WorkforceInGoods:
    """Every stage's group wages, and its mean wage, divided by ``price``."""
    groups: dict[tuple[str, str], Interval] = {}
    means: dict[str, Interval] = {}
    for stage in report.stages:
        for g in stage.groups:
            groups[(stage.label, g.group)] = amount(g.wage, price)
        means[stage.label] = amount(_mean(stage), price)
    return WorkforceInGoods(price, MappingProxyType(groups), MappingProxyType(means))


def _mean(stage: Stage) -> Interval:
    """The headcount-weighted mean wage: each end is the mean of the groups' same ends, and
    an end is open when any group's is (the mean of '1,600 or more' has no upper limit)."""
    total = sum(g.headcount for g in stage.groups)
    return Interval(
        sum(g.headcount * g.wage.low for g in stage.groups) / total,
        sum(g.headcount * g.wage.high for g in stage.groups) / total,
        any(g.wage.low_open for g in stage.groups),
        any(g.wage.high_open for g in stage.groups),
        sum(g.headcount * g.wage.mid for g in stage.groups) / total,
    )
