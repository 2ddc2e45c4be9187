"""The ledger rates/mentions.csv accounts for every figure the four source texts print.

Against the texts (skipped, with one line, when they are absent; see conftest.sources_dir):
each row's ``as_printed`` stands in its paragraph as whole number tokens, its figures are the
ones printed, and every number token of every paragraph is claimed by a row or listed below
as not a quantity. Without the texts: each row feeds a data row that exists, or says why not.
Neighbours: stakhanov.data.quotes (how figures are read, the code path of `data check
--texts`), test_citations.py (the data rows).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, paragraphs
from stakhanov.data.quotes import mention_problems, tokens

RATES = ROOT / "rates"

# Number tokens that label or number something rather than state a quantity. Everything
# else a paragraph prints in digits has a ledger row (dates and page numbers included, as
# rows left out of the data with that reason).
NOT_QUANTITIES: dict[tuple[str, int], list[str]] = {
    ("markin-1936", 6): ["3", "1"],  # the journal's volume and issue number
    ("markin-1936", 35): ["5"],  # pit No. 5: a pit's number
    ("markin-1936", 37): ["25"],  # section 25 of the box factory: a section's number
    # The blog's comments are a numbered list: "1.", "2.", ... (the likes are rows).
    ("blog-freeze", 9): ["1"],
    ("blog-freeze", 10): ["2"],
    ("blog-freeze", 12): ["3"],
    ("blog-freeze", 14): ["4"],
    ("blog-freeze", 15): ["5"],
    ("blog-freeze", 17): ["1"],
    ("blog-freeze", 18): ["6"],
    ("blog-freeze", 20): ["1"],
}

# The tables a ledger row may feed, as "table:id".
TABLES = ("wages", "norms", "records", "privileges", "claims")


def _read(name: str) -> list[dict[str, str]]:
    with (RATES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


MENTIONS = _read("mentions.csv")
SOURCES = {row["id"]: row for row in _read("sources.csv")}


def _texts(sources_dir: Path) -> dict[str, list[str]]:
    return {sid: paragraphs(sources_dir / s["file"]) for sid, s in SOURCES.items() if s["file"]}


def test_each_row_feeds_a_data_row_or_says_why_not() -> None:
    ids = {table: {row["id"] for row in _read(f"{table}.csv")} for table in TABLES}
    for line, row in enumerate(MENTIONS, start=2):
        assert bool(row["supports"]) != bool(row["left_out"]), f"line {line}: one of the two"
        if row["supports"]:
            table, _, row_id = row["supports"].partition(":")
            assert row_id in ids.get(table, ()), f"line {line}: {row['supports']} is no row"
        assert row["subject"], f"line {line}: say what the figure is"


def test_every_cited_data_row_has_its_ledger_row() -> None:
    # A data row's primary citation is a ledger row too: same source, same paragraph.
    fed = {(r["supports"], r["source_id"], r["paragraph"]) for r in MENTIONS}
    for table in ("wages", "norms", "records"):
        for row in _read(f"{table}.csv"):
            if SOURCES[row["source_id"]]["kind"] != "external":
                key = (f"{table}:{row['id']}", row["source_id"], row["paragraph"])
                assert key in fed, f"{table}:{row['id']} has no ledger row at its citation"


def test_the_manual_counts_the_ledger() -> None:
    # The data page says how many figures the ledger holds and how many feed the data.
    page = (ROOT / "docs" / "provenance.md").read_text(encoding="utf-8")
    readme = " ".join(page.split())
    fed = Counter(r["supports"].partition(":")[0] for r in MENTIONS if r["supports"])
    out = Counter(r["left_out"] for r in MENTIONS if r["left_out"])
    assert f"holds {len(MENTIONS)} figures" in readme
    assert f"{fed.total()} of them feed a row of the data" in readme
    tables = f"{fed['records']} records, {fed['claims']} claims, {fed['wages']} wage groups"
    assert f"({tables}, {fed['norms']} norms)" in readme
    assert f"The other {out.total()} are left out" in readme
    assert f"{out['a date']} dates, {out['a page number']} page numbers" in readme
    assert f"{out['rhetorical']} rhetorical figures" in readme
    assert f"{out['a headcount with no wage']} headcounts" in readme


def test_every_source_text_has_ledger_rows() -> None:
    texts = {sid for sid, s in SOURCES.items() if s["kind"] not in ("external", "quoted")}
    assert {row["source_id"] for row in MENTIONS} == texts


def test_the_record_lists_every_source_that_gives_102_tonnes() -> None:
    # The issue's own example: Markin ¶9 (primary), ¶15 (twice, the brigade caveat), AP ¶5
    # and the blog ¶3 all print 102 t for Stakhanov's shift.
    cited = sorted(
        (row["source_id"], int(row["paragraph"]))
        for row in MENTIONS
        if row["supports"] == "records:stakhanov-1935" and row["quantity"] == "102"
    )
    assert cited == [
        ("ap-trud", 5),
        ("blog-freeze", 3),
        ("markin-1936", 9),
        ("markin-1936", 15),
        ("markin-1936", 15),
    ]


IDS = [f"{r['source_id']}:{r['paragraph']}" for r in MENTIONS]


@pytest.mark.parametrize("row", MENTIONS, ids=IDS)
def test_as_printed_is_in_its_paragraph_with_its_figures(
    sources_dir: Path, row: dict[str, str]
) -> None:
    text = _texts(sources_dir)[row["source_id"]][int(row["paragraph"]) - 1]
    assert mention_problems(row, text, f"paragraph {row['paragraph']}") == []


def test_every_number_token_has_a_ledger_row(sources_dir: Path) -> None:
    claimed: dict[tuple[str, int], Counter[str]] = {}
    for row in MENTIONS:
        key = (row["source_id"], int(row["paragraph"]))
        claimed.setdefault(key, Counter()).update(tokens(row["as_printed"]))
    for key, listed in NOT_QUANTITIES.items():
        claimed.setdefault(key, Counter()).update(listed)
    for sid, texts in _texts(sources_dir).items():
        for number, text in enumerate(texts, start=1):
            printed = Counter(tokens(text))
            accounted = claimed.pop((sid, number), Counter())
            assert not printed - accounted, f"{sid} ¶{number}: no row for {printed - accounted}"
            assert not accounted - printed, f"{sid} ¶{number}: not printed {accounted - printed}"
    assert not claimed, f"rows for paragraphs the texts lack: {sorted(claimed)}"
