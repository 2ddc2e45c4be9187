"""Every row of rates/ cites a paragraph that really contains its figure.

The figures are checked against the source texts themselves (shared/sources). A figure
printed with an OCR error ('5oo' for 500) is listed as printed in ``as_printed``, and the
row's note must say so: the check never silently accepts a figure the text lacks. The same
holds for claims.csv: each claim's paragraph must print the claimed figure.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from conftest import paragraphs
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


def _printed_forms(value: float) -> set[str]:
    """How a figure may stand in the text: 1600 as '1,600' or '1600'."""
    whole = int(value) if float(value).is_integer() else None
    if whole is None:
        return {f"{value:g}"}
    return {f"{whole:,}", str(whole)}


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
        assert token in text, f"{token!r} is not in paragraph {row['paragraph']}"
    if table == "privileges":
        return
    # Each number the row holds must be printed in the paragraph, digit for digit, unless
    # the row declares the text's OCR error and the printed form is in as_printed.
    words = {"six": 6, "ten": 10}
    for column in ("low", "high", "value"):
        if column not in row:
            continue
        value = float(row[column])
        found = any(form in text for form in _printed_forms(value))
        found = found or any(words.get(t) == value and t in text for t in printed)
        if not found:
            assert "OCR" in row["note"], f"{column}={row[column]} is not printed in the paragraph"
            assert any(re.search(r"[oOlu]", t) for t in printed), "say how the text prints it"


def _claims() -> list[dict[str, str]]:
    with (RATES / "claims.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CLAIMS = _claims()

# Claimed figures the sources print in words. "a tenth" stands for ten because that claim is
# turned round in claims.csv (less than a tenth: the first day over the second is above ten).
_WORDS = {
    "ten": 10.0,
    "fourteen": 14.0,
    "twice": 2.0,
    "2½": 2.5,
    "seven-tenths of 1%": 0.7,
    "a tenth": 10.0,
}


def _says(token: str, value: float) -> bool:
    """True if the printed token states ``value`` in digits (whole numbers only) or words."""
    digits = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", token)}
    if value in digits:
        return True
    return any(
        number == value and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", token)
        for word, number in _WORDS.items()
    )


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
        assert token in text, f"{token!r} is not in paragraph {row['paragraph']}"
    for column in ("claimed_low", "claimed_high", "figure"):
        if not row[column]:
            continue
        value = float(row[column])
        if not any(_says(token, value) for token in printed):
            assert "OCR" in row["note"], f"{column}={row[column]} is not in {printed}"
            assert any(re.search(r"[oOlu]", t) for t in printed), "say how the text prints it"


def test_the_four_source_files_exist(sources_dir: Path) -> None:
    files = {s["file"] for s in _sources().values() if s["kind"] != "external"}
    assert len(files) == 4
    for name in files:
        assert (sources_dir / name).is_file(), name


def test_paragraph_numbers_are_within_the_text(sources_dir: Path) -> None:
    sources = _sources()
    for _, row in ROWS:
        source = sources[row["source_id"]]
        if source["file"]:
            assert int(row["paragraph"]) <= len(paragraphs(sources_dir / source["file"]))
