"""Pictures: the data behind each plot against the library, valid PNGs, safe writing."""

from __future__ import annotations

import itertools
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from matplotlib.text import Text

from conftest import ROOT
from stakhanov.calc.norms import revise, revise_norm
from stakhanov.calc.sweep import sweep
from stakhanov.data.periods import monthly
from stakhanov.data.rates import Rates
from stakhanov.errors import OutputError
from stakhanov.scenarios.workforce import Workforce, load_workforce
from stakhanov.stats.inequality import gini, lorenz
from stakhanov.stats.montecarlo import DEFAULT_OPEN_CAP
from stakhanov.views.pictures.data import drawing_grid, ladder_data, lorenz_data, norms_data
from stakhanov.views.pictures.drawing import draw_lorenz, figure
from stakhanov.views.pictures.plots import save_ladder, save_lorenz, save_norms

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EXAMPLES = ROOT / "examples"


def _assert_png(path: Path) -> None:
    import matplotlib.image

    assert path.read_bytes()[:8] == PNG_MAGIC
    pixels = matplotlib.image.imread(path)
    assert pixels.ndim == 3 and pixels.shape[0] > 300 and pixels.shape[1] > 300


# ---- the data behind each picture ------------------------------------------------------------


def test_ladder_data_is_the_monthly_ladder(rates: Rates) -> None:
    data = ladder_data(rates)
    assert data.cap == DEFAULT_OPEN_CAP
    assert [p.central for p in data.points] == sorted(
        (p.central for p in data.points), reverse=True
    )
    by_id = {p.group: p for p in data.points}
    for gid, g in rates.wages.items():
        m = monthly(g)
        if m.period != "month":
            assert gid not in by_id
            continue
        p = by_id[gid]
        assert (p.low, p.central, p.high) == (m.wage.low, m.wage.mid, m.wage.high)
        assert (p.low_open, p.high_open, p.stakhanovite) == (
            m.wage.low_open,
            m.wage.high_open,
            g.stakhanovite,
        )
    assert by_id["skilled-worker"].central == 950 * 2  # a half-month doubled
    assert by_id["stakhanovite-miner"].as_given == "1,600 or more"
    assert {p.source for p in data.points} == {"markin-1936 ¶28"}
    assert by_id["textile"].low_open and not by_id["textile"].high_open
    assert data.left_out == ("record-driller-day (a day's pay: give working days to convert)",)


def test_ladder_data_takes_the_day_figure_with_working_days(rates: Rates) -> None:
    data = ladder_data(replace(rates, working_days_per_month=20))
    assert data.left_out == ()
    assert {p.group: p.central for p in data.points}["record-driller-day"] == 320 * 20


def test_norms_data_reads_as_the_hand_arithmetic_and_the_sweep(rates: Rates) -> None:
    alphas = [0.0, 0.1, 0.5, 1.0]
    data = norms_data(rates, alphas, "stakhanov-1935")
    result = sweep(rates, alphas, "stakhanov-1935")
    assert (data.alphas, data.norm, data.record, data.rule) == (
        tuple(alphas),
        "coal-hewing",
        "stakhanov-1935",
        "straight",
    )
    assert (data.norm_value, data.record_value) == (7, 102)
    lines = {line.group: line for line in data.lines}
    assert "record-driller-day" not in lines and data.left_out == (
        "record-driller-day (a day's pay)",
    )
    # By hand: N' = 7 + α (102 - 7); a straight piece rate pays E · 7 / N' (Markin ¶28 wages).
    for k, alpha in enumerate(alphas):
        factor = 7 / (7 + alpha * (102 - 7))
        assert lines["miner"].central[k] == pytest.approx(450 * factor, rel=1e-12)
        assert lines["stakhanovite-miner"].central[k] == pytest.approx(1600 * factor, rel=1e-12)
        assert lines["auxiliary"].central[k] == 170  # a time wage: not paid by the norm
    # Consistency: the plotted lines are the sweep's, group for group.
    for gi, gid in enumerate(result.groups):
        if gid in lines:
            assert lines[gid].central == tuple(result.central[0, :, gi])
            assert lines[gid].paid_by_norm == result.paid_by_norm[gi]
    # DOMAIN's worked example: at α = 0.1 the miner falls from 450 to 450 * 7 / 16.5.
    assert lines["miner"].central[1] == pytest.approx(450 * 7 / 16.5)
    assert lines["miner"].low is not None and lines["miner"].low[1] == pytest.approx(400 * 7 / 16.5)
    assert lines["stakhanovite-miner"].high is None  # open above: no upper curve
    assert lines["engineer"].central == (8600.0,) * 4 and not lines["engineer"].paid_by_norm


def test_lorenz_data_is_the_library_lorenz(rates: Rates) -> None:
    before = load_workforce(EXAMPLES / "pit-before.toml", rates)
    after = load_workforce(EXAMPLES / "pit-after.toml", rates)
    curves = lorenz_data(rates, [before, after])
    assert [c.label for c in curves] == [
        str(EXAMPLES / "pit-before.toml"),
        str(EXAMPLES / "pit-after.toml"),
    ]
    x, y = lorenz([450, 170, 8600], [36, 12, 1])
    assert curves[0].population == tuple(x) and curves[0].wages == tuple(y)
    # Corners by hand: 12 auxiliaries (12/49 of workers) earn 2,040 of 26,840.
    assert curves[0].population[1] == pytest.approx(12 / 49)
    assert curves[0].wages[1] == pytest.approx(12 * 170 / 26_840)
    assert curves[0].gini == pytest.approx(515_520 / (49 * 26_840))
    assert curves[1].gini == pytest.approx(gini([1600, 450, 170, 8600], [6, 18, 24, 1]))


def test_lorenz_data_after_a_revision(rates: Rates) -> None:
    pit = Workforce("two groups", {"miner": 3, "engineer": 1})
    revision = revise_norm(rates, alpha=0.1, toward="stakhanov-1935")
    curves = lorenz_data(rates, [pit], revision)
    assert [c.label for c in curves] == ["two groups", "two groups, revised"]
    assert curves[1].revision == revision.method and curves[0].revision is None
    miner = next(
        e for e in revise(rates, alpha=0.1, toward="stakhanov-1935").effects if e.group == "miner"
    )
    # Revised miners' bill share: 3 * 190.9 / (3 * 190.9 + 8,600).
    bill = 3 * miner.after.central
    assert curves[1].wages[1] == pytest.approx(bill / (bill + 8600))


def test_norms_curves_are_drawn_fine_enough_not_to_kink(rates: Rates) -> None:
    """Between any two α the picture joins by a straight line, the miner's true earnings,
    450 × 7 / (7 + 95 α) (400-500 a month on the 7 t norm, toward Stakhanov's 102 t), stay
    within 0.1% of that line: no visible corner. At the old 0.05 step the line missed by
    11% near α = 0."""
    grid = drawing_grid([0.0, 0.05, 1.0])
    assert {0.0, 0.05, 1.0} <= set(grid) and grid == tuple(sorted(grid))
    data = norms_data(rates, grid, "stakhanov-1935")
    miner = next(line for line in data.lines if line.group == "miner").central
    points = list(zip(data.alphas, miner, strict=True))
    for (a0, e0), (a1, e1) in itertools.pairwise(points):
        middle = (a0 + a1) / 2
        exact = 450 * 7 / (7 + 95 * middle)
        assert abs((e0 + e1) / 2 / exact - 1) < 1e-3, middle
    assert drawing_grid([0.3]) == (0.3,)  # one α: nothing to draw between


def test_lorenz_corners_name_their_groups(rates: Rates) -> None:
    before = load_workforce(EXAMPLES / "pit-before.toml", rates)
    revision = revise_norm(rates, alpha=0.5, toward="stakhanov-1935")
    given, revised = lorenz_data(rates, [before], revision)
    # 12 auxiliaries at 170, 36 miners at 400-500 (450), 1 engineer at 8,600: poorest first.
    assert given.groups == ("auxiliary", "miner", "engineer")
    # At α = 0.5 the norm goes 7 → 54.5 t and the miners' 450 to 450 × 7 / 54.5 = 57.8,
    # below the auxiliaries' 170: they become the poorest.
    assert revised.groups == ("miner", "auxiliary", "engineer")
    # Each stretch's slope is its group's wage over the mean: 170 : 450 : 8,600 as given.
    x, y = given.population, given.wages
    slopes = [(y[i + 1] - y[i]) / (x[i + 1] - x[i]) for i in range(3)]
    assert slopes[1] / slopes[0] == pytest.approx(450 / 170)
    assert slopes[2] / slopes[0] == pytest.approx(8600 / 170)


def test_lorenz_picture_labels_corners_and_keeps_ticks_off_the_frame(rates: Rates) -> None:
    pits = [load_workforce(EXAMPLES / f"pit-{n}.toml", rates) for n in ("before", "after")]
    curves = lorenz_data(rates, pits, revise_norm(rates, alpha=0.5, toward="stakhanov-1935"))
    fig, ax = figure(6.5, 7, 0.06)
    draw_lorenz(curves, fig, ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[1] == "A pit before the switch (36 hewers): Gini 0.392"
    assert not any("))" in text or ") (" in text for text in legend)
    # One label per corner, those the curves share (the engineer at 100%) once.
    labels = sorted(t.get_text() for t in ax.texts)
    corners = {
        (x, y, g)
        for c in curves
        for x, y, g in zip(c.population[1:], c.wages[1:], c.groups, strict=True)
    }
    assert labels == sorted(g for _, _, g in corners) and labels.count("engineer") == 1
    # No two labels overlap (the text itself, without a label's line to its corner).
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [Text.get_window_extent(t, renderer) for t in ax.texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    # The 0% and 100% ticks stand inside the frame, not on it.
    for low, high, ticks in ((*ax.get_xlim(), ax.get_xticks()), (*ax.get_ylim(), ax.get_yticks())):
        shown = [t for t in ticks if low <= t <= high]
        assert (shown[0], shown[-1]) == pytest.approx((0, 1)) and low < 0 and high > 1


def test_lorenz_needs_a_workforce(rates: Rates) -> None:
    with pytest.raises(OutputError) as caught:
        lorenz_data(rates, [])
    assert str(caught.value) == "a Lorenz curve needs a workforce (--workforce FILE)"


# ---- the files -------------------------------------------------------------------------------


def test_every_kind_writes_a_valid_png(rates: Rates, tmp_path: Path) -> None:
    pit = load_workforce(EXAMPLES / "pit-after.toml", rates)
    save_ladder(tmp_path / "ladder.png", rates)
    save_norms(tmp_path / "norms.png", rates, [0.0, 0.5, 1.0], "stakhanov-per-worker")
    curves = save_lorenz(
        tmp_path / "lorenz.png", rates, [pit], revise_norm(rates, alpha=0.1, toward="gobatiuk")
    )
    assert len(curves) == 2
    umask = os.umask(0)
    os.umask(umask)
    for name in ("ladder.png", "norms.png", "lorenz.png"):
        _assert_png(tmp_path / name)
        # The usual permissions for a new file, not the temporary file's private 0600.
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ladder.png", "lorenz.png", "norms.png"]


def test_an_existing_file_is_refused_without_force(rates: Rates, tmp_path: Path) -> None:
    path = tmp_path / "ladder.png"
    path.write_bytes(b"mine")
    with pytest.raises(OutputError) as caught:
        save_ladder(path, rates)
    assert str(caught.value) == f"{path}: already exists (use --force to replace it)"
    assert path.read_bytes() == b"mine"
    save_ladder(path, rates, force=True)
    _assert_png(path)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/ladder.png", "{path}: folder does not exist"),
        ("folder.png", "{path}: is a directory"),
        ("ladder.jpg", "{path}: a plot is a PNG file: give a name ending in .png"),
    ],
)
def test_bad_output_paths_are_one_line(
    rates: Rates, tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "folder.png").mkdir()
    path = tmp_path / name
    with pytest.raises(OutputError) as caught:
        save_ladder(path, rates, force=True)
    assert str(caught.value) == message.format(path=path)


def test_unwritable_folder_message(
    rates: Rates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root every folder is writable, so the check itself is exercised with os.access.
    monkeypatch.setattr(os, "access", lambda *_args: False)
    with pytest.raises(OutputError) as caught:
        save_ladder(tmp_path / "ladder.png", rates)
    assert str(caught.value) == f"{tmp_path / 'ladder.png'}: folder is not writable"
    assert list(tmp_path.iterdir()) == []


def test_the_readme_and_the_manual_show_the_picture() -> None:
    _assert_png(ROOT / "docs" / "ladder.png")
    assert "](docs/ladder.png)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](ladder.png)" in (ROOT / "docs" / "inequality.md").read_text(encoding="utf-8")
