"""The HTML page without a browser: the write rules of ``export``, escaping, the grid the
slider looks up (checked against hand arithmetic), and the example in ``docs/`` being
current. The page in a real browser is ``test_html.py``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, arithmetic
from stakhanov.calc.norm_grid import alpha_grid, norm_grid
from stakhanov.cli.app import main
from stakhanov.data.rates import Rates, load_rates
from stakhanov.errors import UsageError
from stakhanov.scenarios.workforce import load_workforce
from stakhanov.views.html.page import page_html

EXAMPLE = ROOT / "docs" / "example.html"
EXAMPLE_WORKFORCES = ("examples/pit-before.toml", "examples/pit-after.toml")
EXAMPLE_COMMAND = "stakhanov html docs/example.html -w examples/pit-before.toml " + (
    "-w examples/pit-after.toml"
)


def test_writes_once_and_never_over_a_file_unasked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "page.html"
    assert main(["html", str(out), "--draws", "0"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}: ")
    first = out.read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>") and first.rstrip().endswith("</html>")
    assert main(["html", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("stakhanov: ") and "--force" in err and err[-1] == "\n"
    assert err.count("\n") == 1
    assert main(["html", str(out), "--force", "--draws", "0"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left


def test_refuses_a_name_that_is_not_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["html", str(tmp_path / "page.txt")]) == 1
    assert capsys.readouterr().err == (
        f"stakhanov: {tmp_path / 'page.txt'}: the file name must end in .html\n"
    )
    assert not list(tmp_path.iterdir())


def test_self_contained_and_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('[meta]\ntitle = "</script><b>bold & \\"quoted\\"</b>"\n', "utf-8")
    out = tmp_path / "page.html"
    assert main(["html", str(out), "--scenario", str(scenario), "--draws", "0"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;b&gt;bold &amp; &#34;quoted&#34;&lt;/b&gt;" in text
    assert "<b>bold" not in text
    # Nothing is fetched: no external URL in a src or href, and the policy forbids any.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
    assert "default-src 'none'" in text
    assert text.count("<svg") == 1  # the ladder; no workforce, so no Lorenz curves
    assert "scenarios applied" in capsys.readouterr().err


def test_the_grid_is_the_library_s_arithmetic(rates: Rates) -> None:
    grid = norm_grid(rates, ["miner", "stakhanovite-miner", "engineer"], ["miner", "auxiliary"])
    assert grid.alphas[:3] == (0.0, 0.01, 0.02) and grid.alphas[-1] == 1.0
    assert len(grid.alphas) == 101
    toward = grid.record("stakhanov-1935")
    i = grid.alphas.index(0.1)
    assert toward.new_central[i] == pytest.approx(arithmetic("7 + 0.1 * (102 - 7)"))
    miner = toward.line("miner")
    assert miner.after[i] == pytest.approx(arithmetic("450 * 7 / 16.5"))
    assert miner.low[i] == pytest.approx(arithmetic("400 * 7 / 16.5"))
    assert miner.change_pct[i] == pytest.approx(arithmetic("100 * (7 / 16.5 - 1)"))
    assert toward.line("stakhanovite-miner").high[i] is None  # "more than 1,600" stays open
    assert set(toward.line("engineer").after) == {8600.0}  # a salary does not move
    (pair,) = toward.ratios
    assert pair.after[i] == pytest.approx(arithmetic("450 * 7 / 16.5 / 170"))
    # The brigade's 30–35 t: a range of new norms, 7 + 0.1 · (30 − 7) to 7 + 0.1 · (35 − 7).
    brigade = grid.record("stakhanov-per-worker")
    assert (brigade.new_low[i], brigade.new_high[i]) == pytest.approx((9.3, 9.8))
    assert dict(grid.left_out)["ivanchikov"] == "measured against no norm in the data"


def test_alpha_grid_steps() -> None:
    assert alpha_grid(0.25) == (0.0, 0.25, 0.5, 0.75, 1.0)
    assert 0.07 in alpha_grid()
    with pytest.raises(UsageError, match=r"must divide 1 evenly, got 0\.3"):
        alpha_grid(0.3)


def test_docs_example_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/example.html is what the command makes today (apart from the date it bears).

    When it is stale this test writes the current page and fails: commit the new file."""
    # The workforces are named by their paths as typed, relative to the checkout.
    monkeypatch.chdir(ROOT)
    rates = load_rates()
    workforces = [load_workforce(w, rates) for w in EXAMPLE_WORKFORCES]
    old = EXAMPLE.read_text(encoding="utf-8") if EXAMPLE.exists() else ""
    dated = re.search(r'<time datetime="([0-9-]+)">', old)
    today = dated.group(1) if dated else None
    new = page_html(rates, workforces, command=EXAMPLE_COMMAND, today=today)
    if new != old:
        EXAMPLE.write_text(new, encoding="utf-8")
        pytest.fail(f"{EXAMPLE} was stale and has been rewritten: commit it")


def test_a_scenario_s_revision_is_where_the_page_starts(tmp_path: Path, rates: Rates) -> None:
    from stakhanov.scenarios.overlay import apply_files

    scenario = tmp_path / "brigade.toml"
    scenario.write_text(
        '[meta]\ntitle = "Toward the brigade"\n\n'
        '[revision]\nalpha = 0.2\ntoward = "stakhanov-per-worker"\n',
        encoding="utf-8",
    )
    text = page_html(apply_files(rates, [scenario]), today="1935-12-12", draws=0)
    assert '<option value="stakhanov-per-worker" selected>' in text
    # Printed: α = 0 and the scenario's α = 0.2, N' = 7 + 0.2 · (32.5 − 7) = 12.1 t.
    assert "α = 0.20 toward stakhanov-per-worker: new norm 11.6–12.6 (12.1) t" in text
    assert f"{arithmetic('450 * 7 / 12.1'):.1f}" in text


def test_a_set_figure_cites_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "page.html"
    assert main(["html", str(out), "--set", "miner=350", "--draws", "0"]) == 0
    text = out.read_text(encoding="utf-8")
    # The miner's wage is the user's 350, cited as the --set that made it, not as Markin.
    assert "--set miner=350 (command line)" in text
    # The page says how to make it again, --set included.
    assert "stakhanov html " + str(out) + " --set miner=350 --draws 0" in text
    assert capsys.readouterr().err.endswith("scenarios applied: --set miner=350 (command line)\n")
