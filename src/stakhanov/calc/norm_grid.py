"""The norm revision on a fine grid of α, toward every record: what the page's slider shows.

``sweep`` computes the earnings; this adds, for each α, the new norm, each group's change
and the ratios among chosen groups, so that a reader of the HTML page (``views.html``) sees
figures computed here, in Python, and the page's script only looks them up. Records that
cannot move a norm (no norm, or no pay at the norm) are left out, each with the reason.
Neighbours: ``calc.sweep`` (the vectorised earnings), ``calc.norms`` (one revision).

>>> from stakhanov.data.rates import load_rates
>>> grid = norm_grid(load_rates(), ["miner", "engineer"], step=0.1)
>>> line = grid.record("stakhanov-1935").line("miner")
>>> round(line.after[1], 1)  # 450 * 7 / (7 + 0.1 * (102 - 7))
190.9
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from stakhanov.calc.norms import revise_norm
from stakhanov.calc.sweep import sweep
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.data.rules import RuleSpec
from stakhanov.errors import StakhanovError, UsageError

__all__ = ["GroupLine", "NormGrid", "RatioLine", "RecordGrid", "alpha_grid", "norm_grid"]


@dataclass(frozen=True)
class GroupLine:
    """One group's monthly earnings along α; ``None`` where an end is open."""

    group: str
    paid_by_norm: bool
    before: float  # the central figure before any revision
    after: tuple[float, ...]
    low: tuple[float | None, ...]
    high: tuple[float | None, ...]
    change_pct: tuple[float, ...]  # central after against central before


@dataclass(frozen=True)
class RatioLine:
    """The central ratio ``numerator`` ÷ ``denominator`` along α."""

    numerator: str
    denominator: str
    after: tuple[float, ...]


@dataclass(frozen=True)
class RecordGrid:
    """The revision toward one record: the new norm and everything it moves, along α."""

    record: str
    norm: str
    unit: str
    old_norm: float
    record_low: float
    record_high: float
    new_low: tuple[float, ...]  # the new norm N' = N + α(R − N), end by end
    new_central: tuple[float, ...]
    new_high: tuple[float, ...]
    lines: tuple[GroupLine, ...]
    ratios: tuple[RatioLine, ...]

    def line(self, group: str) -> GroupLine:
        return next(line for line in self.lines if line.group == group)


@dataclass(frozen=True)
class NormGrid:
    alphas: tuple[float, ...]
    rule: str
    records: tuple[RecordGrid, ...]
    left_out: tuple[tuple[str, str], ...]  # (record, why) for each record not swept

    def record(self, record_id: str) -> RecordGrid:
        return next(r for r in self.records if r.record == record_id)


def alpha_grid(step: float = 0.01) -> tuple[float, ...]:
    """α from 0 to 1 in ``step``s, each a clean decimal (0.07, never 0.07000000000000001)."""
    count = round(1 / step)
    if count < 1 or not math.isclose(count * step, 1.0):
        raise UsageError(f"the α step must divide 1 evenly, got {step:g}")
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return tuple(round(i * step, digits) for i in range(count + 1))


def norm_grid(
    rates: Rates,
    groups: Sequence[str],
    pairs: Sequence[str] = (),
    step: float = 0.01,
    *,
    rule: RuleSpec | None = None,
    tariff_pct: float = 0.0,
) -> NormGrid:
    """Earnings of ``groups`` (monthly) and ratios among ``pairs``, every α, every record,
    under the run's ``rule`` and tariff change (``calc.model.Model``)."""
    alphas = alpha_grid(step)
    for gid in (*groups, *pairs):
        rates.group(gid)  # an unknown id fails before anything is computed
    records: list[RecordGrid] = []
    left_out: list[tuple[str, str]] = []
    rule_name = ""
    for record in rates.records.values():
        if record.norm_id is None:
            left_out.append((record.id, "measured against no norm in the data"))
            continue
        try:
            revisions = [
                revise_norm(rates, alpha=a, toward=record.id, tariff_pct=tariff_pct) for a in alphas
            ]
            result = sweep(rates, alphas, record.id, [tariff_pct], rule)
        except StakhanovError as exc:
            left_out.append((record.id, str(exc)))
            continue
        rule_name = result.rule
        lines = []
        for gid in groups:
            gi = result.groups.index(gid)
            before = monthly(rates.wages[gid], rates.working_days_per_month).wage.mid
            after = tuple(float(v) for v in result.central[0, :, gi])
            lines.append(
                GroupLine(
                    gid,
                    result.paid_by_norm[gi],
                    before,
                    after,
                    tuple(_end(v) for v in result.low[0, :, gi]),
                    tuple(_end(v) for v in result.high[0, :, gi]),
                    tuple(100 * (v / before - 1) for v in after),
                )
            )
        central = {gid: result.central[0, :, result.groups.index(gid)] for gid in pairs}
        ratios = tuple(
            RatioLine(a, b, tuple(float(x) for x in central[a] / central[b]))
            for i, a in enumerate(pairs)
            for b in pairs[i + 1 :]
        )
        records.append(
            RecordGrid(
                record.id,
                revisions[0].norm_id,
                revisions[0].unit,
                revisions[0].old,
                record.output.low,
                record.output.high,
                tuple(r.new.low for r in revisions),
                tuple(r.new.mid for r in revisions),
                tuple(r.new.high for r in revisions),
                tuple(lines),
                ratios,
            )
        )
    return NormGrid(alphas, rule_name, tuple(records), tuple(left_out))


def _end(value: float) -> float | None:
    return None if math.isnan(value) else float(value)
