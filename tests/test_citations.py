"""Every row of rates/ cites a paragraph that really contains its figure.

The figures are checked against the source texts themselves (shared/sources), token by
token (tests/sourcetext.py): each ``as_printed`` part stands in the paragraph as whole number
tokens, and each figure of the row is one of those tokens or a number in words. A figure
printed with an OCR error ('5oo' for 500) passes only if the row's note names the misprint
and the figure ("OCR", '5oo', 500). The same holds for claims.csv.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import paragraphs
from sourcetext import ocr_note_names, printed_in, says
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
    printed = [token for token in row["as_printed"].split(";") if token]
    assert printed, "every cited row names what the paragraph prints"
    for token in printed:
        assert printed_in(token, text), f"{token!r} is not in paragraph {row['paragraph']}"
    if table == "privileges":
        return
    # Each number the row holds must be one the paragraph prints (a whole number token of
    # as_printed, or a number in words), unless the note declares the text's OCR error.
    for column in ("low", "high", "value"):
        if column in row:
            _check_figure(row, column, printed)


def _check_figure(row: dict[str, str], column: str, printed: list[str]) -> None:
    value = float(row[column])
    if not any(says(token, value) for token in printed):
        assert any(ocr_note_names(row["note"], t, value) for t in printed), (
            f"{column}={row[column]} is not printed in {printed}, and no OCR note names it"
        )


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
    printed = [token for token in row["as_printed"].split(";") if token]
    assert printed, "every claim names what the paragraph prints"
    for token in printed:
        assert printed_in(token, text), f"{token!r} is not in paragraph {row['paragraph']}"
    for column in ("claimed_low", "claimed_high", "figure"):
        if row[column]:
            _check_figure(row, column, printed)


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
    with pytest.raises(AssertionError, match="no OCR note"):
        _check_figure(row, "low", ["144"])


def test_an_ocr_reading_needs_a_note_naming_the_misprint_and_the_figure() -> None:
    named = {"high": "500", "note": "the text prints '5oo', an OCR error for 500"}
    _check_figure(named, "high", ["400", "5oo"])
    for note in ("an OCR error", "the text prints '5oo' for 500", "OCR: '5oo' for 600"):
        with pytest.raises(AssertionError):
            _check_figure({"high": "500", "note": note}, "high", ["400", "5oo"])
