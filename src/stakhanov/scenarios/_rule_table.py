"""A scenario's ``[rule]``: a rule of ``rates/rules/`` by name, or a rule written inline.

Which of the two the table is decides which keys it may hold: ``name`` (and
``guaranteed_minimum``) for a named rule, ``kind`` (and ``label``, ``params``,
``provenance``, ``guaranteed_minimum``) for an inline one. A table with neither is most
likely a misspelt ``name`` or ``kind``: each key it does not know gets one problem at its
own line, with the closest key, and nothing more (no "missing" problems for the keys the
typo hid). Problems from the inline rule's own checks are placed at their key's line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stakhanov.data.rates import Rates
from stakhanov.errors import DataError
from stakhanov.scenarios._checks import Check

__all__ = ["rule_table"]

_NAMED = ("name", "guaranteed_minimum")
_INLINE = ("kind", "label", "params", "provenance", "guaranteed_minimum")


def rule_table(c: Check, t: Mapping[str, Any], rates: Rates) -> Any:
    """The ``RuleSpec`` the table gives, or None (each problem recorded in ``c``)."""
    if "name" in t:
        return _named(c, t, rates)
    if "kind" in t:
        return _inline(c, t)
    unknown = [key for key in t if key not in (*_NAMED, *_INLINE)]
    if unknown:
        c.keys(("rule",), {key: t[key] for key in unknown}, tuple(dict.fromkeys(_NAMED + _INLINE)))
    else:
        c.fail(("rule",), "give name (a rule in rates/rules/), or kind for a rule written here")
    return None


def _named(c: Check, t: Mapping[str, Any], rates: Rates) -> Any:
    from stakhanov.data.rules import (
        load_rule,  # numpy: only for scenarios that name a rule
        load_rules,
        with_minimum,
    )

    c.keys(("rule",), t, _NAMED)
    name = c.text(("rule", "name"), t["name"])
    if name is None:
        return None
    try:
        known = load_rules(rates.root / "rules") if rates.root else {}
        if not c.known(("rule", "name"), name, "rule", known):
            return None
        spec = load_rule(rates, name)
    except DataError as exc:
        c.problems.extend(exc.problems)
        return None
    if "guaranteed_minimum" in t:
        g = c.number(
            ("rule", "guaranteed_minimum"),
            t["guaranteed_minimum"],
            low_ok=True,
            high=1,
            kind="fraction",
        )
        spec = spec if g is None else with_minimum(spec, g)
    return spec


def _inline(c: Check, t: Mapping[str, Any]) -> Any:
    from stakhanov.data.rules import parse_rule

    where = c.doc.where("rule")
    try:
        return parse_rule("scenario-rule", dict(t), where)
    except DataError as exc:
        c.problems.extend(_at_key(c, where, problem) for problem in exc.problems)
        return None


def _at_key(c: Check, where: str, problem: str) -> str:
    """``FILE:4: rule: params.edges: ...`` → ``FILE:7: rule.params.edges: ...`` when the
    key's own line is known; else as it was."""
    head = f"{where}: "
    if not problem.startswith(head):
        return problem
    key, sep, rest = problem[len(head) :].partition(": ")
    path = ("rule", *key.split("."))
    if not sep or not c.doc.line(*path):
        return problem
    return f"{c.doc.where(*path)}: {rest}"
