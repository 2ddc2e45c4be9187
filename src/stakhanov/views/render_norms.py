"""Tables for norm revisions, sweeps, pay rules and brigades. Rendering never computes.

It builds on ``console`` beside it; ``sweep_out`` streams the sweep's CSV and JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stakhanov.views.console import (
    Notes,
    cell,
    emit_records,
    make_console,
    make_table,
    rounded,
    split_columns,
    stacked,
    write_json,
)

if TYPE_CHECKING:
    from rich.table import Table

    from stakhanov.calc.brigade import BrigadeResult
    from stakhanov.calc.norms import NormResult
    from stakhanov.calc.sweep import SweepResult

__all__ = ["norm_table", "print_brigade", "print_norm", "print_rules", "print_sweep"]


def _rub(low: float | None, central: float, high: float | None, bound: str) -> str:
    return cell(low, central, high, bound, 1)


def norm_table(
    result: NormResult,
    notes: Notes,
    title: str | None = None,
    groups: Sequence[str] | None = None,
) -> Table:
    """Each group before and after, with the change; why it did or did not move is a note."""
    rev = result.revision
    table = make_table(
        title
        or f"Norm '{rev.norm_id}': {rev.method}; tariff {rev.tariff_pct:+g}%; "
        f"rule {result.rule} (rubles a month)",
        ["group", "before", "after", "change %", "paid by norm", "why"],
        right=["before", "after", "change %"],
        wrap=["before", "after", "change %", "paid by norm"],
    )
    for e in result.effects:
        if groups is not None and e.group not in groups:
            continue
        b, a, c = e.before, e.after, e.change_pct
        table.add_row(
            # A day figure says so under its id, so the id column stays as wide as an id.
            stacked(e.group, "(per day)") if e.group in result.not_monthly else e.group,
            _rub(b.low, b.central, b.high, b.bound),
            _rub(a.low, a.central, a.high, a.bound),
            cell(c.low, c.central, c.high, c.bound, 1),
            "yes" if e.paid_by_norm else "no",
            notes.ref(e.why),
        )
    return table


def _sources_line(result: NormResult) -> str:
    """Whence each figure: the norm (and record), then the groups, gathered by citation."""
    rev = result.revision
    by_source: dict[str, list[str]] = {}
    for e in result.effects:
        by_source.setdefault(e.source, []).append(e.group)
    groups = "; ".join(f"{', '.join(ids)}: {source}" for source, ids in by_source.items())
    what = "norm and record" if rev.record_id else "norm"
    return f"Sources: {what}: {', '.join(rev.sources)}. Wages: {groups}."


def _pairs_table(result: NormResult, every: bool) -> Table | None:
    """The ratios among the card's groups, and every other pair that moved (or all pairs)."""
    card = set(result.card)
    order = {e.group: i for i, e in enumerate(result.effects)}
    # By default each pair once (b/a is 1 / (a/b)); --pairs all gives both orders.
    # A pair with a day figure is no monthly ratio: it is left out, and print_norm says so.
    monthly = [p for p in result.pairs if not {p.numerator, p.denominator} & {*result.not_monthly}]
    shown = [
        p
        for p in monthly
        if every
        or (
            order[p.numerator] < order[p.denominator]
            and (p.moved or (p.numerator in card and p.denominator in card))
        )
    ]
    if not shown:
        return None
    which = (
        "every ordered pair"
        if every
        else "among the card's groups, and every pair that moved; each pair in one order "
        "(--pairs all: every ordered pair)"
    )
    table = make_table(
        f"Ratios, central, monthly: {which}",
        ["numerator", "denominator", "before", "after", "moved"],
        right=["before", "after"],
    )
    for p in shown:
        table.add_row(
            p.numerator, p.denominator, f"{p.before:,.2f}", f"{p.after:,.2f}", _yes(p.moved)
        )
    return table


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _norm_rows(result: NormResult) -> list[dict[str, Any]]:
    """CSV rows: one per group ('effect'), then one per ordered pair ('ratio'), with the
    revision's context (the norm before and after, tariff, rule) on every row."""
    rev = result.revision
    context = {
        "norm": rev.norm_id,
        "norm_before": rev.old,
        "norm_after": rev.new.mid,
        "norm_after_low": rev.new.low,
        "norm_after_high": rev.new.high,
        "tariff_pct": rev.tariff_pct,
        "rule": result.rule,
    }
    rows = []
    for e in result.effects:
        d = e.as_dict()
        rows.append(
            {
                "part": "effect",
                **context,
                "group": d["group"],
                "paid_by_norm": d["paid_by_norm"],
                **{f"before_{k}": v for k, v in d["before"].items()},
                **{f"after_{k}": v for k, v in d["after"].items()},
                **{f"change_pct_{k}": v for k, v in d["change_pct"].items()},
                "why": d["why"],
                "source": d["source"],
            }
        )
    for p in result.pairs:
        rows.append(
            {
                "part": "ratio",
                **context,
                "numerator": p.numerator,
                "denominator": p.denominator,
                "ratio_before": p.before,
                "ratio_after": p.after,
                "moved": p.moved,
            }
        )
    return rows


def print_norm(
    result: NormResult, fmt: str, digits: int | None = None, *, every_pair: bool = False
) -> None:
    if fmt == "json":
        write_json(rounded(result.as_dict(), digits))
        return
    if fmt == "csv":
        emit_records(_norm_rows(result), fmt, digits)
        return
    console = make_console()
    notes = Notes()
    console.print(norm_table(result, notes))
    notes.print(console)
    pairs = _pairs_table(result, every_pair)
    if pairs is not None:
        console.print(pairs)
    if result.not_monthly:  # a table titled monthly holds monthly figures only
        console.print(
            f"Not in the monthly ratios: {', '.join(result.not_monthly)} (a figure per day, "
            "marked above; give working days per month, in a scenario's [periods], to "
            "convert it).",
            markup=False,
        )
    console.print(_sources_line(result), markup=False)
    if result.rule == "straight":
        console.print(
            "Under a straight piece rate every group on the revised norm falls by the "
            "same factor, so ratios among them cannot move; ratios to groups not "
            "paid by the norm move by that factor."
        )


# Tables for at most this many tariff values: a larger grid is for CSV or JSON.
_SWEEP_TABLES = 3


def print_sweep(result: SweepResult, fmt: str, digits: int | None = None) -> None:
    if fmt != "table":
        from stakhanov.views.sweep_out import write_sweep

        write_sweep([result], fmt, digits)
        return
    shown = [i for i, p in enumerate(result.paid_by_norm) if p]
    constant = [g for g, p in zip(result.groups, result.paid_by_norm, strict=True) if not p]
    console = make_console()
    tariffs = list(enumerate(result.tariffs_pct))
    if len(tariffs) > _SWEEP_TABLES:  # the first, the last, and no change if on the grid
        keep = {0, len(tariffs) - 1} | {i for i, t in tariffs if t == 0}
        tariffs = [tariffs[i] for i in sorted(keep)]
    for ti, t in tariffs:

        def block(columns: Sequence[int], ti: int = ti, t: float = t) -> Table:
            names = [result.groups[shown[i]] for i in columns]
            table = make_table(
                f"Central monthly earnings, α toward {result.record_id}, tariff {t:+g}%, "
                f"rule {result.rule}",
                ["α", *names],
                right=["α", *names],
            )
            for ai, a in enumerate(result.alphas):
                table.add_row(
                    f"{a:g}", *(f"{result.central[ti, ai, shown[i]]:,.1f}" for i in columns)
                )
            return table

        for table in split_columns(len(shown), block, console.width):
            console.print(table)
    if len(tariffs) < len(result.tariffs_pct):
        console.print(
            f"{len(tariffs)} of {len(result.tariffs_pct)} tariff values shown; "
            "--format csv or json gives the whole grid."
        )
    if constant:
        console.print(
            f"Not paid by '{result.norm_id}', constant along the grid: {', '.join(constant)}."
        )


def print_rules(
    rows: Sequence[Mapping[str, Any]],
    names: Sequence[str],
    fmt: str,
    *,
    norm: float,
    tariff: float,
    digits: int | None = None,
) -> None:
    if fmt != "table":
        emit_records(rows, fmt, digits)
        return

    def block(columns: Sequence[int]) -> Table:
        shown = [names[i] for i in columns]
        table = make_table(
            f"Monthly pay by rule; norm {norm:g}, pay at the norm {tariff:,.0f}",
            ["output", "% of norm", *shown],
            right=["output", "% of norm", *shown],
            wrap=["% of norm"],
        )
        for r in rows:
            table.add_row(
                f"{r['output']:g}", f"{r['pct_of_norm']:.0f}", *(f"{r[n]:,.1f}" for n in shown)
            )
        return table

    console = make_console()
    for table in split_columns(len(names), block, console.width):
        console.print(table)


def print_brigade(result: BrigadeResult, fmt: str, digits: int | None = None) -> None:
    if fmt == "json":
        write_json(rounded(result.as_dict(), digits))
        return
    rows = [m.as_dict() for m in result.members]
    if fmt == "csv":
        emit_records(rows, fmt, digits)
        return
    on = (
        f"outputs {', '.join(f'{m.output:g}' for m in result.members)} {result.unit}"
        if result.outputs_given
        else f"'{result.record_id}'"
    )
    table = make_table(
        f"Brigade on {on}: norm {result.norm:g} {result.unit}, pay at the norm "
        f"{result.tariff:,.0f}, rule {result.rule} (rubles a month, if sustained)",
        ["member", "output", "brigade split", "individual", "difference"],
        right=["output", "brigade split", "individual", "difference"],
    )
    for r in rows:
        table.add_row(
            str(r["role"]),
            f"{r['output']:g}",
            f"{r['brigade_pay']:,.1f}",
            f"{r['individual_pay']:,.1f}",
            f"{r['difference']:+,.1f}",
        )
    console = make_console()
    console.print(table)
    if result.size_source and result.size_source != "user":
        console.print(f"Brigade size from '{result.size_source}' (outside the four reports).")
    if len(result.members) > 1:  # a brigade of one has no timberman
        console.print(
            "A timberman's propping is not paid by the hewing norm: his own time wage "
            "is not in this table."
        )
