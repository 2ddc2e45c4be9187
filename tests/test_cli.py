"""The command line: outputs in every format, and one clear line for every bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from stakhanov.cli.app import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ratio_json_engineer_auxiliary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ratio", "engineer", "auxiliary", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["central"] == 8600 / 170  # 50.588...: JSON keeps full precision
    assert data["bound"] == "exact"


def test_ratio_json_lower_bound(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ratio", "stakhanovite-miner", "auxiliary", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["low"], data["high"], data["bound"]) == (1600 / 170, None, "at least")
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
    assert float(by_id["miner"]["low"]) == 400 / 170  # full precision, not 2.35
    assert float(by_id["miner"]["high"]) == 500 / 170
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
    assert "80 to 100×" in row and "≥ 57.33×" in row and "roughly" in row
    assert "markin-1936 ¶28" in row


def test_one_claim_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "claims", "engineers-80-100-times")
    assert code == 0
    assert out.startswith("engineers-80-100-times: roughly\n")
    assert "engineer 8,600 / lowest-paid 150 or less = 57.33 or more" in out
    # the unskilled wage that would make it hold: 8,600 / 100 .. 8,600 / 80
    assert "would hold:  lowest-paid: 86–107.5 rubles a month (given 150 or less)" in out


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
    assert one["computed"]["central"] == pytest.approx((950 * 2) / 170, rel=1e-12)
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
        "6 of 16 claims hold, 7 roughly, 3 fail — see `stakhanov claims`"
    )
    _, out, _ = run(capsys, "report", "--format", "json")
    assert json.loads(out)["claims"] == {
        "holds": 6,
        "roughly": 7,
        "fails": 3,
        "total": 16,
        "summary": "6 of 16 claims hold, 7 roughly, 3 fail — see `stakhanov claims`",
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
            ["norm"],
            2,
            "stakhanov: Missing option: give --raise PCT, or --alpha A with --toward RECORD "
            "(see 'stakhanov --help')",
        ),
        (
            ["inequality"],
            2,
            "stakhanov: Missing option: give a workforce file: --workforce FILE "
            "(e.g. examples/pit-before.toml) (see 'stakhanov --help')",
        ),
        (
            ["norm", "--raise", "0.25"],
            1,
            "stakhanov: --raise: '0.25' is ambiguous: write 25% for 25 percent, or 0.25% for "
            "0.25 percent",
        ),
        (
            ["sweep", "--tariff", "0:10:0.5", "--format", "csv"],
            1,
            "stakhanov: --tariff: '0.5' is ambiguous: write 50% for 50 percent, or 0.5% for "
            "0.5 percent",
        ),
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
        assert json.loads(done.stdout)["central"] == 8600 / 170


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


def test_norm_json_worked_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "norm", "--alpha", "0.1", "--toward", "stakhanov-1935", "--format", "json"
    )
    data = json.loads(out)
    effects = {e["group"]: e for e in data["effects"]}
    assert code == 0
    assert effects["miner"]["after"]["central"] == pytest.approx(450 * 7 / 16.5, rel=1e-12)
    assert effects["engineer"]["after"] == effects["engineer"]["before"]
    assert effects["engineer"]["paid_by_norm"] is False
    assert set(effects["miner"]) >= {"group", "before", "after", "change_pct", "paid_by_norm"}


def _cells(out: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("│ ").split("│")] for line in out.splitlines()]


def test_norm_table_says_which_ratios_moved(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "norm", "--alpha", "0.1", "--toward", "stakhanov-1935")
    rows = _cells(out)
    # both paid by the norm, one factor: 1,600 / 450 = 3.56 before and after
    assert ["stakhanovite-miner", "miner", "3.56", "3.56", "no"] in rows
    assert ["miner", "auxiliary", "2.65", "1.12", "yes"] in rows  # 450/170 → (450*7/16.5)/170
    assert ["auxiliary", "miner", "0.38", "0.89", "yes"] not in rows  # each pair once
    _, out, _ = run(
        capsys, "norm", "--alpha", "0.1", "--toward", "stakhanov-1935", "--pairs", "all"
    )
    assert ["auxiliary", "miner", "0.38", "0.89", "yes"] in _cells(out)  # 170/450, 170/190.9


def test_norm_machine_output_has_every_pair_and_the_norms(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "norm", "--raise", "25%", "--format", "json")
    data = json.loads(out)
    groups = [e["group"] for e in data["effects"]]
    pairs = {(p["numerator"], p["denominator"]) for p in data["pairs"]}
    assert pairs == {(a, b) for a in groups for b in groups if a != b}  # every ordered pair
    _, out, _ = run(capsys, "norm", "--raise", "25%", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["norm_before"] for r in rows} == {"7.0"} and {r["norm_after"] for r in rows} == {
        "8.75"  # 7 × 1.25
    }
    ratio = next(r for r in rows if r["numerator"] == "engineer" and r["denominator"] == "miner")
    # 8,600 / 450 = 19.11 before; after, the miner earns 450 / 1.25 = 360: 8,600 / 360 = 23.89
    assert ratio["part"] == "ratio"
    assert float(ratio["ratio_before"]) == pytest.approx(8600 / 450)
    assert float(ratio["ratio_after"]) == pytest.approx(8600 / 360)
    assert len([r for r in rows if r["part"] == "ratio"]) == len(groups) * (len(groups) - 1)


def test_sweep_rules_brigade_csv(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "sweep", "--alpha", "0:1:0.5", "--format", "csv", "--long")
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["group"] == "miner"]
    centrals = [float(r["central"]) for r in rows]  # 450*7/7, /54.5, /102
    assert centrals == pytest.approx([450.0, 450 * 7 / 54.5, 450 * 7 / 102], rel=1e-12)
    _, out, _ = run(
        capsys, "rules", "--norm", "7", "--output", "21", "--rule", "straight", "--format", "json"
    )
    assert json.loads(out)[0]["straight"] == 1350.0  # 450 * 21 / 7
    _, out, _ = run(capsys, "brigade", "--outputs", "34,34,34", "--format", "json")
    members = json.loads(out)["members"]
    pay = [m["brigade_pay"] for m in members]
    assert pay == pytest.approx([450 * 34 / 7] * 3, rel=1e-12)  # 2,185.714...


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["norm", "--alpha", "1.5", "--toward", "stakhanov-1935"],
            "stakhanov: --alpha must be between 0 and 1, got 1.5",
        ),
        (
            ["norm", "--alpha", "0.1", "--toward", "stakhanov-1953"],
            "stakhanov: unknown record 'stakhanov-1953' (did you mean 'stakhanov-1935'?)",
        ),
        (["norm", "--raise", "-100%"], "stakhanov: a norm raise must be above -100%, got -100%"),
        (["norm", "--raise", "ten"], "stakhanov: --raise: 'ten' is not a percentage, e.g. 25%"),
        (
            ["sweep", "--alpha", "0:1:0"],
            "stakhanov: --alpha: grid step must be > 0, got 0 in '0:1:0'",
        ),
        (["sweep", "--alpha", "0:2:0.5"], "stakhanov: --alpha must be between 0 and 1, got 2"),
        (
            ["rules", "--output", "0:30:-1"],
            "stakhanov: --output: grid step must be > 0, got -1 in '0:30:-1'",
        ),
        (
            ["rules", "--rule", "progresive"],
            "stakhanov: unknown rule 'progresive' (did you mean 'progressive-metrostroi-1933'?)",
        ),
        (["rules", "--norm", "-7"], "stakhanov: --norm must be > 0, got -7"),
        (
            ["brigade", "--outputs", "102,x"],
            "stakhanov: --outputs: 'x' is not a number or LO:HI:STEP",
        ),
        (["brigade", "--size", "0"], "stakhanov: a brigade has at least one member, got --size 0"),
    ],
)
def test_norm_family_bad_input(
    capsys: pytest.CaptureFixture[str], args: list[str], line: str
) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out, err) == (1, "", line + "\n")


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_scenario_check_ok_and_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "scenario", "check", str(EXAMPLES / "lowest-paid-100.toml"))
    assert (code, err) == (0, "")
    assert out.startswith("ok: Lowest-paid at 100 rubles")
    bad = tmp_path / "bad.toml"
    bad.write_text("[meta]\n\n[wages.minr]\nlow = 1\n", encoding="utf-8")
    code, out, err = run(capsys, "scenario", "check", str(bad))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{bad}:1: meta.title: missing: every scenario needs a [meta] title",
        f"{bad}:3: wages.minr: unknown group (did you mean 'miner'?)",
    ]


def test_bad_scenario_on_a_query_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[meta]\ntitle = "x"\n[wages.miner]\nlow = -5\n', encoding="utf-8")
    code, out, err = run(capsys, "ratio", "miner", "auxiliary", "--scenario", str(bad))
    assert (code, out) == (1, "")
    assert err == f"stakhanov: {bad}:4: wages.miner.low: must be > 0, got -5\n"


def test_scenario_changes_the_answer_and_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys,
        "ratio",
        "engineer",
        "lowest-paid",
        "-f",
        "json",
        "--scenario",
        str(EXAMPLES / "lowest-paid-100.toml"),
    )
    assert json.loads(out)["central"] == 86.0  # 8,600 / 100
    _, out, _ = run(
        capsys, "report", "-f", "json", "--scenario", str(EXAMPLES / "lowest-paid-100.toml")
    )
    assert json.loads(out)["scenarios"] == [
        f"Lowest-paid at 100 rubles ({EXAMPLES / 'lowest-paid-100.toml'})"
    ]


def test_scenario_revision_drives_norm(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "norm", "-f", "json", "--scenario", str(EXAMPLES / "report-1939.toml"))
    miner = next(e for e in json.loads(out)["effects"] if e["group"] == "miner")
    assert miner["after"]["central"] == round(0.843 * 450, 2)  # 379.35


def test_scenario_diff_and_new(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, _ = run(capsys, "scenario", "diff", str(EXAMPLES / "borisov-norm.toml"), "-f", "json")
    data = json.loads(out)
    assert {"input": "norms.coal-hewing", "from": "7 t", "to": "17.4 t"} in data["changes"]
    target = tmp_path / "mine.toml"
    assert run(capsys, "scenario", "new", str(target))[0] == 0
    code, out, err = run(capsys, "scenario", "new", str(target))
    assert (code, out) == (1, "")
    assert err == f"stakhanov: {target}: already exists (scenario new never replaces a file)\n"


def test_privileges_cannot_be_added_to_a_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        '[meta]\ntitle = "p"\n[privileges]\nvalue = { cinema = 5 }\n'
        'groups = ["record-driller-day"]\n',
        encoding="utf-8",
    )
    code, _, err = run(
        capsys,
        "ratio",
        "record-driller-day",
        "auxiliary",
        "--with-privileges",
        "--scenario",
        str(path),
    )
    assert code == 1
    assert err == (
        "stakhanov: group 'record-driller-day' is a day figure: privileges are valued "
        "per month, so give working days per month to add them\n"
    )


def test_a_scenario_changes_a_claims_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    # Built-in: engineer 8,600 / lowest-paid 100..150 = 57.3..86, partly inside 80..100: roughly.
    _, out, _ = run(capsys, "claims", "engineers-80-100-times", "-f", "json")
    assert json.loads(out)["verdict"] == "roughly"
    # With the lowest-paid at 100: 8,600 / 100 = 86, inside 80..100: holds.
    _, out, _ = run(
        capsys,
        "claims",
        "engineers-80-100-times",
        "-f",
        "json",
        "--scenario",
        str(EXAMPLES / "lowest-paid-100.toml"),
    )
    assert json.loads(out)["verdict"] == "holds"


def test_scenario_sets_the_claims_tolerance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "tol.toml"
    path.write_text('[meta]\ntitle = "tight"\n[claims]\ntolerance = 0.01\n', encoding="utf-8")
    _, out, _ = run(capsys, "claims", "-f", "json", "--scenario", str(path))
    data = json.loads(out)  # under a scenario, the rows come with the scenarios named
    assert data["scenarios"] == ["tight (" + str(path) + ")"]
    assert {v["tolerance"] for v in data["rows"]} == {0.01}


def test_results_name_the_scenarios_applied(capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "lowest-paid-100.toml"
    code, out, err = run(
        capsys, "ratio", "engineer", "lowest-paid", "-f", "json", "--scenario", str(path)
    )
    assert code == 0
    assert json.loads(out)["central"] == 86.0  # stdout stays pure JSON
    assert err == f"stakhanov: scenarios applied: Lowest-paid at 100 rubles ({path})\n"
    assert run(capsys, "ratio", "engineer", "lowest-paid")[2] == ""  # no scenario, no note


SCENARIO_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.toml") if "[headcount]" not in p.read_text())


@pytest.mark.parametrize("path", SCENARIO_EXAMPLES, ids=[p.name for p in SCENARIO_EXAMPLES])
def test_each_example_checks_and_runs_the_report(
    capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    code, out, err = run(capsys, "scenario", "check", str(path))
    assert (code, err) == (0, "") and out.startswith("ok: ")
    code, out, _ = run(capsys, "report", "-f", "json", "--scenario", str(path))
    assert code == 0
    assert json.loads(out)["scenarios"][0].endswith(f"({path})")
