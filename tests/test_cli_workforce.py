"""The workforce commands and `ratio --draws`: outputs, assumptions shown, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from stakhanov.cli.app import main
from stakhanov.stats.montecarlo import DEFAULT_OPEN_CAP
from stakhanov.stats.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED
from stakhanov.stats.workforce_metrics import METRIC_LABELS

BEFORE = str(ROOT / "examples" / "pit-before.toml")
AFTER = str(ROOT / "examples" / "pit-after.toml")
GINI_BEFORE = 515_520 / (49 * 26_840)  # see tests/test_workforce.py


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_inequality_json_keys_and_hand_figure(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "inequality", "--workforce", BEFORE, "--draws", "20000", "-f", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) == {"draws", "seed", "dist", "cap", "scenarios", "stages"}
    assert (data["draws"], data["seed"], data["dist"], data["cap"]) == (
        20_000,
        DEFAULT_SEED,
        "uniform",
        DEFAULT_OPEN_CAP,
    )
    (stage,) = data["stages"]
    assert stage["workers"] == 49 and stage["revision"] is None
    rows = stage["metrics"]
    assert [r["metric"] for r in rows] == list(METRIC_LABELS)
    assert all(set(r) == {"metric", "central", "p05", "p50", "p95"} for r in rows)
    gini = rows[0]
    assert gini["central"] == pytest.approx(GINI_BEFORE, rel=1e-12)  # full precision
    assert gini["p05"] < gini["p50"] < gini["p95"]


def test_inequality_table_states_the_assumptions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "inequality", "-w", AFTER, "--draws", "5000", "--seed", "42")
    assert (code, err) == (0, "")
    assert "Gini" in out and "Palma" in out and "Theil T between: Stakhanovite or not" in out
    assert "5,000 draws" in out and "seed 42 (--seed 42 repeats it)" in out
    assert f"open ends capped at ×{DEFAULT_OPEN_CAP:g}" in out
    assert "stakhanovite-miner: 1,600 or more, drawn from 1,600–2,400" in out


def test_inequality_before_and_after_a_revision(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["inequality", "-w", BEFORE, "--alpha", "0.1", "--toward", "stakhanov-1935"]
    code, out, _ = run(capsys, *args, "--draws", "0", "-f", "json")
    stages = json.loads(out)["stages"]
    assert code == 0
    assert [s["revision"] for s in stages] == [
        None,
        "α = 0.1 toward stakhanov-1935 (102 t): 7 → 16.5 t",
    ]
    assert all(r["p05"] is None for s in stages for r in s["metrics"])  # --draws 0
    after = {g["group"]: g for g in stages[1]["groups"]}
    assert after["miner"]["central"] == pytest.approx(450 * 7 / 16.5, rel=1e-12)
    code, out, _ = run(capsys, *args, "--draws", "2000")
    assert code == 0 and "after the revision α = 0.1" in out and "p05–p95" in out


def test_inequality_csv_and_two_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "inequality", "-w", BEFORE, "-w", AFTER, "--draws", "0", "-f", "csv")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "stage,metric,central,p05,p50,p95"
    assert len(lines) == 1 + 2 * len(METRIC_LABELS)
    stage, metric, central, *rest = lines[1].split(",")
    assert (stage, metric, rest) == (BEFORE, "gini", ["", "", ""])
    assert float(central) == pytest.approx(GINI_BEFORE, rel=1e-12)  # full precision


def test_large_runs_keep_stderr_clean_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "inequality", "-w", BEFORE, "--draws", "200000", "-f", "json")
    assert (code, err) == (0, "")  # the bar is transient and drawn only on a terminal
    assert json.loads(out)["draws"] == 200_000


def test_ratio_with_draws(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ratio", "miner", "auxiliary", "--draws", "100000")
    assert (code, err) == (0, "")
    assert "2.35× to 2.94× (central 2.65×)" in out  # the bound arithmetic stays
    # U[400, 500] / 170: the median is 450 / 170 = 2.65, p05 405 / 170, p95 495 / 170.
    assert "simulated:  p05 2.38×, p50 2.65×, p95 2.91×" in out
    assert f"seed {DEFAULT_SEED}" in out and "drawn from: miner 400–500, auxiliary 170" in out
    code, out, _ = run(
        capsys, "ratio", "stakhanovite-miner", "auxiliary", "--draws", "10000", "-f", "json"
    )
    data = json.loads(out)
    sim = data["simulated"]
    assert (data["low"], data["high"], data["bound"]) == (1600 / 170, None, "at least")
    assert (sim["draws"], sim["seed"], sim["cap"]) == (10_000, DEFAULT_SEED, DEFAULT_OPEN_CAP)
    assert sim["numerator_drawn"] == [1600, 2400]  # 1,600 or more, capped at ×1.5
    assert 1600 / 170 < sim["p05"] < sim["p50"] < sim["p95"] < 2400 / 170


def test_ratio_with_draws_csv_and_same_group(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ratio", "miner", "miner", "--draws", "100", "-f", "csv")
    header, row = out.splitlines()
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert code == 0 and (values["sim_p05"], values["sim_p95"]) == ("1.0", "1.0")


def test_ratio_without_draws_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ratio", "miner", "auxiliary", "-f", "json")
    assert "simulated" not in json.loads(out)


def test_plot_writes_and_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "ladder.png"
    assert run(capsys, "plot", str(path)) == (0, f"wrote {path}\n", "")
    assert path.read_bytes()[:4] == b"\x89PNG"
    assert run(capsys, "plot", str(path)) == (
        1,
        "",
        f"stakhanov: {path}: already exists (use --force to replace it)\n",
    )
    assert run(capsys, "plot", str(path), "--force")[0] == 0
    lorenz = tmp_path / "lorenz.png"
    args = ["plot", str(lorenz), "--kind", "lorenz", "-w", BEFORE, "-w", AFTER]
    assert run(capsys, *args)[0] == 0
    norms = tmp_path / "norms.png"
    assert run(capsys, "plot", str(norms), "--kind", "norms", "--alpha", "0:1:0.25")[0] == 0


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["inequality", "-w", BEFORE, "--toward", "stakhanov-1935"],
            "stakhanov: --toward goes with --alpha",
        ),
        (
            ["inequality", "-w", BEFORE, "--alpha", "0.1"],
            "stakhanov: --alpha needs --toward RECORD (a record id, e.g. stakhanov-1935)",
        ),
        (
            ["inequality", "-w", BEFORE, "--cap", "1"],
            "stakhanov: --cap must be above 1 and at most 1,000, got 1",
        ),
        (["inequality", "-w", "nope.toml"], "stakhanov: nope.toml: no such file"),
        (
            ["ratio", "miner", "auxiliary", "--draws", "0"],
            "stakhanov: draws must be > 0, got 0",
        ),
        (
            ["plot", "x.png", "--kind", "lorenz"],
            "stakhanov: --kind lorenz needs --workforce FILE (e.g. examples/pit-before.toml)",
        ),
        (
            ["plot", "x.png", "-w", BEFORE],
            "stakhanov: --workforce goes with --kind lorenz, not --kind ladder",
        ),
        (
            ["plot", "x.png", "--alpha", "0.1"],
            "stakhanov: --alpha and --toward go with --kind norms or lorenz, not ladder",
        ),
        (["plot", "no/such/x.png"], "stakhanov: no/such/x.png: folder does not exist"),
    ],
)
def test_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], line: str
) -> None:
    assert run(capsys, *args) == (1, "", line + "\n")


def test_bad_workforce_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "pit.toml"
    path.write_text('[meta]\ntitle = "x"\n[headcount]\nminr = 3\n', encoding="utf-8")
    code, out, err = run(capsys, "inequality", "-w", str(path))
    assert (code, out) == (1, "")
    assert err == f"stakhanov: {path}:4: headcount.minr: unknown group (did you mean 'miner'?)\n"


def test_negative_draws_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "inequality", "-w", BEFORE, "--draws", "-1")
    assert (code, out) == (2, "")
    assert err.startswith("stakhanov: Invalid value for '--draws'") and err.count("\n") == 1


def test_help_names_the_library_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "inequality", "--help")
    out = " ".join(out.split())  # help text wraps anywhere
    assert f"(default {DEFAULT_OPEN_CAP:g})" in out
    assert f"default: {DEFAULT_SEED}" in out and f"default: {DEFAULT_DRAWS}" in out
    assert "Example: stakhanov inequality --workforce examples/pit-before.toml" in out
    _, out, _ = run(capsys, "plot", "--help")
    assert "Example: stakhanov plot ladder.png" in out


def _readme_block(command: str) -> list[str]:
    """The output pasted under ``$ command`` in the manual's inequality page (up to the
    closing fence)."""
    text = (ROOT / "docs" / "inequality.md").read_text(encoding="utf-8")
    start = text.index(f"$ {command}\n") + len(f"$ {command}\n")
    return text[start : text.index("```", start)].rstrip().splitlines()


@pytest.mark.parametrize(
    ("command", "tail"),
    [
        ("stakhanov inequality --workforce examples/pit-before.toml --draws 100000", False),
        ("stakhanov ratio stakhanovite-miner auxiliary --draws 100000   (last lines)", True),
    ],
)
def test_manual_output_is_real(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str, tail: bool
) -> None:
    monkeypatch.chdir(ROOT)  # the manual runs from the repository root
    monkeypatch.delenv("COLUMNS", raising=False)  # as pasted: a pipe's 100 columns
    pasted = _readme_block(command)
    code, out, _ = run(capsys, *command.split("   ")[0].split()[1:])
    got = [line.rstrip() for line in out.splitlines()]
    assert code == 0
    assert (got[-len(pasted) :] if tail else got) == pasted
