"""The example package ``examples/own-report``: one wage from M. Yvon's 1937 pamphlet.

It passes ``data check`` and ``frictionless validate``; every row cites its source and a
locator; a ratio that mixes it with a built-in group is the hand arithmetic of the two
printed figures, read from the sources, not from the tool's output.
"""

from __future__ import annotations

import csv
import json

import pytest

from conftest import ROOT, require
from stakhanov.cli.app import main
from stakhanov.data.locators import parse_locator
from stakhanov.data.rates import load_rates

PACKAGE = ROOT / "examples" / "own-report"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(name: str) -> list[dict[str, str]]:
    with (PACKAGE / name).open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if not r[next(iter(r))].startswith("#")]


def test_data_check_passes_and_frictionless_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "data", "check", str(PACKAGE)) == (0, f"ok: {PACKAGE}\n", "")
    frictionless = require("frictionless")
    report = frictionless.validate(str(PACKAGE / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_every_row_cites_a_source_of_the_package_and_a_locator() -> None:
    sources = {row["id"] for row in _rows("sources.csv")}
    assert sources == {"yvon-1937-wages"}  # its own id: the built-in data have yvon-1937
    tables = sorted(p.name for p in PACKAGE.glob("*.csv") if p.name != "sources.csv")
    assert tables == ["wages.csv"]
    for row in _rows("wages.csv"):
        assert row["source_id"] in sources, row["id"]
        assert isinstance(parse_locator(row["locator"]), tuple), row["id"]
        assert row["as_printed"].strip(), row["id"]
        assert row["note"].strip(), row["id"]
    # No transcript is shipped (the library marks the pamphlet in copyright).
    assert [row["file"] for row in _rows("sources.csv")] == [""]
    assert not list(PACKAGE.glob("*.txt"))


def test_the_mixed_ratio_is_the_hand_arithmetic(capsys: pytest.CaptureFixture[str]) -> None:
    # Yvon, image 23 of the Houston transcript, prints a monthly wage "of 80 to 200 roubles"
    # (a closed range, central 140). Markin, The Stakhanovist Movement, paragraph 28, prints
    # the head engineer Ostrogliadov's salary, 8,600 rubles a month. So the engineer earns
    # 8600 / 200 = 43 to 8600 / 80 = 107.5 times Yvon's lowest-paid, 8600 / 140 = 61.43 at
    # the centre.
    code, out, err = run(
        capsys, "ratio", "engineer", "yvon-low-paid", "--rates", str(PACKAGE), "-f", "json"
    )
    assert (code, err) == (0, "")
    ratio = json.loads(out)
    assert (ratio["low"], ratio["high"]) == (43.0, 107.5)
    assert ratio["central"] == pytest.approx(8600 / 140)
    assert ratio["bound"] == "range"
    assert ratio["sources"] == ["markin-1936 ¶28", "yvon-1937-wages image 23"]


def test_the_package_stands_alone_and_names_its_reference(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rates = load_rates(packages=[PACKAGE], builtin=False)
    assert list(rates.wages) == ["yvon-low-paid"]
    source = rates.sources["yvon-1937-wages"]
    assert source.reference_key == "yvon1937"
    assert source.reference.startswith(
        "Yvon, M. (1937). What Has Become of the Russian Revolution. New York: International"
        " Review."
    )
    code, out, err = run(
        capsys, "report", "--rates", str(PACKAGE), "--no-builtin", "--format", "json"
    )
    assert (code, err) == (0, "")
    assert [row["group"] for row in json.loads(out)["ladder"]] == ["yvon-low-paid"]
    # Beside the built-in data, report.toml chooses the matrix.
    code, out, _ = run(capsys, "report", "--rates", str(PACKAGE), "--format", "json")
    pairs = json.loads(out)["matrix"]
    assert list(dict.fromkeys(p["numerator"] for p in pairs)) == [
        "yvon-low-paid",
        "lowest-paid",
        "auxiliary",
        "engineer",
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
        "stakhanov data check examples/own-report",
        "stakhanov groups --rates examples/own-report",
        "stakhanov ratio engineer yvon-low-paid --rates examples/own-report",
    ):
        assert f"$ {command}" in text, command
