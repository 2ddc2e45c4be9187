"""The data package commands: ``data new`` (a starter package) and ``data check``.

Parse, call one library function, render; ``stakhanov.cli.app`` adds ``commands`` as the
``data`` group. ``--rates DIR`` on the other commands then uses a package (``common``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stakhanov.data.literal import literal

__all__ = ["commands", "data_check", "data_new"]

commands = typer.Typer(
    help=(
        "Start and check data packages: your own cited tables, used with --rates DIR.\n\n"
        "Example: stakhanov data new my-report"
    ),
    no_args_is_help=True,
)


@commands.command("new")
def data_new(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The new package's folder.")],
) -> None:
    """Write a starter data package: the schema, one source, a commented example row per
    table, and a README that says how to fill it. Never over a folder that exists.

    Example: stakhanov data new my-rates
    """
    from stakhanov.data.newpackage import write_package

    typer.echo(literal(f"wrote {write_package(folder)}"))


@commands.command("check")
def data_check(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[DIR]...", help="Packages to check (none: the built-in data)."),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option(
            "--texts",
            metavar="DIR",
            help="Your transcripts, one file per source (its 'file' in sources.csv): every "
            "as_printed must stand in the place its row cites.",
        ),
    ] = None,
    no_builtin: Annotated[
        bool,
        typer.Option("--no-builtin", help="Check the packages alone (ids may then repeat)."),
    ] = False,
) -> None:
    """Check data packages the way the built-in data is checked: 'ok', or every problem as
    FILE:LINE: column: problem, one per line (exit 1).

    Example: stakhanov data check my-report --texts my-texts
    """
    from stakhanov.calc.datacheck import check_packages

    if texts is not None and not texts.is_dir():
        from stakhanov.errors import UsageError

        raise UsageError(f"--texts {texts}: not a folder")
    result = check_packages(folders or (), texts, builtin=not no_builtin)
    if result.problems:
        for problem in result.problems:
            sys.stderr.write(f"{literal(problem)}\n")
        raise typer.Exit(1)
    quoted = ""
    if result.quoted is not None:
        quoted = f"; quote check: {result.quoted} rows found in their texts"
        if result.unquoted:
            quoted += f", {result.unquoted} rows cite a source with no transcript"
    typer.echo(literal(f"ok: {', '.join(result.folders)}{quoted}"))
