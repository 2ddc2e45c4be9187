"""A scenario's ``[prices.ID]`` sections: a price set by the user, and where it was set.

A price from ``rates/prices.csv`` may be moved (``low``, ``high``, ``note``); a price that
is not in the data is an error, as for any id. The changed price keeps its item, place and
period, and records the scenario line that set it: every result in goods then cites that
line instead of the outside source.

Neighbours: ``scenarios.overlay`` calls ``parse_prices`` for the ``prices`` section;
``data.prices`` defines ``Price``.

It serves ``overlay`` alone; the base prices are ``stakhanov.data.prices``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from stakhanov.data.interval import Interval
from stakhanov.data.prices import Price
from stakhanov.data.rates import Rates
from stakhanov.scenarios._checks import Check

__all__ = ["PRICE_KEYS", "parse_prices"]

PRICE_KEYS = ("low", "high", "note")


def parse_prices(c: Check, raw: Any, rates: Rates) -> Mapping[str, Price] | None:
    """Every price with the section's changes applied, or None when the section is absent."""
    if raw is None or (table := c.table(("prices",), raw)) is None:
        return None
    changed: dict[str, Price] = {}
    for pid, fields in table.items():
        path = ("prices", pid)
        if not c.known(path, pid, "price", rates.prices) or (t := c.table(path, fields)) is None:
            continue
        c.keys(path, t, PRICE_KEYS)
        base = rates.prices[pid]
        low = c.number((*path, "low"), t["low"], kind="price") if "low" in t else base.price.low
        high = (
            c.number((*path, "high"), t["high"], kind="price") if "high" in t else base.price.high
        )
        note = c.text((*path, "note"), t["note"]) if "note" in t else base.note
        if low is None or high is None or note is None:
            continue
        if low > high:
            c.fail((*path, "low"), f"low {low:g} > high {high:g}")
            continue
        # A changed figure cites the scenario line; a changed note alone keeps the sources.
        line = c.doc.line(*path)
        where = f"{c.doc.name}:{line}" if line else c.doc.name
        moved = (low, high) != (base.price.low, base.price.high)  # as it stands: no change
        changed[pid] = replace(
            base, price=Interval(low, high), note=note, set_by=where if moved else base.set_by
        )
    return MappingProxyType({**rates.prices, **changed})
