"""The command line: parse, call one library function, render. Nothing is computed here.

Errors are caught in one place, ``main``: a ``StakhanovError`` becomes one line on stderr
and exit 1; a usage error (typer's own) one line and exit 2. No traceback reaches a user.
Heavy modules (pandas, openpyxl, matplotlib, numpy) are imported inside the commands that
need them, so ``--help`` and small queries start fast. The commands live in four modules:
this one (the data and its ratios), ``cli_norms`` (norms and pay rules), ``cli_scenario``
and ``cli_workforce``; each adds its commands to the one ``app`` defined here.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from ._cli_common import (
    APPLIED,
    DEFAULT_SEED,
    CapOpt,
    DaysOpt,
    DigitsOpt,
    Dist,
    DistOpt,
    DrawsOpt,
    Format,
    FormatOpt,
    PrivOpt,
    ScenarioOpt,
    SeedOpt,
    _default,
    _rates,
)
from .errors import StakhanovError

__all__ = ["ScenarioOpt", "_default", "_rates", "app", "main"]

_SETTINGS: dict[str, Any] = {
    "name": "stakhanov",
    "help": (
        "Wage inequality and piece rates in the 1935 reports of the Stakhanovite movement.\n\n"
        "Example: stakhanov ratio stakhanovite-miner auxiliary"
    ),
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    # Plain help text: rich-formatted help costs more start-up than all of typer's import.
    "rich_markup_mode": None,
}
app = typer.Typer(**_SETTINGS)


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


@app.command()
def report(
    scenario: ScenarioOpt = None, fmt: FormatOpt = Format.table, digits: DigitsOpt = 2
) -> None:
    """The main job: wage ladder, ratio matrix, norm revisions, source notes, claims summary.

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
    with_privileges: PrivOpt = False,
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

        result = compute(rates, a, b, working_days=working_days, with_privileges=with_privileges)
        print_ratio(result, fmt.value, digits)
        return
    if with_privileges:
        from .errors import UsageError

        raise UsageError("--draws does not take --with-privileges: draw wages alone")
    from .render_inequality import print_ratio_draws
    from .uncertainty import ratio_draws

    drawn = ratio_draws(rates, a, b, draws, seed, dist.value, cap, working_days=working_days)
    print_ratio_draws(drawn, fmt.value, digits)


@app.command()
def ratios(
    base: Annotated[
        str | None, typer.Option("--base", help="Compare every group with this one.")
    ] = None,
    working_days: DaysOpt = None,
    with_privileges: PrivOpt = False,
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
    rows = compute(
        _rates(scenario), base, working_days=working_days, with_privileges=with_privileges
    )
    print_ratios(rows, fmt.value, title, digits)


@app.command()
def claims(
    claim_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="One claim to show in full, e.g. kaslov-11-times."),
    ] = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = 2,
) -> None:
    """Each quantitative claim of the sources checked against the data: holds, roughly, fails.

    Without ID, every claim in a table; with ID, one claim with its arithmetic and the figure
    that would have made it hold.

    Example: stakhanov claims engineers-80-100-times
    """
    from .claims import check_claim, check_claims
    from .render import print_claims

    rates = _rates(scenario)
    verdicts = [check_claim(rates, claim_id)] if claim_id else check_claims(rates)
    print_claims(verdicts, fmt.value, digits, detail=claim_id is not None)


@app.command()
def sources(scenario: ScenarioOpt = None, fmt: FormatOpt = Format.table) -> None:
    """The four source texts and the outside references, and what each contributes.

    Example: stakhanov sources
    """
    from .render import print_sources
    from .report import source_notes

    print_sources(source_notes(_rates(scenario)), fmt.value)


@app.command()
def export(
    path: Annotated[Path, typer.Argument(metavar="FILE.xlsx", help="The workbook to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    scenario: ScenarioOpt = None,
) -> None:
    """A live workbook for Excel or LibreOffice: inputs, formulas, charts and sources.

    Example: stakhanov export stakhanov.xlsx
    """
    from .export import export_workbook

    done = export_workbook(_rates(scenario), path, force=force)
    typer.echo(f"wrote {path}: {len(done.sheets)} sheets, {done.formulas:,} formulas")


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only what this run needs, so start-up does not pay for every command.

    Building typer's click commands costs about 30 ms for all of them (each parameter is
    inspected); a run uses one. The first word picks the command (or group) to build in
    full. With no command (`--help`, `--version`) the commands are listed from stubs that
    carry only their name and help. An unknown word gets the whole app, so typer's own
    "No such command" message and suggestions are unchanged.
    """
    first = next((a for a in args if not a.startswith("-")), None)
    lean = typer.Typer(**_SETTINGS)
    lean.registered_callback = app.registered_callback
    if first is None:
        for info in app.registered_commands:
            name = info.name or info.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
            help_ = info.help or inspect.getdoc(info.callback)
            lean.command(name, help=help_)(_stub)
        lean.registered_groups = list(app.registered_groups)
        return lean
    for info in app.registered_commands:
        if (info.name or info.callback.__name__.replace("_", "-")) == first:  # type: ignore[union-attr]
            lean.registered_commands = [info]
            return lean
    for group in app.registered_groups:
        if group.name == first:
            lean.registered_groups = [group]
            return lean
    return app


def _stub() -> None:
    """Stands for a command in the list of commands; never run."""


def _click_error() -> type[Exception]:
    # typer vendors click in recent versions; find its ClickException without a private import.
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error ends as one line on stderr and a non-zero exit code."""
    args = list(sys.argv[1:] if argv is None else argv) or ["--help"]
    command = typer.main.get_command(_app_for(args))
    click_error = _click_error()
    APPLIED.clear()
    try:
        result = command.main(args, prog_name="stakhanov", standalone_mode=False)
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
    if APPLIED:
        sys.stderr.write(f"stakhanov: scenarios applied: {'; '.join(APPLIED)}\n")
    return result if isinstance(result, int) else 0


# Last: the other command modules import ``app`` from here and add their commands to it.
from . import cli_norms, cli_scenario, cli_workforce  # noqa: E402, F401
