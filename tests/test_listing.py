"""`stakhanov records` and `stakhanov norms`: every record and norm with its figure, bounds,
unit, period and citation, in a table, CSV and JSON.

Expected values are read by hand from rates/records.csv and rates/norms.csv; the one
derived from the file itself (which record a mistyped "stakhanov" should suggest) reads
the CSV with the csv module, independently of the library.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import ROOT
from stakhanov.cli.app import main
from stakhanov.errors import did_you_mean


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _json_rows(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, object]]:
    code, out, _ = run(capsys, *args, "--format", "json")
    assert code == 0
    return {row["id"]: row for row in json.loads(out)}


def test_records_json_has_every_record_with_figure_unit_period_and_citation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _json_rows(capsys, "records")
    assert len(rows) == 28  # records.csv: 28 rows under its header
    assert next(iter(rows)) == "stakhanov-1935"  # in the file's order
    first = rows["stakhanov-1935"]
    assert first["person"] == "Alexei Stakhanov"
    assert first["activity"] == "coal hewing with a pneumatic drill"
    assert (first["figure"], first["low"], first["high"], first["bound"]) == (
        "102",
        102,
        102,
        "exact",
    )
    assert (first["unit"], first["period"], first["date"]) == ("t", "six-hour shift", "1935-08-31")
    assert first["source"] == "markin-1936 ¶9"
    # 'at the most 30 35 tons' per worker (¶16): an upper bound of 35, with 30 printed.
    brigade = rows["stakhanov-per-worker"]
    assert (brigade["figure"], brigade["low"], brigade["high"]) == (
        "35 or less (down to 30 printed)",
        None,
        35,
    )
    assert brigade["bound"] == "at most" and brigade["source"] == "markin-1936 ¶16"
    assert brigade["as_printed"] == "30;35"
    krivorog = rows["krivorog"]  # 2,500% of the norm, a shift
    assert (krivorog["figure"], krivorog["unit"], krivorog["period"]) == (
        "2,500",
        "% of norm",
        "shift",
    )
    assert rows["previous-maximum"]["date"] == ""  # the file gives no date
    assert rows["stakhanov-afp"]["source"] == "afp-hero-labour ¶21"  # 227 t, kept apart


def test_norms_json_has_the_range_given_and_the_point_used(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _json_rows(capsys, "norms")
    assert list(rows) == ["coal-hewing", "lathe-wheels", "crankshaft-forging"]
    coal = rows["coal-hewing"]  # 6 to 7 t a six-hour shift, 7 used; tariff: the miner's wage
    assert (coal["figure"], coal["low"], coal["high"], coal["value"]) == ("6–7", 6, 7, 7)
    assert (coal["unit"], coal["period"], coal["tariff_group"]) == ("t", "six-hour shift", "miner")
    assert coal["source"] == "markin-1936 ¶9"
    lathe = rows["lathe-wheels"]  # "six" pairs a shift, in words
    assert (lathe["figure"], lathe["unit"], lathe["as_printed"]) == ("6", "pairs", "six")
    assert lathe["tariff_group"] is None
    ford = rows["crankshaft-forging"]
    assert (ford["value"], ford["unit"], ford["period"], ford["source"]) == (
        100,
        "crankshafts",
        "hour",
        "markin-1936 ¶20",
    )


def test_records_csv_has_its_header_first_and_every_record(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "records", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.startswith("id,person,activity,figure,low,high,")
    boussygin = next(r for r in rows if r["id"] == "boussygin")  # 112 to 127 an hour, ¶10
    assert boussygin["figure"] == "112–127"
    assert (float(boussygin["low"]), float(boussygin["high"])) == (112, 127)
    assert (boussygin["unit"], boussygin["period"]) == ("crankshafts", "hour")
    assert boussygin["source"] == "markin-1936 ¶10"


def test_norms_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "norms", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["coal-hewing", "lathe-wheels", "crankshaft-forging"]
    assert (rows[0]["figure"], float(rows[0]["value"])) == ("6–7", 7)


@pytest.mark.parametrize("columns", ["80", "100", "200"])
@pytest.mark.parametrize("command", ["records", "norms"])
def test_tables_fit_and_keep_ids_and_figures_whole(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    columns: str,
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = run(capsys, command)
    assert code == 0
    lines = out.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    cells = {c.strip() for line in lines for c in line.split("│")}
    with (ROOT / "rates" / f"{command}.csv").open(encoding="utf-8") as f:
        data = list(csv.DictReader(f))
    for row in data:
        assert row["id"] in cells, row["id"]
        # and its citation's source id whole (it may wrap before the '¶', never inside)
        assert any(c.split(" ")[0] == row["source_id"] for c in cells), row["source_id"]
    if command == "records":
        assert {"102", "35 or less", "(30 printed)", "112–127", "2,500", "80–90"} <= cells
    else:
        assert {"6–7", "6", "100"} <= cells


def test_a_changed_record_cites_the_line_that_changed_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "records", "--set", "records.stakhanov-1935.output=34")
    assert code == 0
    code, out, _ = run(
        capsys, "records", "--set", "records.stakhanov-1935.output=34", "--format", "csv"
    )
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    changed, kept = rows["stakhanov-1935"], rows["stakhanov-per-worker"]
    # A CSV cell that starts with "-" gets a leading apostrophe (a spreadsheet would run it).
    assert changed["source"] == "'--set records.stakhanov-1935.output=34 (command line)"
    assert (changed["figure"], float(changed["low"])) == ("34", 34)
    assert changed["note"] == "replaces 102 t (markin-1936 ¶9)"
    assert kept["source"] == "markin-1936 ¶16"


def test_a_changed_norm_cites_the_line_that_changed_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "norms", "--set", "norms.coal-hewing.value=6.5", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["scenarios"] == ["--set norms.coal-hewing.value=6.5 (command line)"]
    coal = data["rows"][0]
    assert (coal["figure"], coal["value"]) == ("6.5", 6.5)
    assert coal["source"] == "--set norms.coal-hewing.value=6.5 (command line)"


def test_norms_and_norm_are_two_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "norms", "--help")
    assert code == 0 and "Example: stakhanov norms" in out
    code, out, _ = run(capsys, "norm", "--help")
    assert code == 0 and "Example: stakhanov norm " in out and "--toward" in out


def test_a_record_id_begun_suggests_the_first_record_of_that_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with (ROOT / "rates" / "records.csv").open(encoding="utf-8") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    first = next(i for i in ids if i.startswith("stakhanov-"))
    assert first == "stakhanov-1935"  # the file lists the record before its variants
    code, _, err = run(capsys, "norm", "--alpha", "0.1", "--toward", "stakhanov")
    assert code == 1
    assert err == f"stakhanov: unknown record 'stakhanov' (did you mean '{first}'?)\n"


@pytest.mark.parametrize(
    ("word", "known", "suggested"),
    [
        # begun by the word as a whole part, in the order given: the first wins
        ("stakhanov", ["stakhanov-afp", "stakhanov-1935"], "stakhanov-afp"),
        ("stakhanov", ["stakhanovite-miner", "stakhanov-1935"], "stakhanov-1935"),
        # begun by its letters only, when no id has it as a whole part
        ("stakh", ["miner", "stakhanovite-miner"], "stakhanovite-miner"),
        # not begun by it: the closest spelling, as before
        ("minr", ["engineer", "miner"], "miner"),
        ("progresive", ["straight", "progressive-metrostroi-1933"], "progressive-metrostroi-1933"),
    ],
)
def test_did_you_mean_prefers_ids_the_word_begins(
    word: str, known: list[str], suggested: str
) -> None:
    assert did_you_mean(word, known) == f" (did you mean '{suggested}'?)"


def test_did_you_mean_needs_more_than_two_letters_to_guess_from_a_beginning() -> None:
    assert did_you_mean("st", ["stakhanov-1935", "straight"]) == ""


def test_rows_keep_the_note_and_the_stakhanovite_flag(capsys: pytest.CaptureFixture[str]) -> None:
    from stakhanov.calc.report import group_rows
    from stakhanov.data.rates import load_rates

    rows = _json_rows(capsys, "norms")
    # rates/norms.csv, lathe-wheels' note, as the file has it:
    assert rows["lathe-wheels"]["note"] == (
        "The norm is given in words. No wage for lathe work in the sources, so no tariff group."
    )
    # DESIGN's groups: the Stakhanovite coal miner, and the non-Stakhanovite miner.
    groups = {r["id"]: r for r in group_rows(load_rates())}
    assert groups["stakhanovite-miner"]["stakhanovite"] is True
    assert groups["miner"]["stakhanovite"] is False
