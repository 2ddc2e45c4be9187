"""Inequality metrics: hand-computed cases, an independent implementation, and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from conftest import require
from stakhanov.errors import UsageError
from stakhanov.stats.inequality import (
    METRIC_NAMES,
    atkinson,
    bottom_share,
    ge,
    gini,
    lorenz,
    metrics,
    metrics_batch,
    mld,
    p90_p10,
    palma,
    quantile,
    theil_decomposition,
    theil_t,
    top_share,
)

# ---- hand computations, arithmetic written out ----------------------------------------------


def test_gini_of_one_to_four_is_a_quarter() -> None:
    # 16 ordered pairs of (1, 2, 3, 4): sum |xi - xj| = 2 * (1+2+3 + 1+2 + 1) = 20, so the mean
    # absolute difference is 20 / 16 = 1.25; G = 1.25 / (2 * mean 2.5) = 0.25.
    assert gini([1, 2, 3, 4], [1, 1, 1, 1]) == pytest.approx(0.25, abs=1e-15)
    # Grouped data is the same population: 2 workers at 1, 2 at 3 -> pairs (1,3) in 8 of 16
    # ordered pairs, |diff| 2: mean abs diff 1, mean 2, G = 1 / 4.
    assert gini([1, 3], [2, 2]) == pytest.approx(0.25, abs=1e-15)


def test_theil_mld_and_ge_by_hand() -> None:
    # (1, 3): mean 2, r = (0.5, 1.5).
    t = 0.5 * (0.5 * math.log(0.5) + 1.5 * math.log(1.5))
    assert theil_t([1, 3], [1, 1]) == pytest.approx(t, rel=1e-14)
    assert mld([1, 3], [1, 1]) == pytest.approx(0.5 * math.log(4 / 3), rel=1e-14)
    # GE(2) is half the squared coefficient of variation: var(1..4) = 1.25, mean 2.5.
    assert ge([1, 2, 3, 4], [1, 1, 1, 1], 2) == pytest.approx(1.25 / 2.5**2 / 2, rel=1e-14)
    # GE(-1) of (1, 4): mean 2.5, r = (0.4, 1.6), mean of 1/r = (2.5 + 0.625) / 2 = 1.5625,
    # GE = (1.5625 - 1) / ((-1) * (-2)) = 0.28125.
    assert ge([1, 4], [1, 1], -1) == pytest.approx(0.28125, rel=1e-14)


@pytest.mark.parametrize(
    ("epsilon", "expected"),
    [
        # (1, 4), mean 2.5. e = 0.5: ((sqrt 1 + sqrt 4) / 2)^2 = 2.25 -> 1 - 2.25 / 2.5 = 0.1
        (0.5, 0.1),
        # e = 1: geometric mean sqrt(4) = 2 -> 1 - 2 / 2.5 = 0.2
        (1, 0.2),
        # e = 2: harmonic mean 2 / (1 + 1/4) = 1.6 -> 1 - 1.6 / 2.5 = 0.36
        (2, 0.36),
    ],
)
def test_atkinson_by_hand(epsilon: float, expected: float) -> None:
    assert atkinson([1, 4], [1, 1], epsilon) == pytest.approx(expected, rel=1e-13)


def test_quantile_convention_is_the_inverse_of_the_weighted_cdf() -> None:
    # 5 workers at 100, 4 at 200, 1 at 300: F(100) = 0.5, F(200) = 0.9, F(300) = 1.
    v, w = [100, 200, 300], [5, 4, 1]
    assert quantile(v, w, 0.5) == 100  # F(100) reaches 0.5 exactly: no interpolation
    assert quantile(v, w, 0.51) == 200
    assert quantile(v, w, 0.9) == 200
    assert quantile(v, w, 0.91) == 300
    # Ten workers earning 1..10: the 10th percentile is the 1st worker, the 90th the 9th.
    assert p90_p10(range(1, 11), [1] * 10) == 9.0


def test_shares_interpolate_inside_a_group() -> None:
    # 5 workers at 100, 5 at 200; bill 1,500. The top 10% is one worker of the 200 group:
    # 200 / 1500; the bottom 40% is four workers of the 100 group: 400 / 1500.
    v, w = [200, 100], [5, 5]
    assert top_share(v, w) == pytest.approx(200 / 1500, rel=1e-14)
    assert bottom_share(v, w) == pytest.approx(400 / 1500, rel=1e-14)
    assert palma(v, w) == pytest.approx(0.5, rel=1e-14)
    assert top_share(v, w, share=0.5) == pytest.approx(1000 / 1500, rel=1e-14)


def test_lorenz_corners() -> None:
    population, income = lorenz([300, 100, 200], [1, 2, 0])  # the empty group drops out
    assert population.tolist() == pytest.approx([0, 2 / 3, 1])
    assert income.tolist() == pytest.approx([0, 0.4, 1])
    assert (population[0], income[0], population[-1], income[-1]) == (0, 0, 1, 1)


def test_metrics_names_and_a_miners_pit() -> None:
    # One Stakhanovite at 1,600 among nine miners at 450 (mid of 400-500): bill 5,650.
    m = metrics([1600, 450], [1, 9])
    assert tuple(m) == METRIC_NAMES
    assert m["top10_share"] == pytest.approx(1600 / 5650)
    assert m["palma"] == pytest.approx((1600 / 5650) / (4 * 450 / 5650))
    assert m["p90_p10"] == 1.0  # the 90th percentile worker is still a plain miner
    # Gini: one gap of 1,150 between 9 workers below and 1 above, over 10 * bill.
    assert m["gini"] == pytest.approx(1150 * 9 * 1 / (10 * 5650))


def test_theil_decomposition_by_stakhanovite_status() -> None:
    values = [1600, 450, 400, 170, 500, 150]
    weights = [10, 90, 5, 45, 20, 80]
    labels = ["stakh", "plain", "stakh", "plain", "stakh", "plain"]
    between, within = theil_decomposition(values, weights, labels)
    assert between > 0 and within > 0
    assert between + within == pytest.approx(theil_t(values, weights), rel=1e-13, abs=1e-16)
    # Each group its own label: all inequality is between; one label: all within.
    assert theil_decomposition(values, weights, range(6)) == pytest.approx(
        (theil_t(values, weights), 0.0), abs=1e-15
    )
    assert theil_decomposition(values, weights, ["x"] * 6) == pytest.approx(
        (0.0, theil_t(values, weights)), abs=1e-15
    )


# ---- an independent implementation -----------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_pysal_inequality_on_expanded_workers(seed: int) -> None:
    # PySAL's `inequality` package (S. Rey et al.) computes unweighted indices over individuals;
    # repeating each group's wage by its headcount gives the same population.
    pysal_gini = require("inequality.gini")
    pysal_theil = require("inequality.theil")
    pysal_atkinson = require("inequality.atkinson")
    rng = np.random.default_rng(seed)
    v = rng.uniform(100, 9000, 9)
    w = rng.integers(0, 30, 9)
    w[0] += 1
    labels = rng.integers(0, 3, 9)
    people = np.repeat(v, w)
    assert gini(v, w) == pytest.approx(pysal_gini.Gini(people).g, rel=1e-12)
    assert theil_t(v, w) == pytest.approx(pysal_theil.Theil(people).T, rel=1e-12)
    for eps in (0.5, 1, 2):
        assert atkinson(v, w, eps) == pytest.approx(pysal_atkinson.atkinson(people, eps), rel=1e-12)
    split = pysal_theil.TheilD(people, np.repeat(labels, w))
    between, within = theil_decomposition(v, w, labels.tolist())
    assert (between, within) == pytest.approx((split.bg[0], split.wg[0]), rel=1e-11)


# ---- properties ------------------------------------------------------------------------------

_value = st.floats(1.0, 1e5, allow_nan=False, allow_infinity=False)
_weight = st.floats(0.0, 100.0, allow_nan=False, allow_infinity=False)


@st.composite
def _workforce(draw: st.DrawFn, min_groups: int = 1) -> tuple[list[float], list[float]]:
    n = draw(st.integers(min_groups, 8))
    values = draw(st.lists(_value, min_size=n, max_size=n))
    weights = draw(st.lists(_weight, min_size=n, max_size=n))
    assume(sum(weights) > 1e-3 and max(weights) > 1e-3)
    return values, weights


def _close(a: dict[str, float], b: dict[str, float], rel: float = 1e-9) -> None:
    for name in METRIC_NAMES:
        assert a[name] == pytest.approx(b[name], rel=rel, abs=1e-12), name


@given(_workforce(), st.floats(1e-3, 1e3))
def test_scale_invariance(wf: tuple[list[float], list[float]], factor: float) -> None:
    v, w = wf
    _close(metrics([x * factor for x in v], w), metrics(v, w))


@given(_workforce())
@example(([1.0, 1.0, 4505.0], [0.0, 22.0, 1e-10]))  # a tiny top group: W - C cancels
@example(([1.0, 62730.0, 85974.0], [3.5e-32, 1.0, 10.0]))  # a tiny, very poor group
def test_population_replication_invariance(wf: tuple[list[float], list[float]]) -> None:
    v, w = wf
    _close(metrics(v, [2 * x for x in w]), metrics(v, w))
    _close(metrics(v + v, w + w), metrics(v, w))


@given(_workforce())
def test_gini_in_unit_interval_and_indices_nonnegative(wf: tuple[list[float], list[float]]) -> None:
    m = metrics(*wf)
    assert 0 <= m["gini"] < 1
    for name in ("theil_t", "mld", "atkinson_0.5", "atkinson_1", "atkinson_2"):
        assert m[name] >= 0
    assert m["p90_p10"] >= 1 and 0.1 - 1e-12 <= m["top10_share"] <= 1


@given(_value, st.lists(_weight, min_size=1, max_size=8))
@example(1.0, [6e-197])  # totals multiplied together underflow unless weights are rescaled
def test_equality_gives_exactly_zero(value: float, weights: list[float]) -> None:
    assume(max(weights) > 0)
    m = metrics([value] * len(weights), weights)
    for name in ("gini", "theil_t", "mld", "atkinson_0.5", "atkinson_1", "atkinson_2"):
        assert m[name] == 0.0
    assert m["p90_p10"] == 1.0


@given(_workforce(min_groups=2), st.data())
def test_gini_transfer_principle(wf: tuple[list[float], list[float]], data: st.DataObject) -> None:
    # Every worker of a richer group j gives to every worker of a poorer group i, so that
    # group i stays no richer than group j: the Gini must fall.
    v, w = wf
    pair = data.draw(st.lists(st.integers(0, len(v) - 1), min_size=2, max_size=2, unique=True))
    i, j = sorted(pair, key=lambda k: v[k])
    assume(v[i] < v[j] and w[i] > 1e-3 and w[j] > 1e-3)
    most = (v[j] - v[i]) / (1 / w[i] + 1 / w[j])  # the amount that equalises i and j
    amount = most * data.draw(st.floats(0.05, 1.0))
    after = list(v)
    after[i] += amount / w[i]
    after[j] -= amount / w[j]
    assume(amount / sum(a * b for a, b in zip(v, w, strict=True)) > 1e-9)
    assert gini(after, w) < gini(v, w)


@given(_workforce(), st.lists(st.integers(0, 2), min_size=8, max_size=8))
def test_theil_decomposition_adds_up(
    wf: tuple[list[float], list[float]], labels: list[int]
) -> None:
    v, w = wf
    between, within = theil_decomposition(v, w, labels[: len(v)])
    assert between >= -1e-15 and within >= -1e-15
    assert between + within == pytest.approx(theil_t(v, w), rel=1e-12, abs=1e-14)


@given(
    st.integers(1, 6).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(_value, min_size=n, max_size=n), min_size=1, max_size=5),
            st.lists(_weight, min_size=n, max_size=n),
        )
    )
)
def test_batch_rows_read_as_the_textbook_and_as_one_row_at_a_time(
    case: tuple[list[list[float]], list[float]],
) -> None:
    rows, w = case
    assume(max(w) > 1e-3)
    batch = metrics_batch(np.array(rows), w)
    assert set(batch) == set(METRIC_NAMES)
    p = np.array(w) / math.fsum(w)  # each group's share of the workforce
    for k, row in enumerate(rows):
        # Each row against the definitions for grouped data (Cowell, ch. 2-3), written here:
        # Gini as the mean absolute difference over twice the mean, the others as means of
        # powers of v / mean, each group counted by its share.
        x = np.array(row)
        mean = float(p @ x)
        r = x / mean
        textbook = {
            "gini": float(p @ np.abs(x[:, None] - x[None, :]) @ p) / (2 * mean),
            "theil_t": float(p @ (r * np.log(r))),
            "mld": float(-(p @ np.log(r))),
            "atkinson_0.5": 1 - float(p @ np.sqrt(r)) ** 2,
            "atkinson_1": 1 - math.exp(float(p @ np.log(r))),
            "atkinson_2": 1 - 1 / float(p @ (1 / r)),
        }
        for name, value in textbook.items():
            assert batch[name][k] == pytest.approx(max(value, 0.0), rel=1e-9, abs=1e-12), name
        # Consistency, not correctness: the batch path and the one-row path agree on every
        # metric (the quantile-based ones included, checked by hand and against PySAL above).
        scalar = metrics(row, w)
        for name in METRIC_NAMES:
            assert batch[name].shape == (len(rows),)
            assert batch[name][k] == pytest.approx(scalar[name], rel=1e-12, abs=1e-15), name


@settings(max_examples=50)
@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=7), st.data())
def test_against_textbook_formulas_on_individuals(values: list[int], data: st.DataObject) -> None:
    # Reference formulas over individual workers, written from the definitions (Cowell,
    # *Measuring Inequality*, 3rd ed., ch. 2-3): Gini as the mean absolute difference over
    # twice the mean, GE and Atkinson as means of powers of v / mean.
    weights = data.draw(st.lists(st.integers(0, 5), min_size=len(values), max_size=len(values)))
    assume(sum(weights) > 0)
    x = np.repeat(np.array(values, dtype=float), weights)
    mean = x.mean()
    r = x / mean
    expected = {
        "gini": np.abs(x[:, None] - x[None, :]).mean() / (2 * mean),
        "theil_t": np.mean(r * np.log(r)),
        "mld": np.mean(-np.log(r)),
        "atkinson_0.5": 1 - np.mean(np.sqrt(r)) ** 2,
        "atkinson_1": 1 - np.exp(np.mean(np.log(r))),
        "atkinson_2": 1 - 1 / np.mean(1 / r),
    }
    got = metrics(values, weights)
    for name, value in expected.items():
        assert got[name] == pytest.approx(max(float(value), 0.0), rel=1e-9, abs=1e-12), name
    for alpha in (-2.0, 0.5, 3.0):
        ref = (np.mean(r**alpha) - 1) / (alpha * (alpha - 1))
        assert ge(values, weights, alpha) == pytest.approx(max(ref, 0.0), rel=1e-9, abs=1e-12)


def test_ge_and_atkinson_are_continuous_at_their_special_cases() -> None:
    v, w = [120, 400, 1600, 8600], [50, 30, 5, 1]
    assert ge(v, w, 1e-9) == pytest.approx(mld(v, w), rel=1e-7)
    assert ge(v, w, 1 - 1e-9) == pytest.approx(theil_t(v, w), rel=1e-7)
    assert ge(v, w, 1 + 1e-9) == pytest.approx(theil_t(v, w), rel=1e-7)
    assert atkinson(v, w, 1 + 1e-9) == pytest.approx(atkinson(v, w, 1), rel=1e-7)
    assert 0 < atkinson(v, w, 200) < 1  # large aversion does not overflow


# ---- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gini([], []), "empty workforce: no groups given"),
        (lambda: gini([1, 2], [0, 0]), "empty workforce: all weights are zero"),
        (lambda: gini([1, 2], [1, -1]), "weights must be >= 0, got -1 for group 1"),
        (lambda: gini([1, 2], [1, math.nan]), "weights must be finite, got nan for group 1"),
        (lambda: gini([1, 0], [1, 1]), "values must be > 0 and finite, got 0 for group 1"),
        (lambda: mld([-5, 1], [1, 1]), "values must be > 0 and finite, got -5 for group 0"),
        (lambda: gini([1, 2], [1]), "values and weights differ in length: 2 and 1"),
        (lambda: atkinson([1, 2], [1, 1], 0), "epsilon must be > 0, got 0"),
        (lambda: atkinson([1, 2], [1, 1], -1), "epsilon must be > 0, got -1"),
        (lambda: ge([1, 2], [1, 1], math.inf), "alpha must be a finite number, got inf"),
        (lambda: top_share([1, 2], [1, 1], 1), "share must be in (0, 1), got 1"),
        (lambda: quantile([1, 2], [1, 1], 0), "p must be in (0, 1), got 0"),
        (
            lambda: theil_decomposition([1, 2], [1, 1], ["a"]),
            "labels and values differ in length: 1 and 2",
        ),
        (
            lambda: metrics_batch([1.0, 2.0, 3.0], [1, 1]),
            "draws must have shape (n_draws, 2), got (3,)",
        ),
        (
            lambda: metrics_batch([[1.0, 2.0], [3.0, 0.0]], [1, 1]),
            "values must be > 0 and finite, got 0 for group 1",
        ),
    ],
)
def test_invalid_inputs_raise_usage_error(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(UsageError) as caught:
        call()
    assert str(caught.value) == message


def test_gini_of_more_groups_than_one_pairwise_block() -> None:
    # Above 128 groups the sums go by halves. 1, 2, ..., n: sum |i - j| = n (n² - 1) / 3 over
    # n² ordered pairs, mean (n + 1) / 2, so G = n (n² - 1) / 3 / (n² (n + 1)) = (n - 1) / (3 n).
    n = 130
    assert gini(list(range(1, n + 1)), [1] * n) == pytest.approx((n - 1) / (3 * n), rel=1e-12)
