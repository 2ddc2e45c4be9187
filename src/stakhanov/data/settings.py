"""What the report shows: ``rates/report.toml`` beside the data (a presentation choice, not
data the calculator computes with): the matrix groups, the norm examples, the default norm
and record. ``stakhanov.calc.report``, the workbook and the CLI read it from here.

A data package may bring its own ``report.toml``: its keys then replace the built-in ones
(the last package's win). Without one, the report shows the packages' groups beside the
card's four. Under ``--no-builtin``, an id of the built-in settings that the packages do not
have gives way to the packages' own (their first norm, record, price), so that the report of
a package alone never asks for a figure it does not hold; with no record it shows no norm
example (the page and the workbook, which revise a norm, then say they need one).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from stakhanov.data.rates import Rates
from stakhanov.errors import DataError

__all__ = ["NO_RECORD", "report_settings", "settings_path"]

# The page and the workbook revise a norm toward a record; the report does without one.
NO_RECORD = (
    "{what} revises a norm toward a record, and the data have none (give one in records.csv)"
)


def settings_path(rates: Rates) -> Path:
    """The ``report.toml`` that decides: the last package's that has one, else the built-in."""
    chosen = [p / "report.toml" for p in rates.packages if (p / "report.toml").is_file()]
    return chosen[-1] if chosen else (rates.root or Path(".")) / "report.toml"


def report_settings(rates: Rates) -> dict[str, Any]:
    """Read ``report.toml`` beside the data (what the report shows, not what it computes)."""
    settings = _read((rates.root or Path(".")) / "report.toml")
    own = settings_path(rates)
    if own.parent in rates.packages:
        from stakhanov.data.tomlfile import read_toml

        settings.update(read_toml(own, "report settings").data)
    elif rates.from_packages.get("wages"):
        groups = [str(g) for g in settings.get("matrix_groups", [])] if rates.builtin else []
        settings["matrix_groups"] = groups + list(rates.from_packages["wages"])
    return settings if rates.builtin else _fit(settings, rates)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: {exc}") from None


def _fit(settings: dict[str, Any], rates: Rates) -> dict[str, Any]:
    """The built-in settings' ids that the packages alone do not have, replaced by theirs."""
    out = dict(settings)
    out["matrix_groups"] = [g for g in settings.get("matrix_groups", []) if g in rates.wages]
    groups = out["matrix_groups"] or list(rates.wages)
    if settings.get("export_base") not in rates.wages and groups:
        out["export_base"] = groups[-1]
    if settings.get("export_price") not in rates.prices and rates.prices:
        out["export_price"] = next(iter(rates.prices))
    defaults = dict(settings.get("defaults", {}))
    if defaults.get("norm") not in rates.norms and rates.norms:
        defaults["norm"] = next(iter(rates.norms))
    if defaults.get("record") not in rates.records and rates.records:
        defaults["record"] = next(iter(rates.records))
    out["defaults"] = defaults
    given = list(settings.get("norm_examples", []))
    examples = [e for e in given if e.get("toward") in rates.records]
    if not examples and given and defaults.get("record") in rates.records:
        # the first α, toward their record; a package with no record gets no norm example
        examples = [{**given[0], "toward": defaults["record"]}]
    out["norm_examples"] = examples
    return out
