"""``stakhanov html``: one self-contained page to share, written whole or not at all.

The page holds its styles, its script, its pictures (SVG) and its data (JSON); it makes no
request (its Content-Security-Policy forbids any), so it opens offline and travels by
email. Jinja2 renders it from ``templates/`` with autoescaping on: any text from the data
or a scenario is shown as text. jinja2 and matplotlib are imported only here, on this
command's path. Neighbours: ``views.html.context`` and ``views.html.findings`` (what the
page shows), ``views.html.goods`` (the wages in a good), ``views.html.svg`` (its pictures),
``atomic`` (the write).

It renders the templates with what ``context`` and ``findings`` gather and ``svg``
draws, beside it, and writes through ``stakhanov.atomic``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from stakhanov.atomic import atomic_write, check_target
from stakhanov.data.literal import on_page
from stakhanov.data.rates import Rates
from stakhanov.data.settings import NO_RECORD, report_settings
from stakhanov.errors import DataError, OutputError
from stakhanov.scenarios.workforce import Workforce
from stakhanov.stats.defaults import DEFAULT_DRAWS, DEFAULT_SEED
from stakhanov.views.html import context, findings

if TYPE_CHECKING:
    from jinja2 import Environment

    from stakhanov.calc.model import Model

__all__ = ["TEMPLATES", "HtmlSummary", "page_html", "write_html"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLE = "Wages and piece rates in the 1935 Stakhanovite reports"


@dataclass(frozen=True)
class HtmlSummary:
    """What was written: the file, its size, and what it shows."""

    path: Path
    size: int
    claims: int
    records: int
    workforces: int


def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    def shown(value: Any) -> Any:
        # Text shown as everywhere else: controls (a file name's SOH, a label's ESC),
        # format characters and a file name's undecodable bytes as escapes; a newline and
        # a tab stay the page's white space (the page's own markup, a Markup, is left alone).
        # visible() was used before, which leaves C0 raw for JSON and the workbook, whose
        # encoders deal with it; a page has no such encoder, so C0 reached the reader raw.
        return on_page(value) if isinstance(value, str) and not isinstance(value, Markup) else value

    # autoescape=True for every template: a scenario titled <script> shows as text.
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=shown,
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def _choices(model: Model) -> tuple[list[str], str, float]:
    """The matrix groups and the revision the page starts from (``report.toml``), or the
    scenario's own revision when it sets α toward a record."""
    settings = report_settings(model.rates)
    groups = [str(g) for g in settings.get("matrix_groups", [])]
    examples = settings.get("norm_examples") or []
    revision = dict(model.revision or {})
    if "alpha" in revision and "toward" in revision:
        return groups, str(revision["toward"]), float(revision["alpha"])
    if not examples and not model.rates.records:  # a package of wages alone (--no-builtin)
        raise DataError(NO_RECORD.format(what="the page"))
    if not examples:
        raise DataError("report.toml: missing 'norm_examples' (needed by stakhanov html)")
    return groups, str(examples[0]["toward"]), float(examples[0]["alpha"])


def page_context(
    given: Rates | Model,
    workforces: Sequence[Workforce] = (),
    *,
    command: str = "stakhanov html",
    today: str | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """Everything the page shows, computed and worded, for the template, from the run's
    ``Model`` (plain ``Rates`` are made into one)."""
    from markupsafe import Markup

    from stakhanov.calc.model import build_model
    from stakhanov.views.html.goods import page_price
    from stakhanov.views.html.svg import ladder_svg, lorenz_svg
    from stakhanov.views.pictures.data import ladder_data, lorenz_data

    model = build_model(given) if isinstance(given, Rates) else given
    rates = model.rates
    groups, toward, alpha = _choices(model)
    price = page_price(rates)  # the workbook's good (export_price), or None: rubles only
    drawn = ladder_data(rates)
    claims, read = findings.claims_section(rates)
    inequality = None
    if workforces:
        lorenz = Markup(lorenz_svg(lorenz_data(rates, workforces)))
        inequality = findings.inequality_section(rates, workforces, draws, seed, lorenz)
    return {
        # A page of the user's figures says so in its title, not only in its footnotes.
        "title": TITLE
        + (f", under the scenario: {'; '.join(rates.scenarios)}" if rates.scenarios else ""),
        "ladder": context.ladder_section(rates, Markup(ladder_svg(drawn)), drawn.left_out, price),
        "matrix": context.matrix_section(rates, groups),
        "norms": context.norms_section(
            rates, groups, toward, alpha, price, rule=model.rule, tariff_pct=model.tariff_pct
        ),
        "claims": claims,
        "inequality": inequality,
        "sources": context.sources_section(rates, read),
        "figures": context.figures_section(rates, price),
        "about": context.about_section(
            rates, command, today or datetime.datetime.now(datetime.UTC).date().isoformat()
        ),
    }


def page_html(
    rates: Rates | Model,
    workforces: Sequence[Workforce] = (),
    *,
    command: str = "stakhanov html",
    today: str | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> str:
    """The page as text.

    >>> from stakhanov.data.rates import load_rates
    >>> page_html(load_rates(), today="1935-11-22").startswith("<!DOCTYPE html>")
    True
    """
    data = page_context(rates, workforces, command=command, today=today, draws=draws, seed=seed)
    return _environment().get_template("page.html.j2").render(data)


def write_html(
    rates: Rates | Model,
    path: str | Path,
    workforces: Sequence[Workforce] = (),
    *,
    command: str = "stakhanov html",
    force: bool = False,
    today: str | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> HtmlSummary:
    """Write the page to ``path`` (a new .html file unless ``force``), whole or not at all."""
    if Path(path).suffix.lower() not in (".html", ".htm"):
        raise OutputError(f"{path}: the file name must end in .html")
    check_target(path, force=force)  # fail before the work, not after it
    data = page_context(rates, workforces, command=command, today=today, draws=draws, seed=seed)
    # backslashreplace: the last guard for a surrogate that reached the page by another way.
    page = _environment().get_template("page.html.j2").render(data)
    text = page.encode("utf-8", "backslashreplace")

    def write(handle: BinaryIO) -> None:
        handle.write(text)

    written = atomic_write(path, write, force=force)
    return HtmlSummary(
        written,
        len(text),
        len(data["claims"]["rows"]),
        len(data["norms"]["records"]),
        len(workforces),
    )
