"""The Norms sheet: every group before and after the revision chosen on Inputs, under the
run's pay rule, as live formulas.

The library repays a group by holding its output (``calc.norms``): the output its wage
implies under the rule at the old norm, q = N · m⁻¹(E / W0), is paid under the new norm and
tariff, E' = W0' · m(q / N'). The sheet writes exactly that, for any rule in
``rates/rules/``: the held output in its own columns (``held_*``), m and m⁻¹ as formulas
from ``rule_formulas``, W0 and W0' among the parameters. Under the straight rate this is
E' = E (1 + t) N / N' (the ``factor_*`` parameters), and the sheet agrees with it.

Each formula is written with the library's value for it, which ``cached`` saves beside it.
"""

from __future__ import annotations

from stakhanov.calc.norms import NormResult, Revision, apply_revision, pay_at_norm, revise_norm
from stakhanov.calc.pay import implied_output
from stakhanov.data.periods import monthly
from stakhanov.data.rules import RuleSpec
from stakhanov.views.workbook.book import PERCENT, RUBLES, Book, Cached, Sheet, col
from stakhanov.views.workbook.live_sheets import (
    UNDEFINED,
    input_column,
    monthly_mid,
    monthly_or_open,
    on_inputs,
    open_end,
)
from stakhanov.views.workbook.rule_formulas import output_ratio, pay_ratio

__all__ = ["NORMS_HEADER", "book_revision", "norms"]

NORMS_HEADER = (
    "group",
    "paid_by_norm",
    "before_low",
    "before_central",
    "before_high",
    "after_low",
    "after_central",
    "after_high",
    "change_pct",
    "held_low",
    "held_central",
    "held_high",
)
NOT_PAID = "not paid by this norm"

# The parameters of the revision, derived from the choices on Inputs: (key, meaning).
_PARAMS = (
    ("record", "the chosen record (Inputs)"),
    ("norm", "the norm that record is measured against: the norm revised"),
    ("old_norm", "N, the norm's value"),
    ("record_low", "R, low end of the record"),
    ("record_central", "R, central (the midpoint)"),
    ("record_high", "R, high end"),
    ("new_norm_low", "N' = N + α(R − N) at R's low end, or N (1 + raise) given a raise"),
    ("new_norm_central", "N' at R's central"),
    ("new_norm_high", "N' at R's high end"),
    ("tariff_factor", "1 + t, the change in the pay for meeting the norm"),
    ("factor_low_end", "(1 + t) N / N' at the highest N': the straight rate's multiplier"),
    ("factor_central", "(1 + t) N / N' at the central N' (straight rate)"),
    ("factor_high_end", "(1 + t) N / N' at the lowest N' (straight rate)"),
    ("tariff", "W0, the pay for meeting the norm: its tariff group's central wage"),
    ("new_tariff", "W0' = W0 (1 + t)"),
)


def book_revision(book: Book) -> Revision:
    """The revision the workbook starts from (its choices), built as every command builds one."""
    c, rates = book.choices, book.rates
    if c.raise_pct is not None:
        norm_id = rates.record(c.record).norm_id
        return revise_norm(rates, norm_id, raise_pct=c.raise_pct, tariff_pct=c.tariff_pct)
    return revise_norm(rates, alpha=c.alpha, toward=c.record, tariff_pct=c.tariff_pct)


def norms(book: Book) -> None:
    """Every group before and after the revision chosen on Inputs, under the run's rule."""
    widths = (24, 13, 12, 14, 12, 12, 14, 12, 11, 12, 13, 12, 3, 18, 12, 58)
    sheet = book.sheet("Norms", NORMS_HEADER, widths)
    key = len(NORMS_HEADER) + 2
    value, meaning = key + 1, key + 2
    for i, name in enumerate(("parameter", "value", "meaning"), start=key):
        sheet.header(1, i, name)
    p = book.params
    for row, (name, text) in enumerate(_PARAMS, start=2):
        sheet.text(row, key, name)
        sheet.text(row, meaning, text)
        p[name] = f"Norms!${col(value)}${row}"
    rule_row = len(_PARAMS) + 3
    sheet.text(rule_row, key, "rule")
    sheet.text(rule_row, value, book.rule.name)
    sheet.text(
        rule_row,
        meaning,
        f"the pay rule ({book.rule.label}): its parameters are written into the formulas of "
        "after_* and held_*; export again with --rule or a scenario's [rule] to change it",
    )
    result = apply_revision(book.rates, book_revision(book), book.rule)
    _param_formulas(sheet, book, value, result)
    _group_rows(sheet, book, result)


def _group_rows(sheet: Sheet, book: Book, result: NormResult) -> None:
    p = {k: _local_abs(v) for k, v in book.params.items()}
    rev, spec = result.revision, book.rule
    w0 = pay_at_norm(book.rates, book.rates.norm(rev.norm_id))
    effects = {e.group: e for e in result.effects}
    n, w, w_new = p["old_norm"], p["tariff"], p["new_tariff"]
    # The low end of earnings meets the highest new norm (earnings fall as the norm rises).
    ends = (
        ("C", "J", "F", "new_norm_high"),
        ("D", "K", "G", "new_norm_central"),
        ("E", "L", "H", "new_norm_low"),
    )
    for row, gid in enumerate(book.group_row, start=2):
        book.norms_row[gid] = row
        g, e = book.group_row[gid], effects[gid]
        wage = monthly(book.rates.wages[gid], book.rates.working_days_per_month).wage
        sheet.text(row, 1, gid)
        paid = f'AND({on_inputs("pay_basis", g)}="piece",{on_inputs("norm_id", g)}={p["norm"]})'
        # No number format: with one, LibreOffice saves the result as 1/0, not a flag.
        sheet.formula(row, 2, f"={paid}", cached=e.paid_by_norm)
        sheet.formula(
            row, 3, monthly_or_open("low", g), RUBLES, cached=open_end(e.before.low, "low")
        )
        sheet.formula(row, 4, f"={monthly_mid(g)}", RUBLES, cached=e.before.central)
        sheet.formula(
            row, 5, monthly_or_open("high", g), RUBLES, cached=open_end(e.before.high, "high")
        )
        befores = (e.before.low, e.before.central, e.before.high)
        afters = (e.after.low, e.after.central, e.after.high)
        for (before, held, after, new_norm), given, done, amount in zip(
            ends, befores, afters, (wage.low, wage.mid, wage.high), strict=True
        ):
            # Held output: the least output that earns the wage under the rule (a text for
            # an open end, or for a group this norm does not pay); then its pay after.
            q = f"{n}*{output_ratio(spec, f'{before}{row}/{w}')}"
            sheet.formula(
                row,
                _column(held),
                f'=IF(ISNUMBER({before}{row}),IF(B{row},{q},"{NOT_PAID}"),{before}{row})',
                cached=_held(given, e.paid_by_norm, spec, amount, rev.old, w0, before),
            )
            pay = f"{w_new}*{pay_ratio(spec, f'{held}{row}/{p[new_norm]}')}"
            sheet.formula(
                row,
                _column(after),
                f"=IF(ISNUMBER({held}{row}),{pay},{before}{row})",
                RUBLES,
                cached=open_end(done, "low" if before == "C" else "high"),
            )
        sheet.formula(
            row,
            9,
            f"=IF(D{row}>0,100*(G{row}/D{row}-1),{UNDEFINED})",
            PERCENT,
            cached=e.change_pct.central,
        )


def _column(letter: str) -> int:
    return ord(letter) - ord("A") + 1


def _held(
    given: float | None,
    paid: bool,
    spec: RuleSpec,
    amount: float,
    norm: float,
    w0: float,
    before: str,
) -> Cached:
    """The held output's value: the library's implied output, or the text the cell shows."""
    if given is None:
        return open_end(None, "low" if before == "C" else "high")
    if not paid:
        return NOT_PAID
    return implied_output(spec, amount, norm, w0)


def _param_formulas(sheet: Sheet, book: Book, column: int, result: NormResult) -> None:
    i, p = book.inputs, {k: _local_abs(v) for k, v in book.params.items()}
    n = p["old_norm"]
    tf = p["tariff_factor"]
    last = 1 + len(book.group_row)

    def cells(name: str) -> str:
        letter = input_column(name)
        return f"Inputs!${letter}$2:${letter}${last}"

    match = f"MATCH(VLOOKUP({p['norm']},{i['norms']},6,0),{cells('id')},0)"
    mid = "+".join(f"INDEX({cells(end)},{match})" for end in ("low", "high"))
    factor = f"INDEX({cells('months_factor')},{match})"
    exprs = {
        "record": f"={i['record']}",
        "norm": f"=VLOOKUP({p['record']},{i['records']},5,0)",
        "old_norm": f"=VLOOKUP({p['norm']},{i['norms']},2,0)",
        "record_low": f"=VLOOKUP({p['record']},{i['records']},2,0)",
        "record_central": f"=({p['record_low']}+{p['record_high']})/2",
        "record_high": f"=VLOOKUP({p['record']},{i['records']},3,0)",
        "tariff_factor": f"=1+{i['tariff_pct']}/100",
        "factor_low_end": f"={tf}*{n}/{p['new_norm_high']}",
        "factor_central": f"={tf}*{n}/{p['new_norm_central']}",
        "factor_high_end": f"={tf}*{n}/{p['new_norm_low']}",
        # W0 is the tariff group's central wage when the norm pays anyone, else 1: nothing
        # is repaid then, so the scale cannot matter (``calc.norms.pay_at_norm``).
        "tariff": f"=IF(SUMPRODUCT(({cells('norm_id')}={p['norm']})*1)>0,({mid})/2*{factor},1)",
        "new_tariff": f"={p['tariff']}*{tf}",
    }
    raised = i["raise_pct"]
    for end in ("low", "central", "high"):
        moved = f"{n}+{i['alpha']}*({p['record_' + end]}-{n})"
        exprs[f"new_norm_{end}"] = f"=IF(ISNUMBER({raised}),{n}*(1+{raised}/100),{moved})"
    # The same parameters from the library's revision: the formulas' cached values.
    rev, record = result.revision, book.choices.record
    out, factor_t = book.rates.record(record).output, 1 + rev.tariff_pct / 100
    w0 = pay_at_norm(book.rates, book.rates.norm(rev.norm_id))
    values: dict[str, Cached] = {
        "record": record,
        "norm": rev.norm_id,
        "old_norm": rev.old,
        "record_low": out.low,
        "record_central": out.mid,
        "record_high": out.high,
        "new_norm_low": rev.new.low,
        "new_norm_central": rev.new.mid,
        "new_norm_high": rev.new.high,
        "tariff_factor": factor_t,
        "factor_low_end": factor_t * rev.old / rev.new.high,
        "factor_central": rev.factor,
        "factor_high_end": factor_t * rev.old / rev.new.low,
        "tariff": w0,
        "new_tariff": w0 * factor_t,
    }
    for row, (name, _) in enumerate(_PARAMS, start=2):
        sheet.formula(row, column, exprs[name], cached=values[name])


def _local_abs(ref: str) -> str:
    """'Norms!$L$3' → '$L$3': a reference on the sheet being written."""
    return ref.split("!", 1)[1]
