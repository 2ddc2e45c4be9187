"""Pay-rule tables: ``rates/rules/*.toml`` (or a scenario's inline rule) read into ``RuleSpec``.

A rule is data: its kind, its parameters and where they come from; the file's stem is the
rule's name. This module reads and validates the tables (``_rulecheck`` collects every
problem); ``stakhanov.calc.pay`` computes what a rule pays. Scenarios name rules, so the
reading lives here in the data folder, below both.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from stakhanov.data._rulecheck import KIND_PARAMS, Param, check_rule
from stakhanov.errors import DataError, UsageError, unknown

if TYPE_CHECKING:
    from stakhanov.data.rates import Rates

__all__ = [
    "RULE_KINDS",
    "STRAIGHT",
    "RuleSpec",
    "load_rule",
    "load_rules",
    "parse_rule",
    "with_minimum",
]

# straight, progressive, taylor, merrick, halsey, rowan, gantt, in the order of the
# validator's table of parameters, so that the kinds are listed in one place only.
RULE_KINDS: tuple[str, ...] = tuple(KIND_PARAMS)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A pay rule: its kind, its parameters and their provenance.

    List parameters (band edges, surcharges, rates) are tuples and are given as the file
    gives them: edges in percent of the norm, surcharges in percent, rates as multiples of
    the straight rate W0 / N.
    """

    name: str
    kind: str
    label: str
    params: Mapping[str, Param] = field(hash=False)
    provenance: Mapping[str, str] = field(hash=False)
    guaranteed_minimum: float | None = None

    def __post_init__(self) -> None:
        # Read-only views: a frozen spec must not change behind a caller's back.
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        object.__setattr__(self, "provenance", MappingProxyType(dict(self.provenance)))


# The default for brigade pay: the straight piece rate needs no parameters, so no file.
STRAIGHT = RuleSpec("straight", "straight", "Straight piece rate", {}, {})


def load_rules(directory: Path) -> dict[str, RuleSpec]:
    """Load every ``*.toml`` in ``directory``; the file stem is the rule's name.

    Problems in all files are collected and raised together as one ``DataError``.

    >>> sorted(load_rules(Path("rates/rules")))[:2]
    ['gantt', 'halsey']
    """
    if not directory.is_dir():
        raise DataError(f"{directory.as_posix()}: no such folder")
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise DataError(f"{directory.as_posix()}: no rule files (*.toml)")
    rules: dict[str, RuleSpec] = {}
    problems: list[str] = []
    for path in paths:
        where = path.as_posix()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{where}: cannot read: {exc}")
            continue
        try:
            rules[path.stem] = parse_rule(path.stem, data, where)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return rules


def parse_rule(name: str, data: Mapping[str, object], where: str) -> RuleSpec:
    """Validate one rule table (a file's contents, or a scenario's inline rule).

    ``where`` prefixes every message, e.g. ``rates/rules/x.toml: params.edges: ...``.
    """
    checked = check_rule(name, data, where)
    if checked.problems:
        raise DataError(checked.problems)
    return RuleSpec(
        name,
        checked.kind,
        checked.label,
        checked.params,
        checked.provenance,
        checked.guaranteed_minimum,
    )


def with_minimum(spec: RuleSpec, fraction: float) -> RuleSpec:
    """The same rule with pay never below ``fraction`` of the tariff (an assumption).

    >>> with_minimum(STRAIGHT, 2 / 3).guaranteed_minimum
    0.6666666666666666
    """
    if not (math.isfinite(fraction) and 0.0 <= fraction <= 1.0):
        raise UsageError(
            "guaranteed minimum must be between 0 and 1 (a fraction of the tariff), "
            f"got {fraction:g}"
        )
    return replace(spec, guaranteed_minimum=float(fraction))


def load_rule(rates: Rates, name: str) -> RuleSpec:
    """The pay rule ``name`` from ``rates/rules/``, or an error naming the closest one."""
    if rates.root is None:
        raise UsageError("these rates have no folder, so no rule files")
    rules = load_rules(rates.root / "rules")
    if name not in rules:
        raise unknown("rule", name, rules)
    return rules[name]
