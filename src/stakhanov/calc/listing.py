"""The data's records and norms as rows, for ``stakhanov records`` and ``stakhanov norms``.

Each row has the item's id, who or what, its figure as the source states it (with the
bounds: "30–35", "100 or more"), the figure's ends, its unit and period, and its citation
(a scenario's line where a scenario changed it). The wage groups' rows are
``report.group_rows``, beside this module; the views render all three alike.
"""

from __future__ import annotations

from typing import Any

from stakhanov.data.interval import Interval, describe
from stakhanov.data.rates import Rates

__all__ = ["norm_rows", "record_rows", "stated"]


def record_rows(rates: Rates) -> list[dict[str, Any]]:
    """Every record and benchmark, in the data's order (the ids ``--toward`` takes).

    >>> from stakhanov.data.rates import load_rates
    >>> row = record_rows(load_rates())[0]
    >>> row["id"], row["figure"], row["unit"], row["period"], row["source"]
    ('stakhanov-1935', '102', 't', 'six-hour shift', 'markin-1936 ¶9')
    """
    return [
        {
            "id": r.id,
            "person": r.person,
            "activity": r.activity,
            **_figure(r.output),
            "unit": r.unit,
            "period": r.duration,
            "date": r.date,
            "norm_id": r.norm_id,
            "source": str(r.citation),
            "as_printed": r.citation.as_printed,
            "note": r.note,
        }
        for r in rates.records.values()
    ]


def norm_rows(rates: Rates) -> list[dict[str, Any]]:
    """Every output norm: the range the source gives and the point the calculator uses.

    >>> from stakhanov.data.rates import load_rates
    >>> row = norm_rows(load_rates())[0]
    >>> row["id"], row["figure"], row["value"], row["unit"], row["period"]
    ('coal-hewing', '6–7', 7.0, 't', 'six-hour shift')
    """
    return [
        {
            "id": n.id,
            "activity": n.activity,
            **_figure(n.range),
            "value": n.value,
            "unit": n.unit,
            "period": n.per,
            "tariff_group": n.tariff_group,
            "source": str(n.citation),
            "as_printed": n.citation.as_printed,
            "note": n.note,
        }
        for n in rates.norms.values()
    ]


def _figure(figure: Interval) -> dict[str, Any]:
    """The figure as stated, its two ends (``None`` where open) and the kind of bound."""
    span = figure.span()
    return {
        "figure": stated(figure),
        "low": span.low,
        "high": span.high,
        "low_open": figure.low_open,
        "high_open": figure.high_open,
        "bound": span.bound,
    }


def stated(figure: Interval) -> str:
    """A figure as a source states it, its bounds in words, no digit lost.

    ``data.interval.describe`` writes a wage in rubles, to one decimal; a norm or a record a
    scenario sets may have more (6.25 t), so here each end keeps all of its digits.

    >>> stated(Interval(30, 35)), stated(Interval(1600, 1600, high_open=True))
    ('30–35', '1,600 or more')
    >>> stated(Interval(6.25, 6.25)), stated(Interval(150, 150, low_open=True))
    ('6.25', '150 or less')
    """
    return describe(figure, _number)


def _number(x: float) -> str:
    """1600 as '1,600', 6.25 as '6.25': whole where whole, else every significant digit."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.12g}"
