"""What several commands share: options (output format, drawing wages) and small parsers.

Defaults come from ``stakhanov.stats.defaults``, which imports nothing.
``montecarlo.DEFAULT_OPEN_CAP`` would import numpy, so ``--cap`` defaults to
None (the library's cap) and a test checks that its help text names the library's value.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stakhanov.errors import UsageError
from stakhanov.stats.defaults import DEFAULT_DRAWS, DEFAULT_SEED

if TYPE_CHECKING:
    from rich.console import Console

    from stakhanov.calc.model import Model
    from stakhanov.data.rates import Rates

__all__ = [
    "APPLIED",
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "AlphaOpt",
    "CapOpt",
    "DaysOpt",
    "DigitsOpt",
    "Dist",
    "DistOpt",
    "DrawsOpt",
    "Format",
    "FormatOpt",
    "InOpt",
    "NoBuiltinOpt",
    "PrivOpt",
    "RatesOpt",
    "RuleOpt",
    "ScenarioOpt",
    "SeedOpt",
    "SetOpt",
    "TowardOpt",
    "WorkforceOpt",
]


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _ranged(kind: str, name: str) -> Callable[[float | None], float | None]:
    """A typer callback refusing a number outside its range in ``data.limits``."""

    def check(value: float | None) -> float | None:
        from stakhanov.data.limits import in_range

        if value is not None and (problem := in_range(value, kind)):
            raise UsageError(f"{name} {problem}")
        return value

    return check


def _draws_within(value: int | None) -> int | None:
    """--draws: refused above the limit before anything is drawn (the product with the
    number of groups is checked where the groups are known, in ``stats.montecarlo``)."""
    from stakhanov.data.limits import check_size

    if value is not None:
        check_size(value, "draws", "--draws", "ask for fewer draws")
    return value


FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output: a rich table, CSV or JSON.")
]
DaysOpt = Annotated[
    float | None,
    typer.Option(
        "--working-days",
        metavar="DAYS",
        help="Working days per month, to turn a day figure into a month.",
        callback=_ranged("working_days", "--working-days"),
    ),
]
DigitsOpt = Annotated[
    int | None,
    typer.Option(
        "--digits",
        metavar="N",
        min=0,
        max=10,
        help="Decimals in tables (default 2). JSON and CSV keep full precision unless given.",
        show_default=False,
    ),
]


PrivOpt = Annotated[
    bool,
    typer.Option(
        "--with-privileges", help="Add the in-kind privileges a scenario values (total pay)."
    ),
]
ScenarioOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--scenario",
        metavar="FILE",
        help="A scenario file (TOML); repeat to layer several, later ones win.",
        show_default=False,
        readable=False,  # an unreadable file is ours to report ("permission denied"), not click's
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="KEY=VALUE",
        # The example is a paragraph of its own, which cli.helptext keeps unwrapped: a key
        # is never split at its hyphen.
        help="A what-if without a file, after any --scenario: miner=350, miner=333..377, or any "
        "scenario key as a dotted path. Repeatable.\n\n"
        "e.g. --set norms.coal-hewing.value=6.5",
        show_default=False,
    ),
]
InOpt = Annotated[
    str | None,
    typer.Option(
        "--in",
        metavar="PRICE_ID",
        help="Also state wages in a good: units a month at a price from rates/prices.csv, "
        "e.g. rye-bread (see `stakhanov prices`).",
    ),
]


def _remember_packages(value: list[Path] | None) -> list[Path] | None:
    PACKAGES[:] = value or []
    return value


def _remember_builtin(value: bool) -> bool:
    BUILTIN[0] = not value
    return value


# --rates and --no-builtin are read where the data is loaded (``_base_rates``), not passed
# down by every command: their callbacks keep them here for the run, as APPLIED keeps the
# scenarios. Click runs every option's callback on every invocation, default or not, so a
# run never sees the last run's packages.
RatesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rates",
        metavar="DIR",
        help="A data package (a folder like rates/, see `stakhanov data new`) beside the "
        "built-in data; repeatable. Its ids must be new.",
        show_default=False,
        callback=_remember_packages,
    ),
]
NoBuiltinOpt = Annotated[
    bool,
    typer.Option(
        "--no-builtin",
        help="Use the --rates packages alone, without the built-in data.",
        callback=_remember_builtin,
    ),
]
PACKAGES: list[Path] = []
BUILTIN: list[bool] = [True]


RuleOpt = Annotated[
    str | None,
    typer.Option("--rule", metavar="RULE", help="Pay rule from rates/rules/ (default: straight)."),
]


def _base_rates() -> Rates:
    """The data before any scenario: the built-in data and each ``--rates`` package, or the
    packages alone under ``--no-builtin``."""
    from stakhanov.data.rates import load_rates

    if not BUILTIN[0] and not PACKAGES:
        raise UsageError("--no-builtin needs at least one --rates DIR (the data to use)")
    return load_rates(packages=PACKAGES, builtin=BUILTIN[0])


def _rates(scenarios: list[Path] | None = None, settings: list[str] | None = None) -> Rates:
    """The data (``_base_rates``), with the user's scenario files, then each ``--set``,
    applied in order."""
    rates = _base_rates()
    if scenarios:
        from stakhanov.scenarios.overlay import apply_files

        rates = apply_files(rates, scenarios)
    if settings:
        from stakhanov.scenarios.commandline import apply_settings

        rates = apply_settings(rates, settings)
    if rates.scenarios:
        from stakhanov.views.console import name_scenarios

        APPLIED[:] = rates.scenarios  # `main` names them once the command has succeeded
        name_scenarios(rates.scenarios)  # and JSON or CSV output names them itself
    return rates


def _model(
    scenarios: list[Path] | None = None,
    settings: list[str] | None = None,
    rule: str | None = None,
) -> Model:
    """The run's one resolved model: ``_rates``, then the pay rule and the norm revision
    (``calc.model.build_model``). Every output of the command reads from it."""
    from stakhanov.calc.model import build_model

    return build_model(_rates(scenarios, settings), rule)


# The scenarios the running command applied. Every result says which assumptions it rests
# on: `main` prints them to stderr after a success (stdout stays clean CSV or JSON, and an
# error stays one line).
APPLIED: list[str] = []


def _default(rates: Rates, key: str) -> str:
    """A default id (norm, record) from rates/report.toml, so no id is written in the code."""
    from stakhanov.data.settings import report_settings

    return str(report_settings(rates).get("defaults", {})[key])


class Dist(StrEnum):
    uniform = "uniform"
    triangular = "triangular"


SeedOpt = Annotated[
    int,
    typer.Option(
        "--seed",
        metavar="N",
        min=0,
        max=2**63 - 1,
        help="Random seed: the same seed, the same run.",
    ),
]
DistOpt = Annotated[Dist, typer.Option("--dist", help="How a wage is drawn within its bounds.")]
CapOpt = Annotated[
    float | None,
    typer.Option(
        "--cap",
        metavar="FACTOR",
        help="Open ends are drawn up to this factor: '1,600 or more' up to 1,600 × cap "
        "(default 1.5).",
        callback=_ranged("cap", "--cap"),
    ),
]


AlphaOpt = Annotated[
    float | None,
    typer.Option(
        "--alpha",
        metavar="ALPHA",
        help="Also show the workforce after a norm revision: α (0-1).",
        callback=_ranged("alpha", "--alpha"),
    ),
]
TowardOpt = Annotated[
    str | None,
    typer.Option(
        "--toward", metavar="RECORD", help="Record the norm moves toward, e.g. stakhanov-1935."
    ),
]
WorkforceOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--workforce",
        "-w",
        metavar="FILE",
        help="A workforce file (TOML: headcount per wage group); repeat to compare several.",
        show_default=False,
        readable=False,  # as --scenario
    ),
]
DrawsOpt = Annotated[
    int | None,
    typer.Option(
        "--draws",
        metavar="N",
        help="Also draw both wages N times: the ratio's p05/p50/p95.",
        callback=_draws_within,
    ),
]


def _number(text: str, what: str) -> float:
    from stakhanov.data.grids import parse_grid

    grid = parse_grid(text, what)
    if len(grid) != 1:
        raise UsageError(f"{what}: '{text}' must be a single number")
    return grid[0]


def _positive(text: str | float, what: str, kind: str) -> float:
    """A number > 0 within the range of ``kind`` (``data.limits``)."""
    from stakhanov.data.limits import in_range

    value = _number(text, what) if isinstance(text, str) else float(text)
    if value <= 0:
        raise UsageError(f"{what} must be > 0, got {value:g}")
    if problem := in_range(value, kind):
        raise UsageError(f"{what} {problem}")
    return value


def _missing(message: str) -> Exception:
    """A missing required option: a usage error, exit 2, as typer's own missing options are.

    The click class is found through typer, which vendors click in recent versions.
    """
    usage_error = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
    error: Exception = usage_error(f"Missing option: {message}")
    return error


@contextmanager
def _progress(description: str, show: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A transient progress bar on stderr for a long run on a terminal; else nothing."""
    if not (show and sys.stderr.isatty()):  # a pipe or a log gets no bar, not even a newline
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


# Below this many draws in all, a run takes well under a second: no bar to flicker.
_PROGRESS_FROM = 200_000


def _stderr_console() -> Console:
    from stakhanov.views.console import make_console

    return make_console(stderr=True)
