"""Fuzzing the parsers users feed: whatever the bytes, only the project's own error type.

Random bytes and random TOML documents go into the scenario and workforce readers and
validators; the only
exception allowed out is ``ScenarioError`` (a ``StakhanovError``), which the CLI turns into
one line. Random valid overlays must never change the base data.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stakhanov.data.rates import load_rates
from stakhanov.errors import StakhanovError
from stakhanov.scenarios.overlay import SECTIONS, apply_files
from stakhanov.scenarios.workforce import load_workforce

RATES = load_rates()
GROUPS = list(RATES.wages)
KEYS = [
    "low",
    "high",
    "low_open",
    "high_open",
    "period",
    "pay_basis",
    "norm_id",
    "value",
    "output",
    "name",
    "title",
    "groups",
    "tolerance",
    "alpha",
    "toward",
    "raise",
    "id",
    *GROUPS,
    *RATES.norms,
    *RATES.records,
    *RATES.privileges,
    "minr",
    "x",
]
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"


scalars = st.one_of(
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(GROUPS),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(scalars, max_size=3),  # TOML arrays here hold scalars only
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
    ),
    max_leaves=6,
)
tables = st.dictionaries(st.sampled_from(KEYS), values, max_size=4)
documents = st.dictionaries(
    st.sampled_from([*SECTIONS, "wagez", "meta", "headcount"]),
    st.one_of(tables, st.dictionaries(st.sampled_from(KEYS), tables, max_size=3)),
    max_size=5,
)


def _render(doc: dict[str, Any]) -> str:
    lines = []
    for section, body in doc.items():
        plain = {
            k: v
            for k, v in body.items()
            if not (isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()))
        }
        nested = {k: v for k, v in body.items() if k not in plain}
        lines.append(f"[{json.dumps(section)}]")
        lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in plain.items()]
        for key, table in nested.items():
            lines.append(f"[{json.dumps(section)}.{json.dumps(key)}]")
            lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def _only_our_error(path: Path) -> None:
    # Both user-file parsers; any exception but the project's own fails the test.
    with contextlib.suppress(StakhanovError):
        apply_files(RATES, [path])
    with contextlib.suppress(StakhanovError):
        load_workforce(path, RATES)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_end_in_our_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    _only_our_error(path)


@FUZZ
@given(doc=documents)
def test_random_toml_documents_end_in_our_error(tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(_render(doc), encoding="utf-8")
    _only_our_error(path)


def _snapshot() -> dict[str, Any]:
    """Every field of the base data, copied out of its read-only mappings."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(RATES):
        value = getattr(RATES, f.name)
        out[f.name] = dict(value) if hasattr(value, "items") else value
    return out


@FUZZ
@given(
    group=st.sampled_from(GROUPS),
    low=st.floats(1, 10_000),
    width=st.floats(0, 10_000),
    norm=st.floats(0.5, 50),
    days=st.floats(1, 31),
)
def test_valid_overlays_never_mutate_the_base(
    tmp_path: Path, group: str, low: float, width: float, norm: float, days: float
) -> None:
    snapshot = _snapshot()
    path = tmp_path / "ok.toml"
    path.write_text(
        f'[meta]\ntitle = "fuzz"\n[wages.{group}]\nlow = {low!r}\nhigh = {low + width!r}\n'
        # A new limit on an open end closes it (else the overlay refuses it): say so.
        "low_open = false\nhigh_open = false\n"
        f"[norms.coal-hewing]\nvalue = {norm!r}\n[periods]\nworking_days_per_month = {days!r}\n",
        encoding="utf-8",
    )
    new = apply_files(RATES, [path])
    assert new.group(group).wage.low == low
    assert _snapshot() == snapshot
