"""Every row of rates/ cites a paragraph that really contains its figure.

The figures are checked against the source texts themselves (shared/sources), token by
token, by the library's quote check (``stakhanov.data.quotes``, the code path of
``stakhanov data check --texts``): each ``as_printed`` part stands in the paragraph as whole
number tokens, and each figure of the row is one of those tokens or a number in words. A
figure printed with an OCR error ('5oo' for 500) passes only if the row's note names the
misprint and the figure ("OCR", '5oo', 500). The same holds for claims.csv.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import paragraphs
from stakhanov.calc.datacheck import check_packages
from stakhanov.data.quotes import figure_problem, printed_in, row_problems, says
from stakhanov.data.rates import default_rates_dir

RATES = default_rates_dir()
TABLES = ("wages", "norms", "records", "privileges")


def _rows() -> list[tuple[str, dict[str, str]]]:
    out = []
    for table in TABLES:
        with (RATES / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            out += [(table, row) for row in csv.DictReader(handle)]
    return out


def _sources() -> dict[str, dict[str, str]]:
    with (RATES / "sources.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


ROWS = _rows()


@pytest.mark.parametrize(("table", "row"), ROWS, ids=[f"{t}:{r['id']}" for t, r in ROWS])
def test_cited_paragraph_contains_the_figure(
    sources_dir: Path, table: str, row: dict[str, str]
) -> None:
    source = _sources()[row["source_id"]]
    if source["kind"] == "external":
        assert not source["file"], "an external reference has no text here to check"
        return
    text = paragraphs(sources_dir / source["file"])[int(row["paragraph"]) - 1]
    assert row_problems(table, row, text, f"paragraph {row['paragraph']}") == []


def _check_figure(row: dict[str, str], column: str, printed: list[str]) -> None:
    problem = figure_problem(row, column, printed)
    assert problem is None, problem


def _claims() -> list[dict[str, str]]:
    with (RATES / "claims.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CLAIMS = _claims()


@pytest.mark.parametrize("row", CLAIMS, ids=[r["id"] for r in CLAIMS])
def test_claim_paragraph_prints_the_claimed_figure(sources_dir: Path, row: dict[str, str]) -> None:
    source = _sources()[row["source_id"]]
    assert source["kind"] != "external", "a claim is one a source text makes"
    texts = paragraphs(sources_dir / source["file"])
    assert 1 <= int(row["paragraph"]) <= len(texts)
    text = texts[int(row["paragraph"]) - 1]
    assert row_problems("claims", row, text, f"paragraph {row['paragraph']}") == []


def test_the_command_and_these_tests_are_one_check(sources_dir: Path) -> None:
    # `stakhanov data check --texts` runs the same functions over every row and the ledger.
    result = check_packages(texts=sources_dir)
    assert result.problems == ()
    assert result.quoted == len(ROWS) + len(CLAIMS) + len(_read_mentions())


def test_the_quote_check_refuses_a_figure_not_in_its_paragraph() -> None:
    text = "earn more than 1,600 rubles a month, while the team driver gets 170"
    row = {"low": "1700", "high": "1700", "as_printed": "1,600", "note": ""}
    assert row_problems("wages", row, text, "¶ 28") == [
        "low: 1700 is not printed in ['1,600'], and no OCR note names it",
        "high: 1700 is not printed in ['1,600'], and no OCR note names it",
    ]
    moved = {"low": "1600", "high": "1600", "as_printed": "1,700", "note": ""}
    assert row_problems("wages", moved, text, "¶ 28")[0] == "as_printed: '1,700' is not in ¶ 28"


def _read_mentions() -> list[dict[str, str]]:
    with (RATES / "mentions.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_four_source_files_exist(sources_dir: Path) -> None:
    files = {s["file"] for s in _sources().values() if s["kind"] not in ("external", "quoted")}
    assert len(files) == 4
    for name in files:
        assert (sources_dir / name).is_file(), name


def test_paragraph_numbers_are_within_the_text(sources_dir: Path) -> None:
    sources = _sources()
    for _, row in ROWS:
        source = sources[row["source_id"]]
        if source["file"]:
            assert int(row["paragraph"]) <= len(paragraphs(sources_dir / source["file"]))


def test_a_figure_inside_another_token_does_not_match() -> None:
    # The hole this check had: 44 was "found" inside 144, 600 inside 1,600.
    assert not printed_in("44", "passed from 70 looms to 144")
    assert not printed_in("600", "more than 1,600 rubles")
    assert printed_in("144", "passed from 70 looms to 144.")
    assert not says("144", 44) and says("1,600", 1600) and says("2 to 2½ times", 2.5)


def test_a_changed_figure_fails_even_with_its_old_text() -> None:
    row = {"low": "44", "note": "Looms attended, up from 70.", "as_printed": "144"}
    with pytest.raises(AssertionError, match="no OCR note names it"):
        _check_figure(row, "low", ["144"])


def test_an_ocr_reading_needs_a_note_naming_the_misprint_and_the_figure() -> None:
    named = {"high": "500", "note": "the text prints '5oo', an OCR error for 500"}
    _check_figure(named, "high", ["400", "5oo"])
    for note in ("an OCR error", "the text prints '5oo' for 500", "OCR: '5oo' for 600"):
        with pytest.raises(AssertionError):
            _check_figure({"high": "500", "note": note}, "high", ["400", "5oo"])
