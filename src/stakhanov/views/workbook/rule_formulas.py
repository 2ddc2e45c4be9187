"""Every pay rule of ``rates/rules/`` as spreadsheet formulas, so the workbook stays live.

``stakhanov.calc.pay`` computes what a rule pays as W0 · m(x), x = q / N, and inverts m to
find the output a wage implies. Here the same two functions are written as spreadsheet
expressions of a cell (or any expression): ``pay_ratio(spec, x)`` is m(x) and
``output_ratio(spec, y)`` the least x with m(x) >= y. The rule's parameters (band edges,
surcharges, rates) are written into the formulas as numbers, each the same float the
library uses (percent turned into a fraction once, as ``pay`` does), so a recalculated
cell agrees with the library's value to rounding.

The one place the library goes further is at a jump (Taylor, Merrick, Gantt at an edge):
it nudges the implied output by an ulp or two against ``pay`` itself. A spreadsheet cannot,
and does not need to: an ulp is far inside the 1e-9 the tests allow.
"""

from __future__ import annotations

import math

from stakhanov.calc.pay import rule_fractions, rule_number
from stakhanov.data.rules import RuleSpec
from stakhanov.errors import UsageError

__all__ = ["output_ratio", "pay_ratio", "zero_output_pay"]


def _num(value: float) -> str:
    """A float as formula text that reads back as the same double."""
    text = repr(float(value))
    return text.removesuffix(".0") if text.endswith(".0") else text


def _stepped(spec: RuleSpec) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Band starts and rates of a rule whose rate applies to all output (Taylor, Merrick)."""
    if spec.kind == "taylor":
        return (1.0,), (rule_number(spec, "low"), rule_number(spec, "high"))
    return rule_fractions(spec, "edges"), rule_fractions(spec, "rates", 1.0)


def pay_ratio(spec: RuleSpec, x: str) -> str:
    """m(x): earnings over the tariff at output over norm ``x``, as a formula.

    >>> from stakhanov.data.rules import STRAIGHT
    >>> pay_ratio(STRAIGHT, "A1")
    '(A1)'
    """
    x = f"({x})"
    match spec.kind:
        case "straight":
            body = x
        case "progressive":
            starts, surcharges = rule_fractions(spec, "edges"), rule_fractions(spec, "surcharges")
            ends = (*starts[1:], math.inf)
            body = x
            for start, end, s in zip(starts, ends, surcharges, strict=True):
                over = f"MAX({x}-{_num(start)},0)"
                part = over if math.isinf(end) else f"MIN({over},{_num(end - start)})"
                body += f"+{_num(s)}*{part}"
            body = f"({body})"
        case "taylor" | "merrick":
            starts, rates = _stepped(spec)
            rate = _num(rates[0])
            for start, r in zip(starts, rates[1:], strict=True):
                rate = f"IF({x}>={_num(start)},{_num(r)},{rate})"
            body = f"{x}*{rate}"
        case "halsey":
            body = f"(1+{_num(rule_number(spec, 'share'))}*MAX({x}-1,0))"
        case "rowan":
            body = f"(2-1/MAX({x},1))"
        case "gantt":
            body = f"IF({x}>=1,{x}*{_num(1.0 + rule_number(spec, 'bonus'))},1)"
        case _:
            raise UsageError(f"rule '{spec.name}': unknown rule kind '{spec.kind}'")
    if spec.guaranteed_minimum is not None:
        body = f"MAX({body},{_num(spec.guaranteed_minimum)})"
    return body


def zero_output_pay(spec: RuleSpec) -> float:
    """m(0): what the rule pays for no output (a time wage's guarantee, or a minimum)."""
    base = 1.0 if spec.kind in ("halsey", "rowan", "gantt") else 0.0
    if spec.guaranteed_minimum is not None:
        return max(base, spec.guaranteed_minimum)
    return base


def output_ratio(spec: RuleSpec, y: str) -> str:
    """The least x with m(x) >= ``y`` (earnings over the tariff), as a formula; 0 where the
    rule pays ``y`` for no output at all, as ``calc.pay.implied_output`` has it.

    >>> from stakhanov.data.rules import STRAIGHT
    >>> output_ratio(STRAIGHT, "A1")
    'IF((A1)<=0,0,(A1))'
    """
    y = f"({y})"
    match spec.kind:
        case "straight":
            body = y
        case "progressive":
            body = _surcharged_inverse(
                y, rule_fractions(spec, "edges"), rule_fractions(spec, "surcharges")
            )
        case "taylor" | "merrick":
            body = _stepped_inverse(y, *_stepped(spec))
        case "halsey":
            body = f"(1+({y}-1)/{_num(rule_number(spec, 'share'))})"
        case "rowan":
            body = f"(1/(2-{y}))"  # y < 2: the library refuses a wage out of reach first
        case "gantt":
            body = f"MAX(1,{y}/{_num(1.0 + rule_number(spec, 'bonus'))})"
        case _:
            raise UsageError(f"rule '{spec.name}': unknown rule kind '{spec.kind}'")
    return f"IF({y}<={_num(zero_output_pay(spec))},0,{body})"


def _surcharged_inverse(y: str, starts: tuple[float, ...], surcharges: tuple[float, ...]) -> str:
    # The linear pieces of ``_bands.surcharged_inverse``: below each top, x0 + (y - level) / slope.
    pieces: list[tuple[float, float, float, float | None]] = []
    x0, level, slope = 0.0, 0.0, 1.0
    for start, surcharge in zip(starts, surcharges, strict=True):
        top = level + slope * (start - x0)
        pieces.append((x0, level, slope, top))
        x0, level, slope = start, top, 1.0 + surcharge
    pieces.append((x0, level, slope, None))
    body = ""
    for begin, base, rise, ceiling in reversed(pieces):
        piece = f"({_num(begin)}+({y}-{_num(base)})/{_num(rise)})"
        body = piece if ceiling is None else f"IF({y}<={_num(ceiling)},{piece},{body})"
    return body


def _stepped_inverse(y: str, starts: tuple[float, ...], rates: tuple[float, ...]) -> str:
    # ``_bands.stepped_inverse``: the first band whose x = max(low, y / rate) lies below its
    # end, else the last band.
    lows = (0.0, *starts)
    body = f"MAX({_num(lows[-1])},{y}/{_num(rates[-1])})"
    for low, high, rate in reversed(list(zip(lows[:-1], starts, rates[:-1], strict=True))):
        x = f"MAX({_num(low)},{y}/{_num(rate)})"
        body = f"IF({x}<{_num(high)},{x},{body})"
    return body
