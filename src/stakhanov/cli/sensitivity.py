"""The ``sensitivity`` commands: which assumption a ratio, a metric or a claim hinges on.

Parse, call one library function (``stats.sensitivity``), render
(``views.render_sensitivity``). ``stakhanov.cli.app`` registers ``commands`` as the
``sensitivity`` group. SALib and numpy are imported only when a command runs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from stakhanov.cli.common import (
    DEFAULT_SEED,
    CapOpt,
    DigitsOpt,
    Dist,
    DistOpt,
    Format,
    FormatOpt,
    NoBuiltinOpt,
    RatesOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    WorkforceOpt,
    _rates,
)
from stakhanov.errors import UsageError

__all__ = ["claim", "commands", "inequality", "ratio"]

commands = typer.Typer(
    help=(
        "Which assumption decides the answer: tornado, Sobol indices, flip points.\n\n"
        "Example: stakhanov sensitivity ratio miner lowest-paid"
    ),
    no_args_is_help=True,
)

# Mirrors stats.sensitivity.DEFAULT_BASE_SAMPLES without importing it (numpy) at start-up;
# a test checks that the two agree.
_DEFAULT_BASE_SAMPLES = 4096


def _sobol_draws_within(value: int) -> int:
    """Refused above the limit before any data is read (the product with the number of
    inputs is checked once the model is known, in ``stats._sobol``)."""
    from stakhanov.data.limits import check_size

    check_size(value, "sobol_draws", "--draws", "ask for fewer draws (a smaller power of 2)")
    return value


SensDrawsOpt = Annotated[
    int,
    typer.Option(
        "--draws",
        metavar="N",
        help="Sobol base samples N, a power of 2 (SALib evaluates N × (inputs + 2) points); "
        "0: the tornado alone.",
        callback=_sobol_draws_within,
    ),
]


@commands.command()
def ratio(
    a: Annotated[str, typer.Argument(metavar="A", help="Numerator group id, e.g. miner.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Denominator group id, e.g. lowest-paid.")],
    draws: SensDrawsOpt = _DEFAULT_BASE_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    dist: DistOpt = Dist.uniform,
    cap: CapOpt = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Which input the ratio of A's wage to B's hinges on.

    Example: stakhanov sensitivity ratio stakhanovite-miner auxiliary
    """
    from stakhanov.stats.sensitivity import ratio_sensitivity
    from stakhanov.views.render_sensitivity import print_sensitivity

    result = ratio_sensitivity(_rates(scenario, set_), a, b, draws, seed, dist.value, cap)
    print_sensitivity(result, fmt.value, digits)


@commands.command()
def inequality(
    metric: Annotated[
        str,
        typer.Option(
            "--metric", metavar="METRIC", help="gini, theil_t, mld, atkinson_0.5, p90_p10, palma, …"
        ),
    ] = "gini",
    workforce: WorkforceOpt = None,
    draws: SensDrawsOpt = _DEFAULT_BASE_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    dist: DistOpt = Dist.uniform,
    cap: CapOpt = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Which group's wage an inequality metric of a workforce hinges on.

    Example: stakhanov sensitivity inequality --metric gini \\
        -w examples/pit-before.toml
    """
    from stakhanov.scenarios.workforce import load_workforce
    from stakhanov.stats.sensitivity import inequality_sensitivity
    from stakhanov.views.render_sensitivity import print_sensitivity

    if not workforce or len(workforce) != 1:
        raise UsageError("give one workforce file: -w FILE (e.g. examples/pit-before.toml)")
    rates = _rates(scenario, set_)
    wf = load_workforce(workforce[0], rates)
    result = inequality_sensitivity(rates, wf, metric, draws, seed, dist.value, cap)
    print_sensitivity(result, fmt.value, digits)


@commands.command()
def claim(
    claim_id: Annotated[
        str, typer.Argument(metavar="CLAIM_ID", help="A claim id, e.g. kaslov-16-times.")
    ],
    tolerance: Annotated[
        float | None,
        typer.Option(
            "--tolerance", metavar="FRACTION", help="How far 'about' may stray (default 0.1)."
        ),
    ] = None,
    draws: SensDrawsOpt = _DEFAULT_BASE_SAMPLES,
    seed: SeedOpt = DEFAULT_SEED,
    dist: DistOpt = Dist.uniform,
    cap: CapOpt = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Which figure a claim's verdict hinges on, and the value at which it flips.

    Example: stakhanov sensitivity claim kaslov-16-times
    """
    from stakhanov.stats.sensitivity import claim_sensitivity
    from stakhanov.views.render_sensitivity import print_sensitivity

    rates = _rates(scenario, set_)
    result = claim_sensitivity(rates, claim_id, draws, seed, dist.value, cap, tolerance)
    print_sensitivity(result, fmt.value, digits)
