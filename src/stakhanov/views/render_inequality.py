"""Tables, CSV and JSON for workforce inequality and simulated ratios. Never computes.

Every output says what the percentiles assume: the number of draws, the distribution, the
cap on open ends (and what it does to each open group) and the seed that repeats the run.

It builds on ``console`` beside it, and prints a ratio's bounds with ``render``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stakhanov.data.interval import describe, rubles
from stakhanov.views.console import (
    cell,
    emit_records,
    make_console,
    make_table,
    number,
    rounded,
    shown,
    split_columns,
    styled,
    write_json,
    write_lines,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from stakhanov.data.interval import Interval
    from stakhanov.stats.uncertainty import RatioDraws
    from stakhanov.stats.workforce_goods import WorkforceInGoods
    from stakhanov.stats.workforce_metrics import GroupWage, InequalityReport, Stage

__all__ = ["print_inequality", "print_ratio_draws"]


def _assumptions(draws: int, seed: int | None, dist: str, cap: float, opened: bool) -> str:
    within = "uniformly" if dist == "uniform" else "triangularly, peaking at the central figure,"
    caps = (
        f"open ends capped at ×{cap:g}" if opened else f"no open bounds here (cap ×{cap:g} unused)"
    )
    return (
        f"{draws:,} draws; each wage drawn {within} within its bounds, groups independently; "
        f"{caps}; seed {seed} (--seed {seed} repeats it)"
    )


def _range(low: float, high: float) -> str:
    return rubles(low) if low == high else f"{rubles(low)}–{rubles(high)}"


def _drawn(g: GroupWage) -> str:
    if g.drawn_low is None or g.drawn_high is None:
        return "—"
    return _range(g.drawn_low, g.drawn_high)


def _wage(g: GroupWage) -> str:
    """A monthly wage in rubles: '≥ 1,600', '400–500 (450)', '169.7–212.1 (190.9)'."""
    s = g.wage.span()
    if s.bound == "exact":
        return rubles(s.central)
    if s.bound == "range" and s.low is not None and s.high is not None:
        return f"{rubles(s.low)}–{rubles(s.high)} ({rubles(s.central)})"
    if s.bound == "at least" and s.low is not None:
        return f"≥ {rubles(s.low)}"
    if s.bound == "at most" and s.high is not None:
        return f"≤ {rubles(s.high)}"
    return f"~{rubles(s.central)}, unbounded"


def _heading(stage: Stage) -> Text:
    wf = stage.workforce
    text = f": {wf.title}; {wf.total:,} workers"
    if stage.revision:
        text += f"; after the revision {stage.revision}"
    return styled((stage.label, "bold"), text)


def _groups_table(stage: Stage, goods: WorkforceInGoods | None = None) -> object:
    columns = ["group", "workers", "monthly wage", "drawn from"]
    right = ["workers", "monthly wage"]
    if goods is not None:
        right.append(f"{goods.price.item} ({goods.price.good_unit} a month)")
        columns.insert(3, right[-1])
    table = make_table("", columns, right=right, wrap=["monthly wage", "drawn from"])
    table.title = None
    for g in stage.groups:
        kg = [] if goods is None else [_kg(goods.groups[(stage.label, g.group)])]
        table.add_row(g.group, f"{g.headcount:,}", _wage(g), *kg, _drawn(g))
    return table


def _kg(amount: Interval) -> str:
    """'170–200 (184)', '≥ 1,600': a quantity of a good, in whole units."""
    s = amount.span()
    return cell(s.low, s.central, s.high, s.bound, 0)


def _one_stage(stage: Stage, draws: int, digits: int) -> object:
    columns = ["metric", "central"] + (["p05", "p50", "p95"] if draws else [])
    table = make_table(
        "Inequality, weighted by headcount", columns, right=columns[1:], wrap=["metric"]
    )
    for m in stage.metrics:
        ends = [number(v, digits) for v in (m.p05, m.p50, m.p95)] if draws else []
        table.add_row(m.label, number(m.central, digits), *ends)
    return table


def _band(low: float | None, high: float | None, digits: int) -> str:
    return "—" if low is None or high is None else f"{number(low, digits)}–{number(high, digits)}"


def _many_stages(stages: Sequence[Stage], draws: int, digits: int, width: int) -> list[Table]:
    """One column (or two, with draws) per stage; blocks of stages when the page is narrow."""

    def block(indexes: Sequence[int]) -> Table:
        columns = ["metric"]
        for j in indexes:
            s = stages[j]
            # Headers name the file alone (the headings above give its folder and title).
            name = Path(s.workforce.label).name + (", revised" if s.revision else "")
            columns.append(f"{name}\ncentral")
            if draws:
                columns.append("p05–p95")
        table = make_table(
            "Inequality, weighted by headcount", columns, right=columns[1:], wrap=["metric"]
        )
        for i, m in enumerate(stages[0].metrics):
            cells = [m.label]
            for j in indexes:
                row = stages[j].metrics[i]
                cells.append(number(row.central, digits))
                if draws:
                    cells.append(_band(row.p05, row.p95, digits))
            table.add_row(*cells)
        return table

    return split_columns(len(stages), block, width)


def _footer(
    console: Console, report: InequalityReport, goods: WorkforceInGoods | None = None
) -> None:
    if report.scenarios:
        console.print(f"scenarios applied: {', '.join(report.scenarios)}")
    if goods is not None:
        from stakhanov.stats.workforce_goods import SCALE_FREE

        p = goods.price
        console.print(f"In {p.item}, {p.provenance()}: {SCALE_FREE}.")
    notes = list(dict.fromkeys(n for s in report.stages for n in s.notes))
    for note in notes:
        console.print(f"note: {note}")
    if not report.draws:
        console.print("Central figures only (--draws 0): no percentiles.")
        return
    opened = {
        g.group: g for s in report.stages if s.revision is None for g in s.groups if _is_open(g)
    }
    settings = _assumptions(report.draws, report.seed, report.dist, report.cap, bool(opened))
    console.print(f"Uncertainty: {settings}.")
    for g in opened.values():
        console.print(f"  {g.group}: {describe(g.wage)}, drawn from {_drawn(g)}")
    if opened:
        console.print(
            "The central figures count open bounds at face value; the draws go beyond them, so "
            "a central figure can lie outside its p05–p95 band.",
        )


def _is_open(g: GroupWage) -> bool:
    return g.wage.low_open or g.wage.high_open


def print_inequality(
    report: InequalityReport,
    fmt: str,
    digits: int | None = None,
    goods: WorkforceInGoods | None = None,
) -> None:
    """The metrics of every stage; with ``goods`` (``--in ID``), the wages in that good too."""
    if fmt == "json":
        data = report.as_dict()
        if goods is not None:
            data["in"] = goods.as_dict()
        write_json(rounded(data, digits))
        return
    if fmt == "csv":
        emit_records(report.records(), fmt, digits)  # the metrics: the same in any good
        return
    digits = shown(digits, 3)
    console = make_console()
    for stage in report.stages:
        console.print(_heading(stage))
        if stage.workforce.note:
            console.print(f"  {stage.workforce.note}")
        console.print(_groups_table(stage, goods))
        if goods is not None:
            mean = goods.means[stage.label]
            unit = goods.price.good_unit
            console.print(f"  mean worker: {_kg(mean)} {unit} of {goods.price.item} a month")
    if len(report.stages) == 1:
        console.print(_one_stage(report.stages[0], report.draws, digits))
    else:
        for table in _many_stages(report.stages, report.draws, digits, console.width):
            console.print(table)
    _footer(console, report, goods)


def print_ratio_draws(result: RatioDraws, fmt: str, digits: int | None = None) -> None:
    """The ratio as ``stakhanov ratio`` shows it, and beside it the simulated percentiles."""
    from stakhanov.views.render import print_ratio

    if fmt == "json":
        write_json(rounded(result.as_dict(), digits))
        return
    if fmt == "csv":
        row = result.as_dict()
        simulated = row.pop("simulated")
        flat = {f"sim_{k}": v for k, v in simulated.items() if not k.endswith("_drawn")}
        emit_records([{**row, **flat}], fmt, digits)
        return
    print_ratio(result.ratio, fmt, digits)
    digits = shown(digits)
    r = result
    (a_lo, a_hi), (b_lo, b_hi) = r.drawn
    settings = _assumptions(r.draws, r.seed, r.dist, r.cap, any(r.open_ends))
    # Plain lines, as print_ratio writes them: importing rich's console costs about 14 ms,
    # a tenth of `ratio --draws 1000000` (benchmarks/ratio.py). Wrapped under their label.
    lines = [
        f"  simulated:  p05 {number(r.p05, digits)}×, p50 {number(r.p50, digits)}×, "
        f"p95 {number(r.p95, digits)}×",
        f"  drawn from: {r.ratio.numerator} {_range(a_lo, a_hi)}, "
        f"{r.ratio.denominator} {_range(b_lo, b_hi)}",
        f"  assumes:    {settings}",
    ]
    write_lines(lines, indent=14)
