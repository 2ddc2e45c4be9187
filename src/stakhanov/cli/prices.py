"""The ``prices`` command: the prices a wage can be stated in, with their citations.

Parse, call the library, render. The prices come from outside the four reports
(``rates/prices.csv``, sources of kind external); ``--in ID`` on the query commands
(``cli.queries``, ``cli.workforce``) uses them.

``app`` gathers its ``commands``; ``--in`` on the other commands is in ``common``.
"""

from __future__ import annotations

import typer

from stakhanov.cli.common import (
    DigitsOpt,
    Format,
    FormatOpt,
    NoBuiltinOpt,
    RatesOpt,
    ScenarioOpt,
    SetOpt,
    _rates,
)

__all__ = ["commands", "prices"]

commands = typer.Typer()


@commands.command()
def prices(
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """The prices wages can be stated in (--in ID), with place, period and citations.

    Example: stakhanov prices --format json
    """
    from stakhanov.views.goods import print_prices

    print_prices(list(_rates(scenario, set_).prices.values()), fmt.value, digits)
