"""Workforce files and their inequality: hand arithmetic, exact messages, uncertainty."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from conftest import ROOT
from stakhanov.calc.norms import revise_norm
from stakhanov.data.interval import Interval
from stakhanov.data.rates import Rates
from stakhanov.errors import UnknownIdError, UsageError
from stakhanov.scenarios.workforce import Workforce, load_workforce
from stakhanov.stats._extras import extras_batch, extras_quantiles
from stakhanov.stats.inequality import ge, metrics_batch, theil_decomposition
from stakhanov.stats.montecarlo import DEFAULT_OPEN_CAP, iter_draws
from stakhanov.stats.workforce_metrics import (
    METRIC_LABELS,
    inequality_report,
    revised_wages,
    workforce_wages,
)

EXAMPLES = ROOT / "examples"
MINER, AUX, ENGINEER, STAKH = 450.0, 170.0, 8600.0, 1600.0  # central monthly wages
NEW_NORM = 7 + 0.1 * (102 - 7)  # α = 0.1 toward 102 t: 16.5 t


def _gini(report_stage: object) -> float:
    return report_stage.metric("gini").central  # type: ignore[attr-defined, no-any-return]


# ---- hand arithmetic ------------------------------------------------------------------------


def test_two_group_gini_by_hand(rates: Rates) -> None:
    # 3 miners at 450 and 1 auxiliary at 170: 3 unordered pairs differ by 280. With N workers
    # and wage bill B, G = sum over unordered pairs |xi - xj| / (N * B) = 840 / (4 * 1520).
    pit = Workforce("two groups", {"miner": 3, "auxiliary": 1})
    stage = inequality_report(rates, pit, draws=0).stages[0]
    assert _gini(stage) == pytest.approx(3 * 280 / (4 * (3 * 450 + 170)), rel=1e-14)
    # P90/P10: the poorest 10% of 4 workers is the auxiliary, the richest a miner.
    assert stage.metric("p90_p10").central == pytest.approx(450 / 170)
    # Theil T by hand: mean 380, shares 3/4 and 1/4.
    mean = (3 * 450 + 170) / 4
    theil = 0.75 * (450 / mean) * math.log(450 / mean) + 0.25 * (170 / mean) * math.log(170 / mean)
    assert stage.metric("theil_t").central == pytest.approx(theil, rel=1e-13)


def test_pit_before_by_hand(rates: Rates) -> None:
    pit = load_workforce(EXAMPLES / "pit-before.toml", rates)
    assert dict(pit.headcount) == {"miner": 36, "auxiliary": 12, "engineer": 1}
    stage = inequality_report(rates, pit, draws=0).stages[0]
    # Unordered pairs: miner-auxiliary 36*12*280, miner-engineer 36*1*8150, auxiliary-engineer
    # 12*1*8430 = 515,520; N = 49 workers, wage bill 36*450 + 12*170 + 8,600 = 26,840.
    assert _gini(stage) == pytest.approx(515_520 / (49 * 26_840), rel=1e-14)
    # The top 10% is 4.9 workers: the engineer and 3.9 miners (the Lorenz curve is straight
    # inside a group): (8,600 + 3.9 * 450) / 26,840.
    top10 = (8_600 + 3.9 * 450) / 26_840
    assert stage.metric("top10_share").central == pytest.approx(top10, rel=1e-12)
    # No Stakhanovites and one industry: nothing lies between subgroups.
    assert stage.metric("theil_between_stakhanovite").central == 0.0
    assert stage.metric("theil_within_industry").central == stage.metric("theil_t").central


def test_pit_after_by_hand(rates: Rates) -> None:
    before = load_workforce(EXAMPLES / "pit-before.toml", rates)
    pit = load_workforce(EXAMPLES / "pit-after.toml", rates)
    # Markin ¶35: hewers 36 -> 24, the other 12 moved to worse-paid auxiliary work.
    hewers = pit.headcount["miner"] + pit.headcount["stakhanovite-miner"]
    assert (before.headcount["miner"], hewers) == (36, 24)
    assert pit.headcount["auxiliary"] == before.headcount["auxiliary"] + 12
    assert pit.total == before.total == 49
    stage = inequality_report(rates, pit, draws=0).stages[0]
    # Between Stakhanovites (6 at 1,600) and the rest (18 * 450 + 24 * 170 + 8,600 = 20,780
    # over 43): sum of F_g * R_g * ln R_g with R_g a subgroup's mean over 30,380 / 49 = 620.
    rest = 20_780 / 43
    between = (6 / 49) * (1600 / 620) * math.log(1600 / 620) + (43 / 49) * (rest / 620) * math.log(
        rest / 620
    )
    assert stage.metric("theil_between_stakhanovite").central == pytest.approx(between, rel=1e-13)
    t = stage.metric("theil_t").central
    within = stage.metric("theil_within_stakhanovite").central
    assert within == pytest.approx(t - between, rel=1e-13)
    # The switch made the pit more unequal: Gini 0.392 -> 0.566.
    assert _gini(stage) > _gini(inequality_report(rates, before, draws=0).stages[0]) + 0.15


def test_revision_by_hand(rates: Rates) -> None:
    # α = 0.1 toward 102 t: the norm goes 7 -> 16.5 t, a miner earns 450 * 7 / 16.5; the
    # auxiliary's time wage does not move. Gini = 3 * (190.9 - 170) / (4 * bill).
    revision = revise_norm(rates, alpha=0.1, toward="stakhanov-1935")
    pit = Workforce("two groups", {"miner": 3, "auxiliary": 1})
    report = inequality_report(rates, pit, draws=0, revision=revision)
    before, after = report.stages
    assert (before.revision, after.revision) == (None, revision.method)
    assert after.label == "two groups, revised"
    miner = 450 * 7 / NEW_NORM
    assert _gini(after) == pytest.approx(3 * (miner - 170) / (4 * (3 * miner + 170)), rel=1e-12)
    assert _gini(before) == pytest.approx(3 * 280 / (4 * 1520), rel=1e-14)


def test_revised_wages_keep_open_ends_and_ranges(rates: Rates) -> None:
    after = revised_wages(rates, revise_norm(rates, alpha=0.1, toward="stakhanov-1935"))
    stakh = after["stakhanovite-miner"]
    assert (stakh.low, stakh.high_open) == (pytest.approx(1600 * 7 / NEW_NORM), True)
    assert after["engineer"] == Interval(8600, 8600, central=8600)
    # Toward the per-worker record (30-35 t) the new norm is a range, so a fixed wage
    # becomes a range: low end at the highest norm.
    ranged = revised_wages(rates, revise_norm(rates, alpha=0.1, toward="stakhanov-per-worker"))
    aux_st = ranged["stakhanovite-miner"]
    assert aux_st.low == pytest.approx(1600 * 7 / (7 + 0.1 * 28))
    assert aux_st.high == pytest.approx(1600 * 7 / (7 + 0.1 * 23))


def test_day_figure_needs_working_days(rates: Rates) -> None:
    pit = Workforce("drillers", {"record-driller-day": 2, "miner": 1})
    with pytest.raises(UsageError) as caught:
        inequality_report(rates, pit, draws=0)
    assert str(caught.value) == (
        "group 'record-driller-day' is paid by the day, not the month: give working days "
        "per month (working_days_per_month in a scenario) to count it"
    )
    with_days = replace(rates, working_days_per_month=22)
    groups = workforce_wages(with_days, pit)
    assert groups[-1].wage == Interval.point(320 * 22)
    assert groups[-1].basis == "day ×22 working days → month"


def test_statistic_is_flagged(rates: Rates) -> None:
    stage = inequality_report(rates, Workforce("x", {"average-worker": 5, "engineer": 1}), draws=0)
    assert stage.stages[0].notes == (
        "average-worker is a statistic, not anyone's pay: counted as if earned",
    )


@pytest.mark.parametrize(
    ("headcount", "error", "message"),
    [
        ({"minr": 3}, UnknownIdError, "unknown group 'minr' (did you mean 'miner'?)"),
        ({"miner": -1}, UsageError, "headcount of 'miner' must be >= 0, got -1"),
        ({"miner": 2.5}, UsageError, "headcount of 'miner' must be a whole number, got 2.5"),
        ({"miner": True}, UsageError, "headcount of 'miner' must be a whole number, got True"),
        ({"miner": 0}, UsageError, "empty workforce: no group has any workers"),
    ],
)
def test_workforce_in_python_is_checked(
    rates: Rates, headcount: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        inequality_report(rates, Workforce("x", headcount), draws=0)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_draws_must_be_a_whole_number(rates: Rates) -> None:
    pit = Workforce("x", {"miner": 1})
    for bad in (-1, 2.5, True):
        with pytest.raises(UsageError) as caught:
            inequality_report(rates, pit, draws=bad)  # type: ignore[arg-type]
        assert str(caught.value) == (
            f"draws must be a whole number >= 0 (0: central figures only), got {bad!r}"
        )


# ---- uncertainty ----------------------------------------------------------------------------


def test_fixed_wages_have_no_spread(rates: Rates) -> None:
    pit = Workforce("fixed", {"auxiliary": 10, "engineer": 1, "stakhanovite-auxiliary": 4})
    report = inequality_report(rates, pit, draws=1_000)
    for row in report.stages[0].metrics:
        assert row.p05 == row.p50 == row.p95 == pytest.approx(row.central, rel=1e-12), row.metric


def test_report_states_its_assumptions_and_repeats(rates: Rates) -> None:
    pit = load_workforce(EXAMPLES / "pit-after.toml", rates)
    a = inequality_report(rates, pit, draws=20_000, seed=7)
    assert (a.draws, a.seed, a.dist, a.cap) == (20_000, 7, "uniform", DEFAULT_OPEN_CAP)
    assert a == inequality_report(rates, pit, draws=20_000, seed=7)
    fresh = inequality_report(rates, pit, draws=5_000, seed=None)
    assert fresh.seed is not None
    assert fresh == inequality_report(rates, pit, draws=5_000, seed=fresh.seed)
    stakh = a.stages[0].groups[0]
    assert (stakh.group, stakh.drawn_low, stakh.drawn_high) == ("stakhanovite-miner", 1600, 2400)
    wider = inequality_report(rates, pit, draws=5_000, cap=3.0, dist="triangular")
    assert (wider.cap, wider.dist, wider.stages[0].groups[0].drawn_high) == (
        3.0,
        "triangular",
        4800,
    )


def test_percentiles_match_a_stored_run(rates: Rates) -> None:
    # The metrics simulate streams and the second pass's extras, against np.percentile of the
    # same draws computed one by one with the library's scalar functions.
    pit = load_workforce(EXAMPLES / "pit-after.toml", rates)
    report = inequality_report(rates, pit, draws=20_000, seed=3)
    groups = report.stages[0].groups
    w = np.array([g.headcount for g in groups], dtype=float)
    x = np.concatenate(list(iter_draws([g.wage for g in groups], 20_000, 3)))
    per_draw = metrics_batch(x, w)
    labels = [g.stakhanovite for g in groups]
    split = np.array([theil_decomposition(row, w, labels) for row in x])
    exact = {
        "gini": per_draw["gini"],
        "palma": per_draw["palma"],
        "ge_2": np.array([ge(row, w, 2) for row in x]),
        "theil_between_stakhanovite": split[:, 0],
        "theil_within_stakhanovite": split[:, 1],
    }
    for name, values in exact.items():
        row = report.stages[0].metric(name)
        want = np.percentile(values, [5, 50, 95])
        assert (row.p05, row.p50, row.p95) == pytest.approx(tuple(want), rel=1e-3), name


def test_extras_batch_agrees_with_the_scalar_functions() -> None:
    x = np.random.default_rng(1).uniform(100, 2000, size=(50, 4))
    w = np.array([3.0, 5.0, 1.0, 2.0])
    labels = [[True, False, False, True], ["a", "b", "a", "c"]]
    got = extras_batch(x, w, labels)
    for i, row in enumerate(x):
        want = [ge(row, w, 2), *theil_decomposition(row, w, labels[0])]
        want += list(theil_decomposition(row, w, labels[1]))
        assert got[:, i] == pytest.approx(want, rel=1e-12, abs=1e-15)
    equal = extras_batch(np.full((2, 3), 170.0), np.ones(3), [[1, 2, 3]])
    assert np.all(equal == 0.0)  # one wage for all: exactly no inequality


def test_extras_skip_the_draws_when_nothing_varies() -> None:
    ticks: list[int] = []
    qs = extras_quantiles(
        [Interval.point(100), Interval.point(300)],
        [1, 1],
        [],
        draws=10,
        seed=1,
        dist="uniform",
        cap=1.5,
        low=[100, 300],
        high=[100, 300],
        progress=ticks.append,
    )
    assert qs[0].p05 == qs[0].p95 == pytest.approx(0.125)  # GE(2) of (100, 300): CV² / 2 = 0.5² / 2
    assert ticks == [10]


def test_common_random_numbers_and_progress(rates: Rates) -> None:
    pit = load_workforce(EXAMPLES / "pit-after.toml", rates)
    revision = revise_norm(rates, alpha=0.1, toward="stakhanov-1935")
    calls: list[tuple[int, int]] = []
    report = inequality_report(
        rates, pit, draws=30_000, revision=revision, progress=lambda d, t: calls.append((d, t))
    )
    # Two stages, 30,000 draws each, every draw made once (the extras read simulate's).
    assert calls[-1] == (60_000, 60_000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    before, after = report.stages
    # Both stages are drawn with one seed; the hewers' sampling ranges scale by N / N' and
    # everyone else's stay put (a time wage, a salary).
    factor = 7 / NEW_NORM
    for b, a in zip(before.groups, after.groups, strict=True):
        scale = factor if b.group in ("stakhanovite-miner", "miner") else 1.0
        assert (a.drawn_low, a.drawn_high) == pytest.approx(
            (b.drawn_low * scale, b.drawn_high * scale)
        )
    # Under one seed, a stage's percentiles are those of its own run alone.
    alone = inequality_report(rates, pit, draws=30_000)
    assert alone.stages[0].metrics == before.metrics
    assert list(METRIC_LABELS) == [m.metric for m in after.metrics]
