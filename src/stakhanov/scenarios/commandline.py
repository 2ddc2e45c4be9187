"""``--set KEY=VALUE``: a what-if typed on the command line instead of written in a file.

Each ``--set`` becomes a one-key scenario document and goes through ``overlay.parse``
exactly like a line of a scenario file: the same checks (unknown group, wrong type, values
out of range), the same messages, and the figure it changes cites it as
``--set miner=350 (command line)``. Settings apply after the scenario files, in order.

Two forms:
- the group shorthand ``GROUP=VALUE`` or ``GROUP=LOW..HIGH``: the group's wage becomes that
  point or that closed range (a point is a point: the shorthand closes open ends);
- any dotted key a scenario file takes, with a TOML value: ``norms.coal-hewing.value=6.5``,
  ``wages.miner.high_open=false``. A value that is not TOML (``meta.title=Pit 7``) is taken
  as text, which the checker then accepts or refuses like any other text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from stakhanov.data.limits import check_size
from stakhanov.data.rates import Rates
from stakhanov.data.tomlfile import MAX_DEPTH, TomlDoc, toml_value
from stakhanov.errors import ScenarioError, UsageError, clip
from stakhanov.scenarios.overlay import apply, parse

__all__ = ["apply_settings", "setting_doc"]

_KEY_PART = re.compile(r"[A-Za-z0-9_-]+")
_EXAMPLE = "e.g. miner=350, miner=333..377 or norms.coal-hewing.value=6.5"


def setting_doc(text: str) -> TomlDoc:
    """The scenario document one ``--set KEY=VALUE`` stands for; malformed text is a usage error."""
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    name = f"--set {clip(text)} (command line)"  # how every message and citation names it
    if not sep or not key or not raw:
        raise UsageError(f"--set '{clip(text)}': expected KEY=VALUE ({_EXAMPLE})")
    parts = key.split(".")
    if len(parts) > MAX_DEPTH or not all(_KEY_PART.fullmatch(p) for p in parts):
        raise UsageError(f"--set '{clip(text)}': '{clip(key)}' is not a key ({_EXAMPLE})")

    def _value(value: str) -> Any:  # bounded as a file's value is (long numbers, depth)
        return toml_value(value, name)

    data: dict[str, Any]
    if len(parts) == 1:
        low, dots, high = raw.partition("..")
        ends = (_value(low.strip()), _value(high.strip()) if dots else _value(low.strip()))
        data = {
            "wages": {key: {"low": ends[0], "high": ends[1], "low_open": False, "high_open": False}}
        }
    else:
        data = {parts[-1]: _value(raw)}
        for part in reversed(parts[:-1]):
            data = {part: data}
    return TomlDoc(name, data, {})


def apply_settings(rates: Rates, settings: Sequence[str]) -> Rates:
    """Apply each ``--set`` in order, each checked against the data as the ones before left it.

    Every problem in every setting is reported at once, as for scenario files.
    """
    check_size(len(settings), "settings", "--set options", "put them in a scenario file")
    problems: list[str] = []
    current = rates
    for text in settings:
        try:
            current = apply(current, parse(setting_doc(text), current, titled=False))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return current
