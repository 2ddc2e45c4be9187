"""The command line: parse, call one library function, render. Nothing is computed here.

Errors are caught in one place, ``main``: a ``StakhanovError`` becomes one line on stderr
and exit 1; a usage error (typer's own) one line and exit 2. No traceback reaches a user.
Heavy modules (pandas, openpyxl, matplotlib, numpy) are imported inside the commands that
need them, so ``--help`` and small queries start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from ._cli_common import (
    DEFAULT_SEED,
    CapOpt,
    DaysOpt,
    DigitsOpt,
    Dist,
    DistOpt,
    DrawsOpt,
    Format,
    FormatOpt,
    SeedOpt,
    _number,
    _positive,
    _stderr_console,
)
from .errors import StakhanovError

if TYPE_CHECKING:
    from .rates import Rates

__all__ = ["app", "main"]

app = typer.Typer(
    name="stakhanov",
    help=(
        "Wage inequality and piece rates in the 1935 reports of the Stakhanovite movement.\n\n"
        "Example: stakhanov ratio stakhanovite-miner auxiliary"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help text: rich-formatted help costs more start-up than all of typer's import.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stakhanov {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Wage inequality and piece rates in the 1935 reports of the Stakhanovite movement."""


ScenarioOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--scenario",
        help="A scenario file (TOML); repeat to layer several, later ones win.",
        show_default=False,
    ),
]


def _rates(scenarios: list[Path] | None = None) -> Rates:
    """The built-in data, with the user's scenario files applied in order."""
    from .rates import load_rates

    rates = load_rates()
    if scenarios:
        from .scenario import apply_files

        rates = apply_files(rates, scenarios)
    return rates


@app.command()
def report(
    scenario: ScenarioOpt = None, fmt: FormatOpt = Format.table, digits: DigitsOpt = 2
) -> None:
    """The main job: wage ladder, ratio matrix and source notes.

    Example: stakhanov report --format json
    """
    from .render import print_report
    from .report import build_report

    print_report(build_report(_rates(scenario)), fmt.value, digits)


@app.command()
def groups(
    scenario: ScenarioOpt = None, fmt: FormatOpt = Format.table, digits: DigitsOpt = 2
) -> None:
    """The wage groups, with bounds, period, pay basis and citation.

    Example: stakhanov groups --format csv
    """
    from .render import print_groups
    from .report import group_rows

    print_groups(group_rows(_rates(scenario)), fmt.value, digits)


@app.command()
def ratio(
    a: Annotated[
        str, typer.Argument(metavar="A", help="Numerator group id, e.g. stakhanovite-miner.")
    ],
    b: Annotated[str, typer.Argument(metavar="B", help="Denominator group id, e.g. auxiliary.")],
    working_days: DaysOpt = None,
    draws: DrawsOpt = None,
    seed: SeedOpt = DEFAULT_SEED,
    dist: DistOpt = Dist.uniform,
    cap: CapOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = 2,
) -> None:
    """How many times group A earns group B, with bounds, arithmetic and citation.

    Example: stakhanov ratio engineer auxiliary --format json
    """
    rates = _rates(scenario)
    if draws is None:  # no numpy on this path: `stakhanov ratio` stays quick
        from .comparison import ratio as compute
        from .render import print_ratio

        print_ratio(compute(rates, a, b, working_days=working_days), fmt.value, digits)
        return
    from .render_inequality import print_ratio_draws
    from .uncertainty import ratio_draws

    result = ratio_draws(rates, a, b, draws, seed, dist.value, cap, working_days=working_days)
    print_ratio_draws(result, fmt.value, digits)


@app.command()
def ratios(
    base: Annotated[
        str | None, typer.Option("--base", help="Compare every group with this one.")
    ] = None,
    working_days: DaysOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = 2,
) -> None:
    """Every group against a base group, or every ordered pair of groups.

    Example: stakhanov ratios --base auxiliary
    """
    from .comparison import ratios as compute
    from .render import print_ratios

    title = f"Every group ÷ {base} (monthly)" if base else "Every ordered pair (monthly)"
    rows = compute(_rates(scenario), base, working_days=working_days)
    print_ratios(rows, fmt.value, title, digits)


@app.command()
def sources(scenario: ScenarioOpt = None, fmt: FormatOpt = Format.table) -> None:
    """The four source texts and the outside references, and what each contributes.

    Example: stakhanov sources
    """
    from .render import print_sources
    from .report import source_notes

    print_sources(source_notes(_rates(scenario)), fmt.value)


def _default(rates: Rates, key: str) -> str:
    """A default id (norm, record) from rates/report.toml, so no id is written in the code."""
    from .report import report_settings

    return str(report_settings(rates).get("defaults", {})[key])


RuleOpt = Annotated[
    str | None, typer.Option("--rule", help="Pay rule from rates/rules/ (default: straight).")
]


@app.command()
def norm(
    raise_: Annotated[
        str | None, typer.Option("--raise", help="Raise the norm by a percentage, e.g. 25%.")
    ] = None,
    alpha: Annotated[
        float | None, typer.Option("--alpha", help="Move the norm this share of the way (0-1).")
    ] = None,
    toward: Annotated[
        str | None, typer.Option("--toward", help="Record to move toward, e.g. stakhanov-1935.")
    ] = None,
    tariff: Annotated[
        str, typer.Option("--tariff", help="Change in the pay for meeting the norm, e.g. 11%.")
    ] = "0",
    norm_id: Annotated[
        str | None, typer.Option("--norm", help="Norm id for --raise (default: coal-hewing).")
    ] = None,
    rule: RuleOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = 2,
) -> None:
    """Earnings of every group before and after a norm revision.

    Example: stakhanov norm --alpha 0.1 --toward stakhanov-1935
    """
    from .grids import parse_percent
    from .norms import revise
    from .render_norms import print_norm
    from .report import report_settings

    rates = _rates(scenario)
    result = revise(
        rates,
        norm_id=norm_id or (_default(rates, "norm") if raise_ is not None else None),
        raise_pct=None if raise_ is None else parse_percent(raise_, "--raise"),
        alpha=alpha,
        toward=toward,
        tariff_pct=parse_percent(tariff, "--tariff"),
        rule=rule,
        groups=[str(g) for g in report_settings(rates).get("matrix_groups", [])],
    )
    print_norm(result, fmt.value, digits)


@app.command()
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
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = 2,
) -> None:
    """The norm revision along a grid of α (and of tariff changes).

    Example: stakhanov sweep --alpha 0:1:0.1 --toward stakhanov-per-worker
    """
    from .grids import parse_grid
    from .render_norms import print_sweep
    from .sweep import sweep as compute

    rates = _rates(scenario)
    alphas = parse_grid(alpha, "--alpha")
    tariffs = parse_grid(tariff, "--tariff")
    record = toward or _default(rates, "record")
    if len(alphas) * len(tariffs) < 100_000:
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


@app.command()
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
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = 2,
) -> None:
    """Pay under each rule across a range of output per shift.

    Example: stakhanov rules --norm 7 --output 0:21:3.5
    """
    from .grids import parse_grid
    from .norms import load_rule, tariff
    from .render_norms import print_rules
    from .rules import load_rules, schedule

    rates = _rates(scenario)
    norm_id = _default(rates, "norm")
    value = norm_
    if norm_ is not None and norm_ in rates.norms:
        norm_id, value = norm_, None
    data_norm = rates.norm(norm_id)
    n = data_norm.value if value is None else _positive(value, "--norm")
    w0 = (
        tariff(rates, data_norm)
        if pay_at_norm is None
        else _positive(str(pay_at_norm), "--pay-at-norm")
    )
    assert rates.root is not None
    specs = (
        [load_rule(rates, name) for name in rule]
        if rule
        else list(load_rules(rates.root / "rules").values())
    )
    rows = schedule(specs, parse_grid(output, "--output"), n, w0)
    print_rules(rows, [s.name for s in specs], fmt.value, norm=n, tariff=w0, digits=digits)


@app.command()
def brigade(
    size: Annotated[
        int | None, typer.Option("--size", help="Members: a hewer and timbermen.")
    ] = None,
    outputs: Annotated[
        str | None, typer.Option("--outputs", help="Each member's output, e.g. 102,0,0.")
    ] = None,
    rule: RuleOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = 2,
) -> None:
    """Brigade pay split equally against individual piece rates.

    Example: stakhanov brigade --outputs 34,34,34
    """
    from .brigade import compare_brigade
    from .render_norms import print_brigade

    parsed = None
    if outputs is not None:
        parsed = [_number(part, "--outputs") for part in outputs.split(",")]
    print_brigade(compare_brigade(_rates(scenario), size, parsed, rule), fmt.value, digits)


def _click_error() -> type[Exception]:
    # typer vendors click in recent versions; find its ClickException without a private import.
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error ends as one line on stderr and a non-zero exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = typer.main.get_command(app)
    click_error = _click_error()
    try:
        result = command.main(args or ["--help"], prog_name="stakhanov", standalone_mode=False)
    except StakhanovError as exc:
        sys.stderr.write(f"stakhanov: {exc}\n")
        return 1
    except click_error as exc:
        message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
        sys.stderr.write(f"stakhanov: {message} (see 'stakhanov --help')\n")
        return int(getattr(exc, "exit_code", 2))
    except typer.Abort:
        sys.stderr.write("stakhanov: aborted\n")
        return 1
    except BrokenPipeError:  # `stakhanov groups | head` is not an error
        return 0
    return result if isinstance(result, int) else 0


# Last: the workforce commands (inequality, plot) import ``app`` from here to join it.
from . import cli_workforce  # noqa: E402, F401
