"""The workbook prints: every sheet one page wide with its header row on each page, wide
sheets landscape, each chart under its table on a page of its own, and LibreOffice's PDF of
the default workbook at most 20 pages (it was 59 before the page setup).

The page setup is read back from the saved file with openpyxl; the PDF is LibreOffice's own
(``soffice --convert-to pdf``, a private profile), its pages counted from its page objects.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from conftest import soffice_convert
from stakhanov.data.rates import load_rates
from stakhanov.views.workbook.export import export_workbook
from stakhanov.views.workbook.printing import PORTRAIT_WIDTH


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print") / "stakhanov.xlsx"
    export_workbook(load_rates(), path)
    return path


def _width(ws: openpyxl.worksheet.worksheet.Worksheet) -> float:
    letters = openpyxl.utils.get_column_letter
    return sum(ws.column_dimensions[letters(c)].width or 8.43 for c in range(1, ws.max_column + 1))


def test_every_sheet_fits_its_page_width_and_repeats_its_header(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    for ws in wb:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), ws.title
        assert setup.paperSize == 9  # A4, in the file format's numbering
        wide = _width(ws) > PORTRAIT_WIDTH
        assert setup.orientation == ("landscape" if wide else "portrait"), ws.title
        if ws.title != "About":  # About is a page of text, with no header row
            assert ws.print_title_rows == "$1:$1", ws.title
    # the sheets the issue found cut: the wide ones print landscape
    assert {ws.title for ws in wb if ws.page_setup.orientation == "landscape"} >= {
        "Norms",
        "Sweep",
        "Claims",
        "Sources",
    }


def test_each_chart_starts_a_page_under_its_table(workbook: Path) -> None:
    """openpyxl does not read charts back: the drawing's anchors are read from the file."""
    import zipfile
    from xml.etree import ElementTree

    wb = openpyxl.load_workbook(workbook)
    xdr = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
    with zipfile.ZipFile(workbook) as z:
        drawings = sorted(
            n for n in z.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)
        )
        anchors = [
            int(a.findtext(f"{xdr}from/{xdr}row", "-1"))  # 0-based
            for d in drawings
            for a in ElementTree.fromstring(z.read(d))
        ]
    assert len(anchors) == 2  # the Sweep's line chart and the Ladder's bars
    for title in ("Sweep", "Ladder"):
        ws = wb[title]
        breaks = [b.id for b in ws.row_breaks.brk]
        table_end = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None)
        # a page break right after the table, and the chart on the first row after it
        assert breaks == [table_end + 1], title
    # a break after row n (1-based) puts the chart's top-left cell at row n + 1: 0-based, n
    assert sorted(anchors) == sorted(wb[t].row_breaks.brk[0].id for t in ("Sweep", "Ladder"))


@pytest.mark.slow
def test_libreoffice_prints_the_default_workbook_in_at_most_20_pages(
    workbook: Path, tmp_path: Path
) -> None:
    done = soffice_convert([workbook], "pdf", tmp_path, tmp_path / "profile")
    pdf = tmp_path / "stakhanov.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    # Each page is an object "/Type /Page" (the page tree is "/Type /Pages").
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
    sheets = len(openpyxl.load_workbook(workbook).sheetnames)
    assert sheets <= pages <= 20  # at least a page a sheet: the count is of real pages
