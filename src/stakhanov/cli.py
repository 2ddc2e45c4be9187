"""The command line: parse, call one library function, render. Nothing is computed here.

Errors are caught in one place, ``main``: a ``StakhanovError`` becomes one line on stderr
and exit 1; a usage error (typer's own) one line and exit 2. No traceback reaches a user.
Heavy modules (pandas, openpyxl, matplotlib, numpy) are imported inside the commands that
need them, so ``--help`` and small queries start fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
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


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output: a rich table, CSV or JSON.")
]
DaysOpt = Annotated[
    float | None,
    typer.Option(
        "--working-days", help="Working days per month, to turn a day figure into a month."
    ),
]
DigitsOpt = Annotated[
    int,
    typer.Option("--digits", min=0, max=10, help="Decimals shown (results keep full precision)."),
]


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


def _rates() -> Rates:
    from .rates import load_rates

    return load_rates()


@app.command()
def report(fmt: FormatOpt = Format.table, digits: DigitsOpt = 2) -> None:
    """The main job: wage ladder, ratio matrix and source notes.

    Example: stakhanov report --format json
    """
    from .render import print_report
    from .report import build_report

    print_report(build_report(_rates()), fmt.value, digits)


@app.command()
def groups(fmt: FormatOpt = Format.table, digits: DigitsOpt = 2) -> None:
    """The wage groups, with bounds, period, pay basis and citation.

    Example: stakhanov groups --format csv
    """
    from .render import print_groups
    from .report import group_rows

    print_groups(group_rows(_rates()), fmt.value, digits)


@app.command()
def ratio(
    a: Annotated[
        str, typer.Argument(metavar="A", help="Numerator group id, e.g. stakhanovite-miner.")
    ],
    b: Annotated[str, typer.Argument(metavar="B", help="Denominator group id, e.g. auxiliary.")],
    working_days: DaysOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = 2,
) -> None:
    """How many times group A earns group B, with bounds, arithmetic and citation.

    Example: stakhanov ratio engineer auxiliary --format json
    """
    from .comparison import ratio as compute
    from .render import print_ratio

    print_ratio(compute(_rates(), a, b, working_days=working_days), fmt.value, digits)


@app.command()
def ratios(
    base: Annotated[
        str | None, typer.Option("--base", help="Compare every group with this one.")
    ] = None,
    working_days: DaysOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = 2,
) -> None:
    """Every group against a base group, or every ordered pair of groups.

    Example: stakhanov ratios --base auxiliary
    """
    from .comparison import ratios as compute
    from .render import print_ratios

    title = f"Every group ÷ {base} (monthly)" if base else "Every ordered pair (monthly)"
    rows = compute(_rates(), base, working_days=working_days)
    print_ratios(rows, fmt.value, title, digits)


@app.command()
def claims(
    claim_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="One claim to show in full, e.g. kaslov-11-times."),
    ] = None,
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

    rates = _rates()
    verdicts = [check_claim(rates, claim_id)] if claim_id else check_claims(rates)
    print_claims(verdicts, fmt.value, digits, detail=claim_id is not None)


@app.command()
def sources(fmt: FormatOpt = Format.table) -> None:
    """The four source texts and the outside references, and what each contributes.

    Example: stakhanov sources
    """
    from .render import print_sources
    from .report import source_notes

    print_sources(source_notes(_rates()), fmt.value)


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
