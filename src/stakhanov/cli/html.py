"""The ``html`` command: one self-contained page to share. Parse, call the library, report.

``app`` gathers this module's ``commands``. jinja2 and matplotlib load only when it runs.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from stakhanov.cli.common import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    NoBuiltinOpt,
    RatesOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    WorkforceOpt,
    _model,
)
from stakhanov.data.literal import literal

__all__ = ["commands", "html"]

commands = typer.Typer()


def _command(
    path: str,
    scenario: list[Path] | None,
    settings: list[str] | None,
    workforce: list[Path] | None,
    draws: int,
    seed: int,
) -> str:
    """The command that made the page, as a reader could type it again (no --force)."""
    words = ["stakhanov", "html", str(path)]
    for f in scenario or []:
        words += ["--scenario", str(f)]
    for setting in settings or []:
        words += ["--set", setting]
    for f in workforce or []:
        words += ["-w", str(f)]
    if draws != DEFAULT_DRAWS:
        words += ["--draws", str(draws)]
    if seed != DEFAULT_SEED:
        words += ["--seed", str(seed)]
    return shlex.join(words)


@commands.command()
def html(
    path: Annotated[str, typer.Argument(metavar="FILE.html", help="The page to write.")],
    workforce: WorkforceOpt = None,
    draws: Annotated[
        int,
        typer.Option(
            "--draws",
            metavar="N",
            min=0,
            help="Draws for the workforces' p05–p95 (0: central only).",
        ),
    ] = DEFAULT_DRAWS,
    seed: SeedOpt = DEFAULT_SEED,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
) -> None:
    """A page to share: ladder, ratio matrix, claims, a norm slider, inequality, sources.

    One file with everything inside (styles, script, pictures, data): it opens offline and
    can be sent by email.

    Example: stakhanov html report.html -w examples/pit-before.toml
    """
    from stakhanov.scenarios.workforce import load_workforce
    from stakhanov.views.html.page import write_html

    model = _model(scenario, set_)
    workforces = [load_workforce(p, model.rates) for p in workforce or []]
    done = write_html(
        model,
        path,
        workforces,
        command=_command(path, scenario, set_, workforce, draws, seed),
        force=force,
        draws=draws,
        seed=seed,
    )
    shown = [
        f"{done.claims} claims",
        f"{done.records} records on the slider",
        f"{done.workforces} workforce" + ("" if done.workforces == 1 else "s"),
    ]
    typer.echo(literal(f"wrote {path}: {done.size / 1024:,.0f} KB; {', '.join(shown)}"))
