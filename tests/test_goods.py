"""Wages in goods: kilograms of rye bread a month, worked out by hand (cases/goods.toml).

The price of rye bread is the interval 0.85–1.00 rub/kg (rates/prices.csv), so a wage of
170 rubles bought 170 / 1.00 = 170 kg to 170 / 0.85 = 200 kg, and "1,600 or more" bought at
least 1,600 / 1.00 = 1,600 kg. A ratio between two groups is the same in any single good.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tomllib
from pathlib import Path

import pytest

from conftest import CASES, ROOT, arithmetic, close, copy_rates, edit_row
from stakhanov.calc.comparison import ratio
from stakhanov.calc.goods import SAME_IN_ANY_GOOD, goods_ratio, group_in_goods, groups_in_goods
from stakhanov.cli.app import main
from stakhanov.data.rates import Rates, load_rates
from stakhanov.errors import DataError, ScenarioError, UnknownIdError
from stakhanov.scenarios.overlay import apply_files

CASE_LIST = tomllib.loads((CASES / "goods.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", CASE_LIST, ids=[f"{c['group']}@{c['price']}" for c in CASE_LIST])
def test_wage_in_goods_case(rates: Rates, case: dict[str, str]) -> None:
    got = group_in_goods(rates, case["group"], case["price"])
    span = got.amount.span()
    for end in ("low", "central", "high"):
        want = arithmetic(case[end])
        assert close(getattr(span, end), want), f"{end}: got {getattr(span, end)}, {case[end]}"
    assert span.bound == case["bound"]
    assert got.period == case["period"]


def test_the_issue_examples_by_hand(rates: Rates) -> None:
    driver = group_in_goods(rates, "auxiliary", "rye-bread").amount.span()
    assert (driver.low, driver.high) == (170 / 1.00, 170 / 0.85)  # 170 to 200 kg
    assert math.isclose(driver.high or 0, 200.0)
    miner = group_in_goods(rates, "stakhanovite-miner", "rye-bread").amount.span()
    assert (miner.low, miner.high, miner.bound) == (1600.0, None, "at least")


def test_result_says_price_place_and_kind(rates: Rates) -> None:
    got = group_in_goods(rates, "auxiliary", "rye-bread").as_dict()
    assert got["at"] == "at 0.85–1.00 rub/kg, Moscow, external source"
    assert got["sources"] == "yvon-1937 image 23; ammende-1936 p. 95"
    assert got["arithmetic"] == (
        "low = 170 / 1.00 = 170 kg; central = 170 / 0.925 = 183.78 kg; high = 170 / 0.85 = 200 kg"
    )


def test_a_ratio_is_the_same_in_any_good(rates: Rates) -> None:
    r = ratio(rates, "engineer", "auxiliary")
    for price in ("rye-bread", "butter", "stewing-meat"):
        both = goods_ratio(rates, r, price)
        assert both.ratio == r
        assert both.note.startswith(SAME_IN_ANY_GOOD)
        # At any one price within the interval the kilograms' ratio is the rubles' ratio.
        p = rates.prices[price].price.low
        assert math.isclose((8600 / p) / (170 / p), r.central)


def test_every_group_in_wages_order(rates: Rates) -> None:
    assert [g.group for g in groups_in_goods(rates, "rye-bread")] == list(rates.wages)


def test_unknown_price_suggests_the_nearest(rates: Rates) -> None:
    with pytest.raises(UnknownIdError) as err:
        group_in_goods(rates, "auxiliary", "rye-bred")
    assert str(err.value) == "unknown price 'rye-bred' (did you mean 'rye-bread'?)"


# --- the data ------------------------------------------------------------------------------


def test_every_price_cites_an_outside_source_and_a_page(rates: Rates) -> None:
    for p in rates.prices.values():
        for c in p.citations:
            assert rates.sources[c.source_id].kind == "external"
            assert not rates.sources[c.source_id].file, "no text of it is kept here"
            assert c.page and c.as_printed


def test_rye_bread_ends_follow_from_the_rows_they_cite(rates: Rates) -> None:
    """Low end: Yvon's 0.85 (row rye-bread-1937). High end, inferred: Ammende's bread bill of
    54 rubles on cards and 90 after, applied to the card price 0.60: 0.60 * 90 / 54 = 1.00."""
    rye = rates.prices["rye-bread"]
    assert rye.price.low == rates.prices["rye-bread-1937"].price.low == 0.85
    assert rye.high_cited is not None
    assert rye.high_cited.as_printed == "54 roubles;90 roubles"
    card = rates.prices["rye-bread-card"].price.low
    assert math.isclose(card * 90 / 54, rye.price.high)
    assert "inferred" in rye.note


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"low": "1.2"}, "prices.csv:2: low: low 1.2 > high 1.00"),
        ({"unit": "rub/lb"}, "prices.csv:2: unit: unknown unit 'rub/lb' (expected one of rub/kg)"),
        (
            {"source_id": "markin-1936"},
            "prices.csv:2: source_id: source 'markin-1936' is primary: "
            "a price needs an external one",
        ),
        ({"high_source_id": "nobody"}, "prices.csv:2: high_source_id: unknown source 'nobody'"),
        ({"page": ""}, "prices.csv:2: page: missing: give the page (or image) of the source"),
        (
            {"applies_to": "1934-06"},
            "prices.csv:2: applies_to: 1934-06 is before applies_from 1935-01",
        ),
        (
            {"applies_from": "early 1935"},
            "prices.csv:2: applies_from: must be YYYY, YYYY-MM or YYYY-MM-DD, got 'early 1935'",
        ),
        (
            {"high_source_id": "", "high_page": "95"},
            "prices.csv:2: high_source_id: missing: high_page and high_as_printed need a source",
        ),
    ],
)
def test_a_bad_price_row_names_file_line_and_column(
    tmp_path: Path, changes: dict[str, str], problem: str
) -> None:
    root = copy_rates(tmp_path)
    edit_row(root / "prices.csv", "rye-bread", **changes)
    with pytest.raises(DataError) as err:
        load_rates(root)
    assert err.value.problems == (problem,)


# --- scenarios -----------------------------------------------------------------------------


def _scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bread.toml"
    path.write_text('[meta]\ntitle = "Bread"\n\n' + text, encoding="utf-8")
    return path


def test_a_scenario_sets_a_price_and_the_result_cites_its_line(
    rates: Rates, tmp_path: Path
) -> None:
    path = _scenario(tmp_path, '[prices.rye-bread]\nlow = 0.9\nnote = "assumption"\n')
    moved = apply_files(rates, [path])
    got = group_in_goods(moved, "auxiliary", "rye-bread")
    span = got.amount.span()
    assert (span.low, span.high) == (170 / 1.00, 170 / 0.9)
    assert got.price.at() == f"at 0.90–1.00 rub/kg, Moscow, set by scenario {path}:4"
    assert rates.prices["rye-bread"].price.low == 0.85  # the base is untouched


def test_a_scenario_note_alone_keeps_the_sources(rates: Rates, tmp_path: Path) -> None:
    path = _scenario(tmp_path, '[prices.butter]\nnote = "queues"\n')
    butter = apply_files(rates, [path]).prices["butter"]
    assert (butter.note, butter.cited) == ("queues", "yvon-1937 image 23")


def test_scenario_price_problems_all_at_once(rates: Rates, tmp_path: Path) -> None:
    path = _scenario(
        tmp_path, "[prices.rye-bred]\nlow = 0.9\n\n[prices.butter]\nlow = 20\nlow_open = true\n"
    )
    with pytest.raises(ScenarioError) as err:
        apply_files(rates, [path])
    assert err.value.problems == (
        f"{path}:4: prices.rye-bred: unknown price (did you mean 'rye-bread'?)",
        # a price has no open ends: low_open is not one of its keys
        f"{path}:8: prices.butter.low: low 20 > high 16",  # in line order
        f"{path}:9: prices.butter.low_open: unknown key (expected one of low, high, note)",
    )


# --- the command line ------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_groups_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "groups", "--in", "rye-bread", "--format", "json")
    assert (code, err) == (0, "")
    rows = {r["id"]: r for r in json.loads(out)}
    assert (rows["auxiliary"]["in_low"], rows["auxiliary"]["in_high"]) == (170.0, 200.0)
    assert rows["stakhanovite-miner"]["in_high"] is None
    assert rows["engineer"]["in_at"] == "at 0.85–1.00 rub/kg, Moscow, external source"


def test_ratio_in_says_the_ratio_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    code, plain, _ = _run(capsys, "ratio", "engineer", "auxiliary")
    code_in, out, err = _run(capsys, "ratio", "engineer", "auxiliary", "--in", "rye-bread")
    assert (code, code_in, err) == (0, 0, "")
    assert out.startswith(plain)  # the ratio as in rubles, then the goods
    assert SAME_IN_ANY_GOOD in out
    assert "at 0.85–1.00 rub/kg, Moscow, external source" in out
    assert "auxiliary 170–200 kg a month" in out


def test_ratio_in_json_keeps_the_design_keys(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "ratio", "engineer", "auxiliary", "--in", "rye-bread", "-f", "json")
    data = json.loads(out)
    assert data["central"] == 8600 / 170  # as without --in, at full precision
    assert data["in"]["denominator"]["low"] == 170.0
    assert data["in"]["numerator"]["high"] == pytest.approx(8600 / 0.85, rel=1e-12)


def test_report_and_ratios_in(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "report", "--in", "rye-bread", "--format", "json")
    ladder = {g["group"]: g for g in json.loads(out)["in"]["ladder"]}
    assert code == 0 and ladder["auxiliary"]["low"] == 170.0
    code, out, _ = _run(capsys, "ratios", "--base", "auxiliary", "--in", "butter", "-f", "csv")
    assert code == 0 and "numerator_in_low" not in out.splitlines()[0]
    assert "10.625" in out  # 170 / 16 kg of butter, at full precision


def test_inequality_in_gives_the_mean_worker(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "inequality",
        "-w",
        "examples/pit-before.toml",
        "--draws",
        "0",
        "--in",
        "rye-bread",
        "-f",
        "json",
    )
    assert code == 0
    mean = json.loads(out)["in"]["mean"]["examples/pit-before.toml"]
    # 36 miners at 400-500, 12 auxiliaries at 170 and 1 engineer at 8,600, over 49 workers
    assert mean["low"] == pytest.approx((36 * 400 + 12 * 170 + 8600) / 49 / 1.00, rel=1e-12)
    assert mean["high"] == pytest.approx((36 * 500 + 12 * 170 + 8600) / 49 / 0.85, rel=1e-12)


def test_prices_lists_every_price_with_citations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "prices", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and rows["rye-bread"]["high_source"] == "ammende-1936 p. 95"
    assert rows["butter"]["low_as_printed"] == "butler 16"
    # Each end as printed, keyed as the columns of rates/prices.csv: the rye bread's high end
    # is Ammende's two figures; butter has one citation for both ends.
    assert rows["rye-bread"]["high_as_printed"] == "54 roubles;90 roubles"
    assert rows["butter"]["high_as_printed"] == "butler 16"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["groups", "--in", "bread"],
            "stakhanov: unknown price 'bread' (did you mean 'rye-bread'?)",
        ),
        (
            ["ratio", "miner", "auxiliary", "--in", "rye-bread", "--draws", "10"],
            "stakhanov: --draws does not take --in: a ratio is the same in any single good",
        ),
    ],
)
def test_bad_in_is_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *args)
    assert (code, out) == (1, "")
    assert err.strip() == message


def test_tables_in_goods_name_the_price(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["ratios", "--base", "auxiliary", "--in", "rye-bread"],
        ["report", "--in", "rye-bread"],
        ["inequality", "-w", "examples/pit-before.toml", "--draws", "0", "--in", "rye-bread"],
    ):
        code, out, _ = _run(capsys, *args)
        assert code == 0
        assert "at 0.85–1.00 rub/kg, Moscow, external source" in " ".join(out.split())
    _, out, _ = _run(capsys, "report", "--in", "rye-bread")
    assert "170–200 (184) a month" in out  # the driver: 170 / 1.00 to 170 / 0.85, 170 / 0.925


def test_ratio_in_words_for_every_kind_of_bound(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "ratio", "textile", "auxiliary", "--in", "rye-bread-1937")
    # 150 or less at 0.85: at most 150 / 0.85 = 176 kg; 170 / 0.85 = 200 kg exactly
    assert "textile at most 176 kg a month; auxiliary 200 kg a month" in out
    code, out, _ = _run(capsys, "ratio", "textile", "auxiliary", "--in", "butter", "-f", "csv")
    (data,) = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and data["denominator_in_low"] == "10.625"  # 170 / 16, full precision
    assert data["numerator_in_bound"] == "at most"


def test_an_empty_matrix_in_goods_prints_its_title(capsys: pytest.CaptureFixture[str]) -> None:
    from stakhanov.views.goods import print_ratios_in

    print_ratios_in([], "table", "Every group ÷ nobody (monthly)")
    assert capsys.readouterr().out.strip() == "Every group ÷ nobody (monthly)"


def test_scenario_diff_lists_a_moved_price(rates: Rates, tmp_path: Path) -> None:
    from stakhanov.calc.diff import diff

    path = _scenario(tmp_path, "[prices.rye-bread]\nlow = 1.0\n")
    changes = [(c.path, c.before, c.after) for c in diff(rates, [path]).inputs]
    assert changes == [("prices.rye-bread", "0.85–1.00 rub/kg", "1.00 rub/kg")]


def test_the_starter_offers_each_price_ready_to_uncomment(rates: Rates, tmp_path: Path) -> None:
    from stakhanov.scenarios.starter import starter

    lines = starter(rates).splitlines()
    at = lines.index(next(t for t in lines if t.startswith("# [prices.rye-bread]")))
    assert lines[at + 1 : at + 3] == ["# low = 0.85", "# high = 1"]
    for i in range(at, at + 3):  # uncomment the section as a user would
        lines[i] = lines[i].removeprefix("# ").split("  # ")[0]
    path = tmp_path / "mine.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rye = apply_files(rates, [path]).prices["rye-bread"]
    assert (rye.price.low, rye.price.high) == (0.85, 1.0)
    assert rye.set_by == ""  # uncommented as it stands: unchanged, still cites its sources
    lines[at + 1] = "low = 0.9"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rye = apply_files(rates, [path]).prices["rye-bread"]
    assert (rye.price.low, rye.set_by) == (0.9, f"{path}:{at + 1}")  # edited: cites the line


def test_goods_ratio_counts_wages_alone_unless_told(rates: Rates) -> None:
    # examples/privileges-valued.toml values the Stakhanovites' privileges at 150 rubles a month;
    # the Stakhanovite team driver earns 400 (Markin ¶28), 550 with the privileges.
    valued = apply_files(rates, [ROOT / "examples" / "privileges-valued.toml"])
    alone = goods_ratio(valued, ratio(valued, "stakhanovite-auxiliary", "auxiliary"), "rye-bread")
    assert (alone.numerator.wage.low, alone.numerator.wage.high) == (400, 400)
    r = ratio(valued, "stakhanovite-auxiliary", "auxiliary", with_privileges=True)
    both = goods_ratio(valued, r, "rye-bread", with_privileges=True)
    assert (both.numerator.wage.low, both.numerator.wage.high) == (550, 550)


def test_inequality_in_names_the_good(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "inequality", "-w", "examples/pit-before.toml", "--draws", "0",
        "--in", "rye-bread", "-f", "json",
    )  # fmt: skip
    assert code == 0
    # rates/prices.csv: rye-bread is the item "rye bread", in rub/kg.
    got = json.loads(out)["in"]
    assert (got["price"], got["item"], got["unit"]) == ("rye-bread", "rye bread", "kg")
