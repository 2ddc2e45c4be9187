"""Each formula in the workbook carries its value: a reader that does not recalculate
(openpyxl with ``data_only``, ``pandas.read_excel``) reads the hand arithmetic on the sources
(the cases in tests/cases/, written as arithmetic), and the same numbers the CLI prints (a
consistency check between two outputs, not a check of either's arithmetic). The
post-processing step is tested on its own too. (LibreOffice's recalculation is compared with
the same values in test_export_libreoffice.py.)"""

from __future__ import annotations

import io
import json
import math
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from conftest import CASES, arithmetic
from stakhanov.cli.app import main
from stakhanov.views.workbook.cached import add_cached_values

OPEN = {"low": "no lower bound", "high": "no upper bound"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cached") / "book.xlsx"
    assert main(["export", str(path)]) == 0
    return path


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    capsys.readouterr()
    assert main([*args, "--format", "json", "--digits", "10"]) == 0
    return json.loads(capsys.readouterr().out)


def _same(got: object, want: object) -> bool:
    """The CLI prints 10 decimals; an open end (JSON null) is the sheet's text."""
    if isinstance(want, bool | str):
        return got == want and type(got) is type(want)
    assert isinstance(want, float | int), want
    if isinstance(got, bool) or not isinstance(got, float | int):
        return False
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)


def _rows(ws: Worksheet) -> list[tuple[object, ...]]:
    return [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] is not None]


def _end(value: float | None, end: str) -> object:
    return OPEN[end] if value is None else value


def test_every_formula_cell_has_a_value(written: Path) -> None:
    formulas = openpyxl.load_workbook(written)
    values = openpyxl.load_workbook(written, data_only=True)
    empty = [
        (ws.title, c.coordinate)
        for ws in formulas
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" and values[ws.title][c.coordinate].value is None
    ]
    assert not empty, empty[:10]


def test_ratios_and_ladder_agree_with_the_cli(
    written: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _cli(capsys, "report")
    by_base = _cli(capsys, "ratios", "--base", "auxiliary")
    assert isinstance(report, dict) and isinstance(by_base, list)
    printed = {(r["numerator"], r["denominator"]): r for r in [*report["matrix"], *by_base]}
    wb = openpyxl.load_workbook(written, data_only=True)
    rows = _rows(wb["Ratios"])
    assert len(rows) == len(printed)  # the card's 12 pairs and 10 more against auxiliary
    for a, b, low, central, high, bound, basis in rows:
        r = printed[(a, b)]
        want = (_end(r["low"], "low"), r["central"], _end(r["high"], "high"), r["bound"])
        assert all(map(_same, (low, central, high, bound), want)), (a, b)
        assert basis == r["basis"]
    # pandas reads the same file without recalculating: the ladder, as the report gives it.
    ladder = pd.read_excel(written, sheet_name="Ladder")
    assert list(ladder["group"]) == [r["group"] for r in report["ladder"]]
    for (_, row), r in zip(ladder.iterrows(), report["ladder"], strict=True):
        want = (_end(r["low"], "low"), r["central"], _end(r["high"], "high"), r["bound"])
        assert all(map(_same, (row["low"], row["central"], row["high"], row["bound"]), want))


def test_norms_agree_with_the_cli(written: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.load_workbook(written, data_only=True)
    choices = {r[0]: r[1] for r in wb["Inputs"].iter_rows(values_only=True)}
    assert (choices["alpha"], choices["record"], choices["tariff_pct"]) == (
        0.1,
        "stakhanov-1935",
        0,
    )
    printed = _cli(capsys, "norm", "--alpha", "0.1", "--toward", "stakhanov-1935")
    assert isinstance(printed, dict)
    effects = {e["group"]: e for e in printed["effects"]}
    rows = _rows(wb["Norms"])
    assert {r[0] for r in rows} == set(effects)
    for group, paid, *spans in rows[: len(effects)]:
        e = effects[group]
        b, a = e["before"], e["after"]
        want = (
            e["paid_by_norm"],
            *(_end(b["low"], "low"), b["central"], _end(b["high"], "high")),
            *(_end(a["low"], "low"), a["central"], _end(a["high"], "high")),
            e["change_pct"]["central"],
        )
        assert all(map(_same, (paid, *spans[:7]), want)), group
    key = [c.value for c in wb["Norms"][1]].index("parameter")  # the parameters' column
    params = {r[key]: r[key + 1] for r in wb["Norms"].iter_rows(min_row=2, values_only=True)}
    # N = 7 t (coal-hewing), R = 102 t, α = 0.1: N' = 7 + 0.1 (102 - 7) = 16.5 t.
    assert (params["norm"], params["old_norm"], params["new_norm_central"]) == (
        "coal-hewing",
        7,
        pytest.approx(16.5, rel=1e-12),
    )
    assert params["factor_central"] == pytest.approx(7 / 16.5, rel=1e-12)


def _cases(name: str) -> list[dict[str, object]]:
    return list(tomllib.loads((CASES / f"{name}.toml").read_text(encoding="utf-8"))["case"])


def _want(expr: object, end: str) -> object:
    value = arithmetic(str(expr))
    return OPEN[end] if value is None else value


def test_ratios_read_as_the_hand_arithmetic(written: Path) -> None:
    wb = openpyxl.load_workbook(written, data_only=True)
    rows = {(r[0], r[1]): r[2:6] for r in _rows(wb["Ratios"])}
    checked = 0
    for case in _cases("ratios"):
        if "working_days" in case or (case["a"], case["b"]) not in rows:
            continue  # the workbook shows the default data, at no working days
        want = tuple(_want(case[end], end) for end in ("low", "central", "high"))
        got = rows[(case["a"], case["b"])]
        assert all(map(_same, got[:3], want)), case["why"]
        assert got[3] == case["bound"], case["why"]
        checked += 1
    assert checked >= 4  # the shipped workbook shows most of the pairs the cases work out


def test_norms_read_as_the_hand_arithmetic(written: Path) -> None:
    # The workbook's own choices: alpha 0.1 toward stakhanov-1935, tariff unchanged.
    wb = openpyxl.load_workbook(written, data_only=True)
    rows = {r[0]: r for r in _rows(wb["Norms"])}
    checked = 0
    for case in _cases("norms"):
        if (case.get("alpha"), case.get("toward"), case.get("tariff_pct", 0)) != (
            0.1,
            "stakhanov-1935",
            0,
        ):
            continue
        row = rows[case["group"]]  # group, paid, before low/central/high, after low/central/high
        assert _same(row[6], arithmetic(str(case["after"]))), case["why"]
        if "after_high" in case:
            assert _same(row[7], _want(case["after_high"], "high")), case["why"]
        checked += 1
    assert checked == 3  # the miner, the Stakhanovite miner and the engineer


def test_sweep_reads_as_the_hand_arithmetic(written: Path) -> None:
    """The miner's 400-500 a month (central 450) on the 7 t norm, moved α of the way to
    Stakhanov's 102 t: 450 × 7 / (7 + 95 α). Auxiliary workers (170, time pay) hold still."""
    sweep = pd.read_excel(written, sheet_name="Sweep")
    assert len(sweep) == 21  # 0:1:0.05
    for _, row in sweep.iterrows():
        alpha = row["alpha"]
        assert row["miner"] == pytest.approx(450 * 7 / (7 + 95 * alpha), rel=1e-12)
        assert row["auxiliary"] == 170


def _plain(formulas: dict[str, str]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "S & T"
    for ref, text in formulas.items():
        ws[ref] = text
    ws["Z9"] = "a plain text"
    other = wb.create_sheet("Other")
    other["A1"] = 5
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_each_type_is_stored_as_its_own_kind() -> None:
    raw = _plain({"A1": "=1/3", "A2": '="a<b & c"', "A3": "=1>0", "A4": "=1<0", "A5": "=2"})
    cached = {"A1": 1 / 3, "A2": "a<b & c", "A3": True, "A4": False, "A5": 2.0}
    done = add_cached_values(raw, {"S & T": cached})
    ws = openpyxl.load_workbook(io.BytesIO(done), data_only=True)["S & T"]
    got = {ref: ws[ref].value for ref in cached}
    assert got == cached and [type(v) for v in got.values()] == [float, str, bool, bool, int]
    assert ws["Z9"].value == "a plain text"
    # The formulas are still there, and every other part of the package is as it was.
    assert openpyxl.load_workbook(io.BytesIO(done))["S & T"]["A1"].value == "=1/3"
    before, after = zipfile.ZipFile(io.BytesIO(raw)), zipfile.ZipFile(io.BytesIO(done))
    assert before.namelist() == after.namelist()
    changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    assert changed == ["xl/worksheets/sheet1.xml"]


@pytest.mark.parametrize(
    ("cached", "message"),
    [
        ({"S & T": {"A1": 1.0}}, "S & T!A2: a formula with no cached value"),
        ({"S & T": {"A1": 1.0, "A2": 2.0, "B7": 3.0}}, "values left: ['B7']"),
        ({"S & T": {"A1": 1.0, "A2": math.inf}}, "A2: a formula's value must be finite"),
        ({"Nowhere": {"A1": 1.0}}, "sheets the workbook lacks: ['Nowhere']"),
    ],
)
def test_a_value_missing_or_left_over_is_a_bug_it_reports(
    cached: dict[str, dict[str, float]], message: str
) -> None:
    raw = _plain({"A1": "=1", "A2": "=2"})
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        add_cached_values(raw, cached)
