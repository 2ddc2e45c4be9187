"""The workbook as written: sheets, fixed headers, inputs apart from formulas, text that
stays text, charts, and the command's one-line answers. (The formulas' values are checked
in LibreOffice by test_export_libreoffice.py.)"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import MappingProxyType
from xml.etree import ElementTree

import openpyxl
import pytest

from conftest import copy_rates
from stakhanov.calc.claims import load_claims
from stakhanov.cli.app import main
from stakhanov.data.rates import Rates, load_rates
from stakhanov.errors import DataError
from stakhanov.views.workbook.export import export_workbook
from test_atomic import read_only

SHEETS = [
    "Inputs",
    "Ratios",
    "Norms",
    "Sweep",
    "Ladder",
    "Goods",
    "Claims",
    "Sensitivity",
    "Sources",
    "About",
]
INPUT_HEADER = [
    "id",
    "label",
    "low",
    "high",
    "low_open",
    "high_open",
    "period",
    "months_factor",
    "pay_basis",
    "norm_id",
    "source",
]
YELLOW = "00FFF2CC"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("export") / "stakhanov.xlsx"
    export_workbook(load_rates(), path)
    return openpyxl.load_workbook(path)


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    """The row of each id in column A, down to the first empty cell."""
    out = {}
    for row in range(2, ws.max_row + 1):
        value = ws.cell(row, 1).value
        if value is None:
            break
        out[str(value)] = row
    return out


def test_sheets_and_fixed_headers(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS
    header = [c.value for c in book["Inputs"][1]]
    assert header == INPUT_HEADER
    assert [c.value for c in book["Ratios"][1]][:6] == [
        "numerator",
        "denominator",
        "low",
        "central",
        "high",
        "bound",
    ]
    for name in SHEETS[:-1]:
        assert book[name].freeze_panes == "A2", name


def test_claims_sheet_holds_every_verdict(book: openpyxl.Workbook) -> None:
    ws = book["Claims"]
    rows = _rows(ws)
    assert len(rows) == len(load_claims(load_rates()))
    engineers = rows["engineers-80-100-times"]
    # engineer 8,600 / lowest-paid at most 150, open below = 57.33 or more, no upper limit:
    # 80..100 lies in it, but so does much else → roughly
    assert ws.cell(engineers, 4).value == pytest.approx(8600 / 150)
    assert ws.cell(engineers, 6).value == "no limit"
    assert ws.cell(engineers, 8).value == "roughly"
    # more than 1,600 over 170: the ratio has no upper limit, written as text
    assert ws.cell(rows["mines-ten-times"], 6).value == "no limit"


def test_inputs_hold_each_group_in_its_own_period(book: openpyxl.Workbook, rates: Rates) -> None:
    ws = book["Inputs"]
    rows = _rows(ws)
    assert list(rows) == list(rates.wages)
    col = {name: i for i, name in enumerate(INPUT_HEADER, start=1)}

    def cell(group: str, name: str) -> object:
        return ws.cell(rows[group], col[name]).value

    assert (cell("miner", "low"), cell("miner", "high")) == (400, 500)
    assert (cell("stakhanovite-miner", "high_open"), cell("textile", "low_open")) == (True, True)
    assert (cell("skilled-worker", "low"), cell("skilled-worker", "months_factor")) == (950, 2)
    # A day is never silently a month: factor 1, and the period says "day".
    assert (cell("record-driller-day", "period"), cell("record-driller-day", "months_factor")) == (
        "day",
        1,
    )
    assert cell("engineer", "source") == "markin-1936 ¶28"


def test_choices_come_from_report_toml_and_are_inputs(book: openpyxl.Workbook) -> None:
    ws = book["Inputs"]
    found = {
        ws.cell(r, 1).value: ws.cell(r, 2)
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 1).value in ("alpha", "tariff_pct", "record")
    }
    assert {k: c.value for k, c in found.items()} == {
        "alpha": 0.1,  # norm_examples[0]
        "tariff_pct": 0,  # [defaults] tariff_pct
        "record": "stakhanov-1935",
    }
    assert all(c.fill.start_color.rgb == YELLOW for c in found.values())


def test_inputs_are_yellow_and_formulas_are_not(book: openpyxl.Workbook) -> None:
    for ws in book:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert c.fill.fill_type is None, (
                        f"{ws.title}!{c.coordinate} looks like an input"
                    )
    inputs = book["Inputs"]
    assert inputs["C2"].fill.start_color.rgb == YELLOW  # a wage
    assert inputs["A2"].fill.fill_type is None  # an id is not meant to be edited
    ratios = book["Ratios"]
    assert all(ratios.cell(2, c).data_type == "f" for c in range(3, 8))


def _with_label(rates: Rates, group: str, label: str) -> Rates:
    changed = dataclasses.replace(rates.group(group), label=label)
    return dataclasses.replace(rates, wages=MappingProxyType({**rates.wages, group: changed}))


@pytest.mark.parametrize(
    "label",
    ['=HYPERLINK("http://example.invalid","x")', "+1", "-cmd|' /C calc'!A0", "@SUM(A1)", "#N/A"],
)
def test_text_that_looks_like_a_formula_stays_text(
    tmp_path: Path, rates: Rates, label: str
) -> None:
    path = tmp_path / "out.xlsx"
    export_workbook(_with_label(rates, "miner", label), path)
    wb = openpyxl.load_workbook(path)
    for sheet in ("Inputs", "Ladder"):
        ws = wb[sheet]
        cell = ws.cell(_rows(ws)["miner"], 2)
        assert (cell.value, cell.data_type) == (label, "s"), sheet
    with zipfile.ZipFile(path) as z:  # and in the file itself: a string, no <f> element
        assert "HYPERLINK" not in "".join(
            f.text or ""
            for f in ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(
                "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f"
            )
        )


def test_about_names_the_scenarios_and_the_version(tmp_path: Path, rates: Rates) -> None:
    from stakhanov import __version__

    def about(r: Rates) -> dict[str, str]:
        path = tmp_path / f"{len(r.scenarios)}.xlsx"
        export_workbook(r, path)
        ws = openpyxl.load_workbook(path)["About"]
        return {
            str(ws.cell(i, 1).value): str(ws.cell(i, 2).value) for i in range(1, ws.max_row + 1)
        }

    plain = about(rates)
    assert plain["scenarios"] == "none: the built-in data"
    assert __version__ in plain["made by"]
    layered = dataclasses.replace(rates, scenarios=("metro.toml", "=1+1"))
    assert about(layered)["scenarios"] == "metro.toml, =1+1"


def _charts(path: Path) -> dict[str, list[ElementTree.Element]]:
    """Sheet title → the chart parts its drawing holds, following the package's relations."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    out: dict[str, list[ElementTree.Element]] = {}
    with zipfile.ZipFile(path) as z:

        def targets(part: str) -> list[str]:
            folder, name = part.rsplit("/", 1)
            rels = f"{folder}/_rels/{name}.rels"
            if rels not in z.namelist():
                return []
            tree = ElementTree.fromstring(z.read(rels))
            found = [str(r.get("Target")) for r in tree.iterfind("r:Relationship", ns)]
            # A target is absolute in the package ("/xl/...") or relative to the part.
            return [
                t.lstrip("/") if t.startswith("/") else os.path.normpath(f"{folder}/{t}")
                for t in found
            ]

        workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
        names = [s.get("name") for s in workbook.iterfind("m:sheets/m:sheet", ns)]
        for i, name in enumerate(names, start=1):
            drawings = targets(f"xl/worksheets/sheet{i}.xml")
            charts = [t for d in drawings for t in targets(d) if "/charts/" in t]
            out[str(name)] = [ElementTree.fromstring(z.read(c)) for c in charts]
    return out


def test_native_charts_line_for_sweep_and_linear_bars_for_ladder(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    export_workbook(load_rates(), path)
    charts = _charts(path)
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    (sweep,) = charts["Sweep"]
    line = sweep.find(f".//{c}lineChart")
    assert line is not None
    assert len(line.findall(f"{c}ser")) >= 2  # the miners paid by the norm, at least
    # Smooth through the 0.05 grid (no corners near α = 0), in plain rubles.
    assert [s.get("val") for s in line.findall(f"{c}ser/{c}smooth")] == ["1"] * len(
        line.findall(f"{c}ser")
    )
    rubles = sweep.find(f".//{c}valAx/{c}numFmt")
    assert rubles is not None and rubles.get("formatCode") == "#,##0"
    (ladder,) = charts["Ladder"]
    bars = ladder.find(f".//{c}barChart")
    assert bars is not None
    # A bar's length is the wage: a linear axis from 0, labelled in plain rubles.
    axis = ladder.find(f".//{c}valAx")
    assert axis is not None
    assert axis.find(f"{c}scaling/{c}logBase") is None
    minimum = axis.find(f"{c}scaling/{c}min")
    assert minimum is not None and float(minimum.get("val", "nan")) == 0
    number = axis.find(f"{c}numFmt")
    assert number is not None and number.get("formatCode") == "#,##0"
    assert number.get("sourceLinked") == "0"
    # The ten monthly groups, by name, highest first; the day figure is left out.
    categories = bars.find(f"{c}ser/{c}cat/{c}strRef/{c}f")
    assert categories is not None and categories.text == "'Ladder'!$A$2:$A$11"
    # Each bar carries its figure alone, in plain rubles (not the cells' 8,600.0).
    labels = bars.find(f"{c}dLbls")
    assert labels is not None
    shown = {e.tag.removeprefix(c): e.get("val") for e in labels if e.tag != f"{c}numFmt"}
    assert shown["showVal"] == "1" and shown["showCatName"] == shown["showSerName"] == "0"
    label_format = labels.find(f"{c}numFmt")
    assert label_format is not None
    assert (label_format.get("formatCode"), label_format.get("sourceLinked")) == ("#,##0", "0")
    assert not any(charts[s] for s in ("Inputs", "Ratios", "Norms", "Sources", "About"))


def _shown(value: object, fmt: str) -> str:
    """How a cell reads: "#,##0.0" → 8,600.0; "0.00" → 0.19; text as it is."""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        places = fmt.split(".")[1].count("0") if "." in fmt else 0
        return f"{value:,.{places}f}" if "," in fmt else f"{value:.{places}f}"
    return str(value)


def test_no_cell_is_cut(tmp_path: Path) -> None:
    """Every column is as wide as what it shows, in characters (the formula cells by their
    stored values); longer text wraps, in a row tall enough for its lines; text with an
    empty cell to its right runs on over it."""
    path = tmp_path / "out.xlsx"
    export_workbook(load_rates(), path)
    values = openpyxl.load_workbook(path, data_only=True)
    cut = []
    for ws in values:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                text = isinstance(cell.value, str)
                if text and ws.cell(cell.row, cell.column + 1).value is None:
                    continue  # runs on
                width = ws.column_dimensions[cell.column_letter].width
                need = len(_shown(cell.value, cell.number_format))
                if cell.alignment.wrap_text:
                    lines = ws.row_dimensions[cell.row].height / 15
                    if lines * (width - 2) < need:
                        cut.append((ws.title, cell.coordinate, cell.value, width, lines))
                elif width < need + 1:
                    cut.append((ws.title, cell.coordinate, cell.value, width))
    assert not cut, cut[:10]
    # The two the issue found: a group id as a Sweep header, an open end on Ladder.
    sweep = values["Sweep"]
    header = {c.value: c.column_letter for c in sweep[1]}
    assert sweep.column_dimensions[header["stakhanovite-auxiliary"]].width >= 22
    assert values["Ladder"].column_dimensions["E"].width >= len("no upper bound")


def test_missing_export_setting_is_one_line(tmp_path: Path) -> None:
    folder = copy_rates(tmp_path)
    toml = folder / "report.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('export_base = "auxiliary"', ""), "utf-8"
    )
    with pytest.raises(DataError) as info:
        export_workbook(load_rates(folder), tmp_path / "out.xlsx")
    assert str(info.value) == f"{toml}: missing 'export_base' (needed by stakhanov export)"
    assert not (tmp_path / "out.xlsx").exists()


# --- the command ---------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_says_what_it_wrote_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "export", "stakhanov.xlsx")
    assert (code, err) == (0, "")
    formulas = sum(
        c.data_type == "f"
        for ws in openpyxl.load_workbook("stakhanov.xlsx")
        for row in ws.iter_rows()
        for c in row
    )
    assert out == f"wrote stakhanov.xlsx: {len(SHEETS)} sheets, {formulas:,} formulas\n"
    before = Path("stakhanov.xlsx").read_bytes()
    assert run(capsys, "export", "stakhanov.xlsx") == (
        1,
        "",
        "stakhanov: stakhanov.xlsx: already exists (use --force to replace it)\n",
    )
    assert Path("stakhanov.xlsx").read_bytes() == before
    code, out, _ = run(capsys, "export", "stakhanov.xlsx", "--force")
    assert code == 0 and out.startswith(f"wrote stakhanov.xlsx: {len(SHEETS)} sheets")
    assert sorted(os.listdir(tmp_path)) == ["stakhanov.xlsx"]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("nowhere/out.xlsx", "nowhere/out.xlsx: folder does not exist"),
        ("folder.xlsx", "folder.xlsx: is a directory"),
        ("locked/out.xlsx", "locked/out.xlsx: folder is not writable"),
        ("out.csv", "out.csv: the file name must end in .xlsx"),
        ("out", "out: the file name must end in .xlsx"),
    ],
)
def test_bad_output_paths_are_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    line: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "locked").mkdir()
    read_only(tmp_path / "locked", monkeypatch)
    try:
        assert run(capsys, "export", name) == (1, "", f"stakhanov: {line}\n")
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert sorted(os.listdir(tmp_path)) == ["folder.xlsx", "locked"]
    assert os.listdir(tmp_path / "locked") == []


KILL_MIDWAY = """
import os, sys, zipfile
from stakhanov.cli.app import main

real = zipfile.ZipFile.writestr
def dying(self, *args, **kwargs):
    real(self, *args, **kwargs)
    self.fp.flush()
    sys.stderr.write(f"wrote {self.fp.tell()} bytes\\n")
    os._exit(9)  # killed midway: the temporary file is open and partly written
zipfile.ZipFile.writestr = dying
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("existing", [False, True])
def test_export_killed_midway_leaves_nothing_behind(tmp_path: Path, existing: bool) -> None:
    if not hasattr(os, "O_TMPFILE"):
        pytest.skip("only anonymous temporary files survive a kill without a trace")
    target = tmp_path / "stakhanov.xlsx"
    if existing:
        target.write_bytes(b"the teacher's old workbook")
    args = ["export", str(target), *(["--force"] if existing else [])]
    done = subprocess.run(
        [sys.executable, "-c", KILL_MIDWAY, *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 9, done.stderr
    assert int(done.stderr.split()[1]) > 0  # it really was killed mid-write
    assert os.listdir(tmp_path) == (["stakhanov.xlsx"] if existing else [])
    if existing:
        assert target.read_bytes() == b"the teacher's old workbook"
