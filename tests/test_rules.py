"""Pay rules: hand-computed cases, inverse, brigade pay, properties, and rule-file validation.

Every expected figure is worked out by hand in the comment beside it, for the default coal
miner of DOMAIN.md: norm N = 7 t a shift, tariff W0 = 450 rubles a month.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stakhanov.calc.pay import brigade_split, implied_output, individual_pay, pay
from stakhanov.data.rules import RULE_KINDS, RuleSpec, load_rules, parse_rule, with_minimum
from stakhanov.errors import DataError, UsageError

RULES_DIR = Path(__file__).resolve().parents[1] / "rates" / "rules"
NAMES = sorted(path.stem for path in RULES_DIR.glob("*.toml"))
METRO = "progressive-metrostroi-1933"
N, W0 = 7.0, 450.0
WHERE = "rates/rules/x.toml"


@functools.cache
def rules() -> dict[str, RuleSpec]:
    return load_rules(RULES_DIR)


def rule(name: str, minimum: float | None = None) -> RuleSpec:
    spec = rules()[name]
    return spec if minimum is None else with_minimum(spec, minimum)


# --- hand-computed pay: below, at and above the norm --------------------------------------

PAY_CASES = [
    # straight: E = 450 * q / 7
    ("straight", 3.5, 225.0),  # 450 * 0.5
    ("straight", 7.0, 450.0),  # 450 * 1
    ("straight", 21.0, 1350.0),  # 450 * 3
    # progressive (Metro): +25% on 100-110%, +50% on 110-125%, +100% above 125%
    (METRO, 3.5, 225.0),  # below the plan: straight, 450 * 0.5
    (METRO, 7.0, 450.0),  # at the plan: 450 * 1
    (METRO, 7.7, 506.25),  # 110%: 450 * (1.1 + 0.10 * 0.25) = 450 * 1.125
    (METRO, 9.1, 652.5),  # 130%: 450 * (1.3 + 0.10 * 0.25 + 0.15 * 0.5 + 0.05 * 1.0) = 450 * 1.45
    (METRO, 21.0, 2182.5),  # 300%: 450 * (3 + 0.025 + 0.075 + 1.75 * 1.0) = 450 * 4.85
    # Taylor: 0.8 x the straight rate below the norm, 1.2 x at or above, on all units
    ("taylor", 3.5, 180.0),  # 450 * 0.5 * 0.8
    ("taylor", 7.0, 540.0),  # 450 * 1 * 1.2
    ("taylor", 21.0, 1620.0),  # 450 * 3 * 1.2
    # Merrick: 1.0 x below 83%, 1.1 x from 83% to 100%, 1.2 x from 100%, on all units
    ("merrick", 3.5, 225.0),  # 50%: 450 * 0.5 * 1.0
    ("merrick", 6.3, 445.5),  # 90%: 450 * 0.9 * 1.1
    ("merrick", 7.0, 540.0),  # 100%: 450 * 1 * 1.2
    ("merrick", 21.0, 1620.0),  # 300%: 450 * 3 * 1.2
    # Halsey, share 0.5: 450 below the norm, 450 * (1 + 0.5 * (q/7 - 1)) from it
    ("halsey", 3.5, 450.0),  # time wage guaranteed
    ("halsey", 7.0, 450.0),  # 450 * (1 + 0)
    ("halsey", 21.0, 900.0),  # 450 * (1 + 0.5 * 2)
    # Rowan: 450 below the norm, 450 * (2 - 7/q) from it
    ("rowan", 3.5, 450.0),  # time wage guaranteed
    ("rowan", 7.0, 450.0),  # 450 * (2 - 1)
    ("rowan", 21.0, 750.0),  # 450 * (2 - 1/3) = 450 * 5/3
    # Gantt, bonus 0.2: 450 below the norm, 450 * q/7 * 1.2 from it
    ("gantt", 3.5, 450.0),  # time wage guaranteed
    ("gantt", 7.0, 540.0),  # 450 * 1 * 1.2
    ("gantt", 21.0, 1620.0),  # 450 * 3 * 1.2
]


@pytest.mark.parametrize(("name", "output", "expected"), PAY_CASES)
def test_pay_by_hand(name: str, output: float, expected: float) -> None:
    assert pay(rule(name), output, N, W0) == pytest.approx(expected, rel=1e-12)


def test_every_rule_has_hand_cases() -> None:
    assert {case[0] for case in PAY_CASES} == set(NAMES)


def test_pay_is_vectorised() -> None:
    spec = rule(METRO)
    result = pay(spec, np.array([3.5, 7.0, 9.1]), N, W0)
    assert isinstance(result, np.ndarray)
    assert result.tolist() == pytest.approx([225.0, 450.0, 652.5])  # as in PAY_CASES
    assert isinstance(pay(spec, 7.0, N, W0), float)


@pytest.mark.parametrize(
    ("name", "outputs", "expected"),
    [
        # Taylor on the 7 t norm: the norm itself is in the high band (a band starts at its edge).
        ("taylor", [6.99, 7.0, 7.01], [450 * 6.99 / 7 * 0.8, 450 * 1.2, 450 * 7.01 / 7 * 1.2]),
        # Merrick on a norm of 100 units, edges at 83% and 100%: 83 and 100 are each in the
        # band above them.
        (
            "merrick",
            [82.9, 83.0, 99.9, 100.0],
            [450 * 0.829 * 1.0, 450 * 0.83 * 1.1, 450 * 0.999 * 1.1, 450 * 1.0 * 1.2],
        ),
    ],
)
def test_stepped_rules_at_their_edges_on_the_array_path(
    name: str, outputs: list[float], expected: list[float]
) -> None:
    norm = 7.0 if name == "taylor" else 100.0
    grid = pay(rule(name), np.array(outputs), norm, W0)  # numpy: the sweep's and the rules'
    assert isinstance(grid, np.ndarray)
    assert grid.tolist() == pytest.approx(expected, rel=1e-12)
    assert [pay(rule(name), q, norm, W0) for q in outputs] == pytest.approx(expected, rel=1e-12)


def test_guaranteed_minimum() -> None:
    spec = rule("straight", 2 / 3)
    assert pay(spec, 3.5, N, W0) == pytest.approx(300.0)  # max(225, 450 * 2/3 = 300)
    assert pay(spec, 7.0, N, W0) == pytest.approx(450.0)  # above the floor: unchanged
    assert rule("straight").guaranteed_minimum is None  # never a default


def test_guaranteed_minimum_from_a_file_table() -> None:
    table = _table("straight") | {"guaranteed_minimum": 0.6667}
    spec = parse_rule("straight-min", table, WHERE)
    assert pay(spec, 3.5, N, W0) == pytest.approx(300.015)  # 450 * 0.6667


@pytest.mark.parametrize(
    ("norm", "tariff", "output", "message"),
    [
        (0.0, W0, 7.0, "norm must be a finite number > 0, got 0"),
        (N, -450.0, 7.0, "tariff must be a finite number > 0, got -450"),
        (N, W0, -1.0, "output must be a finite number >= 0, got -1"),
        (N, W0, np.array([7.0, -2.0, 3.0]), "output must be a finite number >= 0, got -2"),
        (N, W0, math.nan, "output must be a finite number >= 0, got nan"),
    ],
)
def test_pay_rejects_bad_arguments(norm: float, tariff: float, output: float, message: str) -> None:
    with pytest.raises(UsageError) as e:
        pay(rule("straight"), output, norm, tariff)
    assert str(e.value) == message


def test_with_minimum_rejects_a_fraction_above_one() -> None:
    with pytest.raises(UsageError) as e:
        with_minimum(rule("straight"), 1.5)
    assert str(e.value) == (
        "guaranteed minimum must be between 0 and 1 (a fraction of the tariff), got 1.5"
    )


def test_halsey_pays_the_share_the_rule_file_sets() -> None:
    # The Halsey-Weir variant the rule file mentions: the worker gets 30% of the time saved.
    weir = parse_rule("halsey-weir", _table("halsey", share=0.3), WHERE)
    assert pay(weir, 21.0, N, W0) == pytest.approx(450 * (1 + 0.3 * 2), rel=1e-12)  # 720
    assert pay(weir, 10.5, N, W0) == pytest.approx(450 * (1 + 0.3 * 0.5), rel=1e-12)  # 517.5
    assert pay(weir, 3.5, N, W0) == W0  # below the norm the time wage, whatever the share
    # The inverse: 720 / 450 = 1.6 = 1 + 0.3 * (x - 1), so x = 3, 21 t.
    assert implied_output(weir, 720.0, N, W0) == pytest.approx(21.0, rel=1e-12)


# --- the inverse: the least output that earns at least this much ----------------------------

INVERSE_CASES = [
    ("straight", 495.0, 7.7),  # 7 * 495 / 450
    (METRO, 495.0, 7.56),  # 495/450 = 1.1 = 1 + 1.25 * (x - 1): x = 1.08, 7 * 1.08
    (METRO, 652.5, 9.1),  # 130%, as in PAY_CASES
    ("taylor", 180.0, 3.5),  # 180 / 450 / 0.8 = 0.5
    ("taylor", 500.0, 7.0),  # below the norm at most 0.8 * 450 = 360; the norm pays 540
    ("taylor", 1620.0, 21.0),  # 1620 / 450 / 1.2 = 3
    ("merrick", 225.0, 3.5),  # 225 / 450 = 0.5 at the straight rate
    ("merrick", 445.5, 6.3),  # 445.5 / 450 / 1.1 = 0.9
    ("merrick", 495.0, 7.0),  # the 83-100% band stays below 450 * 1.1 = 495; the norm pays 540
    ("halsey", 300.0, 0.0),  # under the guaranteed time wage: no output needed
    ("halsey", 900.0, 21.0),  # 900/450 = 2 = 1 + 0.5 * (x - 1): x = 3
    ("rowan", 450.0, 0.0),  # the guaranteed time wage
    ("rowan", 750.0, 21.0),  # 750/450 = 5/3 = 2 - 1/x: x = 3
    ("gantt", 500.0, 7.0),  # inside the jump from 450 to 540 at the norm
    ("gantt", 1620.0, 21.0),  # 1620 / 450 / 1.2 = 3
]


@pytest.mark.parametrize(("name", "earnings", "expected"), INVERSE_CASES)
def test_implied_output_by_hand(name: str, earnings: float, expected: float) -> None:
    assert implied_output(rule(name), earnings, N, W0) == pytest.approx(expected, rel=1e-12)


def test_implied_output_under_a_guaranteed_minimum() -> None:
    spec = rule("straight", 2 / 3)
    assert implied_output(spec, 300.0, N, W0) == 0.0  # the floor, 450 * 2/3
    assert implied_output(spec, 360.0, N, W0) == pytest.approx(5.6)  # 7 * 360 / 450


def test_implied_output_out_of_reach() -> None:
    with pytest.raises(UsageError) as e:
        implied_output(rule("rowan"), 900.0, N, W0)
    assert str(e.value) == (
        "earnings 900 are out of reach under rule 'rowan': "
        "it pays less than twice the tariff (900) at any output"
    )


def test_implied_output_rejects_negative_earnings() -> None:
    with pytest.raises(UsageError) as e:
        implied_output(rule("straight"), -5.0, N, W0)
    assert str(e.value) == "earnings must be a finite number >= 0, got -5"


# --- brigade piece-work versus differential piece-work (Markin, para. 27) -------------------


def test_brigade_and_individual_straight() -> None:
    outputs = [21.0, 7.0, 3.5]
    # mean 31.5 / 3 = 10.5: 450 * 10.5 / 7 = 675 each
    assert brigade_split(outputs, N, W0) == pytest.approx((675.0, 675.0, 675.0))
    # 450 * 3, 450 * 1, 450 * 0.5; the same 2025 in all, divided by output
    assert individual_pay(outputs, N, W0) == pytest.approx((1350.0, 450.0, 225.0))


def test_brigade_and_individual_progressive() -> None:
    spec, outputs = rule(METRO), [21.0, 7.0, 3.5]
    # mean 10.5 = 150%: 450 * (1.5 + 0.025 + 0.075 + 0.25 * 1.0) = 450 * 1.85 = 832.5 each
    assert brigade_split(outputs, N, W0, spec) == pytest.approx((832.5,) * 3)
    # 2182.5 (300%, as in PAY_CASES) + 450 + 225 = 2857.5 > 3 * 832.5 = 2497.5
    assert individual_pay(outputs, N, W0, spec) == pytest.approx((2182.5, 450.0, 225.0))


def test_stakhanovs_brigade_of_three() -> None:
    # 102 t credited to the hewer alone: 450 * 102 / 7 = 6557.14; his two timbermen get 0.
    assert individual_pay([102.0, 0.0, 0.0], N, W0) == pytest.approx((45900 / 7, 0.0, 0.0))
    # Shared as a brigade: 102 / 3 = 34 t each, 450 * 34 / 7 = 2185.71 each.
    assert brigade_split([102.0, 0.0, 0.0], N, W0) == pytest.approx((15300 / 7,) * 3)


def test_brigade_needs_members() -> None:
    with pytest.raises(UsageError) as e:
        brigade_split([], N, W0)
    assert str(e.value) == "a brigade needs at least one member's output"


# --- properties -------------------------------------------------------------------------------

norms = st.floats(0.5, 50.0)
tariffs = st.floats(50.0, 10_000.0)
ratios = st.floats(0.0, 50.0)  # output as a multiple of the norm
minimums = st.sampled_from([None, 2 / 3])
STRICT = ("straight", METRO, "taylor", "merrick")  # strictly increasing at all outputs
ABOVE_NORM = ("halsey", "rowan", "gantt")  # flat below the norm, strictly increasing above

progressive_params = st.integers(1, 4).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(100, 400), min_size=n, max_size=n, unique=True).map(sorted),
        st.lists(st.integers(0, 300), min_size=n, max_size=n),
    )
)


@settings(deadline=None)
@given(norm=norms, tariff=tariffs, eps=st.floats(1e-9, 1e-3), params=progressive_params)
def test_progressive_is_continuous_at_band_edges(
    norm: float, tariff: float, eps: float, params: tuple[list[int], list[int]]
) -> None:
    edges, surcharges = params
    made_up = parse_rule("p", _table("progressive", edges=edges, surcharges=surcharges), WHERE)
    for spec, spec_edges, top in [
        (made_up, edges, max(surcharges)),
        (rule(METRO), [100, 110, 125], 100),
    ]:
        # Across an edge pay can rise at most at the steepest slope, W0 / N * (1 + s/100).
        steepest = tariff / norm * (1 + top / 100)
        for edge in spec_edges:
            q = norm * edge / 100
            gap = pay(spec, q + eps * norm, norm, tariff) - pay(spec, q - eps * norm, norm, tariff)
            assert 0 <= gap <= steepest * 2 * eps * norm * (1 + 1e-9) + 1e-9 * tariff


@pytest.mark.parametrize("name", NAMES)
@settings(deadline=None)
@given(norm=norms, tariff=tariffs, a=ratios, b=ratios, minimum=minimums)
def test_pay_never_falls_as_output_rises(
    name: str, norm: float, tariff: float, a: float, b: float, minimum: float | None
) -> None:
    spec = rule(name, minimum)
    low, high = sorted((a * norm, b * norm))
    assert pay(spec, low, norm, tariff) <= pay(spec, high, norm, tariff)


@pytest.mark.parametrize("name", NAMES)
@settings(deadline=None)
@given(norm=norms, tariff=tariffs, x=ratios, minimum=minimums)
def test_pay_of_implied_output_is_the_pay(
    name: str, norm: float, tariff: float, x: float, minimum: float | None
) -> None:
    spec = rule(name, minimum)
    earnings = pay(spec, x * norm, norm, tariff)
    back = implied_output(spec, earnings, norm, tariff)
    assert pay(spec, back, norm, tariff) == pytest.approx(earnings, rel=1e-12)


@pytest.mark.parametrize("name", [*STRICT, *ABOVE_NORM])
@settings(deadline=None)
@given(norm=norms, tariff=tariffs, x=ratios)
def test_implied_output_returns_the_output(name: str, norm: float, tariff: float, x: float) -> None:
    if name in ABOVE_NORM:
        # Strictly above the norm: at it, Halsey and Rowan pay the guaranteed time wage,
        # which no output at all earns as well.
        assume(x >= 1e-9)
        x = 1.0 + x
    q = x * norm
    back = implied_output(rule(name), pay(rule(name), q, norm, tariff), norm, tariff)
    assert back == pytest.approx(q, rel=1e-9, abs=1e-12)


@settings(deadline=None)
@given(norm=norms, tariff=tariffs, xs=st.lists(ratios, min_size=1, max_size=6))
def test_straight_brigade_only_redistributes(norm: float, tariff: float, xs: list[float]) -> None:
    outputs = [x * norm for x in xs]
    brigade, alone = brigade_split(outputs, norm, tariff), individual_pay(outputs, norm, tariff)
    assert math.fsum(brigade) == pytest.approx(math.fsum(alone), rel=1e-9, abs=1e-9)


# --- rule files -------------------------------------------------------------------------------


def test_rule_kinds() -> None:
    assert RULE_KINDS == (
        "straight",
        "progressive",
        "taylor",
        "merrick",
        "halsey",
        "rowan",
        "gantt",
    )


def test_every_rule_file_loads_with_provenance() -> None:
    loaded = rules()
    assert sorted(loaded) == NAMES
    assert set(NAMES) == {
        "straight",
        METRO,
        "taylor",
        "merrick",
        "halsey",
        "rowan",
        "gantt",
    }
    for name, spec in loaded.items():
        assert spec.name == name
        assert spec.kind in RULE_KINDS
        assert spec.provenance["source_id"]
        assert spec.guaranteed_minimum is None  # an assumption, never shipped as a default
    assert loaded[METRO].provenance["kind"] == "external"
    assert loaded[METRO].provenance["source_id"] == "neutatz-metro"
    assert loaded["straight"].provenance["source_id"] == "markin-1936"
    assert loaded["straight"].provenance["paragraph"] == "27"
    for name in ("taylor", "merrick", "halsey", "rowan", "gantt"):
        assert loaded[name].provenance["kind"] == "textbook"


def test_shipped_parameters() -> None:
    loaded = rules()
    assert dict(loaded[METRO].params) == {
        "edges": (100.0, 110.0, 125.0),
        "surcharges": (25.0, 50.0, 100.0),
    }
    assert dict(loaded["taylor"].params) == {"low": 0.8, "high": 1.2}
    assert dict(loaded["merrick"].params) == {"edges": (83.0, 100.0), "rates": (1.0, 1.1, 1.2)}
    assert dict(loaded["halsey"].params) == {"share": 0.5}
    assert dict(loaded["gantt"].params) == {"bonus": 0.2}
    assert dict(loaded["straight"].params) == dict(loaded["rowan"].params) == {}


def _table(kind: str, **params: object) -> dict[str, object]:
    return {
        "kind": kind,
        "label": "A test rule",
        "provenance": {
            "source_id": "test",
            "kind": "textbook",
            "reference": "this test",
            "confidence": "high",
            "note": "made up for a test",
        },
        "params": params,
    }


def _problems(table: dict[str, object]) -> tuple[str, ...]:
    with pytest.raises(DataError) as e:
        parse_rule("x", table, WHERE)
    return e.value.problems


METRO_PARAMS = {"edges": [100, 110, 125], "surcharges": [25, 50, 100]}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            _table("progressive", edges=[100, 125, 110], surcharges=[25, 50, 100]),
            "params.edges: band edges must increase, got [100, 125, 110]",
        ),
        (
            _table("progresive", **METRO_PARAMS),
            "kind: unknown rule kind 'progresive', expected one of: "
            "straight, progressive, taylor, merrick, halsey, rowan, gantt",
        ),
        (_table("halsey"), "params.share: missing"),
        (_table("halsey", share="half"), "params.share: must be a number, got 'half'"),
        (
            _table("halsey", share=1.5),
            "params.share: must be > 0 and <= 1 (the worker's share of the time saved), got 1.5",
        ),
        (_table("gantt", bonus=math.inf), "params.bonus: must be finite, got inf"),
        (_table("gantt", bonus=-0.1), "params.bonus: must be >= 0, got -0.1"),
        (
            _table("taylor", low=0.8, high=1.2, mid=1.0),
            "params.mid: not a parameter of kind 'taylor' (expected: low, high)",
        ),
        (
            _table("rowan", share=0.5),
            "params.share: not a parameter of kind 'rowan' (expected: none)",
        ),
        (_table("taylor", low=0.8, high=0.5), "params.high: must be >= params.low (0.8), got 0.5"),
        (
            _table("merrick", edges=[83, 100], rates=[1.0, 1.2]),
            "params.rates: need one rate per band, len(edges) + 1 = 3, got 2",
        ),
        (
            _table("merrick", edges=[83, 100], rates=[1.0, 1.2, 1.1]),
            "params.rates: rates must not fall as output rises, got [1.0, 1.2, 1.1]",
        ),
        (
            _table("progressive", edges=[100, "x"], surcharges=[25, 50]),
            "params.edges[1]: must be a number, got 'x'",
        ),
        (_table("progressive", edges=[], surcharges=[25]), "params.edges: must not be empty"),
    ],
)
def test_validation_messages(table: dict[str, object], message: str) -> None:
    assert _problems(table) == (f"{WHERE}: {message}",)


def test_validation_collects_every_problem() -> None:
    table = _table("progressive", edges=[90, 110], surcharges=[25, -5, 10])
    table["lable"] = table.pop("label")
    table["provenance"] = {**table["provenance"], "confidence": "sure"}  # type: ignore[dict-item]
    table["guaranteed_minimum"] = 1.5
    with pytest.raises(DataError) as e:
        parse_rule("x", table, WHERE)
    assert e.value.problems == (
        f"{WHERE}: lable: unknown key (did you mean 'label'?)",
        f"{WHERE}: label: missing",
        f"{WHERE}: provenance.confidence: must be one of: "
        "high, medium-high, medium, medium-low, low, got 'sure'",
        f"{WHERE}: params.edges: band edges must be >= 100 (percent of the norm), got [90, 110]",
        f"{WHERE}: params.surcharges: surcharges must be >= 0, got [25, -5, 10]",
        f"{WHERE}: params.surcharges: need one surcharge per band edge (2), got 3",
        f"{WHERE}: guaranteed_minimum: must be between 0 and 1 (a fraction of the tariff), got 1.5",
    )
    assert str(e.value) == "; ".join(e.value.problems)


def test_provenance_is_required() -> None:
    table = _table("straight")
    del table["provenance"]
    assert _problems(table) == (f"{WHERE}: provenance: missing",)
    table["provenance"] = {"source_id": "", "kind": "hearsay"}
    assert _problems(table) == (
        f"{WHERE}: provenance.source_id: must be a non-empty string, got ''",
        f"{WHERE}: provenance.reference: missing",
        f"{WHERE}: provenance.confidence: missing",
        f"{WHERE}: provenance.note: missing",
        f"{WHERE}: provenance.kind: must be one of: source, external, textbook, got 'hearsay'",
    )


def test_load_rules_names_each_file(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text((RULES_DIR / "halsey.toml").read_text("utf-8"), "utf-8")
    (tmp_path / "Bad Name.toml").write_text((RULES_DIR / "rowan.toml").read_text("utf-8"), "utf-8")
    (tmp_path / "broken.toml").write_text('kind = "straight\n', "utf-8")
    with pytest.raises(DataError) as e:
        load_rules(tmp_path)
    bad, broken = e.value.problems
    assert bad == (
        f"{tmp_path.as_posix()}/Bad Name.toml: name: "
        "must be lowercase letters, digits and hyphens, got 'Bad Name'"
    )
    assert broken.startswith(f"{tmp_path.as_posix()}/broken.toml: cannot read: ")


def test_load_rules_needs_a_folder_with_rules(tmp_path: Path) -> None:
    with pytest.raises(DataError) as e:
        load_rules(tmp_path)
    assert str(e.value) == f"{tmp_path.as_posix()}: no rule files (*.toml)"
    with pytest.raises(DataError) as e:
        load_rules(tmp_path / "missing")
    assert str(e.value) == f"{tmp_path.as_posix()}/missing: no such folder"
