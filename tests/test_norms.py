"""Norm revisions: DOMAIN's worked numbers, the straight-rate invariants, bad input."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CASES, arithmetic, copy_rates
from stakhanov.calc.brigade import compare_brigade
from stakhanov.calc.norms import revise, revise_norm
from stakhanov.calc.sweep import sweep
from stakhanov.data.rates import Rates, load_rates
from stakhanov.data.rules import load_rule
from stakhanov.errors import UnknownIdError, UsageError
from stakhanov.scenarios.overlay import apply_files

CASE_LIST = tomllib.loads((CASES / "norms.toml").read_text(encoding="utf-8"))["case"]
RATES = load_rates()  # read-only: safe to share with hypothesis examples


def _effect(result: object, group: str):  # type: ignore[no-untyped-def]
    return next(e for e in result.effects if e.group == group)  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", CASE_LIST, ids=[c["why"][:50] for c in CASE_LIST])
def test_norm_case(rates: Rates, case: dict[str, object]) -> None:
    kw = {k: case[k] for k in ("alpha", "toward", "raise_pct", "tariff_pct") if k in case}
    result = revise(rates, **kw)  # type: ignore[arg-type]
    assert result.revision.new.mid == pytest.approx(arithmetic(str(case["new_norm"])))
    e = _effect(result, str(case["group"]))
    assert e.after.central == pytest.approx(arithmetic(str(case["after"])), rel=1e-12)
    for end in ("low", "high"):
        if f"after_{end}" in case:
            want = arithmetic(str(case[f"after_{end}"]))
            got = getattr(e.after, end)
            assert got is None if want is None else got == pytest.approx(want, rel=1e-12)
    if "change_pct" in case:
        assert e.change_pct.central == pytest.approx(arithmetic(str(case["change_pct"])))


def test_domain_worked_example_rounds_as_published(rates: Rates) -> None:
    miner = _effect(revise(rates, alpha=0.1, toward="stakhanov-1935"), "miner")
    assert round(miner.after.central, 1) == 190.9  # DOMAIN: 450 * 7 / 16.5 = 190.9
    assert round(miner.change_pct.central, 1) == -57.6


def test_brigade_corrected_norm_9_7(rates: Rates) -> None:
    # DOMAIN: toward 102 / 3 = 34 t, N' = 7 + 0.1 * (34 - 7) = 9.7 t; 450 becomes 324.7.
    import dataclasses
    from types import MappingProxyType

    from stakhanov.data.interval import Interval

    record = dataclasses.replace(rates.record("stakhanov-1935"), output=Interval.point(102 / 3))
    changed = dataclasses.replace(
        rates, records=MappingProxyType({**rates.records, "stakhanov-1935": record})
    )
    miner = _effect(revise(changed, alpha=0.1, toward="stakhanov-1935"), "miner")
    assert miner.after.central == pytest.approx(450 * 7 / 9.7)
    assert round(miner.after.central, 1) == 324.7


def test_only_groups_paid_by_the_norm_move_and_say_why(rates: Rates) -> None:
    result = revise(rates, alpha=0.1, toward="stakhanov-1935")
    paid = {e.group for e in result.effects if e.paid_by_norm}
    assert paid == {"stakhanovite-miner", "miner"}
    why = {e.group: e.why for e in result.effects}
    assert why["engineer"] == "a salary: not paid by a norm"
    assert why["average-worker"] == "a statistic: never recomputed as if paid by a norm"
    assert why["auxiliary"] == "a time wage: not paid by a norm"
    for e in result.effects:
        if not e.paid_by_norm:
            assert e.after == e.before


def test_ratio_shifts_say_what_moved(rates: Rates) -> None:
    card = ["stakhanovite-miner", "miner", "auxiliary", "engineer"]
    shifts = {
        (s.numerator, s.denominator): s
        for s in revise(rates, alpha=0.1, toward="stakhanov-1935", groups=card).shifts
    }
    assert not shifts[("stakhanovite-miner", "miner")].moved  # same norm, straight rate
    assert not shifts[("auxiliary", "engineer")].moved  # neither is paid by the norm
    moved = shifts[("miner", "auxiliary")]
    assert moved.moved
    assert moved.after == pytest.approx((450 * 7 / 16.5) / 170)


def test_progressive_rule_moves_ratios_among_piece_workers(rates: Rates) -> None:
    # Under the Metro schedule the Stakhanovite's output (above 125% of the norm) earns a
    # surcharge that the ordinary miner's does not, so a norm raise hits them unequally.
    straight = revise(
        rates, alpha=0.1, toward="stakhanov-1935", groups=["stakhanovite-miner", "miner"]
    )
    progressive = revise(
        rates,
        alpha=0.1,
        toward="stakhanov-1935",
        rule="progressive-metrostroi-1933",
        groups=["stakhanovite-miner", "miner"],
    )
    assert not straight.shifts[0].moved
    assert progressive.shifts[0].moved
    # Miner at 450 = W0 meets the norm exactly (x = 1); after: x = 7 / 16.5 < 1, straight.
    assert _effect(progressive, "miner").after.central == pytest.approx(450 * 7 / 16.5)


@settings(max_examples=60, deadline=None)
@given(
    a1=st.floats(0, 1),
    a2=st.floats(0, 1),
    rule=st.sampled_from(
        ["straight", "progressive-metrostroi-1933", "halsey", "gantt", "taylor", "merrick"]
    ),
)
def test_earnings_never_rise_as_alpha_rises(a1: float, a2: float, rule: str) -> None:
    lo, hi = sorted((a1, a2))
    before = revise(RATES, alpha=lo, toward="stakhanov-1935", rule=rule)
    after = revise(RATES, alpha=hi, toward="stakhanov-1935", rule=rule)
    for e0, e1 in zip(before.effects, after.effects, strict=True):
        assert e1.after.central <= e0.after.central * (1 + 1e-12)


@settings(max_examples=60, deadline=None)
@given(raise_pct=st.floats(-99, 1000), tariff_pct=st.floats(-99, 200))
def test_straight_ratios_on_one_norm_never_move(raise_pct: float, tariff_pct: float) -> None:
    result = revise(
        RATES, raise_pct=raise_pct, tariff_pct=tariff_pct, groups=["stakhanovite-miner", "miner"]
    )
    (shift,) = result.shifts
    assert math.isclose(shift.before, shift.after, rel_tol=1e-9)


def test_sweep_matches_single_revisions(rates: Rates) -> None:
    res = sweep(rates, [0.0, 0.1, 0.5], "stakhanov-1935", [0.0, 11.0])
    miner = res.groups.index("miner")
    # alpha 0.5: N' = 7 + 0.5 * 95 = 54.5; tariff +11%: 450 * 1.11 * 7 / 54.5
    assert res.central[1, 2, miner] == pytest.approx(450 * 1.11 * 7 / 54.5)
    single = revise(rates, alpha=0.1, toward="stakhanov-1935")
    assert res.central[0, 1, miner] == pytest.approx(_effect(single, "miner").after.central)
    engineer = res.groups.index("engineer")
    assert (res.central[:, :, engineer] == 8600).all()


def test_sweep_toward_a_record_range_pairs_each_wage_end_with_the_far_norm(
    rates: Rates,
) -> None:
    # Toward the per-worker record, 30 to 35 t (Markin para. 9, 102 t over three): the lowest
    # wage meets the highest new norm, 7 + α (35 - 7), the highest wage the lowest, 7 + α (30 - 7).
    res = sweep(rates, [0.5], "stakhanov-per-worker")
    miner = res.groups.index("miner")
    assert res.low[0, 0, miner] == pytest.approx(400 * 7 / (7 + 0.5 * (35 - 7)), rel=1e-12)
    assert res.central[0, 0, miner] == pytest.approx(450 * 7 / (7 + 0.5 * (32.5 - 7)), rel=1e-12)
    assert res.high[0, 0, miner] == pytest.approx(500 * 7 / (7 + 0.5 * (30 - 7)), rel=1e-12)


def test_brigade_default_is_stakhanovs_shift(rates: Rates) -> None:
    res = compare_brigade(rates)
    hewer, timber, _ = res.members
    assert hewer.individual_pay == pytest.approx(450 * 102 / 7)  # all 102 t credited
    assert timber.individual_pay == 0
    assert hewer.brigade_pay == pytest.approx(450 * (102 / 3) / 7)  # equal split of 102 t


def test_brigade_spreads_the_rest_over_the_other_members(tmp_path: Path) -> None:
    # A hewer credited with 40% of the 102 t; the other 60% falls to the n - 1 = 3 timbermen.
    root = copy_rates(tmp_path)
    toml = root / "brigade.toml"
    text = toml.read_text(encoding="utf-8").replace("hewer_share = 1.0", "hewer_share = 0.4")
    toml.write_text(text.replace("size = 3", "size = 4"), encoding="utf-8")
    res = compare_brigade(load_rates(root))
    outputs = [m.output for m in res.members]
    assert outputs == pytest.approx([102 * 0.4, 102 * 0.6 / 3, 102 * 0.6 / 3, 102 * 0.6 / 3])
    assert res.members[1].individual_pay == pytest.approx(450 * 20.4 / 7)  # 102 * 0.6 / 3
    assert math.fsum(outputs) == pytest.approx(102)  # the whole record, credited once
    # The split pays each the pay of the mean output, 102 / 4 = 25.5 t.
    assert res.members[0].brigade_pay == pytest.approx(450 * 25.5 / 7)


def test_a_time_wage_set_by_a_scenario_is_not_moved_by_a_norm(rates: Rates, tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[meta]\ntitle = "t"\n[wages.miner]\npay_basis = "time"\n', encoding="utf-8")
    timed = apply_files(rates, [path])
    assert timed.group("miner").norm_id == "coal-hewing"  # still on the norm, but on time
    res = revise(timed, raise_pct=10.0)
    miner = _effect(res, "miner")
    assert (miner.after.low, miner.after.high) == (400, 500)  # unmoved
    assert not miner.paid_by_norm and miner.why == "a time wage: not paid by a norm"
    # The Stakhanovite beside it stays on piece work: 1,600 * 7 / 7.7.
    assert _effect(res, "stakhanovite-miner").after.central == pytest.approx(1600 / 1.1)
    grid = sweep(timed, alphas=[0.0, 0.1], toward="stakhanov-1935", tariffs_pct=[0.0])
    miner_col = grid.groups.index("miner")
    assert (grid.central[:, :, miner_col] == 450).all()  # the sweep agrees: 400 to 500, mid


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"alpha": 1.5, "toward": "stakhanov-1935"}, "alpha must be in [0, 1], got 1.5"),
        ({"alpha": -0.1, "toward": "stakhanov-1935"}, "alpha must be in [0, 1], got -0.1"),
        ({"raise_pct": -100.0}, "a norm raise must be above -100%, got -100%"),
        (
            {"raise_pct": 10.0, "tariff_pct": -120.0},
            "a tariff change must be above -100%, got -120%",
        ),
        ({"alpha": 0.1}, "--alpha needs --toward RECORD (a record id, e.g. stakhanov-1935)"),
        ({}, "give either a raise (--raise PCT) or --alpha with --toward RECORD"),
        (
            {"alpha": 0.1, "toward": "likhoradov-hoops"},
            "record 'likhoradov-hoops' is not measured against a norm in the data",
        ),
    ],
)
def test_bad_revisions(rates: Rates, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError) as err:
        revise_norm(rates, **kwargs)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_a_rule_that_cannot_pay_a_wage_says_whose(rates: Rates) -> None:
    # Rowan pays less than twice the tariff (2 * 450 = 900) at any output, so no output
    # explains a Stakhanovite's 1,600.
    with pytest.raises(UsageError) as err:
        revise(rates, alpha=0.1, toward="stakhanov-1935", rule="rowan")
    assert str(err.value) == (
        "group 'stakhanovite-miner': earnings 1600 are out of reach under rule 'rowan': "
        "it pays less than twice the tariff (900) at any output"
    )


def test_unknown_record_and_rule(rates: Rates) -> None:
    with pytest.raises(UnknownIdError) as err:
        revise_norm(rates, alpha=0.1, toward="stakhanov-1953")
    assert str(err.value) == "unknown record 'stakhanov-1953' (did you mean 'stakhanov-1935'?)"
    with pytest.raises(UnknownIdError) as err:
        load_rule(rates, "progresive")
    assert (
        str(err.value) == "unknown rule 'progresive' (did you mean 'progressive-metrostroi-1933'?)"
    )


def test_sweep_frame_is_long_and_keeps_open_ends_missing(rates: Rates) -> None:
    from stakhanov.views.frames import sweep_frame

    res = sweep(rates, [0.0, 0.5], "stakhanov-1935", [0.0, 11.0])
    frame = sweep_frame(res)
    assert len(frame) == 2 * 2 * len(rates.wages)
    row = frame[(frame.group == "miner") & (frame.alpha == 0.5) & (frame.tariff_pct == 11.0)]
    # N' = 7 + 0.5 * (102 - 7) = 54.5; 450 * 1.11 * 7 / 54.5
    assert row.central.item() == pytest.approx(450 * 1.11 * 7 / 54.5)
    stakh = frame[frame.group == "stakhanovite-miner"]
    assert stakh.high.isna().all()  # "more than 1,600": no upper end, at any α


# ---- issue #24: tests a surviving mutant showed missing ------------------------------------


def test_alpha_toward_a_record_checks_the_norm_named(rates: Rates) -> None:
    # Stakhanov's 102 t (Markin ¶9) is measured against coal-hewing: naming that norm is
    # fine (7 + 0.1 * (102 - 7) = 16.5), naming another is refused.
    rev = revise_norm(rates, "coal-hewing", alpha=0.1, toward="stakhanov-1935")
    assert rev.new.mid == pytest.approx(16.5)
    with pytest.raises(UsageError) as err:
        revise_norm(rates, "lathe-wheels", alpha=0.1, toward="stakhanov-1935")
    assert (
        str(err.value)
        == "record 'stakhanov-1935' is measured against 'coal-hewing', not 'lathe-wheels'"
    )


def test_a_group_off_the_norm_moves_by_exactly_zero(rates: Rates) -> None:
    from stakhanov.data.interval import Span

    # The engineer's 8,600 is a salary (Markin ¶28): a norm raise moves it by exactly 0%.
    engineer = _effect(revise(rates, raise_pct=10.0), "engineer")
    assert engineer.change_pct == Span(0.0, 0.0, 0.0, "exact")


def test_change_toward_a_record_range_is_central_at_the_central_norm(rates: Rates) -> None:
    # Markin ¶16: at the most 30 to 35 t per worker (30 printed, so the central is 32.5).
    # At α = 0.1 the new norm is 7 + 0.1 * (30 - 7) = 9.3 to 7 + 0.1 * (35 - 7) = 9.8, central
    # 7 + 0.1 * (32.5 - 7) = 9.55. Straight piece rate: pay scales by 7 / N', whatever the wage.
    miner = _effect(revise(rates, alpha=0.1, toward="stakhanov-per-worker"), "miner")
    c = miner.change_pct
    assert c.central == pytest.approx(100 * (7 / 9.55 - 1), rel=1e-12)  # not the midpoint
    assert (c.low, c.high) == pytest.approx((100 * (7 / 9.8 - 1), 100 * (7 / 9.3 - 1)))  # fall
    assert c.bound == "range"


def test_norm_grid_lines_ratios_and_rule(rates: Rates) -> None:
    # (tests/test_html_page.py has the fuller check; mutmut does not run that file.)
    from stakhanov.calc.norm_grid import norm_grid

    grid = norm_grid(rates, ["miner"], ["miner", "auxiliary", "engineer"], step=0.5)
    assert grid.alphas == (0.0, 0.5, 1.0)
    assert grid.rule == "straight"  # no --rule and no scenario rule: the straight piece rate
    toward = grid.record("stakhanov-1935")
    assert toward.old_norm == 7  # coal-hewing's default point, Markin ¶9
    # α = 0.5: N' = 7 + 0.5 * (102 - 7) = 54.5; the miner's 450 becomes 450 * 7 / 54.5.
    assert toward.line("miner").change_pct[1] == pytest.approx(100 * (7 / 54.5 - 1))
    # Every unordered pair of the three, in order: miner/auxiliary, miner/engineer,
    # auxiliary/engineer (the auxiliary's 170 and the engineer's 8,600 are not on the norm).
    assert [(r.numerator, r.denominator) for r in toward.ratios] == [
        ("miner", "auxiliary"),
        ("miner", "engineer"),
        ("auxiliary", "engineer"),
    ]
    assert toward.ratios[2].after == pytest.approx((170 / 8600,) * 3)


def test_brigade_size_and_outputs_are_checked_with_their_own_words(rates: Rates) -> None:
    # docs/limits.md: members of a brigade (--size, --outputs), at most 1,000.
    with pytest.raises(UsageError) as err:
        compare_brigade(rates, size=1001)
    assert str(err.value) == (
        "--size: 1,001 is over the limit of 1,000; a brigade is a hewer and a few timbermen"
    )
    with pytest.raises(UsageError) as err:
        compare_brigade(rates, outputs=[102, -1])
    assert str(err.value) == "each member's output must be a number >= 0"


def test_brigade_size_names_where_it_comes_from(rates: Rates) -> None:
    # rates/brigade.toml: size = 3, size_source = "brigade-accounts"; a size given is the user's.
    assert compare_brigade(rates).size_source == "brigade-accounts"
    assert compare_brigade(rates, size=2).size_source == "user"


def test_sweep_refuses_an_empty_grid_and_reports_progress(rates: Rates) -> None:
    from stakhanov.calc.sweep import sweep_chunks

    for alphas, tariffs in (([], [0.0]), ([0.1], [])):
        with pytest.raises(UsageError) as err:
            sweep(rates, alphas, "stakhanov-1935", tariffs)
        assert str(err.value) == "the grid is empty"
    seen: list[tuple[int, int]] = []
    parts = sweep_chunks(
        rates, [0.0, 0.5], "stakhanov-1935", [0.0, 1.0, 2.0], points=4,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert len(list(parts)) == 2
    # Four points a part: two tariffs by two α, then the third tariff; 3 tariffs in all.
    assert seen == [(2, 3), (3, 3)]


def test_norm_json_names_the_rule(rates: Rates) -> None:
    # docs/commands.md: norm output carries the revision's context, `rule` among it; with no
    # --rule and no scenario rule that is the straight piece rate (docs/model.md).
    d = revise(rates, raise_pct=10.0).as_dict()
    assert (d["norm"], d["old"], d["rule"]) == ("coal-hewing", 7, "straight")
