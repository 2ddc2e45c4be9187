"""The workbook's formulas are right: LibreOffice recalculates each workbook, and every
formula cell must agree with the library's own numbers (``ratio``, ``revise``, ``sweep``,
``ladder``) to 1e-9, with no error value anywhere. Edits on Inputs flow through.

LibreOffice runs headless with a private profile for this test session, told to
recalculate every formula on load; all workbooks are converted in one call to save its
start-up. Skipped locally without ``soffice``; a failure in CI, which installs it.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from conftest import soffice_convert
from stakhanov.calc.comparison import ratio
from stakhanov.calc.goods import group_in_goods
from stakhanov.calc.norms import revise
from stakhanov.calc.report import ladder
from stakhanov.calc.sweep import sweep
from stakhanov.data.interval import Interval
from stakhanov.data.rates import Rates, load_rates
from stakhanov.views.workbook.export import export_choices, export_workbook

pytestmark = pytest.mark.slow

ERRORS = {"#DIV/0!", "#VALUE!", "#NAME?", "#REF!", "#N/A", "#NUM!", "#NULL!", "Err:502"}
NO_LOW, NO_HIGH = "no lower bound", "no upper bound"

# LibreOffice's setting "Recalculation on file load" for Excel files: 0 is "always".
_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(paths: list[Path], profile: Path, out: Path) -> list[Path]:
    """Open each workbook in LibreOffice, recalculate, save a copy in ``out``."""
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, "utf-8")
    done = soffice_convert(paths, "xlsx", out, profile)
    results = [out / p.name for p in paths]
    assert done.returncode == 0 and all(r.exists() for r in results), done.stdout + done.stderr
    return results


def _set(ws: Worksheet, key: str, column: int, value: object) -> None:
    """Set the cell in ``column`` of the row whose column A holds ``key``."""
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key)
    ws.cell(row, column).value = value


# Each case: rates to export, and edits made afterwards on Inputs as a teacher would.
RATES = load_rates()
CASES: dict[str, tuple[Rates, list[tuple[str, int, object]]]] = {
    "default": (RATES, []),
    # α, record (a range: 30-35 t) and tariff changed by hand on Inputs.
    "choices": (
        RATES,
        [("alpha", 2, 0.5), ("record", 2, "stakhanov-per-worker"), ("tariff_pct", 2, 11)],
    ),
    # A scenario's working days: the day figure becomes a month everywhere.
    "working-days": (dataclasses.replace(RATES, working_days_per_month=22), []),
    "miner": (RATES, [("miner", 3, 300), ("miner", 4, 350)]),
    # The price of rye bread (0.85-1.00 rub/kg) raised at its cheap end by hand.
    "bread": (RATES, [("rye-bread", 2, 0.9)]),
}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Rates]]:
    """Case → (the workbook as written and edited, the same recalculated, its rates)."""
    folder = tmp_path_factory.mktemp("workbooks")
    written = {}
    for name, (rates, edits) in CASES.items():
        path = folder / f"{name}.xlsx"
        export_workbook(rates, path)
        if edits:
            wb = openpyxl.load_workbook(path)
            for key, column, value in edits:
                _set(wb["Inputs"], key, column, value)
            wb.save(path)
        written[name] = path
    done = recalculate(
        list(written.values()), tmp_path_factory.mktemp("lo-profile"), folder / "out"
    )
    return {n: (written[n], r, CASES[n][0]) for n, r in zip(written, done, strict=True)}


def _choices(wb: openpyxl.Workbook) -> tuple[float, str, float]:
    ws = wb["Inputs"]
    found = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    return float(found["alpha"]), str(found["record"]), float(found["tariff_pct"])


def _ids(ws: Worksheet, column: int = 1) -> dict[int, str]:
    """Row → id in ``column``, from row 2 down to the first empty cell."""
    out = {}
    for row in range(2, ws.max_row + 1):
        value = ws.cell(row, column).value
        if value is None:
            break
        out[row] = str(value)
    return out


def _end(value: float | None, missing: str) -> object:
    return missing if value is None else value


def expected(wb: openpyxl.Workbook, rates: Rates) -> dict[tuple[str, str], object]:
    """The library's value for every formula cell, by (sheet, cell), at the workbook's
    own choices."""
    alpha, record, tariff = _choices(wb)
    want: dict[tuple[str, str], object] = {}
    ws = wb["Ratios"]
    for row, a in _ids(ws).items():
        r = ratio(rates, a, str(ws.cell(row, 2).value))
        values = (_end(r.low, NO_LOW), r.central, _end(r.high, NO_HIGH), r.bound, r.basis)
        want |= {("Ratios", f"{c}{row}"): v for c, v in zip("CDEFG", values, strict=True)}
    result = revise(rates, alpha=alpha, toward=record, tariff_pct=tariff)
    effects = {e.group: e for e in result.effects}
    for row, group in _ids(wb["Norms"]).items():
        e = effects[group]
        values = (
            e.paid_by_norm,
            *(_end(s.low, NO_LOW) for s in (e.before,)),
            e.before.central,
            _end(e.before.high, NO_HIGH),
            _end(e.after.low, NO_LOW),
            e.after.central,
            _end(e.after.high, NO_HIGH),
            e.change_pct.central,
        )
        want |= {("Norms", f"{c}{row}"): v for c, v in zip("BCDEFGHI", values, strict=True)}
    rev, tf = result.revision, 1 + tariff / 100
    out = rates.record(record).output
    params = {
        "record": record,
        "norm": rev.norm_id,
        "old_norm": rev.old,
        "record_low": out.low,
        "record_central": out.mid,
        "record_high": out.high,
        "new_norm_low": rev.new.low,
        "new_norm_central": rev.new.mid,
        "new_norm_high": rev.new.high,
        "tariff_factor": tf,
        "factor_low_end": tf * rev.old / rev.new.high,
        "factor_central": rev.factor,
        "factor_high_end": tf * rev.old / rev.new.low,
    }
    want |= {("Norms", f"L{row}"): params[name] for row, name in _ids(wb["Norms"], 11).items()}
    ws = wb["Sweep"]
    groups = [str(c.value) for c in ws[1]][1:]
    alphas = list(_ids(ws).values())
    grid = sweep(rates, [float(a) for a in alphas], record, [tariff])
    for i, row in enumerate(_ids(ws)):
        for j, group in enumerate(groups, start=2):
            value = float(grid.central[0, i, grid.groups.index(group)])
            want[("Sweep", f"{ws.cell(row, j).column_letter}{row}")] = value
    want |= _goods(wb, rates)
    rows = {r.group.id: r for r in ladder(rates)}
    for row, group in _ids(wb["Ladder"]).items():
        r = rows[group]
        values = (_end(r.low, NO_LOW), r.central, _end(r.high, NO_HIGH), r.bound, r.basis)
        want |= {("Ladder", f"{c}{row}"): v for c, v in zip("CDEFG", values, strict=True)}
    return want


def _goods(wb: openpyxl.Workbook, rates: Rates) -> dict[tuple[str, str], object]:
    """The Goods sheet: ``group_in_goods`` at the price the workbook's Inputs hold now."""
    inputs = wb["Inputs"]
    price_id = export_choices(rates).price
    assert price_id is not None, "report.toml chooses the Goods sheet's good"
    row = next(r for r in range(1, inputs.max_row + 1) if inputs.cell(r, 1).value == price_id)
    low, high = (float(inputs.cell(row, c).value) for c in (2, 3))
    price = dataclasses.replace(rates.prices[price_id], price=Interval(low, high))
    priced = dataclasses.replace(rates, prices={**rates.prices, price_id: price})
    want: dict[tuple[str, str], object] = {}
    for row, group in _ids(wb["Goods"]).items():
        g = group_in_goods(priced, group, price_id)
        s = g.amount.span()
        values = (_end(s.low, NO_LOW), s.central, _end(s.high, NO_HIGH), s.bound, g.period)
        want |= {("Goods", f"{c}{row}"): v for c, v in zip("BCDEF", values, strict=True)}
    return want


def _agrees(got: Any, want: object) -> bool:
    if isinstance(want, bool | str):
        return bool(got == want) and type(got) is type(want)
    assert isinstance(want, float | int)
    ok = isinstance(got, float | int) and not isinstance(got, bool)
    return ok and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("case", ["default", "choices", "working-days", "bread"])
def test_every_formula_agrees_with_the_library(
    workbooks: dict[str, tuple[Path, Path, Rates]], case: str
) -> None:
    written, recalculated, rates = workbooks[case]
    formulas = openpyxl.load_workbook(written)
    values = openpyxl.load_workbook(recalculated, data_only=True)
    want = expected(formulas, rates)
    cells = {
        (ws.title, c.coordinate) for ws in formulas for row in ws.iter_rows() for c in row
        if c.data_type == "f"
    }  # fmt: skip
    assert cells == set(want)  # every formula cell is checked, and only formula cells
    wrong = [
        (sheet, cell, values[sheet][cell].value, value)
        for (sheet, cell), value in sorted(want.items())
        if not _agrees(values[sheet][cell].value, value)
    ]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("case", ["default", "working-days"])
def test_cached_values_are_what_libreoffice_computes(
    workbooks: dict[str, tuple[Path, Path, Rates]], case: str
) -> None:
    """The values stored beside the formulas (for readers that do not recalculate) are
    LibreOffice's own results, cell for cell. (The edited cases were saved again by
    openpyxl, which drops cached values: LibreOffice recalculates those on opening.)"""
    written, recalculated, _ = workbooks[case]
    cached = openpyxl.load_workbook(written, data_only=True)
    values = openpyxl.load_workbook(recalculated, data_only=True)
    formulas = openpyxl.load_workbook(written)
    cells = [
        (ws.title, c.coordinate) for ws in formulas for row in ws.iter_rows() for c in row
        if c.data_type == "f"
    ]  # fmt: skip
    assert len(cells) > 400
    wrong = [
        (sheet, cell, cached[sheet][cell].value, values[sheet][cell].value)
        for sheet, cell in cells
        if not _agrees(values[sheet][cell].value, cached[sheet][cell].value)
    ]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("case", list(CASES))
def test_no_cell_holds_an_error(workbooks: dict[str, tuple[Path, Path, Rates]], case: str) -> None:
    values = openpyxl.load_workbook(workbooks[case][1], data_only=True)
    bad = [
        (ws.title, c.coordinate, c.value)
        for ws in values
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "e" or (isinstance(c.value, str) and c.value in ERRORS)
    ]
    assert not bad, bad[:10]


def test_changing_the_miners_wage_moves_the_ratio(
    workbooks: dict[str, tuple[Path, Path, Rates]],
) -> None:
    """The teacher's edit: the miner's 400-500 becomes 300-350 on Inputs."""
    ws = openpyxl.load_workbook(workbooks["miner"][1], data_only=True)["Ratios"]
    row = next(r for r, a in _ids(ws).items() if (a, ws.cell(r, 2).value) == ("miner", "auxiliary"))
    low, central, high, bound = (ws.cell(row, c).value for c in range(3, 7))
    assert low == pytest.approx(300 / 170, rel=1e-9)
    assert central == pytest.approx(325 / 170, rel=1e-9)  # (300 + 350) / 2 / 170
    assert high == pytest.approx(350 / 170, rel=1e-9)
    assert bound == "range"
    norms = openpyxl.load_workbook(workbooks["miner"][1], data_only=True)["Norms"]
    row = next(r for r, g in _ids(norms).items() if g == "miner")
    assert norms.cell(row, 7).value == pytest.approx(325 * 7 / 16.5, rel=1e-9)  # α 0.1 → 102 t


def test_changing_the_bread_price_moves_the_kilograms(
    workbooks: dict[str, tuple[Path, Path, Rates]],
) -> None:
    """The price cell on Inputs: rye bread at 0.90-1.00 instead of 0.85-1.00 rub/kg."""
    ws = openpyxl.load_workbook(workbooks["bread"][1], data_only=True)["Goods"]
    row = next(r for r, g in _ids(ws).items() if g == "auxiliary")
    low, central, high, bound = (ws.cell(row, c).value for c in range(2, 6))
    assert low == pytest.approx(170 / 1.00, rel=1e-9)
    assert central == pytest.approx(170 / 0.95, rel=1e-9)  # the price's midpoint, (0.9 + 1) / 2
    assert high == pytest.approx(170 / 0.9, rel=1e-9)
    assert bound == "range"
