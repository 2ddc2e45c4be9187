"""Every CSV the tool writes is plain: its header is its first line, and
``pandas.read_csv`` reads it with no options, under a scenario too (the scenarios are the
last column, not a comment line). What a CSV's rows cannot say goes in the JSON or, for the
sweep, the ``--meta`` file (tests/test_pipeline.py)."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import ROOT
from stakhanov.cli.app import main

BEFORE = "examples/pit-before.toml"

# Every command with --format csv, once each.
COMMANDS = [
    "report",
    "groups",
    "ratios",
    "ratio stakhanovite-miner auxiliary",
    "claims",
    "sources",
    "prices",
    "norm --raise 25%",
    "sweep --alpha 0:1:0.5 --tariff -10%:10%:10%",
    "sweep --alpha 0:1:0.5 --long",
    "rules --norm 7 --output 0:21:7",
    "brigade",
    f"inequality --workforce {BEFORE} --draws 0",
    "scenario diff examples/borisov-norm.toml",
    "why miner",
    "sensitivity ratio stakhanovite-miner auxiliary --draws 0",
    "sensitivity claim engineers-80-100-times --draws 0",
]


SET = ["--set", "miner=350"]
# Each command plain, and under --set where it takes one (scenario diff compares files).
CASES = [(c, []) for c in COMMANDS] + [(c, SET) for c in COMMANDS if not c.startswith("scen")]


@pytest.mark.parametrize(("command", "applied"), CASES)
def test_csv_has_its_header_first_and_reads_with_no_options(
    command: str,
    applied: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pandas as pd

    monkeypatch.chdir(ROOT)
    args = [*command.split(), "--format", "csv"]
    code = main([*args, *applied])
    out, err = capsys.readouterr()
    assert code == 0, err
    first = out.splitlines()[0]
    header = next(csv.reader(io.StringIO(out)))
    assert not first.startswith("#") and header == first.split(",")  # one header line, first
    frame = pd.read_csv(io.StringIO(out))  # no options
    assert list(frame.columns) == header
    assert len(frame) == sum(1 for _ in csv.reader(io.StringIO(out))) - 1  # every row read
    if applied:  # what was applied, in the last column
        assert header[-1] == "scenarios"
        assert set(frame["scenarios"]) == {"'--set miner=350 (command line)"}
