"""The sources' own quantitative claims, checked against the data.

Each row of ``rates/claims.csv`` states one claim ("engineers earn from 80 to 100 times an
unskilled worker"), what it measures in the data (a ratio of two wage groups, a record over
a norm, ...) and where it is printed. ``check_claims`` computes the measure as an interval
and judges the claim against it: **holds**, **roughly** or **fails** (see ``_judge``), with
the arithmetic and, where it does not hold, the figure that would have made it hold.

The claims are data, and so is everything they are checked against: a changed ``Rates``
(a scenario) changes the verdicts, and the tolerance is a parameter.

>>> from stakhanov.data.rates import load_rates
>>> check_claim(load_rates(), "kaslov-11-times").verdict
'holds'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from stakhanov.calc._judge import COMPARATORS, fig, judge
from stakhanov.calc._measures import (
    MEASURES,
    Computed,
    PairVerdict,
    check_operands,
    compute,
    implied,
    pairs_text,
    try_pairs,
)
from stakhanov.calc.display import ShowsHtml
from stakhanov.data.csvrows import Row, clash, load_table
from stakhanov.data.interval import Span
from stakhanov.data.rates import Rates, default_rates_dir, load_rates
from stakhanov.data.records import Citation
from stakhanov.errors import DataError, UsageError, unknown

__all__ = [
    "COMPARATORS",
    "DEFAULT_TOLERANCE",
    "MEASURES",
    "VERDICTS",
    "Claim",
    "ClaimSummary",
    "ClaimVerdict",
    "PairVerdict",
    "check_claim",
    "check_claims",
    "load_claims",
    "summarize",
]

# How far "about" and "almost" may stray, relative to the claimed figure, and how far any
# other claim may miss and still be "roughly" right. 10%: the sources print round figures
# ("about ten", "almost twice"), and one significant digit is about that precise.
DEFAULT_TOLERANCE = 0.10

VERDICTS = ("holds", "roughly", "fails")


@dataclass(frozen=True)
class Claim:
    """One quantitative claim of a source and what it compares in the data."""

    id: str
    claim: str
    comparator: str
    claimed_low: float
    claimed_high: float | None  # only a from-to claim has a second figure
    measure: str
    numerator: str
    denominator: str | None
    figure: float | None  # a literal figure the claim divides by (the 120-ruble worker)
    pairs: str | None  # an industry: check every ordered pair of its groups as well
    citation: Citation
    note: str = ""


@dataclass(frozen=True)
class ClaimVerdict(ShowsHtml):
    """A claim judged against the data, with the arithmetic a reader can check."""

    claim: Claim
    verdict: str
    claimed: str  # the claim's figure in words: 'more than 11×', '80 to 100×'
    computed: Span
    unit: str
    steps: tuple[str, ...]  # the arithmetic, one step at a time
    would_hold_if: str | None
    pairs: tuple[PairVerdict, ...]
    tolerance: float
    data: tuple[str, ...]  # citations of the figures the claim was checked against

    @property
    def source(self) -> str:
        return str(self.claim.citation)

    @property
    def arithmetic(self) -> str:
        return "; ".join(self.steps)

    def as_dict(self) -> dict[str, Any]:
        """DESIGN's JSON keys, plus the figures that would make it hold and the pairs."""
        c, s = self.claim, self.computed
        return {
            "id": c.id,
            "claim": c.claim,
            "claimed": {
                "comparator": c.comparator,
                "low": c.claimed_low,
                "high": c.claimed_high,
                "text": self.claimed,
            },
            "computed": {
                "low": s.low,
                "central": s.central,
                "high": s.high,
                "bound": s.bound,
                "unit": self.unit.strip(),
            },
            "verdict": self.verdict,
            "arithmetic": self.arithmetic,
            "source": c.citation.source_id,
            "paragraph": c.citation.paragraph,
            "locator": c.citation.locator or None,  # a package's page, table, ...
            "as_printed": c.citation.as_printed,
            "would_hold_if": self.would_hold_if,
            "pairs": [p.as_dict() for p in self.pairs],
            "tolerance": self.tolerance,
            "data": list(self.data),
            "note": c.note,
        }

    def as_row(self) -> dict[str, Any]:
        """One flat row for CSV."""
        c, s = self.claim, self.computed
        return {
            "id": c.id,
            "claim": c.claim,
            "claimed": self.claimed,
            "claimed_low": c.claimed_low,
            "claimed_high": c.claimed_high,
            "computed_low": s.low,
            "computed_central": s.central,
            "computed_high": s.high,
            "computed_bound": s.bound,
            "unit": self.unit.strip(),
            "verdict": self.verdict,
            "source": c.citation.source_id,
            "paragraph": c.citation.paragraph,
            "locator": c.citation.locator or None,  # a package's page, table, ...
            "would_hold_if": self.would_hold_if,
            "pairs": [f"{p.numerator}/{p.denominator}: {p.verdict}" for p in self.pairs],
            "arithmetic": self.arithmetic,
            "data": list(self.data),  # whence the figures checked: a source, or a scenario
        }


@dataclass(frozen=True)
class ClaimSummary:
    """How many claims hold, roughly hold and fail."""

    holds: int
    roughly: int
    fails: int

    @property
    def total(self) -> int:
        return self.holds + self.roughly + self.fails

    @property
    def line(self) -> str:
        return (
            f"{self.holds} of {self.total} claims hold, {self.roughly} roughly, "
            f"{self.fails} fail — see `stakhanov claims`"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "holds": self.holds,
            "roughly": self.roughly,
            "fails": self.fails,
            "total": self.total,
            "summary": self.line,
        }


# --- loading -------------------------------------------------------------------------------


def load_claims(source: Rates | str | Path | None = None) -> tuple[Claim, ...]:
    """Load and validate ``claims.csv`` beside the data; every problem is reported at once.

    ``source`` is a loaded ``Rates`` (its folder is read) or a rates folder (loaded first, as
    claims name its groups, norms and records).
    """
    rates = source if isinstance(source, Rates) else load_rates(source)
    problems: list[str] = []
    claims: dict[str, Claim] = {}
    where: dict[str, str] = {}
    parse = partial(_claim, rates=rates)
    # The built-in claims (unless --no-builtin), then each package's own, if it has any; a
    # package's claim id must be new, as its rows' ids must.
    folders = [(rates.root or default_rates_dir(), "")] if rates.builtin else []
    folders += [(p, str(p / "claims.csv")) for p in rates.packages if (p / "claims.csv").exists()]
    for root, label in folders:
        lines: dict[str, str] = {}
        found = load_table(
            root, "claims.csv", parse, problems, rates.sources, label=label or None, lines=lines
        )
        for claim_id, claim in found.items():
            if claim_id in claims:
                problems.append(clash(lines[claim_id], claim_id, where[claim_id]))
            else:
                claims[claim_id], where[claim_id] = claim, lines[claim_id]
    if problems:
        raise DataError(problems)
    return tuple(claims.values())


def _claim(row: Row, rates: Rates) -> Claim:
    comparator = row.choice("comparator", COMPARATORS)
    low = row.number("claimed_low")
    high = _optional_number(row, "claimed_high")
    raw_high = row.text("claimed_high", required=False)
    if comparator == "from-to" and not raw_high:
        row.fail("claimed_high", "missing value (a from-to claim has two figures)")
    elif comparator == "from-to" and high is not None and low > high:
        row.fail("claimed_low", f"{fig(low)} > claimed_high {fig(high)}")
    elif comparator in COMPARATORS and comparator != "from-to" and raw_high:
        row.fail("claimed_high", f"only a from-to claim has a second figure, got '{raw_high}'")
    measure = row.choice("measure", MEASURES)
    numerator = row.text("numerator")
    denominator = row.optional("denominator")
    figure = _optional_number(row, "figure")
    pairs = row.optional("pairs")
    if measure in MEASURES:
        check_operands(row, rates, measure, numerator, denominator, pairs)
    citation = row.citation()
    if not citation.as_printed:
        row.fail("as_printed", "missing value (what the paragraph prints)")
    return Claim(
        id=row.text("id"),
        claim=row.text("claim"),
        comparator=comparator,
        claimed_low=low,
        claimed_high=high,
        measure=measure,
        numerator=numerator,
        denominator=denominator,
        figure=figure,
        pairs=pairs,
        citation=citation,
        note=row.text("note", required=False),
    )


def _optional_number(row: Row, column: str) -> float | None:
    if not row.text(column, required=False):
        return None
    value = row.number(column)
    return None if math.isnan(value) else value


# --- checking ------------------------------------------------------------------------------


def check_claims(
    rates: Rates,
    tolerance: float | None = None,
    *,
    claims: Sequence[Claim] | None = None,
) -> list[ClaimVerdict]:
    """Every claim judged against ``rates`` (claims read beside the data unless given).

    >>> from stakhanov.data.rates import load_rates
    >>> [v.verdict for v in check_claims(load_rates())][:3]
    ['roughly', 'holds', 'roughly']
    """
    tol = _tolerance(rates, tolerance)
    items = load_claims(rates) if claims is None else claims
    return [_verdict(rates, c, tol) for c in items]


def check_claim(
    rates: Rates,
    claim_id: str,
    tolerance: float | None = None,
    *,
    claims: Sequence[Claim] | None = None,
) -> ClaimVerdict:
    """One claim by id; an unknown id suggests the closest one.

    >>> from stakhanov.data.rates import load_rates
    >>> check_claim(load_rates(), "borisov-46-times-norm").would_hold_if
    'norm coal-hewing: 17.39 t (given 6–7)'
    """
    tol = _tolerance(rates, tolerance)
    by_id = {c.id: c for c in (load_claims(rates) if claims is None else claims)}
    if claim_id not in by_id:
        raise unknown("claim", claim_id, by_id)
    return _verdict(rates, by_id[claim_id], tol)


def summarize(verdicts: Iterable[ClaimVerdict]) -> ClaimSummary:
    """Count the verdicts: the one line `stakhanov report` ends with."""
    counts = dict.fromkeys(VERDICTS, 0)
    for v in verdicts:
        counts[v.verdict] += 1
    return ClaimSummary(counts["holds"], counts["roughly"], counts["fails"])


def _tolerance(rates: Rates, tolerance: float | None) -> float:
    """The tolerance asked for, else the scenario's ([claims] tolerance), else the default."""
    if tolerance is None:
        tolerance = DEFAULT_TOLERANCE if rates.claim_tolerance is None else rates.claim_tolerance
    from stakhanov.data.limits import in_range

    if problem := in_range(tolerance, "tolerance"):
        raise UsageError(f"tolerance {problem}")
    return tolerance


def _verdict(rates: Rates, claim: Claim, tol: float) -> ClaimVerdict:
    c = compute(rates, claim.measure, claim.numerator, claim.denominator, claim.figure)
    said = (claim.comparator, claim.claimed_low, claim.claimed_high)
    j = judge(c.value, *said, tol)
    parts = [c.expression, j.reason]
    if c.as_printed is not None:
        raw = judge(c.as_printed, *said, tol)
        bases = "; ".join(
            f"{op.id}: {op.basis}" for op in (c.numerator, c.denominator) if op and op.factor != 1
        )
        if raw.verdict != j.verdict:
            parts.append(
                f"only after the period conversion ({bases}): as printed, "
                f"{c.as_printed_expression} → {raw.verdict}"
            )
        else:
            parts.append(
                f"after the period conversion ({bases}); as printed, "
                f"{c.as_printed_expression} → {raw.verdict} as well"
            )
    parts += c.notes
    pairs: tuple[PairVerdict, ...] = ()
    if claim.pairs:
        tried = try_pairs(rates, claim.pairs, *said, tol)
        pairs = tuple(p for p in tried if p.verdict != "fails")
        parts.append(pairs_text(claim.pairs, (claim.numerator, claim.denominator), tried))
    would = None if j.verdict == "holds" else implied(c, claim.measure, *said)
    return ClaimVerdict(
        claim=claim,
        verdict=j.verdict,
        claimed=_claimed_text(claim, c.unit),
        computed=c.value.span(),
        unit=c.unit,
        steps=tuple(parts),
        would_hold_if=would,
        pairs=pairs,
        tolerance=tol,
        data=_data(c),
    )


def _claimed_text(claim: Claim, unit: str) -> str:
    low = fig(claim.claimed_low)
    if claim.comparator == "from-to":
        return f"{low} to {fig(claim.claimed_high or claim.claimed_low)}{unit}"
    if claim.comparator == "equals":
        return f"{low}{unit}"
    return f"{claim.comparator} {low}{unit}"


def _data(c: Computed) -> tuple[str, ...]:
    cited = [op.citation for op in (c.numerator, c.denominator) if op and op.citation]
    return tuple(dict.fromkeys(str(x) for x in cited))
