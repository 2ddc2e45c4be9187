"""The query commands: ``report``, ``groups``, ``records``, ``norms``, ``ratio``, ``ratios``,
``claims``, ``sources``, ``export``. Parse, call one library function, render; nothing is
computed here.

Each command module of ``stakhanov.cli`` keeps its commands on its own ``commands`` Typer;
``app`` gathers them. Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from stakhanov.cli.common import (
    _PROGRESS_FROM,
    DEFAULT_SEED,
    CapOpt,
    DaysOpt,
    DigitsOpt,
    Dist,
    DistOpt,
    DrawsOpt,
    Format,
    FormatOpt,
    InOpt,
    NoBuiltinOpt,
    PrivOpt,
    RatesOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    _model,
    _progress,
    _rates,
)
from stakhanov.data.literal import literal

__all__ = [
    "claims",
    "commands",
    "export",
    "groups",
    "norms",
    "ratio",
    "ratios",
    "records",
    "report",
    "sources",
]

commands = typer.Typer()


@commands.command()
def report(
    in_: InOpt = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """The main job: wage ladder, ratio matrix, norm revisions, source notes, claims summary.

    Example: stakhanov report --format json
    """
    from stakhanov.calc.report import build_report
    from stakhanov.views.render import print_report

    print_report(build_report(_rates(scenario, set_), in_), fmt.value, digits)


@commands.command()
def groups(
    in_: InOpt = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """The wage groups, with bounds, period, pay basis and citation.

    Example: stakhanov groups --in rye-bread
    """
    from stakhanov.calc.report import group_rows

    rates = _rates(scenario, set_)
    if in_ is None:
        from stakhanov.views.render import print_groups

        print_groups(group_rows(rates), fmt.value, digits)
        return
    from stakhanov.calc.goods import groups_in_goods
    from stakhanov.views.goods import print_groups_in

    print_groups_in(group_rows(rates), groups_in_goods(rates, in_), fmt.value, digits)


@commands.command()
def records(
    scenario: ScenarioOpt = None,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """The records and benchmarks, with figure, bounds, unit, period and citation.

    Their ids are what --toward takes (norm, sweep, inequality, plot).

    Example: stakhanov records --format csv
    """
    from stakhanov.calc.listing import record_rows
    from stakhanov.views.render_lists import print_records

    print_records(record_rows(_rates(scenario, set_)), fmt.value, digits)


@commands.command()
def norms(
    scenario: ScenarioOpt = None,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """The output norms, with the range given, the point used, unit, period and citation.

    Example: stakhanov norms --format json
    """
    from stakhanov.calc.listing import norm_rows
    from stakhanov.views.render_lists import print_norms

    print_norms(norm_rows(_rates(scenario, set_)), fmt.value, digits)


@commands.command()
def ratio(
    a: Annotated[
        str, typer.Argument(metavar="A", help="Numerator group id, e.g. stakhanovite-miner.")
    ],
    b: Annotated[str, typer.Argument(metavar="B", help="Denominator group id, e.g. auxiliary.")],
    working_days: DaysOpt = None,
    with_privileges: PrivOpt = False,
    draws: DrawsOpt = None,
    seed: SeedOpt = DEFAULT_SEED,
    dist: DistOpt = Dist.uniform,
    cap: CapOpt = None,
    in_: InOpt = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """How many times group A earns group B, with bounds, arithmetic and citation.

    Example: stakhanov ratio engineer auxiliary --format json
    """
    from stakhanov.errors import UsageError

    rates = _rates(scenario, set_)
    if draws is None:  # no numpy on this path: `stakhanov ratio` stays quick
        from stakhanov.calc.comparison import ratio as compute

        result = compute(rates, a, b, working_days=working_days, with_privileges=with_privileges)
        if in_ is None:
            from stakhanov.views.render import print_ratio

            print_ratio(result, fmt.value, digits)
            return
        from stakhanov.calc.goods import goods_ratio
        from stakhanov.views.goods import print_ratio_in

        both = goods_ratio(
            rates, result, in_, working_days=working_days, with_privileges=with_privileges
        )
        print_ratio_in(both, fmt.value, digits)
        return
    if with_privileges:
        raise UsageError("--draws does not take --with-privileges: draw wages alone")
    if in_ is not None:
        raise UsageError("--draws does not take --in: a ratio is the same in any single good")
    from stakhanov.stats.uncertainty import ratio_draws
    from stakhanov.views.render_inequality import print_ratio_draws

    with _progress("drawing wages", draws >= _PROGRESS_FROM) as progress:
        drawn = ratio_draws(
            rates, a, b, draws, seed, dist.value, cap, working_days=working_days, progress=progress
        )
    print_ratio_draws(drawn, fmt.value, digits)


@commands.command()
def ratios(
    base: Annotated[
        str | None,
        typer.Option("--base", metavar="GROUP", help="Compare every group with this one."),
    ] = None,
    working_days: DaysOpt = None,
    with_privileges: PrivOpt = False,
    in_: InOpt = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Every group against a base group, or every ordered pair of groups.

    Example: stakhanov ratios --base auxiliary
    """
    from stakhanov.calc.comparison import ratios as compute

    rates = _rates(scenario, set_)
    title = f"Every group ÷ {base} (monthly)" if base else "Every ordered pair (monthly)"
    rows = compute(rates, base, working_days=working_days, with_privileges=with_privileges)
    if in_ is None:
        from stakhanov.views.render import print_ratios

        print_ratios(rows, fmt.value, title, digits)
        return
    from stakhanov.calc.goods import goods_ratios
    from stakhanov.views.goods import print_ratios_in

    in_goods = goods_ratios(
        rates, rows, in_, working_days=working_days, with_privileges=with_privileges
    )
    print_ratios_in(in_goods, fmt.value, title, digits)


@commands.command()
def claims(
    claim_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="One claim to show in full, e.g. kaslov-11-times."),
    ] = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Each quantitative claim of the sources checked against the data: holds, roughly, fails.

    Without ID, every claim in a table; with ID, one claim with its arithmetic and the figure
    that would have made it hold.

    Example: stakhanov claims engineers-80-100-times
    """
    from stakhanov.calc.claims import check_claim, check_claims
    from stakhanov.views.render import print_claims

    rates = _rates(scenario, set_)
    verdicts = [check_claim(rates, claim_id)] if claim_id else check_claims(rates)
    print_claims(verdicts, fmt.value, digits, detail=claim_id is not None)


@commands.command()
def sources(
    scenario: ScenarioOpt = None,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
) -> None:
    """The four source texts and the outside references, and what each contributes.

    Example: stakhanov sources
    """
    from stakhanov.calc.report import source_notes
    from stakhanov.views.render import print_sources

    print_sources(source_notes(_rates(scenario, set_)), fmt.value)


@commands.command()
def export(
    path: Annotated[str, typer.Argument(metavar="FILE.xlsx", help="The workbook to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
) -> None:
    """A live workbook for Excel or LibreOffice: inputs, formulas, charts and sources.

    Example: stakhanov export stakhanov.xlsx
    """
    from stakhanov.views.workbook.export import export_workbook

    done = export_workbook(_model(scenario, set_), path, force=force)
    typer.echo(literal(f"wrote {path}: {len(done.sheets)} sheets, {done.formulas:,} formulas"))
