"""Data packages: a user's cited tables beside the built-in data (``--rates DIR``).

``data new`` writes a package that ``data check`` and ``frictionless validate`` accept; each
kind of problem is reported at its FILE:LINE; an id the built-in data has is refused;
``--no-builtin`` uses a package alone; a ratio of a package group over a built-in group is
the hand arithmetic of the two rows.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import require
from stakhanov.calc.datacheck import check_packages
from stakhanov.cli.app import main
from stakhanov.data.rates import load_rates
from stakhanov.data.references import load_references
from stakhanov.data.schema import schema_problems
from stakhanov.errors import DataError

SOURCE = "tunnel-1934,tunnel.txt,Pay of the Metro shafts,Shaft committee,1934,false,primary,,\n"
# A tunneller at 600 rubles a month (page 3 of the transcript below), paid by time.
WAGE = (
    "tunneller,Metro tunneller,metro,false,600,600,false,false,month,false,time,false,,"
    "tunnel-1934,p. 3,600,\n"
)
TEXT = "[p. 2]\nIntroduction, 1934.\n[p. 3]\nA tunneller earns 600 rubles a month.\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _package(tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str = WAGE) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    folder = tmp_path / "pkg"
    assert run(capsys, "data", "new", str(folder))[0] == 0
    with (folder / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write(SOURCE)
    with (folder / "wages.csv").open("a", encoding="utf-8") as handle:
        handle.write(rows)
    (tmp_path / "texts").mkdir(exist_ok=True)
    (tmp_path / "texts" / "tunnel.txt").write_text(TEXT, encoding="utf-8")
    return folder


def test_data_new_then_check_passes_and_frictionless_agrees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mine"
    code, out, err = run(capsys, "data", "new", str(folder))
    assert (code, err) == (0, "")
    assert out == f"wrote {folder}\n"
    for name in ("datapackage.json", "sources.csv", "wages.csv", "norms.csv", "README.md"):
        assert (folder / name).is_file(), name
    # One commented example row per table, one real source.
    assert (folder / "wages.csv").read_text(encoding="utf-8").splitlines()[1].startswith("# ")
    assert len((folder / "sources.csv").read_text(encoding="utf-8").splitlines()) == 2
    code, out, err = run(capsys, "data", "check", str(folder))
    assert (code, out, err) == (0, f"ok: {folder}\n", "")
    # The Data Package spec's identifier and title: a name of lower-case letters, digits and
    # '-', '.', '_'; the title free text for a person.
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"]) and package["title"]
    frictionless = require("frictionless")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_data_new_never_writes_over_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "mine.txt").write_text("keep", encoding="utf-8")
    code, _, err = run(capsys, "data", "new", str(tmp_path / "old"))
    assert code == 1
    assert (
        err == f"stakhanov: {tmp_path / 'old'}: already exists (a new package needs a new folder)\n"
    )
    assert os.listdir(tmp_path / "old") == ["mine.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["old"]  # no temporary folder left


def test_a_mixed_ratio_is_the_hand_arithmetic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _package(tmp_path, capsys)
    code, out, err = run(
        capsys, "ratio", "tunneller", "auxiliary", "--rates", str(folder), "--format", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    # 600 a month (the package, p. 3) over the team driver's 170 (Markin ¶28): 3.529...
    assert data["central"] == 600 / 170
    assert data["bound"] == "exact"
    code, out, _ = run(capsys, "groups", "--rates", str(folder), "--format", "json")
    cited = {g["id"]: g for g in json.loads(out)}
    assert "auxiliary" in cited and "tunneller" in cited
    assert "tunnel-1934 p. 3" in json.dumps(cited["tunneller"])


def test_no_builtin_uses_the_package_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _package(tmp_path, capsys)
    rates = load_rates(packages=[folder], builtin=False)
    assert list(rates.wages) == ["tunneller"]
    assert list(rates.sources) == ["my-source", "tunnel-1934"]
    code, _, err = run(
        capsys, "ratio", "tunneller", "auxiliary", "--rates", str(folder), "--no-builtin"
    )
    assert code == 1
    assert "unknown group 'auxiliary'" in err
    code, _, err = run(capsys, "groups", "--no-builtin")
    assert (code, err) == (
        1,
        "stakhanov: --no-builtin needs at least one --rates DIR (the data to use)\n",
    )


def test_an_id_clash_names_both_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clash = WAGE.replace("tunneller,", "miner,", 1)
    folder = _package(tmp_path, capsys, clash)
    with pytest.raises(DataError) as err:
        load_rates(packages=[folder])
    # miner is line 3 of the built-in wages.csv; the package's row is line 3 (after the
    # header and the commented example).
    assert err.value.problems == (
        f"{folder / 'wages.csv'}:3: id: 'miner' is already in wages.csv:3 "
        "(a package adds rows; a scenario changes them)",
    )
    code, _, err_text = run(capsys, "groups", "--rates", str(folder))
    assert code == 1 and "is already in wages.csv:3" in err_text
    # Alone, the same package is fine.
    assert list(load_rates(packages=[folder], builtin=False).wages) == ["miner"]


# Each kind of problem, the row that has it, and the message at its FILE:LINE (the row is
# line 3: the header, then the commented example).
PROBLEMS = [
    (
        "schema type",
        WAGE.replace(",600,600,", ",lots,600,"),
        "wages.csv:3: low: must be a number, got 'lots'",
    ),
    (
        "enum",
        WAGE.replace(",month,", ",week,"),
        "wages.csv:3: period: unknown period 'week' (expected one of month, half-month, day)",
    ),
    (
        "foreign key",
        WAGE.replace("tunnel-1934", "nowhere"),
        "wages.csv:3: source_id: unknown source 'nowhere'",
    ),
    (
        "norm named nowhere",
        WAGE.replace(",time,false,,", ",piece,false,no-norm,"),
        "wages.csv:3: norm_id: unknown norm 'no-norm'",
    ),
    ("bounds", WAGE.replace(",600,600,", ",700,600,"), "wages.csv:3: low: low 700 > high 600"),
    (
        "open end",
        WAGE.replace(",false,false,month", ",false,maybe,month"),
        "wages.csv:3: high_open: must be true or false, got 'maybe'",
    ),
    (
        "inference flag",
        WAGE.replace(",month,false,", ",month,perhaps,"),
        "wages.csv:3: period_inferred: must be true or false, got 'perhaps'",
    ),
    (
        "citation missing",
        WAGE.replace(",p. 3,", ",,"),
        "wages.csv:3: locator: missing citation (required for a source text)",
    ),
    (
        "citation not a locator",
        WAGE.replace(",p. 3,", ",3,"),
        "wages.csv:3: locator: '3' is not a locator",
    ),
    ("duplicate id", WAGE + WAGE, "wages.csv:4: id: duplicate id 'tunneller'"),
]


@pytest.mark.parametrize(
    ("rows", "message"), [p[1:] for p in PROBLEMS], ids=[p[0] for p in PROBLEMS]
)
def test_each_problem_at_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str, message: str
) -> None:
    folder = _package(tmp_path, capsys, rows)
    result = check_packages([folder])
    assert any(
        p.startswith(f"{folder}/{message}") or p.startswith(message) for p in result.problems
    ), result.problems
    code, _, err = run(capsys, "data", "check", str(folder))
    assert code == 1 and message in err


def test_the_quote_check_refuses_a_figure_not_on_its_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _package(tmp_path, capsys)
    texts = tmp_path / "texts"
    code, out, err = run(capsys, "data", "check", str(folder), "--texts", str(texts))
    assert (code, err) == (0, "")
    assert out == f"ok: {folder}; quote check: 1 rows found in their texts\n"
    # The same 600 cited on page 2, which does not print it.
    moved = _package(tmp_path / "b", capsys, WAGE.replace("p. 3", "p. 2"))
    code, _, err = run(capsys, "data", "check", str(moved), "--texts", str(texts))
    assert code == 1
    assert err == (f"{moved / 'wages.csv'}:3: as_printed: '600' is not in p. 2 of tunnel.txt\n")
    # A figure the page does not print, though its as_printed is there.
    changed = _package(tmp_path / "c", capsys, WAGE.replace(",600,600,", ",650,650,"))
    code, _, err = run(capsys, "data", "check", str(changed), "--texts", str(texts))
    assert code == 1
    assert f"{changed / 'wages.csv'}:3: low: 650 is not printed in ['600']" in err


# Every command that reads data takes --rates, and the package's group is one of its groups.
COMMANDS = [
    ["report", "--format", "json"],
    ["groups"],
    ["ratio", "tunneller", "auxiliary"],
    ["ratios", "--base", "tunneller"],
    ["norm", "--raise", "10"],
    ["sweep", "--alpha", "0:1:0.5"],
    ["rules", "--norm", "7", "--output", "0:10:5"],
    ["brigade"],
    ["claims"],
    ["why", "tunneller"],
    ["sources"],
    ["prices"],
    ["sensitivity", "ratio", "tunneller", "auxiliary", "--draws", "64"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_every_data_command_takes_rates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    folder = _package(tmp_path, capsys)
    code, out, err = run(capsys, *args, "--rates", str(folder))
    assert (code, err) == (0, "")
    if args[0] in ("report", "ratio", "ratios", "why", "sources", "groups"):
        assert "tunnel" in out  # the package's group or its source is shown


def test_files_that_write_take_rates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _package(tmp_path, capsys)
    pit = Path(__file__).resolve().parents[1] / "examples" / "pit-before.toml"
    for args in (
        ["export", str(tmp_path / "o.xlsx")],
        ["html", str(tmp_path / "o.html")],
        ["plot", str(tmp_path / "o.png")],
        ["inequality", "--workforce", str(pit), "--draws", "0"],
    ):
        code, _, err = run(capsys, *args, "--rates", str(folder))
        assert (code, err) == (0, ""), args
    page = (tmp_path / "o.html").read_text(encoding="utf-8")
    assert "tunneller" in page and "tunnel-1934 p. 3" in page
    # The workbook names the package's source and its page where a paragraph would stand.
    openpyxl = require("openpyxl")
    cells = [
        [c.value for c in row]
        for sheet in openpyxl.load_workbook(tmp_path / "o.xlsx")
        for row in sheet.iter_rows()
    ]
    assert any("tunneller" in r and "tunnel-1934" in r and "p. 3" in r for r in cells)


def test_report_shows_the_package_groups_beside_the_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _package(tmp_path, capsys)
    code, out, _ = run(capsys, "report", "--rates", str(folder), "--format", "json")
    assert code == 0
    card = ["stakhanovite-miner", "miner", "auxiliary", "engineer"]  # rates/report.toml
    assert _matrix_groups(out) == [*card, "tunneller"]
    # A report.toml in the package chooses the matrix itself.
    (folder / "report.toml").write_text(
        'matrix_groups = ["tunneller", "auxiliary"]\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, "report", "--rates", str(folder), "--format", "json")
    assert _matrix_groups(out) == ["tunneller", "auxiliary"]


def test_ratios_of_a_single_group_print_no_empty_sources_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One group alone makes no ordered pair: the table is empty, and so is the list of
    # sources, which then prints nothing rather than "Sources: .".
    folder = _package(tmp_path, capsys)
    code, out, err = run(capsys, "ratios", "--rates", str(folder), "--no-builtin")
    assert (code, err) == (0, "")
    assert "Every ordered pair" in out
    assert "Sources" not in out
    # With a pair, the line is there.
    code, out, _ = run(capsys, "ratios", "--rates", str(folder))
    assert code == 0
    assert "Sources: " in out


def test_report_of_a_package_with_no_record_runs_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The built-in norm examples move toward a record; a package of wages alone has none, so
    # under --no-builtin the report shows no norm example instead of asking for the built-in
    # record ("unknown record 'stakhanov-1935'").
    folder = _package(tmp_path, capsys)
    code, out, err = run(capsys, "report", "--rates", str(folder), "--no-builtin", "-f", "json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert [row["group"] for row in report["ladder"]] == ["tunneller"]
    assert report["norms"] == []
    # The page and the workbook revise a norm: they say what they lack.
    for command, what, name in (("html", "page", "o.html"), ("export", "workbook", "o.xlsx")):
        out_file = str(tmp_path / name)
        code, _, err = run(capsys, command, out_file, "--rates", str(folder), "--no-builtin")
        assert (code, err) == (
            1,
            f"stakhanov: the {what} revises a norm toward a record, and the data have none"
            " (give one in records.csv)\n",
        )


def test_report_of_a_package_alone_shows_its_groups_in_the_matrix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Under --no-builtin the card's four are not there: the matrix is the package's groups,
    # in the order of its wages.csv, whether or not its report.toml names them.
    second = WAGE.replace("tunneller,Metro tunneller,", "shaft-sinker,Metro shaft sinker,")
    folder = _package(tmp_path, capsys, WAGE + second)
    code, out, _ = run(capsys, "report", "--rates", str(folder), "--no-builtin", "-f", "json")
    assert code == 0
    assert _matrix_groups(out) == ["tunneller", "shaft-sinker"]
    # Its own report.toml chooses them: the built-in card's groups in it are not there.
    (folder / "report.toml").write_text(
        'matrix_groups = ["shaft-sinker", "miner", "tunneller"]\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, "report", "--rates", str(folder), "--no-builtin", "-f", "json")
    assert code == 0
    assert _matrix_groups(out) == ["shaft-sinker", "tunneller"]


def _matrix_groups(out: str) -> list[str]:
    """The groups of the report's matrix, in order, from its ordered pairs."""
    pairs = json.loads(out)["matrix"]
    return list(
        dict.fromkeys(p["numerator"] for p in pairs)
        | dict.fromkeys(p["denominator"] for p in pairs)
    )


# A package is user input: its files get the limits of a scenario file.
def test_a_huge_table_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _package(tmp_path, capsys)
    with (folder / "wages.csv").open("a", encoding="utf-8") as handle:
        handle.write("#" + "x" * 1_100_000 + "\n")
    with pytest.raises(DataError) as err:
        load_rates(packages=[folder])
    size = (folder / "wages.csv").stat().st_size
    assert err.value.problems == (
        f"{folder / 'wages.csv'}: too large for a CSV file ({size:,} bytes; "
        "the limit is 1,000,000)",
    )


def test_a_table_linked_to_a_device_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _package(tmp_path, capsys)
    (folder / "norms.csv").unlink()
    (folder / "norms.csv").symlink_to("/dev/zero")
    with pytest.raises(DataError) as err:
        load_rates(packages=[folder])
    assert (
        f"{folder / 'norms.csv'}: not a regular file (a device, a pipe or a socket)"
        in err.value.problems
    )


def test_a_deeply_nested_schema_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _package(tmp_path, capsys)
    (folder / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_rates(packages=[folder])
    assert err.value.problems == (
        f"{folder / 'datapackage.json'}: nested too deeply (the limit is 32 levels)",
    )


def test_a_resource_path_outside_the_package_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _package(tmp_path, capsys)
    schema = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    schema["resources"][1]["path"] = "../../etc/passwd.csv"
    (folder / "datapackage.json").write_text(json.dumps(schema), encoding="utf-8")
    problems = check_packages([folder]).problems
    assert (
        f"{folder / 'datapackage.json'}: resources[1].path: must be a CSV file of the package"
        in problems
    )


BIB = """@book{shafts1934,
  author = {Shaft Committee},
  title = {Pay of the Metro shafts},
  publisher = {Metrostroi},
  address = {Moscow},
  year = {1934},
  pages = {1--4}
}
"""
# The entry as a reference reads, written out by hand: authors (year). Title. Place:
# publisher, pages (the BibTeX '--' is an en dash once LaTeX is decoded).
FORMATTED = "Shaft Committee (1934). Pay of the Metro shafts. Moscow: Metrostroi, pp. 1–4."


def _with_bib(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = _package(tmp_path, capsys)
    (folder / "references.bib").write_text(BIB, encoding="utf-8")
    sources = (folder / "sources.csv").read_text(encoding="utf-8")
    (folder / "sources.csv").write_text(
        sources.replace(",primary,,\n", ",primary,@shafts1934,\n"), encoding="utf-8"
    )
    return folder


def test_a_bibtex_entry_is_shown_as_its_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _with_bib(tmp_path, capsys)
    source = load_rates(packages=[folder]).sources["tunnel-1934"]
    assert (source.reference, source.reference_key) == (FORMATTED, "shafts1934")
    code, out, _ = run(capsys, "sources", "--rates", str(folder), "--format", "json")
    assert code == 0
    assert {s["id"]: s for s in json.loads(out)}["tunnel-1934"]["reference"] == FORMATTED
    code, out, _ = run(capsys, "why", "tunneller", "--rates", str(folder))
    assert f"  reference: {FORMATTED}" in out
    code, out, _ = run(capsys, "why", "tunneller", "--rates", str(folder), "--format", "json")
    assert json.loads(out)["citation"]["reference"] == FORMATTED
    code, _, _ = run(capsys, "export", str(tmp_path / "o.xlsx"), "--rates", str(folder))
    openpyxl = require("openpyxl")
    sheet = openpyxl.load_workbook(tmp_path / "o.xlsx")["Sources"]
    assert FORMATTED in [c.value for row in sheet.iter_rows() for c in row]
    code, _, _ = run(capsys, "html", str(tmp_path / "o.html"), "--rates", str(folder))
    assert FORMATTED.replace("&", "&amp;") in (tmp_path / "o.html").read_text(encoding="utf-8")


def test_a_key_with_no_entry_and_a_broken_entry_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _with_bib(tmp_path, capsys)
    (folder / "references.bib").write_text("@book{other, title = {x}}\n@book{bad, title = {y\n")
    with pytest.raises(DataError) as err:
        load_rates(packages=[folder])
    assert err.value.problems == (
        f"{folder / 'references.bib'}:2: not a BibTeX entry bibtexparser can read",
        f"{folder / 'sources.csv'}:3: reference: no entry 'shafts1934' in references.bib or "
        "references.json",
    )


def test_a_csl_json_entry_is_shown_as_its_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _with_bib(tmp_path, capsys)
    (folder / "references.bib").unlink()
    item = {
        "id": "shafts1934",
        "type": "book",
        "author": [{"literal": "Shaft Committee"}],
        "title": "Pay of the Metro shafts",
        "publisher": "Metrostroi",
        "publisher-place": "Moscow",
        "issued": {"date-parts": [[1934]]},
        "page": "1–4",
    }
    (folder / "references.json").write_text(json.dumps([item]), encoding="utf-8")
    assert load_rates(packages=[folder]).sources["tunnel-1934"].reference == FORMATTED


def test_a_locator_finds_its_page_table_and_paragraph() -> None:
    from stakhanov.data.quotes import cited_text

    text = "[p. 11]\nend of a chapter, 11\n[p. 12]\nbefore the table, 5\n[table 3]\nhewers 300\n"
    text += "[p. 13]\nnext page, 13\n"
    assert cited_text(text, None, "p. 12") == "before the table, 5\nhewers 300"  # a page runs
    assert cited_text(text, None, "p. 12, table 3") == "hewers 300"  # to the next page
    assert cited_text(text, None, "p. 11, table 9") == "end of a chapter, 11"  # no [table 9]
    assert cited_text(text, None, "pp. 12-13") == "before the table, 5\nhewers 300\nnext page, 13"
    assert cited_text(text, 2, "") == "before the table, 5"  # ¶ 2: marker lines do not count
    assert cited_text(text, None, "p. 99") is None
    # A locator '¶ 1' is the first paragraph, as the paragraph 1 is: markers do not count.
    assert cited_text(text, None, "¶ 1") == "end of a chapter, 11"
    assert cited_text(text, None, "¶ 4") == "next page, 13"
    assert cited_text(text, None, "¶ 5") is None  # four paragraphs


def test_the_quote_check_names_column_line_and_the_rows_it_could_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _package(tmp_path, capsys)
    texts = tmp_path / "texts"
    # The tunneller's row (wages.csv:3) cites p. 3 by a locator; a transcript without [p. 3]:
    (texts / "tunnel.txt").write_text("[p. 2]\nIntroduction, 1934.\n", encoding="utf-8")
    result = check_packages([folder], texts=texts)
    assert (
        f"{folder}/wages.csv:3: locator: p. 3 is not in tunnel.txt (mark it with a line [p. 3])"
        in result.problems
    )
    # No transcript at all: named at the source's own line (sources.csv:3, after data new's).
    (texts / "tunnel.txt").unlink()
    result = check_packages([folder], texts=texts)
    assert f"{folder}/sources.csv:3: file: no transcript 'tunnel.txt' in {texts}" in result.problems
    # A source with no file (a book under copyright, say): its one row is counted, not read.
    text = (folder / "sources.csv").read_text(encoding="utf-8")
    (folder / "sources.csv").write_text(text.replace(",tunnel.txt,", ",,"), encoding="utf-8")
    result = check_packages([folder], texts=texts)
    assert (result.quoted, result.unquoted) == (0, 1)


def test_a_csl_json_article_is_its_journal_volume_and_issue(tmp_path: Path) -> None:
    # CSL-JSON names a journal 'container-title', its number 'issue', its pages 'page'. An
    # item with no title (the spec does not require one) reads without one. By hand, as
    # format_entry's own example: authors (year). Journal volume(issue), pp. pages.
    item = {
        "id": "markin1936",
        "type": "article-journal",
        "author": [{"family": "Markin", "given": "N."}],
        "container-title": "The New International",
        "volume": "3",
        "issue": "1",
        "page": "9-13",
        "issued": {"date-parts": [[1936]]},
    }
    (tmp_path / "references.json").write_text(json.dumps([item]), encoding="utf-8")
    problems: list[str] = []
    assert load_references(tmp_path, "", problems) == {
        "markin1936": "Markin, N. (1936). The New International 3(1), pp. 9-13."
    }
    assert problems == []


def test_the_schema_check_follows_the_table_schema_spec(tmp_path: Path) -> None:
    # A package written by hand, each table with one thing the Frictionless Table Schema
    # spec says to check: a boolean's trueValues/falseValues, a composite primary key, a
    # foreign key with its fields given as a string (the spec allows a string or a list)
    # and as a list, a header that is not the fields, and a table described but left out.
    def field(name: str, **kw: object) -> dict[str, object]:
        return {"name": name, "type": "string", **kw}

    sources = [field("id"), field("yes", type="boolean", trueValues=["yes"], falseValues=["no"])]
    sources.append(field("plain", type="boolean"))  # the spec's defaults: true, false, ...
    package = {
        "name": "by-hand",
        "resources": [
            {
                "name": "sources",
                "path": "sources.csv",
                "schema": {"fields": sources, "primaryKey": "id"},
            },
            {
                "name": "pairs",
                "path": "pairs.csv",
                "schema": {
                    "fields": [field("a"), field("b"), field("src"), field("src2")],
                    "primaryKey": ["a", "b"],
                    "foreignKeys": [
                        {"fields": "src", "reference": {"resource": "sources", "fields": "id"}},
                        {
                            "fields": ["src2"],
                            "reference": {"resource": "sources", "fields": ["id"]},
                        },
                    ],
                },
            },
            {"name": "order", "path": "order.csv", "schema": {"fields": [field("x"), field("y")]}},
            {"name": "extra", "path": "extra.csv", "schema": {"fields": [field("x")]}},
        ],
    }
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    files = {
        "sources.csv": "id,yes,plain\ns1,yes,true\ns2,maybe,false\ns3,no,false\n",
        "pairs.csv": "a,b,src,src2\n1,1,s1,s1\n1,2,s2,s3\n1,1,nowhere,s9\n",
        "order.csv": "x,z\n1,2\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert sorted(schema_problems(tmp_path, "")) == sorted(
        [
            "sources.csv:3: yes: must be yes or no, got 'maybe'",
            "pairs.csv:4: a, b: key is not unique",  # (1, 1) again; (1, 2) is new
            "pairs.csv:4: src: 'nowhere' names no row of sources",
            "pairs.csv:4: src2: 's9' names no row of sources",
            "order.csv:1: header: must be the schema's fields (missing y; not described: z)",
        ]
    )  # and nothing for extra.csv: a package may leave out any table but its sources
    (tmp_path / "sources.csv").unlink()
    assert "sources.csv: described in datapackage.json, not found" in schema_problems(tmp_path, "")
