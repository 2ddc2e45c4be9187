"""Each formula's cached value, written into a saved workbook.

A cell in an .xlsx file may hold a formula and, beside it, the value it last evaluated to.
openpyxl writes only the formula (``<c r="C2"><f>A1*2</f><v/></c>``), so a reader that
does not recalculate (``pandas.read_excel``, file previewers, mail clients) shows empty
cells until a spreadsheet program has recalculated and saved the file. The library knows
every value already: ``book.Sheet.formula`` records it beside each formula, and
``add_cached_values`` writes it into the saved file, which is a zip of XML parts.

The rewrite is textual, on the cells openpyxl writes, and strict: a formula cell without a
value, or a value whose cell holds no formula, is a bug here and raises ``ValueError``.
Excel and LibreOffice still recalculate on opening (openpyxl sets ``fullCalcOnLoad``), so
an edit on Inputs is followed as before. Neighbours: ``book`` (where the values are
recorded), ``export`` (which calls this between saving and the atomic rename).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Mapping
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from stakhanov.views.workbook.book import Cached

__all__ = ["add_cached_values", "cell_xml"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# A formula cell as openpyxl writes it: the reference, other attributes (a style), the
# formula (escaped text: no '<' inside), and an empty value.
_FORMULA_CELL = re.compile(
    r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>(?: [a-zA-Z:]+="[^"]*")*)>'
    r"<f>(?P<f>[^<]*)</f><v ?/></c>"
)


def add_cached_values(xlsx: bytes, values: Mapping[str, Mapping[str, Cached]]) -> bytes:
    """The workbook ``xlsx`` with each formula cell's value: sheet title → cell → value.

    >>> import openpyxl
    >>> wb = openpyxl.Workbook()
    >>> wb.active.title = "S"
    >>> wb.active["A1"] = "=1+1"
    >>> buffer = io.BytesIO()
    >>> wb.save(buffer)
    >>> done = add_cached_values(buffer.getvalue(), {"S": {"A1": 2.0}})
    >>> openpyxl.load_workbook(io.BytesIO(done), data_only=True)["S"]["A1"].value
    2
    """
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    parts = _sheet_parts(source)
    unknown = set(values) - set(parts.values())
    if unknown:
        raise ValueError(f"cached values for sheets the workbook lacks: {sorted(unknown)}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            sheet = parts.get(info.filename)
            if sheet is not None:
                data = _fill(data.decode("utf-8"), sheet, values.get(sheet, {})).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def cell_xml(ref: str, attrs: str, formula: str, value: Cached) -> str:
    """One formula cell with its value: a number bare, a text ``t="str"``, a flag ``t="b"``.

    >>> cell_xml("A1", "", "2*3", 6.0)
    '<c r="A1"><f>2*3</f><v>6</v></c>'

    >>> cell_xml("B2", ' s="1"', "A2&amp;&quot;!&quot;", "a<b")
    '<c r="B2" s="1" t="str"><f>A2&amp;&quot;!&quot;</f><v>a&lt;b</v></c>'
    >>> cell_xml("C3", "", "AND(A1,A2)", False)
    '<c r="C3" t="b"><f>AND(A1,A2)</f><v>0</v></c>'
    """
    if isinstance(value, bool):
        kind, text = ' t="b"', "1" if value else "0"
    elif isinstance(value, str):
        kind, text = ' t="str"', escape(value)
    else:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{ref}: a formula's value must be finite, got {number}")
        # The shortest text that reads back as the same double; a whole number without
        # ".0", as spreadsheet programs write it.
        kind, text = "", repr(number).removesuffix(".0")
    return f'<c r="{ref}"{attrs}{kind}><f>{formula}</f><v>{text}</v></c>'


def _fill(xml: str, sheet: str, values: Mapping[str, Cached]) -> str:
    used: set[str] = set()

    def one(match: re.Match[str]) -> str:
        ref, attrs = match["ref"], match["attrs"]
        if ref not in values:
            raise ValueError(f"{sheet}!{ref}: a formula with no cached value")
        if " t=" in attrs:
            raise ValueError(f"{sheet}!{ref}: a formula cell that already has a type")
        used.add(ref)
        return cell_xml(ref, attrs, match["f"], values[ref])

    filled = _FORMULA_CELL.sub(one, xml)
    if xml.count("<f>") != len(used) or used != set(values):
        missed = sorted(set(values) - used)
        raise ValueError(f"{sheet}: formula cells not filled as expected (values left: {missed})")
    return filled


def _sheet_parts(source: zipfile.ZipFile) -> dict[str, str]:
    """Zip member of each worksheet → its title, from the workbook part and its links."""
    book = ElementTree.fromstring(source.read("xl/workbook.xml"))
    links = ElementTree.fromstring(source.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): str(r.get("Target")) for r in links.iter(f"{{{_PKG_REL}}}Relationship")}
    parts = {}
    for sheet in book.iter(f"{{{_MAIN}}}sheet"):
        target = targets[sheet.get(f"{{{_REL}}}id")]
        # A target is relative to xl/ unless it starts at the package root.
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[member] = str(sheet.get("name"))
    return parts
