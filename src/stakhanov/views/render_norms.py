"""Tables for norm revisions, sweeps, pay rules and brigades. Rendering never computes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from stakhanov.views.console import (
    cell,
    emit_records,
    make_console,
    make_table,
    rounded,
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
    result: NormResult, title: str | None = None, groups: Sequence[str] | None = None
) -> Table:
    """Each group before and after, with the change and why it did or did not move."""
    rev = result.revision
    table = make_table(
        title
        or f"Norm '{rev.norm_id}': {rev.method}; tariff {rev.tariff_pct:+g}%; "
        f"rule {result.rule} (rubles a month)",
        ["group", "before", "after", "change %", "paid by norm", "why"],
        right=["before", "after", "change %"],
    )
    for e in result.effects:
        if groups is not None and e.group not in groups:
            continue
        b, a, c = e.before, e.after, e.change_pct
        table.add_row(
            e.group,
            _rub(b.low, b.central, b.high, b.bound),
            _rub(a.low, a.central, a.high, a.bound),
            cell(c.low, c.central, c.high, c.bound, 1),
            "yes" if e.paid_by_norm else "no",
            e.why,
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


def _shift_lines(result: NormResult) -> list[str]:
    moved = [s for s in result.shifts if s.moved]
    still = [s for s in result.shifts if not s.moved]
    lines = []
    if still:
        pairs = ", ".join(f"{s.numerator}/{s.denominator}" for s in still)
        lines.append(f"Ratios that did not move: {pairs}.")
    if moved:
        pairs = ", ".join(
            f"{s.numerator}/{s.denominator} {s.before:.2f} → {s.after:.2f}" for s in moved
        )
        lines.append(f"Ratios that moved: {pairs}.")
    return lines


def print_norm(result: NormResult, fmt: str, digits: int | None = None) -> None:
    if fmt == "json":
        write_json(rounded(result.as_dict(), digits))
        return
    if fmt == "csv":
        rows = []
        for e in result.effects:
            d = e.as_dict()
            rows.append(
                {
                    "group": d["group"],
                    "paid_by_norm": d["paid_by_norm"],
                    **{f"before_{k}": v for k, v in d["before"].items()},
                    **{f"after_{k}": v for k, v in d["after"].items()},
                    **{f"change_pct_{k}": v for k, v in d["change_pct"].items()},
                    "why": d["why"],
                    "source": d["source"],
                }
            )
        emit_records(rows, fmt, digits)
        return
    console = make_console()
    console.print(norm_table(result))
    for line in _shift_lines(result):
        console.print(line, soft_wrap=True)
    console.print(_sources_line(result), soft_wrap=True, markup=False)
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
        _write_frame(result, fmt, digits)
        return
    shown = [i for i, p in enumerate(result.paid_by_norm) if p]
    constant = [g for g, p in zip(result.groups, result.paid_by_norm, strict=True) if not p]
    console = make_console()
    tariffs = list(enumerate(result.tariffs_pct))
    if len(tariffs) > _SWEEP_TABLES:  # the first, the last, and no change if on the grid
        keep = {0, len(tariffs) - 1} | {i for i, t in tariffs if t == 0}
        tariffs = [tariffs[i] for i in sorted(keep)]
    for ti, t in tariffs:
        table = make_table(
            f"Central monthly earnings, α toward {result.record_id}, tariff {t:+g}%, "
            f"rule {result.rule}",
            ["α", *(result.groups[i] for i in shown)],
            right=["α", *(result.groups[i] for i in shown)],
        )
        for ai, a in enumerate(result.alphas):
            table.add_row(f"{a:g}", *(f"{result.central[ti, ai, i]:,.1f}" for i in shown))
        console.print(table)
    if len(tariffs) < len(result.tariffs_pct):
        console.print(
            f"{len(tariffs)} of {len(result.tariffs_pct)} tariff values shown; "
            "--format csv or json gives the whole grid.",
            soft_wrap=True,
        )
    if constant:
        console.print(
            f"Not paid by '{result.norm_id}', constant along the grid: {', '.join(constant)}."
        )


def _write_frame(result: SweepResult, fmt: str, digits: int | None) -> None:
    import sys

    from stakhanov.views.frames import sweep_frame

    frame = sweep_frame(result)
    frame = frame if digits is None else frame.round(digits)
    if fmt == "csv":
        # true/false, as every other CSV of the tool writes them
        frame["paid_by_norm"] = frame["paid_by_norm"].map({True: "true", False: "false"})
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        sys.stdout.write(frame.to_json(orient="records", indent=2, force_ascii=False) + "\n")


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
    table = make_table(
        f"Monthly pay by rule; norm {norm:g}, pay at the norm {tariff:,.0f}",
        ["output", "% of norm", *names],
        right=["output", "% of norm", *names],
    )
    for r in rows:
        table.add_row(
            f"{r['output']:g}", f"{r['pct_of_norm']:.0f}", *(f"{r[n]:,.1f}" for n in names)
        )
    make_console().print(table)


def print_brigade(result: BrigadeResult, fmt: str, digits: int | None = None) -> None:
    if fmt == "json":
        write_json(rounded(result.as_dict(), digits))
        return
    rows = [m.as_dict() for m in result.members]
    if fmt == "csv":
        emit_records(rows, fmt, digits)
        return
    table = make_table(
        f"Brigade on '{result.record_id}': norm {result.norm:g} {result.unit}, pay at the norm "
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
    console.print(
        "A timberman's propping is not paid by the hewing norm: his own time wage "
        "is not in this table."
    )
