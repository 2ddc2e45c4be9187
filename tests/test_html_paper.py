"""The page on a phone and on paper, in Chromium (the browser and the pages of
tests/test_html.py).

- **A phone (390 px).** No id is broken inside a word: where an id's text runs onto a new
  line, the line before ends at a hyphen, a dot or a space. Read per character from the
  layout (``Range.getClientRects``): a new line is a character whose box sits lower than
  the one before it.
- **Paper.** The page printed to PDF (``page.pdf``, A4) splits no table row across pages and
  cuts no picture. Each row and each figure gets a marker at its start and one at its end
  before printing; the PDF's text (pypdf) says which page each marker fell on, and both
  ends of each must be on one page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, require
from stakhanov.cli.app import main
from test_html import Opened, pages  # noqa: F401  (the fixture, shared; browser is in conftest)

pytestmark = pytest.mark.slow

# Each shown .id broken anywhere but after a hyphen, a dot or a space, as "stakhanovi/te-miner".
_BROKEN_IDS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll(".id")) {
    if (!el.getClientRects().length) continue;  // not shown
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let text = "";
    const tops = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        text += node.data[i];
        tops.push(rects.length ? rects[0].top : null);
      }
    }
    for (let i = 1; i < text.length; i++) {
      if (tops[i] === null || tops[i - 1] === null) continue;
      const newLine = tops[i] > tops[i - 1] + 1;
      if (newLine && !"-. ".includes(text[i - 1]) && text[i] !== " ")
        bad.push(text.slice(0, i) + "/" + text.slice(i));
    }
  }
  return bad;
}"""

# Markers at the start and the end of every shown table row and figure: "QQ7A ... QQ7Z".
_MARK = """() => {
  const mark = (el, text, atStart) => {
    const span = document.createElement("span");
    span.textContent = text;
    span.style.fontSize = "4px";
    if (atStart) el.prepend(span); else el.append(span);
  };
  const shown = (el) => el.getClientRects().length > 0;
  let rows = 0, figures = 0;
  for (const tr of document.querySelectorAll("tr")) {
    const cells = tr.querySelectorAll(":scope > td, :scope > th");
    if (!shown(tr) || !cells.length) continue;
    rows += 1;
    mark(cells[0], ` QQ${rows}A `, true);
    mark(cells[cells.length - 1], ` QQ${rows}Z `, false);
  }
  for (const figure of document.querySelectorAll("figure")) {
    if (!shown(figure)) continue;
    figures += 1;
    mark(figure, ` FF${figures}A `, true);
    mark(figure, ` FF${figures}Z `, false);
  }
  return [rows, figures];
}"""


@pytest.mark.parametrize("width", [390, 320])
def test_no_id_breaks_inside_a_word_on_a_phone(
    browser: Any,
    pages: dict[str, Path],  # noqa: F811
    width: int,
) -> None:
    tab = Opened(browser, pages["plain"], viewport={"width": width, "height": 900})
    try:
        matrix = tab.page.locator("table.matrix .id")
        assert matrix.count() == 8  # the card's four groups, in the head and down the side
        assert tab.page.evaluate(_BROKEN_IDS) == []
        # ... and the page itself never scrolls sideways: a matrix too wide scrolls in its box
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        tab.close()


def test_the_check_sees_an_id_broken_inside_a_word(
    browser: Any,
    pages: dict[str, Path],  # noqa: F811
) -> None:
    """The check itself: an id forced to break anywhere, in a narrow cell, is caught."""
    tab = Opened(browser, pages["plain"], viewport={"width": 390, "height": 900})
    try:
        tab.page.add_style_tag(content="table.matrix .id { word-break: break-all; }")
        broken = tab.page.evaluate(_BROKEN_IDS)
        assert any(b.replace("/", "") == "stakhanovite-miner" for b in broken), broken
    finally:
        tab.close()


def test_printed_no_row_is_split_and_every_picture_is_whole(
    browser: Any,
    pages: dict[str, Path],  # noqa: F811
) -> None:
    pypdf = require("pypdf")
    tab = Opened(browser, pages["plain"])
    try:
        tab.page.emulate_media(media="print")
        rows, figures = tab.page.evaluate(_MARK)
        pdf = pages["folder"] / "printed.pdf"
        tab.page.pdf(path=str(pdf), format="A4")
    finally:
        tab.close()
    # the ladder, the Lorenz curves and the two workforces' tornadoes
    assert figures == 4 and rows > 100
    where: dict[str, set[int]] = {}
    reader = pypdf.PdfReader(pdf)
    for number, page in enumerate(reader.pages, start=1):
        for marker in re.findall(r"(?:QQ|FF)\d+[AZ]", page.extract_text()):
            where.setdefault(marker, set()).add(number)
    assert len(where) == 2 * (rows + figures)  # every marker found, each once
    split = [m[:-1] for m in where if m.endswith("A") and where[m] != where[m[:-1] + "Z"]]
    assert split == []
    assert len(reader.pages) > 1  # the check had page boundaries to find


def test_a_long_file_path_does_not_widen_a_phone_page(
    browser: Any,
    tmp_path: Path,
    pages: dict[str, Path],  # noqa: F811
) -> None:
    # The page names each workforce file by its path; a path has no spaces, and one deep in
    # a CI's temporary folder once made the page scroll sideways at 390 px.
    deep = tmp_path / ("tmp.Zq8xYk3PqR" * 3) / "project"  # no space, no hyphen to break at
    deep.mkdir(parents=True)
    given = []
    for name in ("pit-before", "pit-after"):  # two: the page compares them side by side
        workforce = deep / f"{name}.toml"
        workforce.write_text((ROOT / "examples" / f"{name}.toml").read_text("utf-8"), "utf-8")
        given += ["-w", str(workforce)]
    page = tmp_path / "page.html"
    assert main(["html", str(page), "--draws", "100", *given]) == 0
    tab = Opened(browser, page, viewport={"width": 390, "height": 900})
    try:
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        tab.close()
