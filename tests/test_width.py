"""Every query command fits the page: at 80 and at 200 columns no line is longer than the
page, no id or number is cut with "…", and no line ends in spaces. Without COLUMNS a pipe
gets 100 columns.

The pasted output of the README and the manual (at 100 columns) is compared in
tests/test_docs.py.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from stakhanov.cli.app import main

BEFORE = "examples/pit-before.toml"
AFTER = "examples/pit-after.toml"

QUERIES = [
    "report",
    "groups",
    "records",
    "norms",
    "ratio stakhanovite-miner auxiliary",
    "ratio stakhanovite-miner auxiliary --draws 2000",
    "ratios",
    "ratios --base auxiliary",
    "claims",
    "claims engineers-80-100-times",
    "sources",
    "norm --raise 25%",
    "norm --alpha 0.1 --toward stakhanov-per-worker --pairs all",
    "norm --raise 25% --rule progressive-metrostroi-1933",
    "sweep --alpha 0:1:0.1 --tariff -10%:10%:10%",
    "rules --norm 7 --output 0:21:3.5",
    "brigade",
    f"inequality --workforce {BEFORE} --draws 2000",
    f"inequality --workforce {BEFORE} --workforce {AFTER} --draws 2000",
    f"inequality --workforce {BEFORE} --alpha 0.1 --toward stakhanov-1935 --draws 2000",
    "scenario diff examples/borisov-norm.toml",
    "why miner",
    "why stakhanov-1935",
    "prices",
    "report --in rye-bread",
    "groups --in rye-bread",
    "ratios --in rye-bread",
    "ratio miner auxiliary --in rye-bread",
    f"inequality --workforce {BEFORE} --in rye-bread --draws 2000",
    "sensitivity ratio stakhanovite-miner auxiliary",
    "sensitivity claim engineers-80-100-times",
]


def _lines(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    monkeypatch.chdir(ROOT)
    assert main(command.split()) == 0
    out, err = capsys.readouterr()
    return (out + err).splitlines()


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("command", QUERIES)
def test_every_line_fits_whole_and_without_trailing_spaces(
    command: str,
    width: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    lines = _lines(command, capsys, monkeypatch)
    assert lines
    assert [line for line in lines if len(line) > width] == []
    assert [line for line in lines if "…" in line] == []
    assert [line for line in lines if line != line.rstrip()] == []


def test_a_pipe_without_columns_is_100_wide(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS")
    lines = _lines("ratios", capsys, monkeypatch)
    # the pairs table is wider than 100 unwrapped (two 22-character ids, a range, a basis):
    # it fills the 100 columns and not one more
    assert max(len(line) for line in lines) == 100


def test_ids_stay_whole_at_80_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's three cut ids: each of the three groups still reads in full."""
    monkeypatch.setenv("COLUMNS", "80")
    for command in ("report", "groups", "ratios"):
        text = "\n".join(_lines(command, capsys, monkeypatch))
        for group in ("stakhanovite-miner", "stakhanovite-auxiliary", "stakhanovite-textile"):
            if command != "report" or group == "stakhanovite-miner":
                assert group in text, (command, group)


def test_matrix_splits_into_blocks_that_keep_every_cell(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = "\n".join(_lines("report", capsys, monkeypatch))
    # four columns of up to 19 characters do not fit in 80: two blocks of two
    first, second = text.split("Ratio matrix")[1].split("(continued)")
    # engineer / miner: 8,600 / 400–500 = 17.20–21.50, central 8,600 / 450 = 19.11
    assert "17.20–21.50 (19.11)" in first
    # engineer / auxiliary: 8,600 / 170 = 50.59, in the second block
    assert "50.59" in second.split("≥ lower bound")[0]


@pytest.mark.parametrize(
    ("command", "pairs"),
    [
        # 1,600 / 170 = 9.41; the period at 2: 3,200 / 170 = 18.82; the wage's cap at 2,400:
        # 2,400 / 170 = 14.12; the auxiliary's period at 2: 1,600 / 340 = 4.71
        (
            "sensitivity ratio stakhanovite-miner auxiliary",
            ["9.41 → 18.82", "9.41 → 14.12", "9.41 → 4.71"],
        ),
        # 8,600 / 125 = 68.80; lowest-paid at 100: 86.00, at 150: 57.33; its period 2: 34.40
        # 8,600 / (100 / 1.5) = 129.00 → 8,600 / 150 = 57.33 (open below, capped); 68.80 halved
        ("sensitivity claim engineers-80-100-times", ["129.00 → 57.33", "68.80 → 34.40"]),
    ],
)
def test_sensitivity_at_80_keeps_its_borders_and_its_figures_whole(
    command: str,
    pairs: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each tornado figure "low → high" on one line, and every row of the table framed."""
    monkeypatch.setenv("COLUMNS", "80")
    lines = _lines(command, capsys, monkeypatch)
    text = "\n".join(lines)
    for pair in pairs:
        assert pair in text, pair
    table = lines[1 : lines.index(next(line for line in lines if line.startswith("└"))) + 1]
    assert all(line[0] in "┏┃┡│└" and line[-1] in "┓┃┩│┘" for line in table), table
    # the Sobol index and its interval stay on one line: "1.00 ± 0.04"
    assert any("1.00 ± 0.0" in line for line in lines)
