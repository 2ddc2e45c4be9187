"""The norm and pay-rule commands: ``norm``, ``sweep``, ``rules``, ``brigade``.

Parse, call one library function, render; ``stakhanov.cli.app`` gathers them from ``commands``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from stakhanov.cli.common import (
    DigitsOpt,
    Format,
    FormatOpt,
    NoBuiltinOpt,
    RatesOpt,
    RuleOpt,
    ScenarioOpt,
    SetOpt,
    _default,
    _missing,
    _model,
    _number,
    _positive,
    _progress,
    _ranged,
    _rates,
)
from stakhanov.data.grids import PERCENT_HELP
from stakhanov.data.literal import literal
from stakhanov.errors import UsageError

__all__ = ["brigade", "commands", "norm", "rules", "sweep"]

if TYPE_CHECKING:
    from stakhanov.data.rates import Rates
    from stakhanov.data.rules import RuleSpec

commands = typer.Typer()


class Pairs(StrEnum):
    card = "card"
    all = "all"


@commands.command()
def norm(
    raise_: Annotated[
        str | None,
        typer.Option(
            "--raise",
            metavar="PCT",
            help=f"Raise the norm by a percentage, e.g. 25%. {PERCENT_HELP}",
        ),
    ] = None,
    alpha: Annotated[
        float | None,
        typer.Option(
            "--alpha",
            metavar="ALPHA",
            help="Move the norm this share of the way (0-1).",
            callback=_ranged("alpha", "--alpha"),
        ),
    ] = None,
    toward: Annotated[
        str | None,
        typer.Option(
            "--toward", metavar="RECORD", help="Record to move toward, e.g. stakhanov-1935."
        ),
    ] = None,
    tariff: Annotated[
        str | None,
        typer.Option(
            "--tariff",
            metavar="PCT",
            help=f"Change in the pay for meeting the norm, e.g. -15.7%. {PERCENT_HELP}",
        ),
    ] = None,
    norm_id: Annotated[
        str | None,
        typer.Option(
            "--norm", metavar="NORM_ID", help="Norm id for --raise (default: coal-hewing)."
        ),
    ] = None,
    rule: RuleOpt = None,
    pairs: Annotated[
        Pairs,
        typer.Option(
            "--pairs",
            help="Ratios in the table: 'card' (among the card's groups, and every pair that "
            "moved) or 'all' (every ordered pair). CSV and JSON always give every pair.",
        ),
    ] = Pairs.card,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Earnings of every group before and after a norm revision.

    Example: stakhanov norm --alpha 0.1 --toward stakhanov-1935
    """
    from stakhanov.data.grids import parse_percent
    from stakhanov.data.settings import report_settings
    from stakhanov.views.render_norms import print_norm

    model = _model(scenario, set_, rule)
    tariff_pct = parse_percent(tariff, "--tariff") if tariff is not None else None
    revision = model.revision_for(
        raise_pct=None if raise_ is None else parse_percent(raise_, "--raise"),
        alpha=alpha,
        toward=toward,
        tariff_pct=tariff_pct,
        norm_id=norm_id,
    )
    if revision is None:
        raise _missing("give --raise PCT, or --alpha A with --toward RECORD")
    groups = [str(g) for g in report_settings(model.rates).get("matrix_groups", [])]
    result = model.apply(revision, groups)
    print_norm(result, fmt.value, digits, every_pair=pairs is Pairs.all)


class SweepFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


@commands.command()
def sweep(
    alpha: Annotated[
        str, typer.Option("--alpha", metavar="LO:HI:STEP", help="Grid of α as LO:HI:STEP.")
    ] = "0:1:0.05",
    toward: Annotated[
        str | None,
        typer.Option(
            "--toward", metavar="RECORD", help="Record to move toward (default: stakhanov-1935)."
        ),
    ] = None,
    tariff: Annotated[
        str,
        typer.Option(
            "--tariff",
            metavar="PCT|LO:HI:STEP",
            help=f"Tariff change, one value or LO:HI:STEP, e.g. -10%:10%:1%. {PERCENT_HELP}",
        ),
    ] = "0",
    rule: RuleOpt = None,
    long: Annotated[
        bool,
        typer.Option(
            "--long",
            help="One row per (tariff, α, group) with low, central, high; the default is "
            "wide: one row per grid point, one column per group the revision moves.",
        ),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file (needed for parquet)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --output or --meta.")
    ] = False,
    meta: Annotated[
        str | None,  # a str, as --output: Path() would drop a trailing '/'
        typer.Option(
            "--meta",
            metavar="FILE",
            help="Also write what the rows do not say (scenarios, fixed groups, open ends) "
            "to this JSON file.",
        ),
    ] = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: Annotated[
        SweepFormat,
        typer.Option(
            "--format",
            "-f",
            help='A rich table, CSV, JSON, or Parquet (pip install "stakhanov[parquet]").',
        ),
    ] = SweepFormat.table,
    digits: DigitsOpt = None,
) -> None:
    """The norm revision along a grid of α (and of tariff changes).

    Example: stakhanov sweep --alpha 0:1:0.1 --toward stakhanov-per-worker
    """
    from stakhanov.data.grids import check_points, parse_grid, parse_percent_grid

    model = _model(scenario, set_, rule)  # the rule is resolved once, with the data
    rates = model.rates
    alphas = parse_grid(alpha, "--alpha", kind="alpha")
    tariffs = parse_percent_grid(tariff, "--tariff")
    check_points(("--alpha", alphas), ("--tariff", tariffs))
    # CSV, JSON and Parquet are streamed in parts of a bounded number of points: memory
    # stays flat, so only the grid's points are bounded; a table is built whole, a row per α.
    record = toward or _default(rates, "record")
    if fmt is SweepFormat.table:
        from stakhanov.calc.sweep import sweep as compute
        from stakhanov.data.limits import check_size
        from stakhanov.views.render_norms import print_sweep

        if output is not None or long or meta is not None:
            option = "--output" if output is not None else "--long" if long else "--meta"
            raise UsageError(f"{option} goes with --format csv, json or parquet")
        check_size(len(alphas), "rows", "--alpha points, one table row each", "use --format csv")
        print_sweep(compute(rates, alphas, record, tariffs, model.rule), fmt.value, digits)
        return
    if fmt is SweepFormat.parquet and output is None:
        raise _missing("--format parquet writes a file: give --output FILE.parquet")
    _stream_sweep(
        rates, alphas, record, tariffs, model.rule, fmt.value, digits, long, (output, meta), force
    )


def _stream_sweep(
    rates: Rates,
    alphas: Sequence[float],
    record: str,
    tariffs: Sequence[float],
    rule: RuleSpec,
    fmt: str,
    digits: int | None,
    long: bool,
    files: tuple[str | None, str | None],
    force: bool,
) -> None:
    """Compute and write the sweep in parts of bounded size: flat memory at any grid size.

    ``files``: the --output file (None: stdout) and the --meta sidecar (None: none), which
    is written once the rows are, as JSON.
    """
    import io
    import json

    from stakhanov.atomic import atomic_write, check_target
    from stakhanov.calc.sweep import sweep_chunks
    from stakhanov.views.sweep_out import write_sweep

    output, meta_file = files
    for target in files:
        if target is not None:
            check_target(target, force=force)  # before the work, not after
    if (
        output is not None
        and meta_file is not None
        and Path(output).resolve() == Path(meta_file).resolve()
    ):
        raise UsageError("--meta must name another file than --output")
    meta: dict[str, Any] = {}
    with _progress("sweeping", len(alphas) * len(tariffs) >= 100_000) as progress:
        parts = sweep_chunks(rates, alphas, record, tariffs, rule, progress=progress)
        if output is None:
            meta = write_sweep(parts, fmt, digits, long=long)
        else:

            def write(handle: BinaryIO) -> None:
                nonlocal meta
                if fmt == "parquet":
                    meta = write_sweep(parts, fmt, digits, long=long, binary=handle)
                    return
                text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
                meta = write_sweep(parts, fmt, digits, long=long, out=text)
                text.flush()
                text.detach()

            atomic_write(output, write, force=force)
    written = [f for f in files if f is not None]
    if meta_file is not None:
        body = (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

        def write_meta(handle: BinaryIO) -> None:
            handle.write(body)

        atomic_write(meta_file, write_meta, force=force)
    for target in written:
        sys.stderr.write(f"stakhanov: {literal(f'wrote {target}')}\n")


@commands.command()
def rules(
    norm_: Annotated[
        str | None, typer.Option("--norm", metavar="NORM", help="The norm: a number or a norm id.")
    ] = None,
    output: Annotated[
        str, typer.Option("--output", metavar="LO:HI:STEP", help="Outputs as LO:HI:STEP.")
    ] = "0:30:1",
    rule: Annotated[
        list[str] | None,
        typer.Option(
            "--rule", metavar="RULE", help="Rule name; repeat for several (default: all)."
        ),
    ] = None,
    pay_at_norm: Annotated[
        float | None,
        typer.Option(
            "--pay-at-norm", metavar="RUBLES", help="Rubles a month for meeting the norm."
        ),
    ] = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Pay under each rule across a range of output per shift.

    Example: stakhanov rules --norm 7 --output 0:21:3.5
    """
    from stakhanov.calc.norms import tariff
    from stakhanov.calc.pay import schedule
    from stakhanov.data.grids import parse_grid
    from stakhanov.data.limits import SIZES
    from stakhanov.data.rules import load_rule, load_rules
    from stakhanov.views.render_norms import print_rules

    rates = _rates(scenario, set_)
    norm_id = _default(rates, "norm")
    value = norm_
    if norm_ is not None and norm_ in rates.norms:
        norm_id, value = norm_, None
    data_norm = rates.norm(norm_id)
    n = data_norm.value if value is None else _positive(value, "--norm", "output")
    w0 = (
        tariff(rates, data_norm)
        if pay_at_norm is None
        else _positive(pay_at_norm, "--pay-at-norm", "wage")
    )
    assert rates.root is not None
    specs = (
        [load_rule(rates, name) for name in rule]
        if rule
        else list(load_rules(rates.root / "rules").values())
    )
    # One row per output is formatted: the grid is bounded by the rows a table may have.
    outputs = parse_grid(output, "--output", limit=SIZES["rows"], kind="output")
    rows = schedule(specs, outputs, n, w0)
    print_rules(rows, [s.name for s in specs], fmt.value, norm=n, tariff=w0, digits=digits)


@commands.command()
def brigade(
    size: Annotated[
        int | None,
        typer.Option(
            "--size", metavar="N", help="Members: a hewer and timbermen.", callback=_brigade_size
        ),
    ] = None,
    outputs: Annotated[
        str | None,
        typer.Option("--outputs", metavar="T,T,...", help="Each member's output, e.g. 102,0,0."),
    ] = None,
    rule: RuleOpt = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: DigitsOpt = None,
) -> None:
    """Brigade pay split equally against individual piece rates.

    Example: stakhanov brigade --outputs 34,34,34
    """
    from stakhanov.calc.brigade import compare_brigade
    from stakhanov.views.render_norms import print_brigade

    parsed = None
    if outputs is not None:
        from stakhanov.data.limits import check_size

        parts = outputs.split(",")
        check_size(len(parts), "brigade", "--outputs", "a brigade is a hewer and a few timbermen")
        parsed = [_output(part) for part in parts]
    model = _model(scenario, set_, rule)
    print_brigade(compare_brigade(model.rates, size, parsed, model.rule), fmt.value, digits)


def _brigade_size(value: int | None) -> int | None:
    """--size: a brigade's members are allocated one by one, so the size is bounded first."""
    from stakhanov.data.limits import check_size

    if value is not None:
        check_size(value, "brigade", "--size", "a brigade is a hewer and a few timbermen")
    return value


def _output(text: str) -> float:
    """One member's output: 0 (a timberman credits nothing) or within the output range."""
    from stakhanov.data.limits import in_range

    value = _number(text, "--outputs")
    if value >= 0 and (problem := in_range(value, "output")):  # < 0: the library says why
        raise UsageError(f"--outputs {problem}")
    return value
