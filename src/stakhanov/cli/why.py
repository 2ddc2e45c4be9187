"""``stakhanov why ID``: where a figure of the data comes from, source by source.

Parse, call ``stakhanov.calc.why.explain``, render with ``stakhanov.views.why``. The command
family's neighbours are ``queries`` (the data and its ratios) and ``norms``; ``app`` gathers
this module's ``commands``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from stakhanov.cli.common import (
    APPLIED,
    DigitsOpt,
    Format,
    FormatOpt,
    NoBuiltinOpt,
    RatesOpt,
    ScenarioOpt,
    SetOpt,
    _base_rates,
)

__all__ = ["commands", "why"]

commands = typer.Typer()


@commands.command()
def why(
    item: Annotated[
        str,
        typer.Argument(metavar="ID", help="A group, norm, record, claim, privilege or price id."),
    ],
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Why a figure is what it is: its bounds, citation, every mention in the sources, the
    claims that measure it, and the scenario lines that replaced it.

    Example: stakhanov why stakhanov-1935
    """
    from stakhanov.calc.why import explain
    from stakhanov.views.console import name_scenarios
    from stakhanov.views.why import print_why

    explanation = explain(_base_rates(), item, scenario or (), set_ or ())
    APPLIED[:] = explanation.scenarios  # `main` names them once the command has succeeded
    name_scenarios(explanation.scenarios)  # and JSON or CSV output names them itself
    print_why(explanation, fmt.value, digits)
