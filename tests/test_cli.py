"""The command line: outputs in every format, and one clear line for every bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from stakhanov.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ratio_json_engineer_auxiliary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ratio", "engineer", "auxiliary", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["central"] == 50.59  # 8,600 / 170 = 50.588... shown to 2 decimals
    assert data["bound"] == "exact"


def test_ratio_json_lower_bound(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ratio", "stakhanovite-miner", "auxiliary", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["low"], data["high"], data["bound"]) == (9.41, None, "at least")  # 1,600 / 170
    assert set(data) >= {
        "numerator",
        "denominator",
        "low",
        "central",
        "high",
        "bound",
        "basis",
        "note",
    }


def test_ratio_table_says_at_least_with_arithmetic_and_citation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "ratio", "stakhanovite-miner", "auxiliary")
    assert "at least 9.41×" in out
    assert "low = 1,600 / 170 = 9.41" in out
    assert "markin-1936 ¶28" in out


def test_digits_option(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ratio", "engineer", "auxiliary", "-f", "json", "--digits", "4")
    assert json.loads(out)["central"] == 50.5882  # 8,600 / 170 = 50.58823...


def test_ratios_csv_against_base(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ratios", "--base", "auxiliary", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    by_id = {r["numerator"]: r for r in rows}
    assert by_id["miner"]["low"] == "2.35"  # 400 / 170
    assert by_id["miner"]["high"] == "2.94"  # 500 / 170
    assert by_id["stakhanovite-miner"]["high"] == ""  # no upper bound: empty, never inf


def test_groups_json_lists_every_group_with_citation(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "groups", "--format", "json")
    groups = {g["id"]: g for g in json.loads(out)}
    assert groups["skilled-worker"]["monthly_central"] == 1900  # 950 × 2
    assert groups["stakhanovite-miner"]["as_given"] == "1,600 or more"
    assert groups["textile"]["as_given"] == "150 or less"
    assert groups["engineer"]["source"] == "markin-1936 ¶28"


def test_report_json_has_the_card_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "report", "--format", "json")
    data = json.loads(out)
    pairs = {(r["numerator"], r["denominator"]) for r in data["matrix"]}
    card = ["stakhanovite-miner", "miner", "auxiliary", "engineer"]
    assert pairs == {(a, b) for a in card for b in card if a != b}
    assert data["ladder"][0]["group"] == "engineer"  # 8,600 heads the ladder


def test_report_table_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report")
    assert code == 0 and "Wage ladder" in out and "Ratio matrix" in out and "≥ 9.41" in out
    code, out, _ = run(capsys, "sources", "--format", "csv")
    ids = [r["id"] for r in csv.DictReader(io.StringIO(out))]
    assert ids[:4] == ["markin-1936", "ap-trud", "blog-freeze", "afp-hero-labour"]


DESIGN_CLAIM_KEYS = {
    "id",
    "claim",
    "claimed",
    "computed",
    "verdict",
    "arithmetic",
    "source",
    "paragraph",
}


def test_claims_table_lists_every_claim_with_its_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "claims")
    assert (code, err) == (0, "")
    assert "engineers-80-100-times" in out and "afp-227-tonnes" in out
    # 8,600 / 100..150 = 57.33..86 (central 8,600 / 125 = 68.8) against 80..100
    row = next(line for line in out.splitlines() if "engineers-80-100-times" in line)
    assert "80 to 100×" in row and "57.33–86.00 (68.80)×" in row and "roughly" in row
    assert "markin-1936 ¶28" in row


def test_one_claim_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "claims", "engineers-80-100-times")
    assert code == 0
    assert out.startswith("engineers-80-100-times: roughly\n")
    assert "engineer 8,600 / lowest-paid 100–150 = 57.33–86" in out
    # the unskilled wage that would make it hold: 8,600 / 100 .. 8,600 / 80
    assert "would hold:  lowest-paid: 86–107.5 rubles a month (given 100–150)" in out


def test_claims_json_has_design_keys(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "claims", "--format", "json")
    data = json.loads(out)
    assert len(data) == 16
    for item in data:
        assert set(item) >= DESIGN_CLAIM_KEYS
        assert item["verdict"] in ("holds", "roughly", "fails")
    _, out, _ = run(capsys, "claims", "kaslov-11-times", "-f", "json")
    one = json.loads(out)
    assert set(one) >= DESIGN_CLAIM_KEYS
    assert one["computed"]["central"] == 11.18  # (950 × 2) / 170 = 11.176...
    assert (one["source"], one["paragraph"], one["verdict"]) == ("markin-1936", 28, "holds")


def test_claims_csv(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "claims", "--format", "csv", "--digits", "1")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["borisov-46-times-norm"]["verdict"] == "fails"
    assert rows["borisov-46-times-norm"]["computed_low"] == "114.3"  # 800 / 7
    assert rows["mines-ten-times"]["computed_high"] == ""  # no upper limit


def test_report_ends_with_the_claims_summary(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "report")
    assert out.rstrip().splitlines()[-1] == (
        "7 of 16 claims hold, 6 roughly, 3 fail — see `stakhanov claims`"
    )
    _, out, _ = run(capsys, "report", "--format", "json")
    assert json.loads(out)["claims"] == {
        "holds": 7,
        "roughly": 6,
        "fails": 3,
        "total": 16,
        "summary": "7 of 16 claims hold, 6 roughly, 3 fail — see `stakhanov claims`",
    }


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (
            ["ratio", "minr", "auxiliary"],
            1,
            "stakhanov: unknown group 'minr' (did you mean 'miner'?)",
        ),
        (
            ["ratio", "miner", "auxilary"],
            1,
            "stakhanov: unknown group 'auxilary' (did you mean 'auxiliary'?)",
        ),
        (["ratios", "--base", "nobody"], 1, "stakhanov: unknown group 'nobody'"),
        (
            ["claims", "kaslov-11-time"],
            1,
            "stakhanov: unknown claim 'kaslov-11-time' (did you mean 'kaslov-11-times'?)",
        ),
        (["ratio", "miner"], 2, "stakhanov: Missing argument 'B'. (see 'stakhanov --help')"),
        (
            ["ratio", "miner", "auxiliary", "--format", "xml"],
            2,
            "stakhanov: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'csv', "
            "'json'. (see 'stakhanov --help')",
        ),
        (["frobnicate"], 2, "stakhanov: No such command 'frobnicate'. (see 'stakhanov --help')"),
    ],
)
def test_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], code: int, line: str
) -> None:
    got, out, err = run(capsys, *args)
    assert got == code
    assert out == ""
    assert err == line + "\n"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from stakhanov import __version__

    assert run(capsys, "--version")[1] == f"stakhanov {__version__}\n"


@pytest.mark.slow
def test_console_script_and_module_run_from_anywhere(tmp_path: Path) -> None:
    """The installed tool finds its data from any folder, and `python -m stakhanov` works."""
    exe = Path(sys.executable).with_name("stakhanov")
    for command in ([str(exe)], [sys.executable, "-m", "stakhanov"]):
        done = subprocess.run(
            [*command, "ratio", "engineer", "auxiliary", "-f", "json"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["central"] == 50.59


@pytest.mark.slow
def test_errors_reach_a_real_terminal_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stakhanov", "ratio", "minr", "miner"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == "stakhanov: unknown group 'minr' (did you mean 'miner'?)\n"
    assert "Traceback" not in done.stdout + done.stderr
