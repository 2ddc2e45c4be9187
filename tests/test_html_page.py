"""The HTML page without a browser: the write rules of ``export``, escaping, the grid the
slider looks up (checked against hand arithmetic), and the example in ``docs/`` being
current, and the wages in rye bread beside the rubles. The page in a real browser is
``test_html.py``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, arithmetic, copy_rates
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


def _stale(example: Path) -> str | None:
    """Why ``example`` is not the page the command makes today, or None; it is never written."""
    rates = load_rates()
    workforces = [load_workforce(w, rates) for w in EXAMPLE_WORKFORCES]
    old = example.read_text(encoding="utf-8") if example.exists() else ""
    dated = re.search(r'<time datetime="([0-9-]+)">', old)
    today = dated.group(1) if dated else None
    new = page_html(rates, workforces, command=EXAMPLE_COMMAND, today=today)
    if new == old:
        return None
    return (
        f"{example} is stale: regenerate it from the repository's top with "
        f"`{EXAMPLE_COMMAND} --force`, read the diff and commit it"
    )


def test_docs_example_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/example.html is what the command makes today (apart from the date it bears).

    A stale file only fails the test; nothing is rewritten. To regenerate it, run from the
    repository's top (docs/testing.md):

        stakhanov html docs/example.html -w examples/pit-before.toml \\
            -w examples/pit-after.toml --force

    and commit the new file after reading its diff."""
    # The workforces are named by their paths as typed, relative to the checkout.
    monkeypatch.chdir(ROOT)
    problem = _stale(EXAMPLE)
    if problem:
        pytest.fail(problem)


def test_a_stale_example_fails_and_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    stale = tmp_path / "example.html"
    stale.write_text("<p>an old page</p>", encoding="utf-8")
    assert _stale(stale) == (
        f"{stale} is stale: regenerate it from the repository's top with "
        f"`{EXAMPLE_COMMAND} --force`, read the diff and commit it"
    )
    assert stale.read_text(encoding="utf-8") == "<p>an old page</p>"  # not repaired


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


# ---- the wages in a good (issue 18): rates/report.toml's export_price, rye bread ---------

# Rye bread, rates/prices.csv: 0.85 (Yvon, image 23) to 1.00 rub/kg (0.60 · 90 / 54 from
# Ammende p. 95); the central figure divides by the midpoint, (0.85 + 1.00) / 2 = 0.925.
RYE = "0.85–1.00 rub/kg, Moscow"


def _kg(low: str, central: str, high: str) -> str:
    """A range in kilograms as the page writes it: whole kilograms, low–high (central)."""
    return f"{arithmetic(low):,.0f}–{arithmetic(high):,.0f} ({arithmetic(central):,.0f})"


def _ladder_kg(text: str, group: str) -> str:
    found = re.search(rf'data-goods="{group}" title="[^"]*">([^<]*)</td>', text)
    assert found, group
    return found.group(1)


def test_the_ladder_states_each_wage_in_rye_bread(rates: Rates) -> None:
    text = page_html(rates, today="1935-11-22", draws=0)
    # Markin ¶28, the team driver's 170: 170 / 1.00 = 170 kg to 170 / 0.85 = 200 kg.
    assert _ladder_kg(text, "auxiliary") == _kg("170 / 1.00", "170 / 0.925", "170 / 0.85")
    assert _ladder_kg(text, "auxiliary") == "170–200 (184)"
    # "More than 1,600": at least 1,600 / 1.00 = 1,600 kg, and no upper limit.
    assert _ladder_kg(text, "stakhanovite-miner") == "≥ 1,600"
    # The engineer's 8,600: 8,600 kg to 8,600 / 0.85 = 10,118 kg, about ten tonnes.
    assert _ladder_kg(text, "engineer") == _kg("8600 / 1", "8600 / 0.925", "8600 / 0.85")
    # Each cell carries its arithmetic; the price says where, and that it is external.
    assert 'title="low = 170 / 1.00 = 170 kg; central = 170 / 0.925 = 183.78 kg; ' in text
    note = re.search(r'<p class="note" id="ladder-price">(.*?)</p>', text)
    assert note
    assert f'<a href="#fig-price-rye-bread">{RYE}</a>' in note.group(1)
    assert "external source, outside the four reports" in note.group(1)
    assert "the same in any single good" in note.group(1)


def test_the_price_is_a_figure_linked_to_both_its_sources(rates: Rates) -> None:
    text = page_html(rates, today="1935-11-22", draws=0)
    row = re.search(r'<tr id="fig-price-rye-bread">(.*?)</tr>', text)
    assert row
    cells = row.group(1)
    assert "0.85–1.00 rub/kg, Moscow, 1935-01 to 1937-01 (external source)" in cells
    # Both ends as printed: Yvon's 0.85, and Ammende's 54 and 90 rubles the 1.00 comes from.
    assert "<q>rye bread 0.85</q>; <q>54 roubles;90 roubles</q>" in cells
    for source, where in (("yvon-1937", "image 23"), ("ammende-1936", "p. 95")):
        assert f'<a href="#src-{source}">{source} {where}</a>' in cells
        assert f'<tr id="src-{source}">' in text  # the link lands on the source's row
        assert re.search(rf'<tr id="src-{source}"><td[^>]*><span class="id">{source}</span>'
                         r'</td><td data-label="kind">external</td>', text)  # fmt: skip


def test_the_slider_gives_each_group_s_kilograms_at_every_alpha(rates: Rates) -> None:
    import json

    text = page_html(rates, today="1935-11-22", draws=0)
    found = re.search(r'<script type="application/json" id="norm-grid">(.*?)</script>', text)
    assert found
    grid = json.loads(found.group(1))
    kg = grid["records"]["stakhanov-1935"]["kg"]
    i = grid["index"]["0.1"]
    # α = 0.1 toward 102 t: N' = 16.5 t, the miner's 400–500 (450) becomes × 7 / 16.5, and
    # each end is divided by the far end of the price: low / 1.00, high / 0.85.
    assert kg["miner"][i] == _kg(
        "400 * 7 / 16.5 / 1", "450 * 7 / 16.5 / 0.925", "500 * 7 / 16.5 / 0.85"
    )
    assert kg["miner"][0] == _kg("400 / 1", "450 / 0.925", "500 / 0.85")
    # "More than 1,600" stays open: at least 1,600 · 7 / 16.5 / 1.00 = 679 kg.
    assert kg["stakhanovite-miner"][i] == f"≥ {arithmetic('1600 * 7 / 16.5 / 1'):,.0f}"
    assert kg["auxiliary"] == "170–200 (184)"  # a time wage does not move: one text for all α
    # The printed table for α = 0.1 has the column too.
    assert '<th scope="col" class="num">kg of rye bread</th>' in text
    assert f'<td class="num">{kg["miner"][i]}</td>' in text


def test_no_price_chosen_no_kilograms(tmp_path: Path) -> None:
    root = copy_rates(tmp_path)
    report = root / "report.toml"
    kept = [line for line in report.read_text("utf-8").splitlines() if "export_price" not in line]
    report.write_text("\n".join(kept) + "\n", encoding="utf-8")
    text = page_html(load_rates(root), today="1935-11-22", draws=0)
    assert "data-goods" not in text and "fig-price-" not in text and '"kg"' not in text
    assert "<caption>Each group's earnings, rubles a month</caption>" in text


def test_a_price_set_by_a_scenario_cites_its_line(tmp_path: Path, rates: Rates) -> None:
    from stakhanov.scenarios.overlay import apply_files

    scenario = tmp_path / "dearer.toml"
    scenario.write_text(
        '[meta]\ntitle = "Dearer bread"\n\n[prices.rye-bread]\nlow = 1.0\nhigh = 1.0\n', "utf-8"
    )
    text = page_html(apply_files(rates, [scenario]), today="1935-11-22", draws=0)
    # 170 / 1.00 = 170 kg at both ends: an exact figure.
    assert _ladder_kg(text, "auxiliary") == "170"
    where = f"scenario {scenario}:4"  # line 4: [prices.rye-bread]
    assert f"(set by {where})" in text
    row = re.search(r'<tr id="fig-price-rye-bread">(.*?)</tr>', text)
    assert row and where in row.group(1) and "#src-yvon-1937" not in row.group(1)


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


def test_a_price_set_on_the_command_line_is_cited_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "page.html"
    assert main(["html", str(out), "--set", "prices.rye-bread.high=1.1", "--draws", "0"]) == 0
    text = out.read_text(encoding="utf-8")
    # 170 / 1.10 = 155 kg to 170 / 0.85 = 200 kg; central 170 / ((0.85 + 1.10) / 2) = 174.
    assert _ladder_kg(text, "auxiliary") == _kg("170 / 1.10", "170 / 0.975", "170 / 0.85")
    assert "(set by scenario --set prices.rye-bread.high=1.1 (command line))" in text
    assert "scenarios applied" in capsys.readouterr().err


def _flip_rows(text: str, claim: str) -> dict[str, list[str]]:
    """A claim's flip-point table on the page: each figure's cells, by input key."""
    table = re.search(rf'<table class="stack flips" data-flips="{claim}">(.*?)</table>', text, re.S)
    assert table, f"no flip points for {claim}"
    rows = re.findall(r'<tr data-input="([^"]+)">(.*?)</tr>', table.group(1), re.S)
    return {key: [re.sub("<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for key, row in rows}  # fmt: skip


def test_each_claim_shows_where_its_verdict_flips(rates: Rates) -> None:
    text = page_html(rates, today="1935-11-22", draws=0)
    # Kaslov (Markin ¶28): 950 a half-month against the worker on 120, "more than 16 times".
    # It holds once the month exceeds 16 × 120 = 1,920, that is 1,920 / 2 = 960 for the
    # half-month; the source prints 950 alone, so 960 lies outside its range.
    assert arithmetic("16 * 120") == 1920 and arithmetic("16 * 120 / 2") == 960
    kaslov = _flip_rows(text, "kaslov-16-times")
    assert kaslov["wages.skilled-worker"] == [
        "wages.skilled-worker", "950", "960 (1,920 a month)", "roughly → holds", "no",
    ]  # fmt: skip
    # The printed figure: 950 × 2 / 16 = 118.75; below it the ratio passes 16.
    assert kaslov["figure"][2:] == [f"{arithmetic('950 * 2 / 16'):g}", "holds → roughly", "no"]
    # Engineers "80 to 100 times" the lowest-paid (¶28: 8,600 over 100–150): within 10% is
    # 72 to 110, so the verdict turns at 8,600 / 72 = 119.44, inside the printed 100–150.
    engineers = _flip_rows(text, "engineers-80-100-times")
    assert engineers["wages.lowest-paid"][2:] == [
        f"{arithmetic('8600 / 72'):.2f}", "roughly → fails", "yes",
    ]  # fmt: skip
    # Every claim has its table, and each says what the verdict is with every figure central.
    assert text.count('<table class="stack flips"') == 16
    assert "(roughly with every figure central)" in text


def _gini(groups: list[tuple[int, float]]) -> float:
    """The Gini by its definition: the mean absolute difference over all pairs of workers,
    divided by twice the mean wage."""
    n = sum(k for k, _ in groups)
    mean = sum(k * w for k, w in groups) / n
    spread = sum(a * b * abs(x - y) for a, x in groups for b, y in groups) / n**2
    return spread / (2 * mean)


def test_each_workforce_has_the_tornado_of_its_gini(rates: Rates) -> None:
    before = load_workforce(ROOT / "examples" / "pit-before.toml", rates)
    text = page_html(rates, [before], today="1935-11-22", draws=0)
    title = re.search(r'<title id="tornado-1-title">(.*?)</title>', text, re.S)
    assert title
    # pit-before.toml: 36 miners at 400–500 (Markin ¶28), 12 auxiliaries at 170, one
    # engineer at 8,600. The miners' wage at each end of its range, the rest central:
    low = _gini([(36, 400), (12, 170), (1, 8600)])
    high = _gini([(36, 500), (12, 170), (1, 8600)])
    assert (round(low, 3), round(high, 3)) == (0.404, 0.381)  # worked out: 0.40402, 0.38145
    assert f"wages.miner (400–500, range 400–500): {low:.3g} to {high:.3g}" in title.group(1)
    assert f"central {_gini([(36, 450), (12, 170), (1, 8600)]):.3g}" in title.group(1)
    # Drawn by plot's own drawing code: its labels (input, then its range) are SVG text.
    svg = text[title.start() : text.index("</svg>", title.start())]
    assert ">wages.miner</text>" in svg and ">400–500; range 400–500</text>" in svg
    assert "Which assumption matters: gini of A pit before the switch" in svg


@pytest.mark.slow
def test_the_page_loads_no_salib(tmp_path: Path) -> None:
    # Flip points and tornadoes take one input at a time: no Sobol draws, so neither SALib
    # nor SciPy loads on the html path, yet the page has both.
    from test_startup import _imported

    out = tmp_path / "page.html"
    loaded = _imported("html", str(out), "-w", str(ROOT / "examples" / "pit-before.toml"))
    assert "jinja2" in loaded and "matplotlib" in loaded  # the check really sees imports
    assert not loaded & {"SALib", "scipy"}, sorted(loaded & {"SALib", "scipy"})
    text = out.read_text(encoding="utf-8")
    assert 'data-flips="kaslov-16-times"' in text and 'id="tornado-1-title"' in text
