"""The scenario commands: ``scenario check``, ``scenario diff``, ``scenario new``.

Parse, call one library function, render; ``stakhanov.cli.app`` adds ``commands`` as the
``scenario`` group.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stakhanov.cli.common import DigitsOpt, Format, FormatOpt, _rates
from stakhanov.data.literal import literal

__all__ = ["commands", "scenario_check", "scenario_diff", "scenario_new"]

commands = typer.Typer(
    help=(
        "Check, compare and start scenario files (TOML overlays on the built-in data).\n\n"
        "Example: stakhanov scenario check examples/brigade-corrected.toml"
    ),
    no_args_is_help=True,
)
# readable=False: an unreadable file is ours to report ("permission denied"), not click's.
FilesArg = Annotated[
    list[Path],
    typer.Argument(metavar="FILE...", help="Scenario files, applied in order.", readable=False),
]


@commands.command("check")
def scenario_check(files: FilesArg) -> None:
    """Validate scenario files: 'ok', or every problem, one per line (exit 1).

    A workforce file (one with [headcount]) is recognised and checked as a workforce, against
    the data with the scenarios applied: `scenario check examples/*.toml` checks them all.

    Example: stakhanov scenario check examples/brigade-corrected.toml
    """
    from stakhanov.errors import ScenarioError
    from stakhanov.scenarios.overlay import check_files, is_workforce_file
    from stakhanov.scenarios.workforce import load_workforce

    workforces = [f for f in files if is_workforce_file(f)]
    scenarios = [f for f in files if f not in workforces]
    rates, problems = check_files(_rates(), scenarios)
    checked = list(rates.scenarios)
    if not problems:
        for path in workforces:
            try:
                checked.append(f"{load_workforce(path, rates).title} (workforce: {path})")
            except ScenarioError as exc:
                problems.extend(exc.problems)
    if problems:
        for problem in problems:
            sys.stderr.write(f"{literal(problem)}\n")
        raise typer.Exit(1)
    typer.echo(literal(f"ok: {', '.join(checked)}"))


@commands.command("diff")
def scenario_diff(files: FilesArg, fmt: FormatOpt = Format.table, digits: DigitsOpt = None) -> None:
    """Which inputs the scenarios change, and which ratios and norm effects move.

    Example: stakhanov scenario diff examples/lowest-paid-100.toml
    """
    from stakhanov.calc.diff import diff
    from stakhanov.views.render_scenario import print_diff

    print_diff(diff(_rates(), files), fmt.value, digits)


@commands.command("new")
def scenario_new(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Where to write the starter file.")],
) -> None:
    """Write a commented starter scenario from the current base values (never overwrites).

    Example: stakhanov scenario new my-scenario.toml
    """
    from stakhanov.scenarios.starter import write_starter

    typer.echo(literal(f"wrote {write_starter(_rates(), file)}"))
