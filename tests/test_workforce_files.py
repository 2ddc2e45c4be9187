"""Workforce files: every problem reported at once, each on its line; the examples load."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import ROOT
from stakhanov.data.rates import Rates
from stakhanov.errors import ScenarioError
from stakhanov.scenarios.workforce import load_workforce

EXAMPLES = ROOT / "examples"

# ---- workforce files: one line for every problem ------------------------------------------

GOOD_META = '[meta]\ntitle = "A pit"\n'


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            GOOD_META + "[headcount]\nminer = 30\nminr = 2\n",
            ["5: headcount.minr: unknown group (did you mean 'miner'?)"],
        ),
        (
            GOOD_META + "[headcount]\nminer = -3\n",
            ["4: headcount.miner: must be >= 0 workers, got -3"],
        ),
        (
            GOOD_META + "[headcount]\nminer = 2.5\n",
            ["4: headcount.miner: must be a whole number of workers, got 2.5"],
        ),
        (
            GOOD_META + "[headcount]\nminer = true\n",
            ["4: headcount.miner: must be a whole number of workers, got true"],
        ),
        (
            GOOD_META + '[headcount]\nminer = "30"\n',
            ["4: headcount.miner: must be a whole number of workers, got '30'"],
        ),
        (
            GOOD_META + "[headcount]\nminer = 0\nengineer = 0\n",
            ["3: headcount: empty workforce: every headcount is 0"],
        ),
        (GOOD_META + "[headcount]\n", ["3: headcount: empty workforce: no groups listed"]),
        (GOOD_META, [": headcount: missing section (a workforce needs workers)"]),
        (
            "headcount = 5\n" + GOOD_META,
            ["1: headcount: must be a table of group = workers, got 5"],
        ),
        (
            # Under [meta], the same line is a key of [meta]: both problems are named.
            GOOD_META + "headcount = 5\n",
            [
                "3: meta.headcount: unknown key",
                ": headcount: missing section (a workforce needs workers)",
            ],
        ),
        (
            "[headcount]\nminer = 3\n",
            [": meta: missing section (a workforce needs [meta] title)"],
        ),
        (
            '[meta]\nnote = "n"\n[headcount]\nminer = 3\n',
            ["1: meta.title: missing (every workforce needs a title)"],
        ),
        (
            '[meta]\ntitle = ""\n[headcount]\nminer = 3\n',
            ["2: meta.title: must be a non-empty string"],
        ),
        (
            GOOD_META + "note = 5\n[headcount]\nminer = 3\n",
            ["3: meta.note: must be a string, got 5"],
        ),
        (
            '[meta]\ntitel = "A pit"\n[headcount]\nminer = 3\n',
            [
                "2: meta.titel: unknown key (did you mean 'title'?)",
                "1: meta.title: missing (every workforce needs a title)",
            ],
        ),
        (
            GOOD_META + "[metadata]\nx = 1\n[headcount]\nminer = 3\n",
            ["3: metadata: unknown section (did you mean 'meta'?)"],
        ),
        (
            GOOD_META + "[headcount]\nrecord-driller-day = 1\n",
            [
                "4: headcount.record-driller-day: a day's pay, not a monthly wage: set "
                "working_days_per_month in a scenario to count it"
            ],
        ),
        (
            # Everything wrong at once is reported at once.
            GOOD_META + "[headcount]\nminr = 3\nminer = -1\nengineer = 1.5\n",
            [
                "4: headcount.minr: unknown group (did you mean 'miner'?)",
                "5: headcount.miner: must be >= 0 workers, got -1",
                "6: headcount.engineer: must be a whole number of workers, got 1.5",
            ],
        ),
    ],
)
def test_bad_workforce_file_is_one_line(
    rates: Rates, tmp_path: Path, text: str, problems: list[str]
) -> None:
    path = tmp_path / "pit.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_workforce(path, rates)
    expected = "; ".join(f"{path}:{p}" if p[0].isdigit() else f"{path}{p}" for p in problems)
    assert str(caught.value) == expected
    assert "\n" not in str(caught.value)


def test_unreadable_workforce_files(rates: Rates, tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ScenarioError) as caught:
        load_workforce(missing, rates)
    assert str(caught.value) == f"{missing}: no such file"
    empty = tmp_path / "empty.toml"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_workforce(empty, rates)
    assert str(caught.value) == f"{empty}: empty workforce file"


def test_day_figure_in_a_file_counts_with_working_days(rates: Rates, tmp_path: Path) -> None:
    path = tmp_path / "drill.toml"
    path.write_text(GOOD_META + "[headcount]\nrecord-driller-day = 1\n", encoding="utf-8")
    pit = load_workforce(path, replace(rates, working_days_per_month=25))
    assert (pit.name, pit.title, dict(pit.headcount)) == (
        str(path),
        "A pit",
        {"record-driller-day": 1},
    )


@pytest.mark.parametrize("name", ["pit-before.toml", "pit-after.toml"])
def test_examples_load_and_cite_their_paragraph(rates: Rates, name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert text.startswith("#") and "paragraph 35" in text and "Assumptions" in text
    assert load_workforce(EXAMPLES / name, rates).title
