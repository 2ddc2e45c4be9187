"""The workforce commands: ``inequality`` and ``plot``. Parse, call one library function, render.

``stakhanov.cli.app`` gathers them from ``commands``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stakhanov.cli.common import (
    _PROGRESS_FROM,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    AlphaOpt,
    CapOpt,
    Dist,
    DistOpt,
    Format,
    FormatOpt,
    InOpt,
    NoBuiltinOpt,
    RatesOpt,
    ScenarioOpt,
    SeedOpt,
    SetOpt,
    TowardOpt,
    WorkforceOpt,
    _default,
    _draws_within,
    _missing,
    _model,
    _number,
    _progress,
)
from stakhanov.data.grids import PERCENT_HELP
from stakhanov.data.literal import literal
from stakhanov.errors import UsageError

if TYPE_CHECKING:
    from stakhanov.calc.model import Model
    from stakhanov.calc.norms import Revision
    from stakhanov.data.rates import Rates

__all__ = ["commands", "inequality", "plot"]

_TORNADO_TARGET = "--kind tornado needs one of --ratio A B, --claim ID or -w FILE --metric M"

commands = typer.Typer()


def _revision(
    model: Model, alpha: float | None, toward: str | None, raise_: str | None = None
) -> Revision | None:
    """The norm revision the options ask for, else the scenario's own, else None."""
    if alpha is None and raise_ is None and toward is not None:
        raise UsageError("--toward goes with --alpha")
    from stakhanov.data.grids import parse_percent

    return model.revision_for(
        raise_pct=None if raise_ is None else parse_percent(raise_, "--raise"),
        alpha=alpha,
        toward=toward,
    )


@commands.command()
def inequality(
    workforce: WorkforceOpt = None,
    draws: Annotated[
        int,
        typer.Option(
            "--draws",
            metavar="N",
            min=0,
            help="Draws of every wage within its bounds, for p05/p50/p95 (0: central only).",
            callback=_draws_within,
        ),
    ] = DEFAULT_DRAWS,
    seed: SeedOpt = DEFAULT_SEED,
    dist: DistOpt = Dist.uniform,
    cap: CapOpt = None,
    alpha: AlphaOpt = None,
    toward: TowardOpt = None,
    raise_: Annotated[
        str | None,
        typer.Option(
            "--raise",
            metavar="PCT",
            help=f"Also show the workforce after a norm raise, e.g. 25%. {PERCENT_HELP}",
        ),
    ] = None,
    in_: InOpt = None,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
    fmt: FormatOpt = Format.table,
    digits: Annotated[
        int | None,
        typer.Option(
            "--digits",
            metavar="N",
            min=0,
            max=10,
            help="Decimals in tables (default 3). JSON and CSV keep full precision unless given.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """How unequal a workforce is (Gini, Theil, MLD, GE(2), Atkinson, P90/P10, Palma, top
    10%), with percentiles over the sources' ranges and open bounds.

    Example: stakhanov inequality --workforce examples/pit-before.toml
    """
    from stakhanov.scenarios.workforce import load_workforce
    from stakhanov.stats.workforce_metrics import inequality_report
    from stakhanov.views.render_inequality import print_inequality

    if not workforce:
        raise _missing("give a workforce file: --workforce FILE (e.g. examples/pit-before.toml)")
    model = _model(scenario, set_)
    rates = model.rates
    price = None
    if in_ is not None:
        from stakhanov.calc.goods import price_of

        price = price_of(rates, in_)  # an unknown price fails before any wage is drawn
    workforces = [load_workforce(path, rates) for path in workforce]
    revision = _revision(model, alpha, toward, raise_)
    stages = len(workforces) * (2 if revision is not None else 1)
    with _progress("drawing wages", draws * stages >= _PROGRESS_FROM) as progress:
        result = inequality_report(
            rates,
            workforces,
            draws=draws,
            seed=seed,
            dist=dist.value,
            cap=cap,
            revision=revision,
            progress=progress,
            rule=model.rule,
        )
    goods = None
    if price is not None:
        from stakhanov.stats.workforce_goods import workforce_in_goods

        goods = workforce_in_goods(result, price)
    print_inequality(result, fmt.value, digits, goods)


class PlotKind(StrEnum):
    ladder = "ladder"
    norms = "norms"
    lorenz = "lorenz"
    tornado = "tornado"


@commands.command()
def plot(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The PNG file to write.")],
    kind: Annotated[
        PlotKind,
        typer.Option(
            "--kind",
            help="ladder: monthly wages (log scale); norms: earnings against α; lorenz: "
            "Lorenz curves of --workforce files (and after --alpha/--toward); tornado: which "
            "assumption a --ratio, a --claim or a -w FILE --metric hinges on.",
        ),
    ] = PlotKind.ladder,
    workforce: WorkforceOpt = None,
    alpha: Annotated[
        str | None,
        typer.Option(
            "--alpha",
            metavar="ALPHA|LO:HI:STEP",
            help="norms: a grid LO:HI:STEP (default 0:1:0.05); lorenz: one α for the "
            "revised curves.",
        ),
    ] = None,
    toward: TowardOpt = None,
    ratio: Annotated[
        tuple[str, str] | None,
        typer.Option("--ratio", metavar="A B", help="tornado: the ratio of A's wage to B's."),
    ] = None,
    claim: Annotated[
        str | None,
        typer.Option(
            "--claim", metavar="CLAIM_ID", help="tornado: a claim id, e.g. kaslov-16-times."
        ),
    ] = None,
    metric: Annotated[
        str | None,
        typer.Option("--metric", metavar="METRIC", help="tornado: a metric of -w FILE, e.g. gini."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    scenario: ScenarioOpt = None,
    rates_dirs: RatesOpt = None,
    no_builtin: NoBuiltinOpt = False,
    set_: SetOpt = None,
) -> None:
    """A picture: the wage ladder, earnings along a norm revision, Lorenz curves, a tornado.

    Example: stakhanov plot ladder.png
    """
    from stakhanov.views.pictures import plots

    model = _model(scenario, set_)
    rates = model.rates
    if kind is PlotKind.tornado:
        _tornado(path, rates, ratio, claim, workforce, metric, force)
        typer.echo(literal(f"wrote {path}"))
        return
    if ratio is not None or claim is not None or metric is not None:
        raise UsageError("--ratio, --claim and --metric go with --kind tornado")
    if kind is not PlotKind.lorenz and workforce:
        raise UsageError(f"--workforce goes with --kind lorenz, not --kind {kind.value}")
    if kind is PlotKind.ladder:
        if alpha is not None or toward is not None:
            raise UsageError("--alpha and --toward go with --kind norms or lorenz, not ladder")
        plots.save_ladder(path, rates, force)
    elif kind is PlotKind.norms:
        from stakhanov.data.grids import parse_grid

        alphas = parse_grid(alpha or "0:1:0.05", "--alpha")
        # The tariff change of the scenario's own revision, which moves every repaid wage.
        tariff_pct = float((model.revision or {}).get("tariff_pct", 0.0))
        record = toward or _default(rates, "record")
        plots.save_norms(path, rates, alphas, record, force, rule=model.rule, tariff_pct=tariff_pct)
    else:
        from stakhanov.scenarios.workforce import load_workforce

        if not workforce:
            raise UsageError("--kind lorenz needs --workforce FILE (e.g. examples/pit-before.toml)")
        workforces = [load_workforce(p, rates) for p in workforce]
        number = None if alpha is None else _number(alpha, "--alpha")
        revision = _revision(model, number, toward)
        plots.save_lorenz(path, rates, workforces, revision, force, model.rule)
    typer.echo(literal(f"wrote {path}"))


def _tornado(
    path: str,
    rates: Rates,
    ratio: tuple[str, str] | None,
    claim: str | None,
    workforce: list[Path] | None,
    metric: str | None,
    force: bool,
) -> None:
    """The tornado of exactly one answer: a ratio, a claim, or a workforce's metric."""
    from stakhanov.views.pictures import plots

    chosen = [ratio is not None, claim is not None, bool(workforce) or metric is not None]
    if sum(chosen) != 1:
        raise UsageError(_TORNADO_TARGET)
    from stakhanov.stats import sensitivity as sens

    if ratio is not None:
        a, b = ratio
        plots.save_tornado(path, lambda: sens.ratio_sensitivity(rates, a, b), force)
    elif claim is not None:
        plots.save_tornado(path, lambda: sens.claim_sensitivity(rates, claim), force)
    else:
        from stakhanov.scenarios.workforce import load_workforce

        if not workforce or len(workforce) != 1 or metric is None:
            raise UsageError("a tornado of a workforce takes one -w FILE and --metric M")
        wf = load_workforce(workforce[0], rates)
        plots.save_tornado(path, lambda: sens.inequality_sensitivity(rates, wf, metric), force)
