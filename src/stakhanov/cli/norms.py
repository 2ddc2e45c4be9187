"""The norm and pay-rule commands: ``norm``, ``sweep``, ``rules``, ``brigade``.

Parse, call one library function, render; ``stakhanov.cli.app`` gathers them from ``commands``.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from stakhanov.cli.common import (
    DigitsOpt,
    Format,
    FormatOpt,
    RuleOpt,
    ScenarioOpt,
    SetOpt,
    _default,
    _number,
    _positive,
    _ranged,
    _rates,
    _stderr_console,
)
from stakhanov.errors import UsageError

__all__ = ["brigade", "commands", "norm", "rules", "sweep"]

commands = typer.Typer()


@commands.command()
def norm(
    raise_: Annotated[
        str | None, typer.Option("--raise", help="Raise the norm by a percentage, e.g. 25%.")
    ] = None,
    alpha: Annotated[
        float | None,
        typer.Option(
            "--alpha",
            help="Move the norm this share of the way (0-1).",
            callback=_ranged("alpha", "--alpha"),
        ),
    ] = None,
    toward: Annotated[
        str | None, typer.Option("--toward", help="Record to move toward, e.g. stakhanov-1935.")
    ] = None,
    tariff: Annotated[
        str | None,
        typer.Option("--tariff", help="Change in the pay for meeting the norm, e.g. 11%."),
    ] = None,
    norm_id: Annotated[
        str | None, typer.Option("--norm", help="Norm id for --raise (default: coal-hewing).")
    ] = None,
    rule: RuleOpt = None,
    scenario: ScenarioOpt = None,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Earnings of every group before and after a norm revision.

    Example: stakhanov norm --alpha 0.1 --toward stakhanov-1935
    """
    from stakhanov.calc.norms import revise
    from stakhanov.data.grids import parse_percent
    from stakhanov.data.settings import report_settings
    from stakhanov.views.render_norms import print_norm

    rates = _rates(scenario, set_)
    asked: dict[str, Any] = {
        "raise_pct": None if raise_ is None else parse_percent(raise_, "--raise"),
        "alpha": alpha,
        "toward": toward,
    }
    if raise_ is None and alpha is None and toward is None and rates.revision:
        asked = dict(rates.revision)  # the scenario's revision, when none is typed
    tariff_pct = parse_percent(tariff, "--tariff") if tariff is not None else None
    result = revise(
        rates,
        norm_id=norm_id
        or (_default(rates, "norm") if asked.get("raise_pct") is not None else None),
        raise_pct=asked.get("raise_pct"),
        alpha=asked.get("alpha"),
        toward=asked.get("toward"),
        tariff_pct=tariff_pct if tariff_pct is not None else asked.get("tariff_pct", 0.0),
        rule=rule,
        groups=[str(g) for g in report_settings(rates).get("matrix_groups", [])],
    )
    print_norm(result, fmt.value, digits)


@commands.command()
def sweep(
    alpha: Annotated[str, typer.Option("--alpha", help="Grid of α as LO:HI:STEP.")] = "0:1:0.05",
    toward: Annotated[
        str | None,
        typer.Option("--toward", help="Record to move toward (default: stakhanov-1935)."),
    ] = None,
    tariff: Annotated[
        str, typer.Option("--tariff", help="Tariff change in %, one value or LO:HI:STEP.")
    ] = "0",
    rule: RuleOpt = None,
    scenario: ScenarioOpt = None,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """The norm revision along a grid of α (and of tariff changes).

    Example: stakhanov sweep --alpha 0:1:0.1 --toward stakhanov-per-worker
    """
    from stakhanov.calc.sweep import sweep as compute
    from stakhanov.data.grids import check_points, parse_grid
    from stakhanov.data.limits import check_size
    from stakhanov.views.render_norms import print_sweep

    rates = _rates(scenario, set_)
    alphas = parse_grid(alpha, "--alpha")
    tariffs = parse_grid(tariff, "--tariff", kind="percent")
    check_points(("--alpha", alphas), ("--tariff", tariffs))
    groups = len(rates.wages)
    if fmt is Format.table:  # a table per tariff shown (at most 3), a row per α
        check_size(len(alphas), "rows", "--alpha points, one table row each", "use --format csv")
    else:  # a row per point and group
        check_size(
            len(alphas) * len(tariffs) * groups,
            "records",
            f"rows: --alpha × --tariff points × {groups} groups",
            "use a larger STEP",
        )
    record = toward or _default(rates, "record")
    if len(alphas) * len(tariffs) < 100_000 or not sys.stderr.isatty():
        result = compute(rates, alphas, record, tariffs, rule)
    else:  # a large grid: show progress on stderr while the chunks are computed
        from rich.progress import Progress

        with Progress(transient=True, console=_stderr_console()) as bar:
            task = bar.add_task("sweeping", total=len(tariffs))
            result = compute(
                rates,
                alphas,
                record,
                tariffs,
                rule,
                progress=lambda done, total: bar.update(task, completed=done),
            )
    print_sweep(result, fmt.value, digits)


@commands.command()
def rules(
    norm_: Annotated[
        str | None, typer.Option("--norm", help="The norm: a number or a norm id.")
    ] = None,
    output: Annotated[str, typer.Option("--output", help="Outputs as LO:HI:STEP.")] = "0:30:1",
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="Rule name; repeat for several (default: all)."),
    ] = None,
    pay_at_norm: Annotated[
        float | None, typer.Option("--pay-at-norm", help="Rubles a month for meeting the norm.")
    ] = None,
    scenario: ScenarioOpt = None,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Pay under each rule across a range of output per shift.

    Example: stakhanov rules --norm 7 --output 0:21:3.5
    """
    from stakhanov.calc.norms import tariff
    from stakhanov.calc.pay import schedule
    from stakhanov.data.grids import parse_grid
    from stakhanov.data.limits import SIZES
    from stakhanov.data.rules import load_rule, load_rules
    from stakhanov.views.render_norms import print_rules

    rates = _rates(scenario, set_)
    norm_id = _default(rates, "norm")
    value = norm_
    if norm_ is not None and norm_ in rates.norms:
        norm_id, value = norm_, None
    data_norm = rates.norm(norm_id)
    n = data_norm.value if value is None else _positive(value, "--norm", "output")
    w0 = (
        tariff(rates, data_norm)
        if pay_at_norm is None
        else _positive(pay_at_norm, "--pay-at-norm", "wage")
    )
    assert rates.root is not None
    specs = (
        [load_rule(rates, name) for name in rule]
        if rule
        else list(load_rules(rates.root / "rules").values())
    )
    # One row per output is formatted: the grid is bounded by the rows a table may have.
    outputs = parse_grid(output, "--output", limit=SIZES["rows"], kind="output")
    rows = schedule(specs, outputs, n, w0)
    print_rules(rows, [s.name for s in specs], fmt.value, norm=n, tariff=w0, digits=digits)


@commands.command()
def brigade(
    size: Annotated[
        int | None,
        typer.Option("--size", help="Members: a hewer and timbermen.", callback=_brigade_size),
    ] = None,
    outputs: Annotated[
        str | None, typer.Option("--outputs", help="Each member's output, e.g. 102,0,0.")
    ] = None,
    rule: RuleOpt = None,
    scenario: ScenarioOpt = None,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Brigade pay split equally against individual piece rates.

    Example: stakhanov brigade --outputs 34,34,34
    """
    from stakhanov.calc.brigade import compare_brigade
    from stakhanov.views.render_norms import print_brigade

    parsed = None
    if outputs is not None:
        from stakhanov.data.limits import check_size

        parts = outputs.split(",")
        check_size(len(parts), "brigade", "--outputs", "a brigade is a hewer and a few timbermen")
        parsed = [_output(part) for part in parts]
    print_brigade(compare_brigade(_rates(scenario, set_), size, parsed, rule), fmt.value, digits)


def _brigade_size(value: int | None) -> int | None:
    """--size: a brigade's members are allocated one by one, so the size is bounded first."""
    from stakhanov.data.limits import check_size

    if value is not None:
        check_size(value, "brigade", "--size", "a brigade is a hewer and a few timbermen")
    return value


def _output(text: str) -> float:
    """One member's output: 0 (a timberman credits nothing) or within the output range."""
    from stakhanov.data.limits import in_range

    value = _number(text, "--outputs")
    if value >= 0 and (problem := in_range(value, "output")):  # < 0: the library says why
        raise UsageError(f"--outputs {problem}")
    return value
