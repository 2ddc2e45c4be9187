"""Brigade piece-work against individual piece rates, for one brigade's output.

Markin (para. 27) describes the switch: a brigade paid for its total output and sharing the
pay almost equally, against each worker paid for their own output. The brigade's make-up
and the default credit of output come from ``rates/brigade.toml``; a user may give the size
and each member's output instead.

It pays through ``pay`` beside it and takes the tariff from ``norms``; the brigade it
models by default is ``rates/brigade.toml``.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stakhanov.calc.norms import rule_for, tariff
from stakhanov.calc.pay import brigade_split, individual_pay
from stakhanov.data.limits import check_size
from stakhanov.data.rates import Rates
from stakhanov.data.rules import RuleSpec
from stakhanov.errors import DataError, UsageError

__all__ = ["BrigadeMember", "BrigadeResult", "compare_brigade"]


@dataclass(frozen=True)
class BrigadeMember:
    role: str
    output: float
    brigade_pay: float
    individual_pay: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "output": self.output,
            "brigade_pay": self.brigade_pay,
            "individual_pay": self.individual_pay,
            "difference": self.individual_pay - self.brigade_pay,
        }


@dataclass(frozen=True)
class BrigadeResult:
    record_id: str
    norm_id: str
    norm: float
    unit: str
    tariff: float
    rule: str
    members: tuple[BrigadeMember, ...]
    size_source: str
    # True when the user gave each member's output (--outputs): the record is then not used.
    outputs_given: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "record": None if self.outputs_given else self.record_id,
            "outputs_given": self.outputs_given,
            "norm": self.norm_id,
            "norm_value": self.norm,
            "unit": self.unit,
            "tariff": self.tariff,
            "rule": self.rule,
            "size_source": self.size_source,
            "members": [m.as_dict() for m in self.members],
        }


def _settings(rates: Rates) -> dict[str, Any]:
    path = (rates.root or Path(".")) / "brigade.toml"
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from None


def compare_brigade(
    rates: Rates,
    size: int | None = None,
    outputs: Sequence[float] | None = None,
    rule: str | RuleSpec | None = None,
) -> BrigadeResult:
    """Each member's monthly pay under an equal brigade split and under individual rates.

    >>> from stakhanov import load_rates
    >>> res = compare_brigade(load_rates())
    >>> round(res.members[0].individual_pay, 1)  # hewer credited with 102 t: 450 * 102 / 7
    6557.1
    """
    settings = _settings(rates)
    record = rates.record(str(settings["record"]))
    norm = rates.norm(str(record.norm_id))
    roles = [str(r) for r in settings["roles"]]
    if outputs is not None:
        check_size(len(outputs), "brigade", "--outputs", "a brigade is a hewer and a few timbermen")
        out = [float(q) for q in outputs]
        if size is not None and size != len(out):
            raise UsageError(f"--size {size} does not match {len(out)} outputs")
    else:
        n = int(settings["size"]) if size is None else size
        if n < 1:
            raise UsageError(f"a brigade has at least one member, got --size {n}")
        # Members are listed one by one: bound the count before the list is made.
        check_size(n, "brigade", "--size", "a brigade is a hewer and a few timbermen")
        share = float(settings["hewer_share"])
        # The hewer gets its share of the record; the rest is spread over the others.
        rest = (1 - share) / (n - 1) if n > 1 else 0.0
        out = [record.output.mid * share] + [record.output.mid * rest] * (n - 1)
    if not out or any(not math.isfinite(q) or q < 0 for q in out):
        raise UsageError("each member's output must be a number >= 0")
    spec = rule if isinstance(rule, RuleSpec) else rule_for(rates, rule)
    w0 = tariff(rates, norm)
    split = brigade_split(out, norm.value, w0, spec)
    own = individual_pay(out, norm.value, w0, spec)
    members = tuple(
        BrigadeMember(roles[0] if i == 0 else roles[-1], q, s, o)
        for i, (q, s, o) in enumerate(zip(out, split, own, strict=True))
    )
    source = str(settings.get("size_source", "")) if size is None and outputs is None else "user"
    return BrigadeResult(
        record.id,
        norm.id,
        norm.value,
        norm.unit,
        w0,
        spec.name,
        members,
        source,
        outputs_given=outputs is not None,
    )
