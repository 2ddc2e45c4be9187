"""Pay rules: monthly earnings as a function of a worker's output per shift.

A rule is data (``stakhanov.data.rules`` reads ``rates/rules/<name>.toml`` into a
``RuleSpec``); this module computes what it pays. Every rule takes the same two inputs
besides output: the norm N (output per shift that counts as 100%) and the tariff W0 (monthly
earnings for meeting the norm exactly). The formulas, in terms of x = q / N, are:

=============  ==============================================================================
straight       W0 * x: differential piece-work, pay in proportion to output (Markin, para. 27)
progressive    straight, plus a surcharge on the part of output inside each band above the norm
taylor         W0 * x * low below the norm, W0 * x * high at or above it (all units)
merrick        W0 * x * rate, the rate set by the band x falls in (all units)
halsey         W0 below the norm; W0 * (1 + share * (x - 1)) at or above it
rowan          W0 below the norm; W0 * (2 - 1 / x) at or above it
gantt          W0 below the norm; W0 * x * (1 + bonus) at or above it
=============  ==============================================================================

How the premium plans turn into output terms, for a shift of fixed length T paid W0 / T an
hour (per month, the same factor throughout). Output q at standard speed would take T * x
hours, so doing it in T saves T * (x - 1); below the norm nothing is saved and the time wage
W0 is guaranteed.

- Halsey: the worker gets ``share`` of the time saved at the time rate:
  W0 + share * T * (x - 1) * W0 / T = W0 * (1 + share * (x - 1)).
- Rowan: the bonus is the time wage times (time saved / time allowed):
  W0 + W0 * T * (x - 1) / (T * x) = W0 * (2 - 1 / x); it nears 2 * W0 and never reaches it.
- Gantt: at or above the norm the worker is paid for the time allowed, T * x hours, plus a
  bonus on it: W0 * x * (1 + bonus). Pay jumps by ``bonus`` at the norm.

A guaranteed minimum (a fraction of the tariff) can sit under any rule. It is a later Soviet
labour-code rule, so it is never a default for the 1935 data: a user adds it as an
assumption, with ``guaranteed_minimum`` in a rule file or ``with_minimum``.

``norms``, ``sweep`` and ``brigade`` beside it pay by these rules; ``_bands`` holds the band
arithmetic, for one float or for an array.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, overload

from stakhanov.calc import _bands
from stakhanov.data.rules import STRAIGHT, RuleSpec
from stakhanov.errors import UsageError

__all__ = [
    "brigade_split",
    "implied_output",
    "individual_pay",
    "pay",
    "rule_fractions",
    "rule_number",
    "schedule",
]

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

# The closed-form inverses are exact in real numbers; in floating point they can land an
# ulp or two off, which matters next to a jump (an ulp past the norm pays Taylor's high
# rate). implied_output nudges its answer against pay() itself, at most this many ulps.
_POLISH_STEPS = 8


@overload
def pay(spec: RuleSpec, output: float, norm: float, tariff: float) -> float: ...
@overload
def pay(spec: RuleSpec, output: FloatArray, norm: float, tariff: float) -> FloatArray: ...
def pay(
    spec: RuleSpec, output: float | FloatArray, norm: float, tariff: float
) -> float | FloatArray:
    """Monthly earnings at ``output`` per shift; a float for a float, an array for an array.

    >>> pay(STRAIGHT, 21.0, norm=7, tariff=450)  # 450 * 21 / 7
    1350.0
    """
    _check_terms(norm, tariff)
    if isinstance(output, int | float):  # one wage: plain Python, numpy never loads
        x = float(output)
        if not (math.isfinite(x) and x >= 0):
            raise UsageError(f"output must be a finite number >= 0, got {x:g}")
        return float(_floor(spec, tariff * _ratio_pay(spec, x / norm, _bands.FLOATS), tariff, max))
    import numpy as np

    q = np.asarray(output, dtype=np.float64)
    bad = q[~(np.isfinite(q) & (q >= 0))]
    if bad.size:
        raise UsageError(f"output must be a finite number >= 0, got {bad.flat[0]:g}")
    ops = _bands.FLOATS if q.ndim == 0 else _bands.arrays()
    earnings = _floor(spec, tariff * _ratio_pay(spec, q / norm, ops), tariff, np.maximum)
    return float(earnings) if q.ndim == 0 else earnings


def _floor(spec: RuleSpec, earnings: Any, tariff: float, maximum: Any) -> Any:
    """Earnings, raised to the rule's guaranteed minimum where it has one."""
    if spec.guaranteed_minimum is None:
        return earnings
    return maximum(earnings, spec.guaranteed_minimum * tariff)


def implied_output(spec: RuleSpec, earnings: float, norm: float, tariff: float) -> float:
    """The least output per shift that earns at least ``earnings``: pay's inverse.

    Where pay rises steadily this is the exact inverse (q = N * W / W0 for straight piece
    rates). Where pay is flat, at a guaranteed wage or minimum, the least output is 0: any
    earnings up to that floor are "implied" by no output at all. Where pay jumps (Taylor,
    Merrick, Gantt at the norm), earnings that fall inside the jump imply the output at the
    jump, which earns more than asked. Rowan's pay never reaches twice the tariff, so
    asking for that much raises ``UsageError``.

    >>> implied_output(STRAIGHT, 495, norm=7, tariff=450)  # 7 * 495 / 450
    7.7
    """
    _check_terms(norm, tariff)
    if not (math.isfinite(earnings) and earnings >= 0):
        raise UsageError(f"earnings must be a finite number >= 0, got {earnings:g}")
    if earnings <= pay(spec, 0.0, norm, tariff):
        return 0.0
    if spec.kind == "rowan" and earnings >= 2 * tariff:
        raise UsageError(
            f"earnings {earnings:g} are out of reach under rule '{spec.name}': "
            f"it pays less than twice the tariff ({2 * tariff:g}) at any output"
        )
    # Above the floor, max(pay, floor) >= E exactly when pay >= E: invert the bare rule.
    q = norm * _ratio_inverse(spec, earnings / tariff)
    for _ in range(_POLISH_STEPS):
        if pay(spec, q, norm, tariff) >= earnings:
            break
        q = math.nextafter(q, math.inf)
    for _ in range(_POLISH_STEPS):
        lower = math.nextafter(q, 0.0)
        if pay(spec, lower, norm, tariff) < earnings:
            break
        q = lower
    return q


def individual_pay(
    outputs: Sequence[float], norm: float, tariff: float, spec: RuleSpec | None = None
) -> tuple[float, ...]:
    """Differential piece-work: each member is paid by their own output.

    This is the system Markin (para. 27) describes as replacing brigade piece-work in 1935:
    each worker's pay follows what that worker produced. ``spec`` defaults to the straight
    piece rate.

    >>> individual_pay([21, 7], norm=7, tariff=450)  # 450 * 3, 450 * 1
    (1350.0, 450.0)
    """
    q = _members(outputs)
    return tuple(float(e) for e in pay(spec or STRAIGHT, q, norm, tariff))


def brigade_split(
    outputs: Sequence[float], norm: float, tariff: float, spec: RuleSpec | None = None
) -> tuple[float, ...]:
    """Brigade piece-work: the brigade is paid for its total output, shared equally.

    Markin (para. 27) describes the brigade as paid for what it produced as a group and the
    pay divided "almost" equally; the model divides it exactly equally. The brigade's pay
    is that of one worker-team with norm n * N and tariff n * W0, which is
    ``n * pay(mean output)``, so each member gets ``pay(mean output)``. Under a straight
    rate the brigade total equals the sum of individual pay and only its division differs;
    under a progressive rate the brigade total is lower, since averaging output keeps it out
    of the high bands. ``spec`` defaults to the straight piece rate.

    >>> brigade_split([21, 7, 3.5], norm=7, tariff=450)  # mean 10.5: 450 * 10.5 / 7 = 675
    (675.0, 675.0, 675.0)
    """
    q = _members(outputs)
    mean = math.fsum(q.tolist()) / q.size
    return (pay(spec or STRAIGHT, mean, norm, tariff),) * q.size


def _check_terms(norm: float, tariff: float) -> None:
    if not (math.isfinite(norm) and norm > 0):
        raise UsageError(f"norm must be a finite number > 0, got {norm:g}")
    if not (math.isfinite(tariff) and tariff > 0):
        raise UsageError(f"tariff must be a finite number > 0, got {tariff:g}")


def _members(outputs: Sequence[float]) -> FloatArray:
    import numpy as np

    if len(outputs) == 0:
        raise UsageError("a brigade needs at least one member's output")
    return np.asarray(outputs, dtype=np.float64)


def rule_number(spec: RuleSpec, key: str) -> float:
    """A rule's number parameter (share, bonus, low, high), or an error naming it."""
    value = spec.params.get(key)
    if not isinstance(value, float | int):
        raise UsageError(f"rule '{spec.name}': params.{key} must be a number, got {value!r}")
    return float(value)


def rule_fractions(spec: RuleSpec, key: str, scale: float = 100.0) -> tuple[float, ...]:
    """A rule's list parameter divided by ``scale``: edges and surcharges in percent become
    fractions (``scale=1`` for rates, already multiples of the straight rate)."""
    # Percent in the file (edges 110, surcharges 25), fractions in the arithmetic.
    value = spec.params.get(key)
    if not isinstance(value, tuple):
        raise UsageError(f"rule '{spec.name}': params.{key} must be a list, got {value!r}")
    return tuple(float(v) / scale for v in value)


def _ratio_pay(spec: RuleSpec, x: Any, ops: _bands.Ops) -> Any:
    """Earnings / tariff at output / norm ``x`` (a float or an array, with its ``ops``),
    before any guaranteed minimum."""
    match spec.kind:
        case "straight":
            return x
        case "progressive":
            edges, surcharges = rule_fractions(spec, "edges"), rule_fractions(spec, "surcharges")
            return _bands.surcharged(x, edges, surcharges, ops)
        case "taylor":
            rates = (rule_number(spec, "low"), rule_number(spec, "high"))
            return _bands.stepped(x, (1.0,), rates, ops)
        case "merrick":
            edges, steps = rule_fractions(spec, "edges"), rule_fractions(spec, "rates", 1.0)
            return _bands.stepped(x, edges, steps, ops)
        case "halsey":
            return 1.0 + rule_number(spec, "share") * ops.maximum(x - 1.0, 0.0)
        case "rowan":
            return 2.0 - 1.0 / ops.maximum(x, 1.0)
        case "gantt":
            return ops.where(x >= 1.0, x * (1.0 + rule_number(spec, "bonus")), 1.0)
    raise UsageError(f"rule '{spec.name}': unknown rule kind '{spec.kind}'")


def _ratio_inverse(spec: RuleSpec, y: float) -> float:
    """The least x with _ratio_pay(x) >= y, for y above the rule's pay at zero output."""
    match spec.kind:
        case "straight":
            return y
        case "progressive":
            return _bands.surcharged_inverse(
                y, rule_fractions(spec, "edges"), rule_fractions(spec, "surcharges")
            )
        case "taylor":
            return _bands.stepped_inverse(
                y, (1.0,), (rule_number(spec, "low"), rule_number(spec, "high"))
            )
        case "merrick":
            return _bands.stepped_inverse(
                y, rule_fractions(spec, "edges"), rule_fractions(spec, "rates", 1.0)
            )
        case "halsey":
            return 1.0 + (y - 1.0) / rule_number(spec, "share")
        case "rowan":
            # y < 2 here; rounding can still bring it to 2.0, so keep 1 / (2 - y) finite.
            return 1.0 / (2.0 - min(y, math.nextafter(2.0, 0.0)))
        case "gantt":
            return max(1.0, y / (1.0 + rule_number(spec, "bonus")))
    raise UsageError(f"rule '{spec.name}': unknown rule kind '{spec.kind}'")


def schedule(
    specs: Sequence[RuleSpec], outputs: Sequence[float], norm: float, tariff: float
) -> list[dict[str, float]]:
    """Pay under each rule at each output: one row per output, one column per rule.

    >>> schedule([STRAIGHT], [3.5, 7.0, 21.0], norm=7, tariff=450)[2]["straight"]
    1350.0
    """
    q = _members(outputs)
    columns = {spec.name: pay(spec, q, norm, tariff) for spec in specs}
    return [
        {"output": float(qi), "pct_of_norm": 100 * float(qi) / norm}
        | {name: float(values[i]) for name, values in columns.items()}
        for i, qi in enumerate(q)
    ]
