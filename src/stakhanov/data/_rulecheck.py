"""Validation of one pay-rule table (a file in ``rates/rules/`` or a scenario's inline rule).

Every problem in the table is collected, each naming where it is and which key, e.g.
``rates/rules/x.toml: params.edges: band edges must increase, got [100, 125, 110]``. A bad
value is shown as the file wrote it (``100``, not ``100.0``), so the user can find it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from stakhanov.data.limits import in_range
from stakhanov.errors import did_you_mean

__all__ = ["KIND_PARAMS", "Checked", "check_rule"]

Param = float | tuple[float, ...]

# The parameters each kind needs, all required: a rule file states every number it uses,
# so no default hides in the code.
KIND_PARAMS: dict[str, tuple[str, ...]] = {
    "straight": (),
    "progressive": ("edges", "surcharges"),
    "taylor": ("low", "high"),
    "merrick": ("edges", "rates"),
    "halsey": ("share",),
    "rowan": (),
    "gantt": ("bonus",),
}
_LIST_PARAMS = frozenset({"edges", "surcharges", "rates"})

_TOP_KEYS = ("kind", "label", "provenance", "params", "guaranteed_minimum")
_PROVENANCE_KEYS = ("source_id", "kind", "reference", "confidence", "note")
# "source": one of the 1935 reports in shared/sources; "external": a separately sourced fact
# from outside them; "textbook": a standard definition, no data.
_PROVENANCE_KINDS = ("source", "external", "textbook")
_CONFIDENCE = ("high", "medium-high", "medium", "medium-low", "low")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass
class Checked:
    """What validation found: the clean values, and every problem (empty when valid)."""

    kind: str = ""
    label: str = ""
    params: dict[str, Param] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    guaranteed_minimum: float | None = None
    problems: list[str] = field(default_factory=list)


class _Report:
    def __init__(self, where: str, out: list[str]) -> None:
        self.where = where
        self.out = out

    def __call__(self, key: str, message: str) -> None:
        self.out.append(f"{self.where}: {key}: {message}")


def check_rule(name: str, data: Mapping[str, object], where: str) -> Checked:
    """Check a rule table; the caller raises ``DataError`` if ``problems`` is not empty."""
    result = Checked()
    report = _Report(where, result.problems)
    if not _NAME.fullmatch(name):
        report("name", f"must be lowercase letters, digits and hyphens, got {name!r}")
    for key in data:
        if key not in _TOP_KEYS:
            report(key, f"unknown key{did_you_mean(key, _TOP_KEYS)}")

    kind = data.get("kind")
    if kind is None:
        report("kind", "missing")
    elif not isinstance(kind, str) or kind not in KIND_PARAMS:
        report("kind", f"unknown rule kind {kind!r}, expected one of: {', '.join(KIND_PARAMS)}")
    else:
        result.kind = kind
    result.label = _text(data, "label", "label", report) or ""
    result.provenance = _provenance(data.get("provenance"), report)
    if result.kind:
        result.params = _params(result.kind, data.get("params", {}), report)

    minimum = data.get("guaranteed_minimum")
    if minimum is not None:
        value = _number(minimum, "guaranteed_minimum", report)
        if value is not None and not 0.0 <= value <= 1.0:
            report(
                "guaranteed_minimum",
                f"must be between 0 and 1 (a fraction of the tariff), got {minimum!r}",
            )
        elif value is not None:
            result.guaranteed_minimum = value
    return result


def _text(table: Mapping[str, object], key: str, path: str, report: _Report) -> str | None:
    value = table.get(key)
    if value is None:
        report(path, "missing")
    elif not isinstance(value, str) or not value.strip():
        report(path, f"must be a non-empty string, got {value!r}")
    else:
        return value
    return None


def _provenance(raw: object, report: _Report) -> dict[str, str]:
    if raw is None:
        report("provenance", "missing")
        return {}
    if not isinstance(raw, Mapping):
        report("provenance", f"must be a table, got {raw!r}")
        return {}
    for key in raw:
        if key not in (*_PROVENANCE_KEYS, "paragraph"):
            report(f"provenance.{key}", f"unknown key{did_you_mean(key, _PROVENANCE_KEYS)}")
    found: dict[str, str] = {}
    for key in _PROVENANCE_KEYS:
        value = _text(raw, key, f"provenance.{key}", report)
        if value is not None:
            found[key] = value
    if found.get("kind", _PROVENANCE_KINDS[0]) not in _PROVENANCE_KINDS:
        report(
            "provenance.kind",
            f"must be one of: {', '.join(_PROVENANCE_KINDS)}, got {found['kind']!r}",
        )
        del found["kind"]
    if found.get("confidence", _CONFIDENCE[0]) not in _CONFIDENCE:
        report(
            "provenance.confidence",
            f"must be one of: {', '.join(_CONFIDENCE)}, got {found['confidence']!r}",
        )
        del found["confidence"]
    # Optional: the paragraph of the source, counting non-empty lines from 1 (DOMAIN.md).
    paragraph = raw.get("paragraph")
    if paragraph is not None:
        if isinstance(paragraph, int) and not isinstance(paragraph, bool) and paragraph >= 1:
            found["paragraph"] = str(paragraph)
        else:
            report("provenance.paragraph", f"must be a whole number >= 1, got {paragraph!r}")
    return found


def _params(kind: str, raw: object, report: _Report) -> dict[str, Param]:
    if not isinstance(raw, Mapping):
        report("params", f"must be a table, got {raw!r}")
        return {}
    expected = KIND_PARAMS[kind]
    for key in raw:
        if key not in expected:
            wanted = ", ".join(expected) or "none"
            report(f"params.{key}", f"not a parameter of kind '{kind}' (expected: {wanted})")
    values: dict[str, Param] = {}
    for key in expected:
        if key not in raw:
            report(f"params.{key}", "missing")
            continue
        value = (
            _numbers(raw[key], key, report)
            if key in _LIST_PARAMS
            else _number(raw[key], f"params.{key}", report)
        )
        if value is not None:
            values[key] = value
    # Cross-checks only make sense once every parameter is a clean number.
    if len(values) == len(expected) and kind in _KIND_CHECKS:
        _KIND_CHECKS[kind](values, raw, report)
    return values


def _number(value: object, path: str, report: _Report) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        report(path, f"must be a number, got {value!r}")
    elif isinstance(value, float) and not math.isfinite(value):
        report(path, f"must be finite, got {value!r}")
    elif problem := in_range(value, "rule_param"):
        report(path, problem)
    else:
        return float(value)
    return None


def _numbers(value: object, key: str, report: _Report) -> tuple[float, ...] | None:
    if not isinstance(value, list):
        report(f"params.{key}", f"must be a list of numbers, got {value!r}")
        return None
    if not value:
        report(f"params.{key}", "must not be empty")
        return None
    numbers = [_number(v, f"params.{key}[{i}]", report) for i, v in enumerate(value)]
    clean = [n for n in numbers if n is not None]
    return tuple(clean) if len(clean) == len(numbers) else None


def _edges(edges: tuple[float, ...], raw: object, least: str, report: _Report) -> None:
    if any(b <= a for a, b in pairwise(edges)):
        report("params.edges", f"band edges must increase, got {raw!r}")
    low = min(edges)
    if (least == ">= 100" and low < 100) or (least == "> 0" and low <= 0):
        report("params.edges", f"band edges must be {least} (percent of the norm), got {raw!r}")


def _check_progressive(p: Mapping[str, Param], raw: Mapping[str, object], report: _Report) -> None:
    edges, surcharges = _tuple(p["edges"]), _tuple(p["surcharges"])
    # Surcharges apply to output *above* the plan: a band starting below 100% would pay a
    # surcharge on output that does not even meet the norm.
    _edges(edges, raw["edges"], ">= 100", report)
    if any(s < 0 for s in surcharges):
        report("params.surcharges", f"surcharges must be >= 0, got {raw['surcharges']!r}")
    if len(surcharges) != len(edges):
        report(
            "params.surcharges",
            f"need one surcharge per band edge ({len(edges)}), got {len(surcharges)}",
        )


def _check_merrick(p: Mapping[str, Param], raw: Mapping[str, object], report: _Report) -> None:
    edges, rates = _tuple(p["edges"]), _tuple(p["rates"])
    _edges(edges, raw["edges"], "> 0", report)
    if any(r <= 0 for r in rates):
        report("params.rates", f"rates must be > 0, got {raw['rates']!r}")
    if len(rates) != len(edges) + 1:
        report(
            "params.rates",
            f"need one rate per band, len(edges) + 1 = {len(edges) + 1}, got {len(rates)}",
        )
    # A rate that fell as output rose would pay less for more: inverting pay needs it not to.
    if any(b < a for a, b in pairwise(rates)):
        report("params.rates", f"rates must not fall as output rises, got {raw['rates']!r}")


def _check_taylor(p: Mapping[str, Param], raw: Mapping[str, object], report: _Report) -> None:
    for key in ("low", "high"):
        if _float(p[key]) <= 0:
            report(f"params.{key}", f"rate must be > 0, got {raw[key]!r}")
    if _float(p["high"]) < _float(p["low"]):
        report("params.high", f"must be >= params.low ({raw['low']!r}), got {raw['high']!r}")


def _check_halsey(p: Mapping[str, Param], raw: Mapping[str, object], report: _Report) -> None:
    if not 0 < _float(p["share"]) <= 1:
        report(
            "params.share",
            f"must be > 0 and <= 1 (the worker's share of the time saved), got {raw['share']!r}",
        )


def _check_gantt(p: Mapping[str, Param], raw: Mapping[str, object], report: _Report) -> None:
    if _float(p["bonus"]) < 0:
        report("params.bonus", f"must be >= 0, got {raw['bonus']!r}")


def _tuple(value: Param) -> tuple[float, ...]:
    return value if isinstance(value, tuple) else (value,)


def _float(value: Param) -> float:
    return value[0] if isinstance(value, tuple) else value


_KIND_CHECKS: dict[str, Callable[[Mapping[str, Param], Mapping[str, object], _Report], None]] = {
    "progressive": _check_progressive,
    "merrick": _check_merrick,
    "taylor": _check_taylor,
    "halsey": _check_halsey,
    "gantt": _check_gantt,
}
