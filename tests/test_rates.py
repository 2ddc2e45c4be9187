"""Loading rates/: the packaged data loads, and every kind of bad row is reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_rates, edit_row
from stakhanov.data.rates import Rates, load_rates
from stakhanov.errors import DataError


def test_packaged_data_loads(rates: Rates) -> None:
    assert set(rates.wages) >= {
        "stakhanovite-miner",
        "miner",
        "auxiliary",
        "stakhanovite-auxiliary",
        "average-worker",
        "lowest-paid",
        "stakhanovite-textile",
        "textile",
        "skilled-worker",
        "engineer",
        "record-driller-day",
    }
    assert set(rates.norms) >= {"coal-hewing", "lathe-wheels"}
    assert set(rates.records) >= {
        "stakhanov-1935",
        "stakhanov-per-worker",
        "stakhanov-afp",
        "gobatiuk",
        "borisov",
    }
    assert len(rates.privileges) >= 7


def test_bounds_stay_bounds(rates: Rates) -> None:
    # "more than 1,600", "500 and more", "150 or less" (Markin ¶28)
    assert rates.group("stakhanovite-miner").wage.high_open
    assert rates.group("stakhanovite-textile").wage.high_open
    assert rates.group("textile").wage.low_open
    assert not rates.group("miner").wage.high_open


def test_periods_and_pay_bases(rates: Rates) -> None:
    assert rates.group("skilled-worker").period == "half-month"
    assert rates.group("record-driller-day").period == "day"
    assert not rates.group("engineer").period_inferred  # "a month", explicitly
    assert rates.group("miner").period_inferred
    assert rates.group("average-worker").pay_basis == "statistic"
    assert rates.group("engineer").pay_basis == "salary"
    assert rates.group("miner").norm_id == "coal-hewing"


def test_records_are_never_merged(rates: Rates) -> None:
    assert rates.record("stakhanov-1935").output.mid == 102
    assert rates.record("stakhanov-afp").output.mid == 227
    assert rates.record("stakhanov-afp").citation.source_id == "afp-hero-labour"
    per_worker = rates.record("stakhanov-per-worker").output
    assert (per_worker.low, per_worker.high) == (30, 35)


def test_rates_are_read_only(rates: Rates) -> None:
    with pytest.raises(TypeError):
        rates.wages["miner"] = rates.wages["auxiliary"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("row", "changes", "message"),
    [
        ("miner", {"source_id": ""}, "wages.csv:3: source_id: missing value"),
        ("miner", {"source_id": "pravda"}, "wages.csv:3: source_id: unknown source 'pravda'"),
        (
            "miner",
            {"paragraph": ""},
            "wages.csv:3: paragraph: missing citation (required for a source text)",
        ),
        (
            "miner",
            {"paragraph": "2a"},
            "wages.csv:3: paragraph: must be a positive whole number, got '2a'",
        ),
        ("miner", {"low": "600"}, "wages.csv:3: low: low 600 > high 500"),
        ("miner", {"low": "-5"}, "wages.csv:3: low: must be > 0, got -5"),
        ("miner", {"high": "lots"}, "wages.csv:3: high: must be a number, got 'lots'"),
        ("miner", {"high": "nan"}, "wages.csv:3: high: must be a finite number, got 'nan'"),
        (
            "miner",
            {"period": "fortnight"},
            "wages.csv:3: period: unknown period 'fortnight' "
            "(expected one of month, half-month, day)",
        ),
        (
            "miner",
            {"pay_basis": "bonus"},
            "wages.csv:3: pay_basis: unknown pay_basis 'bonus' "
            "(expected one of piece, time, salary, statistic)",
        ),
        (
            "miner",
            {"id": "stakhanovite-miner"},
            "wages.csv:3: id: duplicate id 'stakhanovite-miner'",
        ),
        (
            "miner",
            {"high_open": "maybe"},
            "wages.csv:3: high_open: must be true or false, got 'maybe'",
        ),
        (
            "miner",
            {"norm_id": "coal-cutting"},
            "wages.csv[miner]: norm_id: unknown norm 'coal-cutting'",
        ),
    ],
)
def test_each_bad_wage_row_is_named(
    tmp_path: Path, row: str, changes: dict[str, str], message: str
) -> None:
    root = copy_rates(tmp_path)
    edit_row(root / "wages.csv", row, **changes)
    with pytest.raises(DataError) as err:
        load_rates(root)
    # The named problem comes first; a duplicate id may cause a follow-on problem elsewhere.
    assert err.value.problems[0] == message
    assert len(err.value.problems) == (2 if "duplicate" in message else 1)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    root = copy_rates(tmp_path)
    edit_row(root / "wages.csv", "miner", low="-5", period="week")
    edit_row(root / "norms.csv", "coal-hewing", value="9")
    with pytest.raises(DataError) as err:
        load_rates(root)
    assert err.value.problems == (
        "wages.csv:3: low: must be > 0, got -5",
        "wages.csv:3: period: unknown period 'week' (expected one of month, half-month, day)",
        "norms.csv:2: value: 9 lies outside low..high",
    )


def test_missing_file_and_folder(tmp_path: Path) -> None:
    root = copy_rates(tmp_path)
    (root / "records.csv").unlink()
    with pytest.raises(DataError) as err:
        load_rates(root)
    assert err.value.problems == (f"records.csv: file not found in {root}",)
    with pytest.raises(DataError) as err:
        load_rates(tmp_path / "nowhere")
    assert str(err.value) == f"{tmp_path / 'nowhere'}: rates folder not found"


def test_external_sources_need_no_paragraph(tmp_path: Path) -> None:
    root = copy_rates(tmp_path)
    # The miner's Pravda report is quoted by Markin, not by the 1939 report: it goes too.
    edit_row(root / "wages.csv", "miner", source_id="report-1939", paragraph="", report_id="")
    assert load_rates(root).group("miner").citation.paragraph is None
