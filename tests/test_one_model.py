"""One model per run: every output shows the same figures under the same assumptions.

For every scenario in examples/, and one more with a non-straight rule and a [revision],
each group's earnings after the revision and the ratios among the card's four groups are
read from each output, through the command a user types:

- ``norm`` JSON (the effects' central figures and its ``ratios``);
- the inequality report's revised stage (``inequality -w examples/pit-after.toml``);
- the page (``html``): the slider's grid as the page computes it;
- the picture (``plot --kind norms``): the curves it draws;
- the workbook (``export``), recalculated by LibreOffice after openpyxl has dropped its
  cached values; there every formula's cached value must also be what LibreOffice computes.

All must agree to 1e-9 relative. The page and the picture move along α, so a scenario
that revises by a raise (report-1939) is compared at α 0.1 toward stakhanov-1935, the
report's first example, as well as at its own raise (norm, inequality, workbook).

Two figures are also checked by hand against DOMAIN's worked numbers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import ROOT, Recalculate
from stakhanov.cli.app import main
from stakhanov.data.rates import load_rates
from stakhanov.data.settings import report_settings
from stakhanov.scenarios.overlay import is_workforce_file

EXAMPLES = ROOT / "examples"
PIT = EXAMPLES / "pit-after.toml"  # stakhanovite-miner, miner, auxiliary, engineer: the card's
CARD = tuple(str(g) for g in report_settings(load_rates())["matrix_groups"])

# The scenario the issue names: the Metro progressive rule and a revision of its own, α 0.2
# toward the per-worker record (30-35 t) with the tariff raised 5%.
METRO_REVISION = """\
[meta]
title = "Metro rule, revised toward the per-worker record"

[rule]
name = "progressive-metrostroi-1933"

[revision]
alpha = 0.2
toward = "stakhanov-per-worker"
tariff = "5%"
"""

Figures = dict[str, float]


def _scenarios(tmp: Path) -> dict[str, Path]:
    found = {p.stem: p for p in sorted(EXAMPLES.glob("*.toml")) if not is_workforce_file(p)}
    extra = tmp / "metro-revision.toml"
    extra.write_text(METRO_REVISION, encoding="utf-8")
    return {**found, "metro-revision": extra}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _revision(path: Path) -> dict[str, Any]:
    """The scenario's own [revision] as the overlay reads it, or {} without one."""
    from stakhanov.scenarios.overlay import apply_files

    return dict(apply_files(load_rates(), [path]).revision or {})


def _typed(path: Path) -> tuple[float, str]:
    """α and the record compared along α: the scenario's own, else the report's first."""
    own = _revision(path)
    if "alpha" in own:
        return float(own["alpha"]), str(own["toward"])
    return 0.1, "stakhanov-1935"


def _ratios(earnings: Figures) -> Figures:
    """The ratios among the card's groups, each pair once, in the card's order."""
    return {
        f"{a}/{b}": earnings[a] / earnings[b] for i, a in enumerate(CARD) for b in CARD[i + 1 :]
    }


def _norm(
    capsys: pytest.CaptureFixture[str], path: Path, typed: list[str]
) -> tuple[Figures, Figures]:
    data = json.loads(_run(capsys, "norm", "-f", "json", "--scenario", str(path), *typed))
    earnings = {e["group"]: e["after"]["central"] for e in data["effects"]}
    ratios = {f"{r['numerator']}/{r['denominator']}": r["after"] for r in data["ratios"]}
    return earnings, ratios


def _inequality(capsys: pytest.CaptureFixture[str], path: Path, typed: list[str]) -> Figures:
    args = ["inequality", "-w", str(PIT), "--draws", "0", "-f", "json", "--scenario", str(path)]
    data = json.loads(_run(capsys, *args, *typed))
    revised = [s for s in data["stages"] if s["revision"]]
    assert len(revised) == 1
    return {g["group"]: g["central"] for g in revised[0]["groups"]}


def _spy(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    """Record what ``owner.name`` returns, calling it as before."""
    seen: list[Any] = []
    real: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(owner, name, wrapper)
    return seen


def _page(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: Path, tmp: Path
) -> tuple[Figures, Figures, float, str]:
    """The page's slider grid at its starting α and record, as the page computed it."""
    from stakhanov.views.html import context

    grids = _spy(monkeypatch, context, "norm_grid")
    page = tmp / f"{path.stem}.html"
    _run(capsys, "html", str(page), "--draws", "0", "--scenario", str(path))
    (grid,) = grids
    alpha, toward = _typed(path)
    record = grid.record(toward)
    i = grid.alphas.index(alpha)
    earnings = {line.group: line.after[i] for line in record.lines}
    ratios = {f"{r.numerator}/{r.denominator}": r.after[i] for r in record.ratios}
    return earnings, ratios, alpha, toward


def _plot(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: Path, tmp: Path
) -> Figures:
    """The curves ``plot --kind norms`` draws, at the compared α."""
    from stakhanov.views.pictures import plots

    drawn = _spy(monkeypatch, plots, "norms_data")
    alpha, toward = _typed(path)
    picture = tmp / f"{path.stem}.png"
    grid = f"0:{alpha:g}:{alpha:g}"
    _run(capsys, "plot", str(picture), "--kind", "norms", "--alpha", grid, "--toward", toward,
         "--scenario", str(path))  # fmt: skip
    (data,) = drawn
    i = data.alphas.index(alpha)
    return {line.group: line.central[i] for line in data.lines}


def _agree(label: str, outputs: dict[str, Figures]) -> None:
    """Every output's figures equal the first's, key by key, to 1e-9 relative."""
    (first, want), *others = outputs.items()
    for name, got in others:
        keys = set(got) & set(want)
        assert keys, f"{label}: {name} shares no figure with {first}"
        wrong = {
            k: (got[k], want[k])
            for k in sorted(keys)
            if not math.isclose(got[k], want[k], rel_tol=1e-9)
        }
        assert not wrong, f"{label}: {name} disagrees with {first}: {wrong}"


def _card(earnings: Figures) -> Figures:
    return {g: earnings[g] for g in CARD}


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _scenarios(tmp_path_factory.mktemp("scenarios"))


def _names() -> Iterator[str]:
    yield from (p.stem for p in sorted(EXAMPLES.glob("*.toml")) if not is_workforce_file(p))
    yield "metro-revision"


@pytest.mark.parametrize("name", list(_names()))
def test_every_output_agrees_along_alpha(
    name: str,
    scenarios: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """norm, inequality, page and picture at the page's starting revision."""
    path = scenarios[name]
    page, page_ratios, alpha, toward = _page(capsys, monkeypatch, path, tmp_path)
    typed = ["--alpha", f"{alpha:g}", "--toward", toward]
    norm, norm_ratios = _norm(capsys, path, typed)
    earnings = {
        "norm": _card(norm),
        "inequality": _inequality(capsys, path, typed),
        "page": _card(page),
        "plot": _card(_plot(capsys, monkeypatch, path, tmp_path)),
    }
    _agree(f"{name}: earnings", earnings)
    ratios = {"norm": norm_ratios, "page": page_ratios}
    ratios |= {k: _ratios(v) for k, v in earnings.items() if k not in ("norm", "page")}
    _agree(f"{name}: ratios", ratios)
    assert set(norm_ratios) == set(_ratios(_card(norm)))  # the card's pairs, each once


def test_the_inequality_revised_stage_pays_by_the_metro_rule(
    scenarios: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: group by group, the revised stage is `norm` under the Metro rule."""
    path = scenarios["metro-progressive"]
    typed = ["--alpha", "0.1", "--toward", "stakhanov-1935"]
    norm, _ = _norm(capsys, path, typed)
    stage = _inequality(capsys, path, typed)
    assert set(stage) == set(CARD)
    for group, value in stage.items():
        assert math.isclose(value, norm[group], rel_tol=1e-9), group
    # By hand (DOMAIN: N = 7 t, W0 = 450, the record 102 t; the Metro schedule pays
    # +25% on 100-110% of the norm, +50% on 110-125%, +100% above). The Stakhanovite's
    # 1,600 is y = 32/9 tariffs: above 1.35 (= 1 + 1.25 * 0.1 + 1.5 * 0.15) it lies in the
    # top band, slope 2, so x = 1.25 + (32/9 - 1.35) / 2 = 847/360 and q = 7 * 847/360 t.
    # At N' = 16.5 that is 5929/5940 of the norm, below it: paid straight,
    # 450 * 5929/5940 = 449.1666... (a straight rate would pay 1600 * 7/16.5 = 678.79).
    assert stage["stakhanovite-miner"] == pytest.approx(450 * 5929 / 5940, rel=1e-12)
    # The miner's 450 is the norm exactly (x = 1): 450 * 7 / 16.5 = 190.909...
    assert stage["miner"] == pytest.approx(450 * 7 / 16.5, rel=1e-12)


def test_a_revised_straight_rate_figure_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """DOMAIN's worked numbers: α 0.1 toward 102 t gives N' = 7 + 0.1 (102 - 7) = 16.5 t,
    and the miner's 450 becomes 450 * 7 / 16.5 = 190.909..., the card's pair with it."""
    data = json.loads(_run(capsys, "norm", "-f", "json", "--alpha", "0.1", "--toward",
                           "stakhanov-1935"))  # fmt: skip
    assert data["new"]["central"] == pytest.approx(16.5, rel=1e-12)
    after = {e["group"]: e["after"]["central"] for e in data["effects"]}
    assert after["miner"] == pytest.approx(190.909090909, rel=1e-9)
    assert after["stakhanovite-miner"] == pytest.approx(1600 * 7 / 16.5, rel=1e-12)
    assert after["auxiliary"] == 170  # a time wage: not paid by the norm


def test_a_scenarios_own_revision_with_its_tariff_by_hand(
    scenarios: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The Metro scenario's revision: N' = 7 + 0.2 (32.5 - 7) = 12.1 t (the per-worker
    record 30-35 t, central 32.5), W0' = 450 * 1.05. The miner holds 7 t (x = 1), which is
    7 / 12.1 of the new norm, below it: 450 * 1.05 * 7 / 12.1 = 273.347..."""
    norm, _ = _norm(capsys, scenarios["metro-revision"], [])
    assert norm["miner"] == pytest.approx(450 * 1.05 * 7 / 12.1, rel=1e-12)
    stage = _inequality(capsys, scenarios["metro-revision"], [])  # the scenario's revision
    assert stage["miner"] == pytest.approx(450 * 1.05 * 7 / 12.1, rel=1e-12)


# ---- the workbook, recalculated by LibreOffice --------------------------------------------


def _workbook_figures(values: openpyxl.Workbook) -> Figures:
    ws = values["Norms"]
    header = [c.value for c in ws[1]]
    group, after = header.index("group") + 1, header.index("after_central") + 1
    out = {}
    for row in range(2, ws.max_row + 1):
        gid = ws.cell(row, group).value
        if gid is None:
            break
        out[str(gid)] = float(ws.cell(row, after).value)
    return out


@pytest.fixture(scope="module")
def recalculated(
    scenarios: dict[str, Path], tmp_path_factory: pytest.TempPathFactory, libreoffice: Recalculate
) -> dict[str, tuple[Path, Path]]:
    """Scenario → (the workbook as exported, the same recalculated by LibreOffice from a
    copy openpyxl saved, which holds no cached values)."""
    folder = tmp_path_factory.mktemp("one-model-books")
    written, stripped = {}, []
    for name, path in scenarios.items():
        book = folder / f"{name}.xlsx"
        assert main(["export", str(book), "--scenario", str(path)]) == 0
        plain = folder / "plain" / f"{name}.xlsx"
        plain.parent.mkdir(exist_ok=True)
        openpyxl.load_workbook(book).save(plain)  # openpyxl drops the cached values
        written[name] = book
        stripped.append(plain)
    done = libreoffice(stripped, folder / "out")
    return {name: (written[name], out) for name, out in zip(written, done, strict=True)}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(_names()))
def test_the_workbook_agrees_with_norm_after_libreoffice(
    name: str,
    scenarios: dict[str, Path],
    recalculated: dict[str, tuple[Path, Path]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Its revised earnings are `norm`'s at the workbook's own revision (the scenario's,
    else the report's first example), and every formula's cached value is LibreOffice's."""
    capsys.readouterr()
    path = scenarios[name]
    written, done = recalculated[name]
    values = openpyxl.load_workbook(done, data_only=True)
    own = _revision(path)
    typed = [] if own else ["--alpha", "0.1", "--toward", "stakhanov-1935"]
    norm, norm_ratios = _norm(capsys, path, typed)
    book = _workbook_figures(values)
    _agree(f"{name}: workbook earnings", {"norm": norm, "workbook": book})
    _agree(f"{name}: workbook ratios", {"norm": norm_ratios, "workbook": _ratios(book)})
    formulas = openpyxl.load_workbook(written)
    cached = openpyxl.load_workbook(written, data_only=True)
    cells = [
        (ws.title, c.coordinate) for ws in formulas for row in ws.iter_rows() for c in row
        if c.data_type == "f"
    ]  # fmt: skip
    assert len(cells) > 500
    wrong = []
    for sheet, cell in cells:
        a, b = cached[sheet][cell].value, values[sheet][cell].value
        if isinstance(a, bool | str) or isinstance(b, bool | str) or a is None or b is None:
            same = a == b
        else:
            same = math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
        if not same:
            wrong.append((sheet, cell, a, b))
    assert not wrong, wrong[:10]
