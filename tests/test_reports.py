"""The 1935 reports Markin quotes are sources of their own, and every outside source is cited.

A report (Pravda, 16 November 1935) is known only through the article: its row in
sources.csv has kind ``quoted``, names the article in ``via``, and gives its date as printed
and as read. The printed dates are checked against the article's paragraphs (skipped without
the texts); a read date that differs from the printed one is a misprint, flagged. Each data
row and ledger row the article ties to a report names it (``report_id``); ``stakhanov
sources`` lists the reports with the figures each carries. Neighbours: test_mentions.py (the
ledger), test_why.py (the chain figure → report → article → paragraph).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, paragraphs
from test_cli import run

RATES = ROOT / "rates"


def _read(name: str) -> list[dict[str, str]]:
    with (RATES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


SOURCES = {row["id"]: row for row in _read("sources.csv")}
REPORTS = {sid: s for sid, s in SOURCES.items() if s["kind"] == "quoted"}
MENTIONS = _read("mentions.csv")
PAPERS = ("Pravda", "Trud", "Izvestia")
_YEAR = re.compile(r"\b(1[89]\d\d)\b")


def test_every_report_is_known_through_the_article() -> None:
    assert len(REPORTS) >= 20  # Markin cites some twenty issues of Pravda, Trud and Izvestia
    for sid, s in REPORTS.items():
        assert s["via"] == "markin-1936" and not s["file"], sid
        assert s["title"] in PAPERS and sid.startswith(s["title"].lower()), sid
        assert s["date"].startswith("1935"), f"{sid}: every report read is of 1935"
        assert s["date_printed"] and s["paragraphs"], sid
        assert "Known only through Markin's article" in s["note"], sid


def test_a_misprint_is_flagged_where_a_printed_year_is_not_the_year_read() -> None:
    # "Nov. 18, 1936", "Nov. 13, 1925", "Sept. 24, 1925", "Nov. 1, 1925", "Nov. 11, 1936": the
    # article is signed 12 December 1935 and the movement began in August 1935.
    flagged = set()
    for sid, s in REPORTS.items():
        years = set(_YEAR.findall(s["date_printed"]))
        if years - {"1935"}:
            flagged.add(sid)
        assert (s["misprint"] == "true") == (sid in flagged), sid
        if s["misprint"] == "true":
            assert s["date_inferred"] == "true", f"{sid}: a corrected date is not as printed"
    assert flagged == {
        "pravda-1935-11-18",
        "pravda-1935-11-13",
        "trud-1935-09-24",
        "trud-1935-11-01",
        "trud-1935-11-11",
    }


def test_a_report_dated_by_its_day_only_gives_no_month() -> None:
    # ¶37: "Izvestia of the 28th": the month cannot be told, so none is given.
    izvestia = REPORTS["izvestia-28th"]
    assert (izvestia["date"], izvestia["date_inferred"]) == ("1935", "true")
    [row] = [m for m in MENTIONS if m["as_printed"] == "the 28th"]
    assert row["note"].startswith("1935.") and "cannot be determined" in row["note"]


def test_each_printed_date_stands_in_the_paragraphs_it_names(sources_dir: Path) -> None:
    texts = paragraphs(sources_dir / SOURCES["markin-1936"]["file"])
    for sid, s in REPORTS.items():
        forms = [f.strip() for f in s["date_printed"].split(";")]
        numbers = [int(p) for p in s["paragraphs"].split(";")]
        for form in forms:
            assert any(form in texts[n - 1] for n in numbers), f"{sid}: {form!r} not printed"
        for n in numbers:
            assert s["title"] in texts[n - 1], f"{sid}: ¶{n} does not name {s['title']}"


def test_every_dated_citation_of_a_paper_names_its_report() -> None:
    # The ledger's date rows of Pravda, Trud or Izvestia (subject 'Trud on ...') each name
    # the report, and the report lists that paragraph and that printed date.
    for m in MENTIONS:
        if m["unit"] == "date" and m["subject"].startswith(PAPERS):
            report = REPORTS.get(m["report_id"])
            assert report is not None, f"¶{m['paragraph']} {m['as_printed']!r}: no report"
            assert m["paragraph"] in report["paragraphs"].split(";")
            assert m["as_printed"] in report["date_printed"]
    named = {m["report_id"] for m in MENTIONS if m["report_id"]}
    assert named == set(REPORTS), "every report has its dated citation in the ledger"


def test_a_data_row_names_the_report_its_ledger_row_names() -> None:
    # The data row's citation and its ledger row at the same paragraph agree on the report.
    by_row = {}
    for m in MENTIONS:
        if m["supports"] and m["source_id"] == "markin-1936":
            by_row.setdefault((m["supports"], m["paragraph"]), set()).add(m["report_id"])
    tied = 0
    for table in ("wages", "records"):
        for row in _read(f"{table}.csv"):
            reports = by_row.get((f"{table}:{row['id']}", row["paragraph"]), set())
            if row["source_id"] == "markin-1936":
                assert reports <= {row["report_id"]}, f"{table}:{row['id']}: {reports}"
                tied += bool(row["report_id"])
    # Markin ¶28: four mine wages (Pravda, 16 Nov) and two textile wages (Pravda, 18 Nov);
    # ¶19: Sukhorukov's two days (Trud, 20 Oct) and Zhukov's four (Trud, 24 Oct); ¶36:
    # Udotzev's looms (Trud, 12 Nov); ¶39: Likhoradov's hoops (Pravda, 17 Nov).
    assert tied == 4 + 2 + 2 + 4 + 1 + 1


def test_sources_lists_each_report_dated_with_its_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "sources", "--format", "json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert set(REPORTS) <= set(rows)
    pravda = rows["pravda-1935-11-16"]
    assert (pravda["kind"], pravda["via"], pravda["date"]) == (
        "quoted",
        "markin-1936",
        "1935-11-16",
    )
    assert pravda["figures"] == [
        "wages:stakhanovite-miner",
        "wages:miner",
        "wages:auxiliary",
        "wages:stakhanovite-auxiliary",
    ]
    assert rows["trud-1935-10-24"]["figures"] == [f"records:zhukov-day-{i}" for i in (1, 2, 3, 4)]
    code, out, _ = run(capsys, "sources")
    flat = " ".join(out.split())
    assert "Reports of 1935 known only through markin-1936" in flat
    assert "1935-11-18 (misprint)" in flat and "Nov. 18, 1936" in flat


def test_no_external_source_lacks_a_reference() -> None:
    # Author, title, a year, and where in it (page, table, chapter, article, image), or an
    # honest "not checked" where that could not be checked.
    where = re.compile(r"\b(pp?\.|pages?\b|table\b|chapter\b|art\.|article\b|images?\b)", re.I)
    for sid, s in SOURCES.items():
        if s["kind"] != "external":
            continue
        assert s["author"] and s["title"], sid
        assert re.search(r"\b(1[89]|20)\d\d\b", s["date"]), f"{sid}: no year"
        assert where.search(s["reference"]), f"{sid}: no page or table: {s['reference']!r}"
        assert "several historians" not in s["author"] and "textbooks" not in s["author"], sid


def test_every_output_shows_the_report_of_a_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Markin ¶28 gives the miner's 400 to 500 with (Pravda, Nov. 16, 1935): why, sources,
    # the workbook's Sources sheet and the page's sources section all say so.
    from openpyxl import load_workbook

    _, out, _ = run(capsys, "why", "miner", "-f", "json")
    report = json.loads(out)["citation"]["report"]
    assert (report["id"], report["date_printed"], report["date"]) == (
        "pravda-1935-11-16", "Nov. 16, 1935", "1935-11-16"
    )  # fmt: skip
    book = tmp_path / "book.xlsx"
    assert run(capsys, "export", str(book))[0] == 0
    sheet = load_workbook(book, read_only=True)["Sources"]
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    [pravda] = [dict(zip(header, r, strict=False)) for r in rows if r[0] == "pravda-1935-11-16"]
    assert (pravda["kind"], pravda["date"], pravda["date printed"]) == (
        "quoted", "1935-11-16", "Nov. 16, 1935"
    )  # fmt: skip
    assert pravda["quoted by"] == "markin-1936 ¶28" and "wages:miner" in pravda["figures"]
    [cited] = [r for r in rows if r[:2] == ("wage group", "miner")]
    assert cited[2:7] == (
        "markin-1936", SOURCES["markin-1936"]["file"], 28, "400;5oo", "pravda-1935-11-16"
    )  # fmt: skip
    misprinted = [dict(zip(header, r, strict=False)) for r in rows if r[0] == "pravda-1935-11-18"]
    assert misprinted[0]["date printed"].endswith("(misprint)")
    page = tmp_path / "page.html"
    assert run(capsys, "html", str(page))[0] == 0
    html = page.read_text(encoding="utf-8")
    row = html[html.index('id="src-pravda-1935-11-16"') :].split("</tr>")[0]
    assert "printed Nov. 16, 1935" in row and "read 1935-11-16" in row
    assert "quoted by markin-1936 ¶28" in row and "Figures: stakhanovite-miner, miner" in row
    figure = html[html.index('id="fig-wage-miner"') :].split("</tr>")[0]
    assert 'href="#src-pravda-1935-11-16"' in figure
