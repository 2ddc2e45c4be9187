"""Output fit for a pipeline: the sweep's wide, long and Parquet layouts, streamed; and the
command-line conventions (one percentage syntax, usage errors, files written like export)."""

from __future__ import annotations

import csv
import io
import json
import stat
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from stakhanov.cli.app import main

EXAMPLES = ROOT / "examples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- the sweep -----------------------------------------------------------------------------

SWEEP = ["sweep", "--alpha", "0:1:0.5", "--tariff", "-10%:10%:10%"]


def test_sweep_csv_is_wide_and_plain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *SWEEP, "--format", "csv")
    assert code == 0
    assert not any(line.startswith("#") for line in out.splitlines())  # the header comes first
    rows = list(csv.DictReader(io.StringIO(out)))
    # only the two groups paid by the hewing norm are columns; the miner's range gives its ends;
    # the Stakhanovite's open upper end is no column
    assert list(rows[0]) == [
        "alpha",
        "tariff_pct",
        "stakhanovite-miner",
        "miner_low",
        "miner",
        "miner_high",
    ]
    assert len(rows) == 3 * 3  # one row per grid point
    # α = 0.5 toward 102 t: N' = 7 + 0.5 × 95 = 54.5; miner 450 × 7 / 54.5 = 57.80;
    # with tariff +10%: 57.80 × 1.1 = 63.58; low end 400 × 7 / 54.5 × 1.1 = 56.51
    row = next(r for r in rows if r["alpha"] == "0.5" and r["tariff_pct"] == "10.0")
    assert float(row["miner"]) == pytest.approx(450 * 7 / 54.5 * 1.1)  # 63.58
    assert float(row["miner_low"]) == pytest.approx(400 * 7 / 54.5 * 1.1)  # 56.51
    assert "engineer" not in out  # a fixed group: in the JSON and the --meta file only


def test_sweep_meta_names_what_the_rows_do_not(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--meta FILE: the JSON's head (fixed groups, open ends, scenarios) beside the CSV."""
    grid, meta = tmp_path / "grid.csv", tmp_path / "grid.json"
    args = [*SWEEP, "--set", "miner=350", "--format", "csv", "-o", str(grid), "--meta", str(meta)]
    code, _, err = run(capsys, *args)
    assert code == 0 and f"stakhanov: wrote {meta}\n" in err
    data = json.loads(meta.read_text(encoding="utf-8"))
    assert data["scenarios"] == ["--set miner=350 (command line)"]
    assert data["fixed"]["engineer"] == {"low": 8600.0, "central": 8600.0, "high": 8600.0}
    assert data["fixed"]["textile"]["low"] is None  # 150 or less: no lower limit
    assert data["open_ends"] == ["stakhanovite-miner has no upper limit"]
    header = grid.read_text(encoding="utf-8").splitlines()[0]
    assert data["columns"] == header.split(",")  # the CSV's own columns, scenarios last
    assert header.endswith(",scenarios")
    # the same head as --format json gives
    _, out, _ = run(capsys, *SWEEP, "--set", "miner=350", "--format", "json")
    wide = json.loads(out)
    assert {k: wide[k] for k in ("fixed", "open_ends", "norm", "record", "rule")} == {
        k: data[k] for k in ("fixed", "open_ends", "norm", "record", "rule")
    }
    code, _, err = run(capsys, *args)  # both exist now: neither is replaced
    assert (code, err) == (1, f"stakhanov: {grid}: already exists (use --force to replace it)\n")
    code, _, err = run(capsys, *SWEEP, "--meta", str(meta))
    assert (code, err) == (1, "stakhanov: --meta goes with --format csv, json or parquet\n")


def test_sweep_json_is_wide_with_a_fixed_field(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, *SWEEP, "--format", "json")
    data = json.loads(out)
    assert data["fixed"]["auxiliary"] == {"low": 170.0, "central": 170.0, "high": 170.0}
    assert data["fixed"]["stakhanovite-textile"]["high"] is None  # 500 or more: open
    assert data["columns"][:2] == ["alpha", "tariff_pct"]
    assert len(data["rows"]) == 9
    # α = 1 at tariff -10%: 1,600 × 7 / 102 × 0.9 = 98.82
    assert data["rows"][2]["stakhanovite-miner"] == pytest.approx(1600 * 7 / 102 * 0.9)
    _, out, _ = run(capsys, *SWEEP, "--format", "json", "--digits", "2")
    assert json.loads(out)["rows"][2]["stakhanovite-miner"] == 98.82  # rounded when asked


def test_sweep_long_is_the_tidy_layout(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, *SWEEP, "--format", "csv", "--long")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 9 * 11  # every group at every grid point
    assert list(rows[0]) == [
        "alpha",
        "tariff_pct",
        "group",
        "low",
        "central",
        "high",
        "paid_by_norm",
    ]
    _, out, _ = run(capsys, *SWEEP, "--format", "json", "--long")
    assert len(json.loads(out)) == 9 * 11


def test_sweep_names_its_scenarios_and_keeps_full_precision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    setting = ["--set", "miner=350"]
    code, out, _ = run(capsys, *SWEEP, *setting, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))  # the last column names what was applied
    assert {r["scenarios"] for r in rows} == {"'--set miner=350 (command line)"}
    code, out, _ = run(capsys, *SWEEP, *setting, "--format", "json")
    wide = json.loads(out)
    assert wide["scenarios"] == ["--set miner=350 (command line)"]
    # α = 0.5 toward 102 t: N' = 7 + 0.5 × 95 = 54.5; the miner's 350 at tariff +0% becomes
    # 350 × 7 / 54.5, to the last bit (pandas' own JSON writer stops at 15 digits).
    row = next(r for r in wide["rows"] if r["alpha"] == 0.5 and r["tariff_pct"] == 0.0)
    assert row["miner"] == 350 * 7 / 54.5
    code, out, _ = run(capsys, *SWEEP, *setting, "--format", "json", "--long")
    long = json.loads(out)
    assert long["scenarios"] == ["--set miner=350 (command line)"] and long["rows"]
    code, out, _ = run(capsys, *SWEEP, *setting, "--format", "csv", "--long")
    assert out.splitlines()[0].endswith(",paid_by_norm,scenarios")
    code, out, _ = run(capsys, *SWEEP, "--format", "csv", "--long")
    assert "scenarios" not in out  # nothing applied


@pytest.mark.parametrize(
    ("points", "sizes"),
    [
        (6, [(2, 3), (2, 3), (1, 3)]),  # two tariffs of three α each per part
        (2, [(1, 2), (1, 1)] * 5),  # a row of α longer than a part is split too
    ],
)
def test_streamed_parts_join_into_the_hand_arithmetic_and_the_one_call(
    points: int, sizes: list[tuple[int, int]]
) -> None:
    """The parts, joined, read as the hand arithmetic; and (consistency) as one call's grid."""
    import numpy as np

    from stakhanov.calc.sweep import sweep, sweep_chunks
    from stakhanov.data.rates import load_rates

    rates = load_rates()
    grid = ([0.0, 0.3, 1.0], "stakhanov-per-worker", [-5.0, 0.0, 5.0, 20.0, 30.0])
    whole = sweep(rates, *grid)
    parts = list(sweep_chunks(rates, *grid, points=points))
    assert [(len(p.tariffs_pct), len(p.alphas)) for p in parts] == sizes
    groups = len(whole.groups)
    for end in ("low", "central", "high"):  # in output order: tariff by tariff, α within it
        joined = np.concatenate([getattr(p, end).reshape(-1, groups) for p in parts])
        assert np.array_equal(joined, getattr(whole, end).reshape(-1, groups), equal_nan=True)
        # By hand: the miner's 400 / 450 / 500 under N' = 7 + α (R - 7), R the per-worker
        # record's 35 / 32.5 / 30 t (the lowest wage meets the highest norm), tariff t%.
        wage, record = {"low": (400, 35), "central": (450, 32.5), "high": (500, 30)}[end]
        miner = joined[:, whole.groups.index("miner")]
        by_hand = [
            wage * (1 + t / 100) * 7 / (7 + a * (record - 7)) for t in grid[2] for a in grid[0]
        ]
        assert miner.tolist() == pytest.approx(by_hand, rel=1e-12)


def test_a_long_row_of_alpha_streams_in_bounded_parts() -> None:
    from stakhanov.calc.sweep import sweep_chunks
    from stakhanov.data.rates import load_rates

    parts = sweep_chunks(load_rates(), [i / 1_000_000 for i in range(1_000_001)], "stakhanov-1935")
    first, second = next(parts), next(parts)
    assert first.central.size == second.central.size == 65_536 * 11  # points × groups
    assert second.alphas[0] == 65_536 / 1_000_000  # the second part goes on where the first ended


def test_sweep_output_file_and_parquet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    target = tmp_path / "grid.parquet"
    code, _, err = run(capsys, *SWEEP, "--format", "parquet", "--output", str(target))
    assert (code, err) == (0, f"stakhanov: wrote {target}\n")
    frame = pd.read_parquet(target)
    assert list(frame.columns)[2:] == ["stakhanovite-miner", "miner_low", "miner", "miner_high"]
    assert frame["miner"].iloc[0] == 405.0  # 450 × 0.9 at α = 0
    assert stat.S_IMODE(target.stat().st_mode) & 0o044  # readable by others, like export
    code, _, err = run(capsys, *SWEEP, "--format", "parquet", "--output", str(target))
    assert (code, err) == (1, f"stakhanov: {target}: already exists (use --force to replace it)\n")
    csv_target = tmp_path / "grid.csv"
    assert run(capsys, *SWEEP, "--format", "csv", "-o", str(csv_target))[0] == 0
    assert csv_target.read_text(encoding="utf-8").startswith("alpha,tariff_pct,")


@pytest.mark.parametrize("option", [["--long"], ["--output", "grid.csv"]])
def test_table_options_are_refused_with_a_table(
    capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    code, out, err = run(capsys, *SWEEP, *option)
    assert (code, out) == (1, "")
    assert err == f"stakhanov: {option[0]} goes with --format csv, json or parquet\n"


def test_parquet_needs_a_file_and_says_when_pyarrow_is_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, *SWEEP, "--format", "parquet")
    assert (code, out) == (2, "")
    assert "--format parquet writes a file: give --output FILE.parquet" in err
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the extra were not installed
    target = tmp_path / "grid.parquet"
    code, out, err = run(capsys, *SWEEP, "--format", "parquet", "--output", str(target))
    assert (code, out) == (1, "")
    assert err == (
        "stakhanov: --format parquet needs pyarrow, an optional extra: "
        'pip install "stakhanov[parquet]"\n'
    )
    assert not target.exists()


# --- command-line conventions ----------------------------------------------------------------


def test_bare_scenario_prints_its_help_and_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "scenario")
    assert (code, err) == (0, "")
    assert out.startswith("Usage: stakhanov scenario") and "check" in out


def test_scenario_new_is_written_like_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "mine.toml"
    assert run(capsys, "scenario", "new", str(target))[0] == 0
    # what atomic_write gives export and plot under the usual umask (tests/test_atomic.py)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text(encoding="utf-8").lstrip().startswith("#")


def test_brigade_with_given_outputs_is_titled_by_them(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "brigade", "--outputs", "10,10,10")
    assert "Brigade on outputs 10, 10, 10 t" in out and "stakhanov-1935" not in out
    _, out, _ = run(capsys, "brigade", "--outputs", "10,10,10", "--format", "json")
    assert json.loads(out)["record"] is None and json.loads(out)["outputs_given"] is True
    _, out, _ = run(capsys, "brigade", "--size", "1")
    assert "timberman" not in out  # a brigade of one: the hewer alone
    _, out, _ = run(capsys, "brigade")
    assert "A timberman's propping" in out


def test_scenario_check_recognises_workforce_files(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.toml"))
    code, out, err = run(capsys, "scenario", "check", *files)
    assert (code, err) == (0, "")
    assert "(workforce: " in out and str(EXAMPLES / "pit-before.toml") in out


def test_a_workforce_file_given_as_a_scenario_says_what_it_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = str(EXAMPLES / "pit-before.toml")
    for args in (["report", "--scenario", before], ["scenario", "diff", before]):
        code, out, err = run(capsys, *args)
        assert (code, out) == (1, "")
        assert "this is a workforce file (headcount per group), not a scenario" in err
        assert "--workforce" in err and err.count("\n") == 1
