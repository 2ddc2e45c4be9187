"""`stakhanov sensitivity`: the tornado, Sobol indices and claim flip points, checked by hand.

Every expected figure is worked out here from the sources' figures (Markin paragraph 28:
miner 400 to 500, lowest-paid 100 to 150, Kaslov 950 for half a month, the team driver 170,
the Stakhanovite miner more than 1,600), never copied from the code's output.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import copy_rates, edit_row
from stakhanov.cli.app import main
from stakhanov.data.rates import Rates, load_rates
from stakhanov.errors import StakhanovError, UsageError
from stakhanov.scenarios.commandline import apply_settings
from stakhanov.scenarios.workforce import load_workforce
from stakhanov.stats._inputs import Input, Model
from stakhanov.stats._sobol import sobol_indices
from stakhanov.stats.sensitivity import (
    DEFAULT_BASE_SAMPLES,
    claim_sensitivity,
    inequality_sensitivity,
    ratio_sensitivity,
)

ROW_KEYS = [
    "input",
    "low",
    "high",
    "swing_low",
    "swing_high",
    "swing",
    "first_order",
    "first_order_ci",
    "total",
    "total_ci",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def by_key(result: object) -> dict[str, object]:
    return {r.input.key: r for r in result.rows}  # type: ignore[attr-defined]


# ---- the tornado ---------------------------------------------------------------------------


def _closed(rates: Rates) -> Rates:
    """The lowest-paid as the closed range 100-150 (the data hold 'no more than 150' open
    below): the closed forms below are for two closed ranges."""
    return apply_settings(rates, ["wages.lowest-paid.low_open=false"])


def test_tornado_miner_over_lowest_paid_by_hand(rates: Rates) -> None:
    s = ratio_sensitivity(_closed(rates), "miner", "lowest-paid", 256)
    rows = by_key(s)
    assert s.central == pytest.approx(450 / 125)  # both wages at the middle of their ranges
    low_paid = rows["wages.lowest-paid"]
    assert (low_paid.swing_low, low_paid.swing_high) == pytest.approx((450 / 100, 450 / 150))
    assert low_paid.swing == pytest.approx(1.5)
    miner = rows["wages.miner"]
    assert (miner.swing_low, miner.swing_high) == pytest.approx((400 / 125, 500 / 125))
    assert miner.swing == pytest.approx(0.8)
    # Both periods are inferred months: read as half-months they double (×2).
    assert rows["wages.miner.period"].swing_high == pytest.approx(2 * 450 / 125)
    assert rows["wages.lowest-paid.period"].swing_high == pytest.approx(450 / (2 * 125))
    # Sorted by swing: 3.6, 1.8, 1.5, 0.8.
    assert [r.input.key for r in s.rows] == [
        "wages.miner.period",
        "wages.lowest-paid.period",
        "wages.lowest-paid",
        "wages.miner",
    ]


def test_the_cap_moves_the_open_end_only(rates: Rates) -> None:
    s = ratio_sensitivity(rates, "stakhanovite-miner", "auxiliary", 256, cap=1.5)
    rows = by_key(s)
    wage = rows["wages.stakhanovite-miner"]
    assert (wage.input.low, wage.input.high) == (1600, 2400)  # more than 1,600, capped ×1.5
    assert wage.swing_high == pytest.approx(2400 / 170)
    cap = rows["montecarlo.open_cap"]
    assert (cap.input.low, cap.input.central, cap.input.high) == (1.0, 1.5, 2.0)
    assert (cap.swing_low, cap.swing_high) == pytest.approx((1600 / 170, 3200 / 170))
    assert cap.first_order is None and wage.first_order == pytest.approx(1, abs=0.05)


def test_a_fixed_pair_has_no_range_inputs(rates: Rates) -> None:
    # The engineer's 8,600 is explicitly a month; the team driver's 170 a month by inference.
    s = ratio_sensitivity(rates, "engineer", "auxiliary", 256)
    assert [r.input.key for r in s.rows] == ["wages.auxiliary.period"]
    assert s.rows[0].swing_high == pytest.approx(8600 / 340)


# ---- Sobol indices against a closed form ----------------------------------------------------


def test_sobol_indices_match_the_closed_form_for_a_ratio_of_uniforms(rates: Rates) -> None:
    # Y = M / L, M ~ U[400, 500], L ~ U[100, 150], independent.
    a, b, c, d = 400.0, 500.0, 100.0, 150.0
    e_m, var_m = (a + b) / 2, (b - a) ** 2 / 12
    e_inv = math.log(d / c) / (d - c)  # E[1/L] = ∫ 1/l dl / (d - c)
    e_inv2 = 1 / (c * d)  # E[1/L²] = (1/c - 1/d) / (d - c)
    v_m = var_m * e_inv**2  # Var(E[Y | M]) = Var(M) E[1/L]²
    v_l = e_m**2 * (e_inv2 - e_inv**2)  # Var(E[Y | L]) = E[M]² Var(1/L)
    v = (var_m + e_m**2) * e_inv2 - e_m**2 * e_inv**2  # E[M²] E[1/L²] - E[M]² E[1/L]²
    s_m, s_l = v_m / v, v_l / v
    assert (round(s_m, 3), round(s_l, 3)) == (0.229, 0.768)  # the interaction is the rest
    rows = by_key(ratio_sensitivity(_closed(rates), "miner", "lowest-paid", 2**13))
    for key, first, total in (("wages.miner", s_m, 1 - s_l), ("wages.lowest-paid", s_l, 1 - s_m)):
        r = rows[key]
        assert r.first_order == pytest.approx(first, abs=0.02)
        assert r.total == pytest.approx(total, abs=0.02)
        lo, hi = r.first_order_ci
        assert lo < first < hi
        assert r.total_ci[0] < total < r.total_ci[1]


def test_sobol_is_seeded_and_fixed_figures_explain_nothing(rates: Rates) -> None:
    one = ratio_sensitivity(rates, "miner", "lowest-paid", 512, seed=7)
    two = ratio_sensitivity(rates, "miner", "lowest-paid", 512, seed=7)
    assert one.records() == two.records()
    three = ratio_sensitivity(rates, "miner", "lowest-paid", 512, seed=8)
    assert one.records() != three.records()
    kaslov = by_key(claim_sensitivity(rates, "kaslov-16-times", 256))
    assert kaslov["figure"].first_order == 0.0 and kaslov["figure"].total_ci == (0.0, 0.0)


def test_triangular_draws_are_accepted(rates: Rates) -> None:
    s = ratio_sensitivity(_closed(rates), "miner", "lowest-paid", 512, dist="triangular")
    assert s.dist == "triangular"
    assert by_key(s)["wages.lowest-paid"].first_order == pytest.approx(0.77, abs=0.1)


def test_triangular_sobol_draws_peak_at_the_central_value() -> None:
    # An open end peaks at its printed figure, the low end of its range: "more than 1,600"
    # capped at 1.5 times reaches 2,400. A triangle on [a, b] peaking at c has the mean
    # (a + b + c) / 3 (mirrored, the peak at b, it would be (a + b + b) / 3).
    seen: dict[str, list[float]] = {"open": [], "skewed": []}

    def evaluate(cols: Mapping[str, Any]) -> Any:
        for key, found in seen.items():
            found.extend(np.atleast_1d(cols[key]).tolist())
        return np.asarray(cols["open"]) + np.asarray(cols["skewed"])

    model = Model(
        "test",
        "ratio",
        "",
        (
            Input("open", "wage", 1600.0, 2400.0, 1600.0, "1,600 or more"),
            Input("skewed", "wage", 400.0, 500.0, 420.0, "400–500"),
        ),
        evaluate,
        1.5,
    )
    sobol_indices(model, 2**10, 3, "triangular")
    means = {key: math.fsum(found) / len(found) for key, found in seen.items()}
    assert len(seen["open"]) == 2**10 * 4  # Saltelli: N * (D + 2) rows for D = 2 inputs
    assert means["open"] == pytest.approx((1600 + 2400 + 1600) / 3, abs=5)  # 1,866.67
    assert means["skewed"] == pytest.approx((400 + 500 + 420) / 3, abs=1)  # 440


@pytest.mark.parametrize("draws", [1000, 1, 3, -4])
def test_draws_must_be_a_power_of_two(rates: Rates, draws: int) -> None:
    with pytest.raises(UsageError, match="draws"):
        ratio_sensitivity(rates, "miner", "lowest-paid", draws)


def test_no_draws_gives_the_tornado_alone(rates: Rates) -> None:
    s = ratio_sensitivity(_closed(rates), "miner", "lowest-paid", 0)
    assert all(r.first_order is None and r.total is None for r in s.rows)
    assert by_key(s)["wages.lowest-paid"].swing == pytest.approx(1.5)


def test_bad_distribution_and_cap(rates: Rates) -> None:
    with pytest.raises(UsageError, match="dist"):
        ratio_sensitivity(rates, "miner", "lowest-paid", 256, dist="normal")
    with pytest.raises(UsageError, match="cap"):
        ratio_sensitivity(rates, "miner", "lowest-paid", 256, cap=1.0)


# ---- claims: flip points --------------------------------------------------------------------


def test_kaslov_flips_at_960_a_half_month(rates: Rates) -> None:
    s = claim_sensitivity(rates, "kaslov-16-times", 256)
    rows = by_key(s)
    # 950 × 2 / 120 = 15.83: not more than 16, but within 10% of it → roughly.
    assert s.central == pytest.approx(1900 / 120) and s.verdict == "roughly"
    wage = rows["wages.skilled-worker"]
    # More than 16 × 120 = 1,920 a month, that is 960 for the half-month.
    assert wage.flip is not None
    assert wage.flip.at == pytest.approx(16 * 120 / 2)
    assert wage.flip.at * wage.input.per_month == pytest.approx(1920)
    assert (wage.flip.below, wage.flip.above) == ("roughly", "holds")
    assert wage.within_range is False  # the source gives 950 only
    figure = rows["figure"]  # the worker on 120: below 1,900 / 16 = 118.75 it holds
    assert figure.flip is not None and figure.flip.at == pytest.approx(1900 / 16)
    assert (figure.flip.below, figure.flip.above) == ("holds", "roughly")
    period = rows["wages.skilled-worker.period"]  # 950 f / 120 = 16 at f = 1,920 / 950
    assert period.flip is not None and period.flip.at == pytest.approx(1920 / 950)
    assert period.swing_low == pytest.approx(950 / 120)  # the half-month not doubled


def test_flip_within_the_sources_range(rates: Rates) -> None:
    # Engineers 80 to 100 times the lowest-paid: 8,600 / 125 = 68.8 fails (below 72 = 80 -
    # 10%). It becomes roughly when 8,600 / x reaches 72, at x = 119.44, inside 100–150.
    rows = by_key(claim_sensitivity(rates, "engineers-80-100-times", 256))
    low_paid = rows["wages.lowest-paid"]
    assert low_paid.flip is not None and low_paid.flip.at == pytest.approx(8600 / 72)
    assert (low_paid.flip.below, low_paid.flip.above) == ("roughly", "fails")
    assert low_paid.within_range is True
    assert low_paid.first_order == pytest.approx(1, abs=0.05)  # the only range


def test_the_norm_point_is_central(rates: Rates) -> None:
    # Stakhanov's 102 t over the norm: central at the default 7 t (102 / 7 = 14.57, about
    # 14 at ±10%, 12.6–15.4); it fails below 102 / 15.4 = 6.62 t, inside the 6–7 t range.
    s = claim_sensitivity(rates, "stakhanov-14-times-norm", 256)
    norm = by_key(s)["norms.coal-hewing"]
    assert norm.input.central == 7 and (norm.input.low, norm.input.high) == (6, 7)
    assert norm.flip is not None and norm.flip.at == pytest.approx(102 / 15.4)
    assert (norm.flip.below, norm.flip.above, norm.within_range) == ("fails", "holds", True)


def test_no_flip_where_no_value_changes_the_verdict(tmp_path: Path) -> None:
    # 'At least 5' times the lowest-paid: 1,600 / 125 = 12.8 holds already with the open end
    # at face value, and a larger cap only raises it: no cap at or above 1 flips it.
    root = copy_rates(tmp_path)
    edit_row(root / "claims.csv", "aristocracy-20-times", claimed_low="5")
    rows = by_key(claim_sensitivity(load_rates(root), "aristocracy-20-times", 256))
    cap = rows["montecarlo.open_cap"]
    assert (cap.flip, cap.within_range) == (None, None)
    assert cap.as_dict(claim=True)["flips_at"] is None
    wage = rows["wages.stakhanovite-miner"]  # 5 × 125 = 625, below the printed 1,600
    assert wage.flip is not None and wage.flip.at == pytest.approx(625)
    assert wage.within_range is False


def test_unknown_claim_suggests(rates: Rates) -> None:
    with pytest.raises(StakhanovError, match="kaslov-16-times"):
        claim_sensitivity(rates, "kaslov-16-time", 256)


# ---- inequality -----------------------------------------------------------------------------


def test_inequality_tornado_by_the_gini_of_two_groups(rates: Rates, tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    path.write_text('[meta]\ntitle = "two"\n[headcount]\nminer = 36\nauxiliary = 12\n')
    wf = load_workforce(path, rates)
    s = inequality_sensitivity(rates, wf, "gini", 256)

    def gini(x: float, aux: float = 170) -> float:
        # Two groups, shares p = 0.25 (170) and q = 0.75 (x): G = p q (x - 170) / mean.
        return 0.25 * 0.75 * (x - aux) / (0.25 * aux + 0.75 * x)

    miner = by_key(s)["wages.miner"]
    assert s.central == pytest.approx(gini(450))
    assert (miner.swing_low, miner.swing_high) == pytest.approx((gini(400), gini(500)))
    assert miner.first_order == pytest.approx(1, abs=0.05)
    aux = by_key(s)["wages.auxiliary.period"]
    assert aux.swing_high == pytest.approx(gini(450, 340))


def test_unknown_metric(rates: Rates, tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    path.write_text('[meta]\ntitle = "two"\n[headcount]\nminer = 36\nauxiliary = 12\n')
    with pytest.raises(StakhanovError, match=r"unknown metric 'gni'.*gini"):
        inequality_sensitivity(rates, load_workforce(path, rates), "gni", 256)


# ---- the command ----------------------------------------------------------------------------


def test_cli_ratio_json_rows_have_the_designed_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "sensitivity", "ratio", "miner", "lowest-paid", "--draws", "256", "-f", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["draws"] == 256 and data["scenarios"] == []
    assert all(list(row) == ROW_KEYS for row in data["rows"])
    low_paid = next(r for r in data["rows"] if r["input"] == "wages.lowest-paid")
    # 'No more than 150, 120 or even 100' is open below: drawn from 100 / 1.5 (the default cap
    # on open ends) to 150, so the miner's 450 swings from 450 / 150 = 3 to 450 / 66.7 = 6.75.
    assert (low_paid["low"], low_paid["high"]) == pytest.approx((100 / 1.5, 150))
    assert low_paid["swing"] == pytest.approx(450 / (100 / 1.5) - 450 / 150)


def test_cli_claim_json_adds_flips(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sensitivity", "claim", "kaslov-16-times", "-f", "json")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert all(list(row) == [*ROW_KEYS, "flips_at", "within_range"] for row in rows)
    wage = next(r for r in rows if r["input"] == "wages.skilled-worker")
    assert wage["flips_at"] == {"value": 960, "below": "roughly", "above": "holds"}
    assert wage["within_range"] is False


def test_cli_table_and_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "sensitivity", "claim", "kaslov-16-times")
    assert code == 0 and "960 (1,920 a month)" in out and "roughly → holds" in out
    code, out, _ = run(capsys, "sensitivity", "ratio", "miner", "auxiliary", "-f", "csv")
    assert code == 0 and out.splitlines()[0] == ",".join(ROW_KEYS)
    path = tmp_path / "two.toml"
    path.write_text('[meta]\ntitle = "two"\n[headcount]\nminer = 36\nauxiliary = 12\n')
    code, out, _ = run(capsys, "sensitivity", "inequality", "-w", str(path), "--metric", "mld")
    assert code == 0 and "wages.miner" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["ratio", "miner", "lowest-paid", "--draws", "1000"], "power of 2"),
        (["ratio", "miner", "nobody"], "unknown group 'nobody'"),
        (["claim", "nothing"], "unknown claim 'nothing'"),
        (["inequality"], "give one workforce file"),
    ],
)
def test_cli_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    code, out, err = run(capsys, "sensitivity", *args)
    assert code == 1 and out == ""
    assert err.startswith("stakhanov: ") and needle in err and err.count("\n") == 1


def test_cli_and_library_default_to_the_documented_4096_draws() -> None:
    # The documented default ("--draws: a power of 2, default 4,096"): 2 ** 12 base samples.
    # The CLI keeps its own copy (no numpy at start-up); both must be the documented figure.
    from stakhanov.cli import sensitivity

    assert sensitivity._DEFAULT_BASE_SAMPLES == 2**12 == 4096
    assert DEFAULT_BASE_SAMPLES == 2**12


# ---- the tornado picture --------------------------------------------------------------------


def test_plot_tornado_writes_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "tornado.png"
    code, _, _ = run(
        capsys, "plot", str(target), "--kind", "tornado", "--ratio", "miner", "lowest-paid"
    )
    assert code == 0 and target.read_bytes().startswith(b"\x89PNG")
    code, _, err = run(capsys, "plot", str(target), "--kind", "tornado", "--claim", "x")
    assert code == 1 and "exists" in err
    code, _, _ = run(
        capsys, "plot", str(target), "--kind", "tornado", "--claim", "kaslov-16-times", "--force"
    )
    assert code == 0
    workforce = tmp_path / "two.toml"
    workforce.write_text('[meta]\ntitle = "two"\n[headcount]\nminer = 36\nauxiliary = 12\n')
    args = ["-w", str(workforce), "--metric", "gini", "--force"]
    assert run(capsys, "plot", str(target), "--kind", "tornado", *args)[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--kind", "tornado"],
        ["--kind", "tornado", "--ratio", "miner", "auxiliary", "--claim", "kaslov-16-times"],
        ["--kind", "tornado", "--metric", "gini"],
        ["--ratio", "miner", "auxiliary"],
    ],
)
def test_plot_tornado_needs_one_target(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    code, _, err = run(capsys, "plot", str(tmp_path / "t.png"), *args)
    assert code == 1 and err.startswith("stakhanov: ") and "tornado" in err
    assert not (tmp_path / "t.png").exists()


# ---- the workbook ---------------------------------------------------------------------------


def test_workbook_sensitivity_sheet_holds_values(rates: Rates) -> None:
    from stakhanov.views.workbook.export import build_workbook

    ws = build_workbook(rates)["Sensitivity"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert not any(isinstance(v, str) and v.startswith("=") for row in rows for v in row)
    by = {(r[0], r[1]): r for r in rows if r[1]}
    # miner / auxiliary: 400–500 over 170, central 450 / 170; the ends 400 / 170, 500 / 170.
    row = by[("miner / auxiliary", "wages.miner")]
    assert row[3:9] == pytest.approx([400, 500, 450 / 170, 400 / 170, 500 / 170, 100 / 170])
    # Four groups, 12 ordered pairs, each listed.
    assert len({r[0] for r in rows if r[1]}) == 12
    assert any("Values, not formulas" in str(r[0]) for r in rows)


# ---- the Monte Carlo underneath: every draw made once ---------------------------------------


def test_inequality_draws_once(rates: Rates, monkeypatch: pytest.MonkeyPatch) -> None:
    """The extras (GE(2), Theil's split) read the chunks simulate draws: no second pass."""
    from stakhanov.stats import _extras
    from stakhanov.stats.workforce_metrics import inequality_report

    pit = load_workforce(Path(__file__).parents[1] / "examples" / "pit-after.toml", rates)
    once = inequality_report(rates, pit, draws=20_000)

    def second_pass(*args: object, **kwargs: object) -> object:
        raise AssertionError("the draws were made a second time")

    monkeypatch.setattr(_extras, "iter_draws", second_pass)
    again = inequality_report(rates, pit, draws=20_000)
    assert again == once
    # The same percentiles as a second pass over the same seed's draws would give.
    monkeypatch.undo()
    from stakhanov.stats.montecarlo import DEFAULT_OPEN_CAP
    from stakhanov.stats.workforce_metrics import workforce_wages

    groups = workforce_wages(rates, pit)
    (stage,) = once.stages
    labels = [[g.stakhanovite for g in groups], [g.industry for g in groups]]
    labels = [x for x in labels if len(set(x)) > 1]
    low = [g.drawn_low for g in stage.groups]
    high = [g.drawn_high for g in stage.groups]
    ge2 = _extras.extras_quantiles(
        [g.wage for g in groups],
        [g.headcount for g in groups],
        labels,
        draws=20_000,
        seed=once.seed or 0,
        dist="uniform",
        cap=DEFAULT_OPEN_CAP,
        low=low,  # type: ignore[arg-type]
        high=high,  # type: ignore[arg-type]
    )[0]
    assert stage.metric("ge_2").p50 == ge2.p50


@pytest.mark.parametrize(
    ("claim_id", "key", "central", "flip", "sides"),
    [
        # 970% of the norm is 9.7 times, about 10 (9–11): it fails below 9 × 100 = 900%.
        ("ivanchikov-ten-times", "records.ivanchikov", 9.7, 900, ("fails", "holds")),
        # (8,120 / 8,065 - 1) × 100 = 0.68%, about 0.7 (0.63–0.77): it fails once October's
        # output is below 8,065 × 1.0063.
        (
            "mine-output-0.7pct",
            "records.mine-1935-10",
            (8120 / 8065 - 1) * 100,
            8065 * 1.0063,
            ("fails", "holds"),
        ),
        # 112 to 127 crankshafts an hour, central 119.5, more than 100: at 100 or less it is
        # within 10% of the claim only.
        ("boussygin-beats-ford", "records.boussygin", 119.5, 100, ("roughly", "holds")),
    ],
)
def test_flips_of_every_kind_of_measure(
    rates: Rates,
    claim_id: str,
    key: str,
    central: float,
    flip: float,
    sides: tuple[str, str],
) -> None:
    s = claim_sensitivity(rates, claim_id, 256)
    assert s.central == pytest.approx(central)
    row = by_key(s)[key]
    assert row.flip is not None and row.flip.at == pytest.approx(flip)
    assert (row.flip.below, row.flip.above) == sides


def test_cli_claim_csv_is_flat(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sensitivity", "claim", "kaslov-16-times", "-f", "csv")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].endswith(",flips_at,verdict_below,verdict_above,within_range")
    assert any(line.startswith("wages.skilled-worker,") and "960" in line for line in lines)
    assert "{" not in out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "banned"),
    [
        (("sensitivity", "--help"), ("numpy", "SALib", "scipy")),
        (("sensitivity", "claim", "--help"), ("numpy", "SALib", "scipy")),
        (("ratio", "miner", "auxiliary", "--draws", "1000"), ("SALib", "scipy")),
    ],
)
def test_salib_loads_on_the_sensitivity_path_only(
    args: tuple[str, ...], banned: tuple[str, ...]
) -> None:
    from test_startup import _imported

    loaded = _imported(*args)
    assert "typer" in loaded  # the check really sees imports
    assert not loaded & set(banned), sorted(loaded & set(banned))


def test_the_workbook_sheet_needs_no_salib() -> None:
    # numpy comes with openpyxl anyway; SALib and SciPy must not.
    import subprocess
    import sys

    code = (
        "import sys; from stakhanov.data.rates import load_rates; "
        "from stakhanov.views.workbook.export import build_workbook; "
        "build_workbook(load_rates()); print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('SALib', 'scipy')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_scenario_moves_the_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The lowest-paid fixed at 100 (examples/lowest-paid-100.toml): no range left to swing,
    # and the miner's 400–500 now swings 400 / 100 to 500 / 100, a swing of 1.
    scenario = str(Path(__file__).parents[1] / "examples" / "lowest-paid-100.toml")
    code, out, err = run(
        capsys,
        "sensitivity",
        "ratio",
        "miner",
        "lowest-paid",
        "--scenario",
        scenario,
        "--draws",
        "256",
        "-f",
        "json",
    )
    assert code == 0 and "scenarios applied" in err
    data = json.loads(out)
    assert data["scenarios"]
    rows = {r["input"]: r for r in data["rows"]}
    assert "wages.lowest-paid" not in rows
    assert rows["wages.miner"]["swing"] == pytest.approx(1.0)
    assert rows["wages.miner"]["first_order"] == pytest.approx(1, abs=0.05)


def test_set_moves_the_inputs_too(capsys: pytest.CaptureFixture[str]) -> None:
    # --set lowest-paid=100 fixes the lowest-paid at 100: the miner swings 400/100 to 500/100.
    code, out, _ = run(
        capsys, "sensitivity", "ratio", "miner", "lowest-paid", "--set", "lowest-paid=100",
        "--draws", "0", "-f", "json",
    )  # fmt: skip
    assert code == 0
    rows = {r["input"]: r for r in json.loads(out)["rows"]}
    assert "wages.lowest-paid" not in rows
    assert (rows["wages.miner"]["swing_low"], rows["wages.miner"]["swing_high"]) == (4.0, 5.0)


@pytest.mark.parametrize(
    ("comparator", "low", "high"),
    [
        ("about", 10, None),
        ("almost", 2, None),
        ("more than", 16, None),
        ("at least", 20, None),
        ("from-to", 80, 100),
        ("equals", 227, None),
    ],
)
def test_the_quick_verdict_on_a_point_is_judge_s(
    comparator: str, low: float, high: float | None
) -> None:
    # The flip points ask thousands of verdicts on single values; the quick ones must be
    # judge's own on every value, at each band edge, a hair either side of it, and between.
    from stakhanov.calc._judge import (
        claimed_band,
        judge,
        point_verdict,
        point_verdicts,
        tolerant_band,
    )
    from stakhanov.data.interval import Interval

    tol = 0.1
    wanted, wide = (
        claimed_band(comparator, low, high, tol),
        tolerant_band(comparator, low, high, tol),
    )
    edges = [e for b in (wanted, wide) for e in (b.lo, b.hi) if math.isfinite(e)]
    values = [0.5, 1e6] + [
        e * f for e in edges for f in (1 - 1e-6, 1 - 1e-14, 1, 1 + 1e-14, 1 + 1e-6)
    ]
    values += [(a + b) / 2 for a, b in zip(sorted(edges), sorted(edges)[1:], strict=False)]
    expected = [judge(Interval.point(v), comparator, low, high, tol).verdict for v in values]
    assert [point_verdict(v, wanted, wide) for v in values] == expected
    assert point_verdicts(values, wanted, wide).tolist() == expected
    assert {"holds", "fails"} <= set(expected)  # the values do reach both sides of the claim


# ---- issue #24: tests a surviving mutant showed missing ------------------------------------


def test_an_answer_that_does_not_move_gets_exact_zeros() -> None:
    # The answer ignores its one drawn input: nothing to apportion, every index exactly 0.
    model = Model(
        "flat",
        "ratio",
        "",
        (Input("moot", "wage", 400.0, 500.0, 450.0, "400–500"),),
        lambda cols: np.zeros_like(np.asarray(cols["moot"], dtype=np.float64)) + 2.0,
        1.5,
    )
    (s1, s1_ci, st, st_ci) = sobol_indices(model, 2**6, 1, "uniform")["moot"]
    assert (s1, st) == (0.0, 0.0)
    assert tuple(s1_ci) == (0.0, 0.0) and tuple(st_ci) == (0.0, 0.0)


def test_a_claim_judged_at_the_tolerance_given(rates: Rates) -> None:
    # Kaslov, Markin ¶28: 950 * 2 / 120 = 15.83 "more than 16 times". At 10% the widened claim
    # starts at 16 * 0.9 = 14.4 (roughly); at 1% it starts at 16 * 0.99 = 15.84: fails.
    s = claim_sensitivity(rates, "kaslov-16-times", draws=2**6, tolerance=0.01)
    assert s.verdict == "fails"
    assert s.notes[1].startswith("given: fails.")
    assert claim_sensitivity(rates, "kaslov-16-times", draws=2**6).verdict == "roughly"
    # A ratio of two wages is in times: docs/sensitivity.md prints "Central answer 15.83×".
    assert s.unit == "×"


def test_an_almost_figure_is_drawn_short_of_itself(rates: Rates) -> None:
    # Borisov "almost 800 t" (Markin ¶10): at most 10% short, 800 * 0.9 = 720 to 800.
    s = claim_sensitivity(rates, "borisov-46-times-norm", draws=2**6)
    borisov = by_key(s)["records.borisov"]
    assert borisov.input.given.endswith("(720–800 at most 10% short)")  # type: ignore[attr-defined]


def test_json_keys_and_intervals_of_a_drawn_row(rates: Rates) -> None:
    s = ratio_sensitivity(rates, "miner", "lowest-paid", 2**8)
    d = s.as_dict()
    # docs/sensitivity.md: "The JSON result is {...}", the keys in that order.
    assert list(d) == [
        "what", "kind", "central", "unit", "verdict", "draws", "seed", "dist", "cap",
        "notes", "scenarios", "rows",
    ]  # fmt: skip
    assert d["what"] == "miner / lowest-paid" and d["kind"] == "ratio"
    row = next(r for r in d["rows"] if r["input"] == "wages.miner")
    # "± is the 95% interval": each drawn input's index with its interval around it.
    for key in ("first_order", "total"):
        low, high = row[f"{key}_ci"]
        assert low <= row[key] <= high
