"""The example package ``examples/own-report``: the wages of page 174 of E. Ammende's 1936 book.

It passes ``data check`` and ``frictionless validate``; every row cites its source and a
locator; the quote check finds every figure in the shipped transcript of the page, and a
figure changed in a copy fails it at its FILE:LINE; a ratio that mixes the package with a
built-in group is the hand arithmetic of the two printed figures, read from the sources, not
from the tool's output.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, require
from stakhanov.cli.app import main
from stakhanov.data.locators import parse_locator
from stakhanov.data.rates import load_rates

PACKAGE = ROOT / "examples" / "own-report"
TEXTS = PACKAGE / "texts"
TRANSCRIPT = "ammende-1936-p174.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(name: str, folder: Path = PACKAGE) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if not r[next(iter(r))].startswith("#")]


def test_data_check_passes_and_frictionless_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "data", "check", str(PACKAGE)) == (0, f"ok: {PACKAGE}\n", "")
    frictionless = require("frictionless")
    report = frictionless.validate(str(PACKAGE / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_the_quote_check_finds_every_figure_in_the_transcript(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "data", "check", str(PACKAGE), "--texts", str(TEXTS))
    assert (code, err) == (0, "")
    rows = len(_rows("wages.csv"))
    assert out == f"ok: {PACKAGE}; quote check: {rows} rows found in their texts\n"
    # The transcript is the one page the rows cite, and nothing else.
    assert [p.name for p in TEXTS.iterdir()] == [TRANSCRIPT]
    lines = (TEXTS / TRANSCRIPT).read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("[")] == ["[p. 174]"]
    assert lines[lines.index("[p. 174]") + 1] == "174 HUMAN LIFE IN RUSSIA"


@pytest.mark.parametrize(
    ("group", "column", "value", "problem"),
    [
        # A figure the page does not print: 1,100 for the factory managers' 1,000.
        (
            "ammende-factory-manager",
            "high",
            "1100",
            "high: 1100 is not printed in ['500 to 1,000'], and no OCR note names it",
        ),
        # What the row says is printed, changed with it: the page has no "95".
        (
            "ammende-textile",
            "as_printed",
            "95",
            f"as_printed: '95' is not in p. 174 of {TRANSCRIPT}",
        ),
    ],
)
def test_a_changed_figure_fails_the_quote_check_at_its_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    group: str,
    column: str,
    value: str,
    problem: str,
) -> None:
    copy = tmp_path / "own-report"
    shutil.copytree(PACKAGE, copy)
    with (copy / "wages.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    header = table[0]
    line = next(n for n, row in enumerate(table, start=1) if row[0] == group)
    table[line - 1][header.index(column)] = value
    with (copy / "wages.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    # Without the transcript the copy still passes: only the quote check sees the change.
    assert run(capsys, "data", "check", str(copy))[0] == 0
    code, out, err = run(capsys, "data", "check", str(copy), "--texts", str(copy / "texts"))
    assert code == 1
    assert f"{copy / 'wages.csv'}:{line}: {problem}" in (out + err).splitlines()


def test_every_row_cites_a_source_of_the_package_and_a_locator() -> None:
    sources = {row["id"]: row for row in _rows("sources.csv")}
    # Its own id: the built-in data have ammende-1936, the same book.
    assert list(sources) == ["ammende-1936-wages"]
    assert sources["ammende-1936-wages"]["file"] == TRANSCRIPT
    assert "Swiss workman" in sources["ammende-1936-wages"]["note"]  # whose report it is
    tables = sorted(p.name for p in PACKAGE.glob("*.csv") if p.name != "sources.csv")
    assert tables == ["wages.csv"]
    rows = _rows("wages.csv")
    assert len(rows) == 14
    for row in rows:
        assert row["id"].startswith("ammende-"), row["id"]
        assert row["source_id"] in sources, row["id"]
        assert row["locator"] == "p. 174", row["id"]
        assert isinstance(parse_locator(row["locator"]), tuple), row["id"]
        assert row["as_printed"].strip(), row["id"]
        assert "Undated on the page" in row["note"], row["id"]
        assert row["pay_basis_inferred"] == "true", row["id"]  # the page states no pay basis
    # The month is printed for two groups only; every other period is marked inferred.
    printed = [row["id"] for row in rows if row["period_inferred"] == "false"]
    assert printed == ["ammende-factory-manager", "ammende-book-keeper"]


def test_the_mixed_ratio_is_the_hand_arithmetic(capsys: pytest.CaptureFixture[str]) -> None:
    # Ammende, Human Life in Russia, p. 174 (the archive.org OCR text, TXT/00000183.txt):
    # "In many of the provincial towns workers are paid 50 to 60 roubles" (a closed range,
    # central 55). Markin, The Stakhanovist Movement, paragraph 28 (the 28th non-empty line of
    # /work/shared/sources/markin-1936-the-stakhanovist-movement.txt): "Ostrogliadov, the head
    # engineer of a pit, [...] gets 8,600 rubles a month". So the engineer earns
    # 8600 / 60 = 143.33 to 8600 / 50 = 172 times the provincial workers, 8600 / 55 = 156.36
    # at the centre.
    code, out, err = run(
        capsys, "ratio", "engineer", "ammende-provincial", "--rates", str(PACKAGE), "-f", "json"
    )
    assert (code, err) == (0, "")
    ratio = json.loads(out)
    assert ratio["low"] == pytest.approx(143.3333, abs=1e-4)
    assert ratio["high"] == 172.0
    assert ratio["central"] == pytest.approx(156.3636, abs=1e-4)
    assert ratio["bound"] == "range"
    assert ratio["sources"] == ["markin-1936 ¶28", "ammende-1936-wages p. 174"]


def test_the_package_stands_alone_and_names_its_reference(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rates = load_rates(packages=[PACKAGE], builtin=False)
    assert list(rates.wages) == [row["id"] for row in _rows("wages.csv")]
    source = rates.sources["ammende-1936-wages"]
    assert source.reference_key == "ammende1936"
    assert source.reference.startswith(
        "Ammende, Ewald (1936). Human Life in Russia. London: George Allen & Unwin."
    )
    code, out, err = run(
        capsys, "report", "--rates", str(PACKAGE), "--no-builtin", "--format", "json"
    )
    assert (code, err) == (0, "")
    assert len(json.loads(out)["ladder"]) == 14
    # Beside the built-in data, report.toml chooses the matrix.
    code, out, _ = run(capsys, "report", "--rates", str(PACKAGE), "--format", "json")
    pairs = json.loads(out)["matrix"]
    assert list(dict.fromkeys(p["numerator"] for p in pairs)) == [
        "ammende-factory-manager",
        "ammende-engineer",
        "ammende-textile",
        "ammende-provincial",
        "engineer",
        "stakhanovite-miner",
        "lowest-paid",
    ]


def test_a_table_read_here_is_the_table_the_loader_reads() -> None:
    # The rows checked above are the rows the tool uses: same ids, same figures.
    rates = load_rates(packages=[PACKAGE])
    for row in _rows("wages.csv"):
        wage = rates.group(row["id"]).wage
        assert (wage.low, wage.high) == (float(row["low"]), float(row["high"]))


def test_readme_commands_name_this_folder() -> None:
    text = (PACKAGE / "README.md").read_text(encoding="utf-8")
    for command in (
        "stakhanov data check examples/own-report --texts examples/own-report/texts",
        "stakhanov groups --rates examples/own-report",
        "stakhanov ratio engineer ammende-provincial --rates examples/own-report",
    ):
        assert f"$ {command}" in text, command
