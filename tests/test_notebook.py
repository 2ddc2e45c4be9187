"""Notebooks: the typed results show themselves as small HTML tables (``_repr_html_``),
with the figure, its ends and its citations; and examples/notebook.ipynb runs.

Expected figures are hand arithmetic on Markin ¶28 (stakhanovite-miner 1,600 or more, miner
400–500, auxiliary 170, engineer 8,600) and ¶9 (norm 7 t, record 102 t). The notebook is
executed with nbclient in a fresh kernel; it is stored without outputs.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, require
from stakhanov.calc.claims import check_claims
from stakhanov.calc.comparison import ratio
from stakhanov.calc.norms import revise
from stakhanov.data.rates import Rates
from stakhanov.scenarios.workforce import load_workforce
from stakhanov.stats.sensitivity import ratio_sensitivity
from stakhanov.stats.workforce_metrics import inequality_report

NOTEBOOK = ROOT / "examples" / "notebook.ipynb"


class _Cells(HTMLParser):
    """The rows of every table in an HTML fragment, each a list of cell texts, and the
    captions and paragraphs."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.texts: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th", "caption", "p"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
        elif tag in ("caption", "p") and self._cell is not None:
            self.texts.append("".join(self._cell))
        if tag in ("td", "th", "caption", "p"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _read(html: str | None) -> _Cells:
    assert html is not None and html.startswith("<table")
    parser = _Cells()
    parser.feed(html)
    return parser


def _pairs(html: str | None) -> dict[str, str]:
    """A two-column table as label → text."""
    return {row[0]: row[1] for row in _read(html).rows if len(row) == 2}


def test_a_ratio_shows_its_ends_and_citations(rates: Rates) -> None:
    shown = _pairs(ratio(rates, "stakhanovite-miner", "auxiliary")._repr_html_())
    assert shown["low"] == f"{1600 / 170:.4f}" == "9.4118"  # 1,600 or more / 170
    assert shown["central"] == "9.4118"  # the open end counts at face value
    assert shown["high"] == "none"  # no upper limit
    assert (shown["bound"], shown["figure"]) == ("at least", "≥ 9.4118×")
    assert shown["sources"] == "markin-1936 ¶28"
    # a range: 400–500 / 170 = 2.3529–2.9412, central 450 / 170 = 2.6471
    shown = _pairs(ratio(rates, "miner", "auxiliary")._repr_html_())
    assert (shown["low"], shown["central"], shown["high"]) == ("2.3529", "2.6471", "2.9412")
    assert shown["bound"] == "range"


def test_user_text_is_escaped(rates: Rates) -> None:
    hostile = dataclasses.replace(ratio(rates, "engineer", "auxiliary"), note="<b>x</b> & y")
    html = hostile._repr_html_()
    assert html is not None and "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt; &amp; y" in html
    assert _pairs(html)["note"] == "<b>x</b> & y"  # shown as written


def test_the_norm_revision_by_hand(rates: Rates) -> None:
    """α 0.1 toward 102 t: N' = 7 + 0.1 × 95 = 16.5 t; a hewer keeps his output, so his pay
    is multiplied by 7 / 16.5: 450 → 190.9 (400 → 169.7, 500 → 212.1); 1,600 → 678.8."""
    html = revise(rates, alpha=0.1, toward="stakhanov-1935")._repr_html_()
    cells = _read(html)
    rows = {row[0]: row for row in cells.rows[1:]}
    assert cells.rows[0][:4] == ["group", "before", "after", "change %"]
    assert rows["miner"][1:3] == ["400.0–500.0 (450.0)", "169.7–212.1 (190.9)"]
    assert f"{450 * 7 / 16.5:.1f}" == "190.9"
    assert rows["stakhanovite-miner"][2] == f"≥ {1600 * 7 / 16.5:.1f}" == "≥ 678.8"
    assert rows["engineer"][1:5] == ["8,600.0", "8,600.0", "0.0", "no"]  # a salary: unmoved
    assert rows["miner"][6] == "markin-1936 ¶28"
    assert "16.5 t" in cells.texts[0]  # the caption: 7 → 16.5 t
    assert any(t.startswith("Sources of the norm and record: ") for t in cells.texts)


def test_a_claim_shows_its_verdict_and_arithmetic(rates: Rates) -> None:
    verdicts = {v.claim.id: v for v in check_claims(rates)}
    shown = _pairs(verdicts["mines-ten-times"]._repr_html_())
    # "about ten times": stakhanovite-miner 1,600 or more / auxiliary 170 = 9.4118 or more
    assert shown["computed"] == "≥ 9.4118×"
    assert (shown["low"], shown["high"]) == ("9.4118", "none")
    assert shown["verdict"] == "roughly"
    assert "markin-1936 ¶28" in shown["claimed"] and shown["data"] == "markin-1936 ¶28"


def test_the_inequality_report_by_hand(rates: Rates, tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    path.write_text('[meta]\ntitle = "two <pits>"\n[headcount]\nminer = 36\nauxiliary = 12\n')
    report = inequality_report(rates, load_workforce(path, rates), draws=0)
    cells = _read(report._repr_html_())
    metrics = {row[0]: row[1] for row in cells.rows[1:]}
    # Two groups, shares 0.25 (170) and 0.75 (450): G = 0.25 × 0.75 × (450 − 170) / mean,
    # mean = 0.25 × 170 + 0.75 × 450 = 380: G = 52.5 / 380 = 0.1382
    gini = next(v for k, v in metrics.items() if k.lower().startswith("gini"))
    assert gini == f"{0.25 * 0.75 * 280 / 380:.4f}" == "0.1382"
    assert "two <pits> (48 workers)" in cells.texts[0]  # escaped, shown as written


def test_a_sensitivity_table_by_hand(rates: Rates) -> None:
    cells = _read(ratio_sensitivity(rates, "stakhanovite-miner", "auxiliary", 0)._repr_html_())
    rows = {row[0]: row for row in cells.rows[1:]}
    wage = rows["wages.stakhanovite-miner"]
    # 1,600 or more, capped at ×1.5: 1,600–2,400; over 170: 9.4118 → 14.1176
    assert wage[1:4] == ["1,600 or more", "1,600.0000–2,400.0000", "9.4118 → 14.1176"]
    assert wage[4] == f"{2400 / 170 - 1600 / 170:.4f}" == "4.7059"
    assert rows["wages.stakhanovite-miner.period"][3] == "9.4118 → 18.8235"  # 3,200 / 170
    assert cells.texts[-1].startswith("Central answer 9.4118")


def test_the_calculator_loads_the_views_only_when_a_table_is_asked_for() -> None:
    """A fresh interpreter: computing a ratio imports no view; showing it imports the one."""
    code = (
        "import sys\n"
        "from stakhanov.calc.comparison import ratio\n"
        "from stakhanov.data.rates import load_rates\n"
        "r = ratio(load_rates(), 'engineer', 'auxiliary')\n"
        "before = 'stakhanov.views.notebook' in sys.modules\n"
        "html = r._repr_html_()\n"
        "print(before, 'stakhanov.views.notebook' in sys.modules, '50.5882' in html)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["False", "True", "True"], done.stderr  # 8,600 / 170


def test_the_notebook_is_stored_without_outputs() -> None:
    book = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in book["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 6
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)


@pytest.mark.slow
def test_the_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = require("nbformat")
    nbclient = require("nbclient")
    require("ipykernel")
    book = nbformat.read(NOTEBOOK, as_version=4)
    # Run where the notebook lives (it reads the examples beside it); it writes into a
    # folder it is given, never into the checkout.
    client = nbclient.NotebookClient(
        book,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    monkeypatch.setenv("STAKHANOV_OUT", str(tmp_path))  # the kernel inherits it
    client.execute()
    errors = [o for c in book.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    shown = [
        o["data"]["text/html"]
        for c in book.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]
    assert any("9.4118" in h for h in shown)  # the ratio's table: 1,600 / 170
    assert (tmp_path / "stakhanov.xlsx").exists()  # the spreadsheet, made from Python
