"""The limits table: one source of truth for the checks, their messages and the docs.

The docs show the table ``markdown_table`` renders from ``data.limits``, between the markers
``<!-- limits:start -->`` and ``<!-- limits:end -->``, wherever they are (README.md or a page
of docs/); the checks refuse exactly what the table's words say; the messages use them.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pytest

from stakhanov.data.limits import RANGES, SIZES, WHAT, in_range, markdown_table, text_problem
from stakhanov.errors import ECHO, clip

ROOT = Path(__file__).resolve().parent.parent
MARKED = re.compile(r"<!-- limits:start -->\n(.*?)<!-- limits:end -->", re.S)


def _marked_tables() -> dict[str, list[str]]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = {}
    for page in pages:
        if page.is_file() and (tables := MARKED.findall(page.read_text(encoding="utf-8"))):
            found[str(page.relative_to(ROOT))] = tables
    return found


def test_the_docs_show_exactly_the_generated_table() -> None:
    found = _marked_tables()
    assert found, "no page holds <!-- limits:start --> ... <!-- limits:end -->"
    for page, tables in found.items():
        for table in tables:
            assert table == markdown_table(), f"{page}: the limits table is not current"


def test_every_limit_is_described_and_every_description_is_a_limit() -> None:
    assert set(WHAT) == set(RANGES) | set(SIZES)
    rows = markdown_table().splitlines()[2:]
    assert len(rows) == len(RANGES) + len(SIZES)


@pytest.mark.parametrize("kind", sorted(RANGES))
def test_each_range_refuses_exactly_what_its_words_say(kind: str) -> None:
    r = RANGES[kind]
    words = r.describe()
    # The words, read independently of the code that checks: "above" and "below" exclude
    # the end, "at least", "at most" and "between" include it.
    low_excluded = words.startswith("above")
    high_excluded = " below " in words
    assert (in_range(r.low, kind) is not None) == low_excluded, words
    assert (in_range(r.high, kind) is not None) == high_excluded, words
    inside = (r.low + r.high) / 2
    assert in_range(inside, kind) is None
    for outside in (r.low - abs(r.low) - 1, r.high + abs(r.high) + 1, math.nan, math.inf):
        problem = in_range(outside, kind)
        assert problem is not None
        assert problem.startswith(f"must be {words}, got ")  # the message quotes the table


@pytest.mark.parametrize("kind", sorted(k for k, r in RANGES.items() if r.low <= 0 <= r.high))
def test_a_subnormal_is_refused_even_where_zero_is_allowed(kind: str) -> None:
    assert in_range(sys.float_info.min / 2, kind) is not None
    if not RANGES[kind].low_open:
        assert in_range(0.0, kind) is None


@pytest.mark.parametrize("key", ["label", "title", "note", "reference"])
def test_text_length_bounds(key: str) -> None:
    limit = SIZES[f"{key}_chars"] if key in ("label", "title", "note") else SIZES["note_chars"]
    assert text_problem("x" * limit, key) is None
    problem = text_problem("x" * (limit + 1), key)
    assert problem is not None
    assert f"{limit + 1:,} characters, over the limit of {limit:,}" in problem


def test_echoed_text_is_cut_with_its_length() -> None:
    assert SIZES["echo_chars"] == ECHO
    assert clip("a" * ECHO) == "a" * ECHO
    cut = clip("b" * 100_000)
    assert cut == "b" * ECHO + "... (100,000 characters)"
