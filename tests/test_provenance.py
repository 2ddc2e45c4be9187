"""Provenance under a user's own assumptions, ``--set``, and full precision in machine output.

One scenario changes one group (the Stakhanovite miner, "more than 1,600" in Markin ¶28, to
exactly 2,000). Every query command, in every format, must cite the scenario line for that
figure and Markin for the figures it left alone.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from stakhanov.cli.app import main

MARKIN = "markin-1936 ¶28"
# Line 1 [meta], 2 title, 3 the table, 4 low (the first key that sets the figure).
SCENARIO = (
    '[meta]\ntitle = "Hewer at 2000"\n[wages.stakhanovite-miner]\n'
    "low = 2000\nhigh = 2000\nhigh_open = false\n"
)
CITE = "s.toml:4"
LABEL = "Hewer at 2000 (s.toml)"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding s.toml, as the working directory: citations read ``s.toml:4``."""
    (tmp_path / "s.toml").write_text(SCENARIO, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# For each command: the arguments, and where its JSON rows are (a key path to a list).
COMMANDS = {
    "groups": (["groups"], ()),
    "ratio": (["ratio", "stakhanovite-miner", "auxiliary"], None),
    "ratios": (["ratios", "--base", "auxiliary"], ()),
    "report": (["report"], ("ladder",)),
    "norm": (["norm", "--raise", "25"], ("effects",)),
    "claims": (["claims", "mines-ten-times"], None),
    "why": (["why", "stakhanovite-miner"], None),
}


def _cites(text: str) -> tuple[bool, bool]:
    return CITE in text, MARKIN in text


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_format_cites_the_scenario_for_the_changed_figure(
    capsys: pytest.CaptureFixture[str], here: Path, command: str
) -> None:
    args = [*COMMANDS[command][0], "--scenario", "s.toml"]
    code, table, _ = run(capsys, *args)
    assert code == 0
    assert _cites(table) == (True, True)  # the changed figure and an unchanged one
    assert "More than 1,600" not in table  # the source's note is not shown for 2,000

    code, out, _ = run(capsys, *args, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["scenarios"] == [LABEL]
    assert _cites(out) == (True, True)
    assert "More than 1,600" not in out

    code, out, _ = run(capsys, *args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["scenarios"] for r in rows} == {LABEL}
    assert _cites(out) == (True, True)


def test_each_figure_keeps_its_own_citation(capsys: pytest.CaptureFixture[str], here: Path) -> None:
    _, out, _ = run(capsys, "groups", "--scenario", "s.toml", "-f", "json")
    rows = {r["id"]: r for r in json.loads(out)["rows"]}
    assert rows["stakhanovite-miner"]["source"] == CITE
    assert rows["stakhanovite-miner"]["note"] == f"replaces 1,600 or more a month ({MARKIN})"
    assert rows["miner"]["source"] == MARKIN
    assert "5oo" in rows["miner"]["note"]  # left alone: the source's note stays
    # a ratio of a changed figure over an unchanged one cites both, and says which is set
    _, out, _ = run(
        capsys, "ratio", "stakhanovite-miner", "auxiliary", "--scenario", "s.toml", "-f", "json"
    )
    data = json.loads(out)
    assert data["sources"] == [CITE, MARKIN]
    assert data["note"].startswith(f"stakhanovite-miner as set by {CITE}")
    assert data["central"] == 2000 / 170 and data["bound"] == "exact"  # the end was closed
    _, out, _ = run(capsys, "ratio", "miner", "auxiliary", "--scenario", "s.toml", "-f", "json")
    assert json.loads(out)["sources"] == [MARKIN]  # untouched pair: the source alone


def test_sources_and_pictures_under_a_scenario(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    from stakhanov.data.rates import load_rates
    from stakhanov.scenarios.overlay import apply_files
    from stakhanov.views.pictures.data import ladder_data, norms_data

    code, out, _ = run(capsys, "sources", "--scenario", "s.toml", "-f", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    base = {r["id"]: r for r in csv.DictReader(io.StringIO(run(capsys, "sources", "-f", "csv")[1]))}
    assert code == 0 and rows["markin-1936"]["scenarios"] == LABEL
    # one figure fewer cites Markin: the miner's 2,000 now cites the scenario
    assert int(rows["markin-1936"]["rows"]) == int(base["markin-1936"]["rows"]) - 1
    rates = apply_files(load_rates(), ["s.toml"])
    points = {p.group: p.source for p in ladder_data(rates).points}
    assert (points["stakhanovite-miner"], points["miner"]) == (CITE, MARKIN)
    assert {CITE, MARKIN} <= set(norms_data(rates, [0.0, 0.5], "stakhanov-1935").sources)


@pytest.mark.parametrize(
    ("setting", "group", "ends"),
    [
        ("miner=350", "miner", (350, 350)),
        ("miner=333..377", "miner", (333, 377)),
        ("stakhanovite-miner=2000", "stakhanovite-miner", (2000, 2000)),  # a point: closed
    ],
)
def test_set_a_wage_or_a_range(
    capsys: pytest.CaptureFixture[str], setting: str, group: str, ends: tuple[float, float]
) -> None:
    code, out, _ = run(capsys, "groups", "--set", setting, "-f", "json")
    row = {r["id"]: r for r in json.loads(out)["rows"]}[group]
    assert code == 0
    assert (row["low"], row["high"], row["high_open"]) == (*ends, False)
    assert row["source"] == f"--set {setting} (command line)"


def test_set_a_norm_and_an_open_flag_after_a_scenario(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    code, out, _ = run(
        capsys,
        "norm",
        "--raise",
        "0",
        "--scenario",
        "s.toml",
        "--set",
        "norms.coal-hewing.value=6.5",
        "-f",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["old"] == 6.5
    assert data["sources"] == ["--set norms.coal-hewing.value=6.5 (command line)"]
    assert data["scenarios"] == [LABEL, "--set norms.coal-hewing.value=6.5 (command line)"]
    # --set comes after the file: it may reopen what the file closed
    code, out, _ = run(
        capsys,
        "groups",
        "--scenario",
        "s.toml",
        "--set",
        "wages.stakhanovite-miner.high_open=true",
        "-f",
        "json",
    )
    row = {r["id"]: r for r in json.loads(out)["rows"]}["stakhanovite-miner"]
    assert (row["low"], row["high_open"]) == (2000, True)
    assert row["source"] == "--set wages.stakhanovite-miner.high_open=true (command line)"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "minr=350",
            "--set minr=350 (command line): wages.minr: unknown group (did you mean 'miner'?)",
        ),
        (
            "wages.miner.high=abc",
            "--set wages.miner.high=abc (command line): wages.miner.high: "
            "must be a number, got text",
        ),
        (
            "norms.coal-hewing.valu=6",
            "--set norms.coal-hewing.valu=6 (command line): norms.coal-hewing.valu: "
            "unknown key (did you mean 'value'?)",
        ),
        (
            "wages.stakhanovite-miner.high=2000",
            "--set wages.stakhanovite-miner.high=2000 (command line): "
            "wages.stakhanovite-miner.high: open above (1,600 or more): to make 2000 a limit, "
            "also write high_open = false",
        ),
    ],
)
def test_a_bad_set_is_refused_like_a_scenario_line(
    capsys: pytest.CaptureFixture[str], setting: str, message: str
) -> None:
    assert run(capsys, "ratio", "miner", "auxiliary", "--set", setting) == (
        1,
        "",
        f"stakhanov: {message}\n",
    )


def test_a_set_without_a_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "groups", "--set", "miner")
    assert code == 1 and err.startswith("stakhanov: --set 'miner': expected KEY=VALUE")


def test_json_and_csv_round_trip_400_over_150_exactly(capsys: pytest.CaptureFixture[str]) -> None:
    # miner 400-500 over lowest-paid at most 150 (open below): the low end is 400 / 150 =
    # 2.666..., and there is no high end
    _, out, _ = run(capsys, "ratio", "miner", "lowest-paid", "-f", "json")
    assert json.loads(out)["low"] == 400 / 150
    _, out, _ = run(capsys, "ratio", "miner", "lowest-paid", "-f", "csv")
    assert float(next(csv.DictReader(io.StringIO(out)))["low"]) == 400 / 150
    _, out, _ = run(capsys, "ratios", "--base", "lowest-paid", "-f", "csv")
    miner = next(r for r in csv.DictReader(io.StringIO(out)) if r["numerator"] == "miner")
    assert float(miner["low"]) == 400 / 150
    # --digits rounds machine output only when given
    _, out, _ = run(capsys, "ratio", "miner", "lowest-paid", "-f", "json", "--digits", "3")
    assert json.loads(out)["low"] == 2.667
    _, out, _ = run(capsys, "ratio", "miner", "lowest-paid")
    assert "at least 2.67×" in out  # tables: 2 decimals by default


def test_json_refuses_infinity_and_nan(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from stakhanov.errors import DataError
    from stakhanov.views.console import emit_records, write_json

    with pytest.raises(DataError, match="not a finite number"):
        write_json({"low": float("inf")})
    with pytest.raises(DataError, match="not a finite number"):
        emit_records([{"low": float("nan")}], "csv")


def test_scenario_new_uncommented_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    starter = tmp_path / "s.toml"
    assert run(capsys, "scenario", "new", str(starter))[0] == 0
    # Uncomment every line with one '#' that holds a key or a table, as it stands.
    lines = []
    for line in starter.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and not line.startswith("## "):
            line = line[2:]
        lines.append(line)
    edited = tmp_path / "u.toml"
    edited.write_text("\n".join(lines), encoding="utf-8")
    assert run(capsys, "scenario", "check", str(edited))[0] == 0
    code, out, _ = run(capsys, "scenario", "diff", str(edited), "-f", "json")
    data = json.loads(out)
    assert code == 0 and (data["changes"], data["ratios"], data["norms"]) == ([], [], [])
    # and the examples (##) pass the checks too once uncommented
    toml = re.compile(r"^#{0,2} ?((?:\[|[a-z_]+ = ).*)$")
    text = "\n".join(m.group(1) for line in lines if (m := toml.match(line)))
    (tmp_path / "e.toml").write_text(text, encoding="utf-8")
    assert run(capsys, "scenario", "check", str(tmp_path / "e.toml"))[0] == 0


def test_an_empty_title_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('[meta]\ntitle = "  "\n', encoding="utf-8")
    code, _, err = run(capsys, "scenario", "check", str(path))
    assert code == 1 and f"{path}:2: meta.title: empty" in err


def test_workbook_inputs_and_sources_cite_the_scenario(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    import openpyxl

    assert run(capsys, "export", "w.xlsx", "--scenario", "s.toml", "--set", "miner=350")[0] == 0
    book = openpyxl.load_workbook(here / "w.xlsx")
    inputs = {row[0]: row for row in book["Inputs"].iter_rows(values_only=True) if row}
    assert CITE in inputs["stakhanovite-miner"] and MARKIN in inputs["auxiliary"]
    assert "--set miner=350 (command line)" in inputs["miner"]
    cited = {
        row[1]: row[2]
        for row in book["Sources"].iter_rows(values_only=True)
        if row and row[0] == "wage group"
    }
    assert (cited["stakhanovite-miner"], cited["auxiliary"]) == (CITE, "markin-1936")


def test_inequality_names_its_scenarios(capsys: pytest.CaptureFixture[str], here: Path) -> None:
    from conftest import ROOT

    pit = str(ROOT / "examples" / "pit-before.toml")
    args = ["inequality", "-w", pit, "--draws", "0", "--scenario", "s.toml"]
    _, out, _ = run(capsys, *args, "-f", "json")
    assert json.loads(out)["scenarios"] == [LABEL]
    _, out, _ = run(capsys, *args, "-f", "csv")
    assert {r["scenarios"] for r in csv.DictReader(io.StringIO(out))} == {LABEL}
    _, out, _ = run(capsys, "inequality", "-w", pit, "--draws", "0", "-f", "csv")
    assert "scenarios" not in out.splitlines()[0]  # nothing applied, nothing named


def test_why_names_the_set_that_replaced_a_figure(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "why", "miner", "--set", "miner=350", "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["citation"]["source_id"] == "--set miner=350 (command line)"
    assert data["scenario_changes"] == [
        {
            "where": "--set miner=350 (command line): wages.miner",
            "before": "400–500 rubles a month",
            "after": "350 rubles a month",
        }
    ]


def test_set_a_price_is_cited_where_wages_are_stated_in_goods(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["ratio", "engineer", "auxiliary", "--in", "rye-bread"]
    code, out, _ = run(capsys, *args, "--set", "prices.rye-bread.low=0.9")
    assert code == 0
    assert "0.90–1.00 rub/kg, Moscow, set by scenario --set prices.rye-bread.low=0.9" in out
    assert "auxiliary 170–189 kg a month" in out  # 170 / 1.00 to 170 / 0.9 = 188.9


def test_source_notes_keep_their_commas(capsys: pytest.CaptureFixture[str]) -> None:
    # sources.csv once held its notes unquoted, with the commas taken out ("quotes Pravda
    # Trud and Izvestia"): a note with a comma is quoted in the file, and every output shows
    # the comma. Markin names three papers and the three things only his article gives.
    code, out, _ = run(capsys, "sources", "--format", "json")
    assert code == 0
    notes = {s["id"]: s["note"] for s in json.loads(out)}
    assert "quotes Pravda, Trud and Izvestia of September-November 1935" in notes["markin-1936"]
    assert "The only source with wages, norms and pay rules." in notes["markin-1936"]
    assert "worked with Stakhanov, so the brigade was three" in notes["brigade-accounts"]
    code, out, _ = run(capsys, "sources")
    assert code == 0
    assert "Pravda, Trud and Izvestia" in " ".join(out.split())
