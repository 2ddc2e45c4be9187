"""Scenarios: overlays checked in full before they apply, never mutating the base."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import ROOT
from stakhanov.calc.comparison import ratio
from stakhanov.calc.diff import diff
from stakhanov.calc.norms import revise
from stakhanov.data.rates import Rates, load_rates
from stakhanov.errors import ScenarioError
from stakhanov.scenarios.overlay import apply_files, check_files
from stakhanov.scenarios.starter import starter, write_starter

EXAMPLES = ROOT / "examples"


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(rates: Rates, path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        apply_files(rates, [path])
    return list(err.value.problems)


HEAD = '[meta]\ntitle = "t"\n'


def test_the_issue_example_applies(rates: Rates, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + """
[wages.miner]
low  = 300
high = 350

[norms.coal-hewing]
value = 7.5

[records.stakhanov-1935]
output = 34

[rule]
name = "progressive-metrostroi-1933"

[privileges]
value = { sanatorium = 40, kindergarten = 25 }
groups = ["stakhanovite-miner", "stakhanovite-auxiliary", "stakhanovite-textile"]

[periods]
working_days_per_month = 25

[[add.groups]]
id = "timberman"
label = "Timberman"
value = 170
period = "month"
pay_basis = "time"
note = "assumption: paid like the auxiliary"
""",
    )
    new = apply_files(rates, [path])
    assert (new.group("miner").wage.low, new.group("miner").wage.high) == (300, 350)
    assert new.norm("coal-hewing").value == 7.5
    assert new.record("stakhanov-1935").output.mid == 34
    assert new.rule.name == "progressive-metrostroi-1933"
    assert dict(new.privilege_values) == {"sanatorium": 40, "kindergarten": 25}
    assert new.working_days_per_month == 25
    # Each changed figure cites the line that set it (HEAD is lines 1-2, then a blank line):
    # miner's low on line 5, the norm's value on 9, the record's output on 12, and the
    # assumed timberman's id on 25; the miner's note no longer carries the source's "5oo".
    assert str(new.group("miner").citation) == f"{path}:5"
    assert new.group("miner").note == "replaces 400–500 a month (markin-1936 ¶28)"
    assert str(new.norm("coal-hewing").citation) == f"{path}:9"
    assert str(new.record("stakhanov-1935").citation) == f"{path}:12"
    assert str(new.group("timberman").citation) == f"{path}:25"
    assert new.group("auxiliary").citation == rates.group("auxiliary").citation
    assert new.scenarios == (f"t ({path})",)


def test_base_is_never_mutated(rates: Rates, tmp_path: Path) -> None:
    before = dataclasses.asdict(rates.group("miner"))
    snapshot = (dict(rates.wages), dict(rates.norms), dict(rates.records), rates.scenarios)
    apply_files(rates, [write(tmp_path, HEAD + "[wages.miner]\nlow = 1\nhigh = 2\n")])
    assert dataclasses.asdict(rates.group("miner")) == before
    assert (dict(rates.wages), dict(rates.norms), dict(rates.records), rates.scenarios) == snapshot


def test_layers_apply_in_order_and_later_wins(rates: Rates, tmp_path: Path) -> None:
    a = write(tmp_path, HEAD + "[wages.miner]\nlow = 300\nhigh = 350\n", "a.toml")
    b = write(tmp_path, HEAD + "[wages.miner]\nhigh = 320\n", "b.toml")
    new = apply_files(rates, [a, b])
    assert (new.group("miner").wage.low, new.group("miner").wage.high) == (300, 320)
    assert len(new.scenarios) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[meta]\nnote = 'x'\n",
            ["s.toml:1: meta.title: missing: every scenario needs a [meta] title"],
        ),
        (
            HEAD + "\n[wages.minr]\nlow = 1\n",
            ["s.toml:4: wages.minr: unknown group (did you mean 'miner'?)"],
        ),
        (
            HEAD + "[wages.miner]\nlow = 'cheap'\n",
            ["s.toml:4: wages.miner.low: must be a number, got text"],
        ),
        (HEAD + "[wages.miner]\nlow = -5\n", ["s.toml:4: wages.miner.low: must be > 0, got -5"]),
        (HEAD + "[wages.miner]\nlow = 600\n", ["s.toml:4: wages.miner.low: low 600 > high 500"]),
        (
            HEAD + "[wages.miner]\nhigh = nan\n",
            ["s.toml:4: wages.miner.high: must be a finite number, got nan"],
        ),
        (
            HEAD + "[wages.miner]\nhigh = inf\n",
            ["s.toml:4: wages.miner.high: must be a finite number, got inf"],
        ),
        (
            HEAD + "[wages.miner]\nhigh_open = 'yes'\n",
            ["s.toml:4: wages.miner.high_open: must be true or false, got text"],
        ),
        (
            HEAD + "[wages.miner]\nwage = 400\n",
            [
                "s.toml:4: wages.miner.wage: unknown key (expected one of low, high, low_open, "
                "high_open, period, pay_basis, norm_id, label, note)"
            ],
        ),
        (
            HEAD + "[rule]\nname = 'progresive'\n",
            [
                "s.toml:4: rule.name: unknown rule 'progresive' "
                "(did you mean 'progressive-metrostroi-1933'?)"
            ],
        ),
        (
            HEAD + "[wagez.miner]\nlow = 1\n",
            ["s.toml:3: wagez: unknown section (did you mean 'wages'?)"],
        ),
        (
            HEAD + "[privileges]\nvalue = { sauna = 5 }\n",
            ["s.toml:4: privileges.value.sauna: unknown privilege"],
        ),
        (
            HEAD + "[periods]\nworking_days_per_month = 40\n",
            ["s.toml:4: periods.working_days_per_month: must be > 0 and <= 31, got 40"],
        ),
        (
            HEAD + "[revision]\nalpha = 0.1\n",
            ["s.toml:3: revision.toward: missing: alpha needs a record to move toward"],
        ),
        (
            HEAD + "[[add.groups]]\nid = 'miner'\n",
            [
                "s.toml:4: add.groups.0.id: group 'miner' already exists: "
                "change it under [wages.miner]"
            ],
        ),
        # A bound with its end allowed (>=) and one refused (>): alpha runs over [0, 1].
        (
            HEAD + "[revision]\nalpha = 2\ntoward = 'stakhanov-1935'\n",
            ["s.toml:4: revision.alpha: must be >= 0 and <= 1, got 2"],
        ),
        (
            HEAD + "[revision]\nraise = 10\ntariff = 'x'\n",
            ["s.toml:5: revision.tariff: must be a number, got text"],
        ),
        (
            HEAD + "[norms.coal-hewing]\nvalue = -1\n",
            ["s.toml:4: norms.coal-hewing.value: must be > 0, got -1"],
        ),
        (  # a value of 20 t with the norm's range set to 5..10 t around it
            HEAD + "[norms.coal-hewing]\nvalue = 20\nlow = 5\nhigh = 10\n",
            ["s.toml:4: norms.coal-hewing.value: 20 lies outside low..high (5..10)"],
        ),
        (
            HEAD + "[records.stakhanov-1935]\noutptu = 34\n",
            ["s.toml:4: records.stakhanov-1935.outptu: unknown key (did you mean 'output'?)"],
        ),
        (
            HEAD + "[wages.miner]\nnorm_id = 'zzz'\n",
            ["s.toml:4: wages.miner.norm_id: unknown norm 'zzz'"],
        ),
        (
            HEAD + "[wages.miner]\npay_basis = 'timed'\n",
            [
                "s.toml:4: wages.miner.pay_basis: unknown value 'timed' (did you mean 'time'?) "
                "(expected one of piece, time, salary, statistic)"
            ],
        ),
        (  # the label and note are good text: only the low is refused
            HEAD + "[wages.miner]\nlow = -5\nlabel = 'Hewer'\nnote = 'n'\n",
            ["s.toml:4: wages.miner.low: must be > 0, got -5"],
        ),
        (
            HEAD + "[privileges]\ngroups = ['minr']\n",
            ["s.toml:4: privileges.groups: unknown group 'minr' (did you mean 'miner'?)"],
        ),
        (
            HEAD + "[add]\ngroups = 5\n",
            ["s.toml:4: add.groups: must be [[add.groups]] tables"],
        ),
        (  # lines 3-9: a new group assumed, paid by a norm the data lacks (line 10)
            HEAD + "[[add.groups]]\nid = 'timberman'\nlabel = 'T'\nvalue = 170\n"
            "period = 'month'\npay_basis = 'time'\nnote = 'assumption: x'\nnorm_id = 'zzz'\n",
            ["s.toml:10: add.groups.0.norm_id: unknown norm 'zzz'"],
        ),
        (  # docs/limits.md: a price lies between 0.0001 and 1,000,000 rubles
            HEAD + "[prices.rye-bread]\nlow = 2000000\nhigh = 2000000\n",
            [
                "s.toml:4: prices.rye-bread.low: must be between 0.0001 and 1,000,000 rubles, "
                "got 2,000,000",
                "s.toml:5: prices.rye-bread.high: must be between 0.0001 and 1,000,000 rubles, "
                "got 2,000,000",
            ],
        ),
        (
            HEAD + "[prices.rye-bread]\nnote = 5\n",
            ["s.toml:4: prices.rye-bread.note: must be text, got a number"],
        ),
        (  # rules.py's own message, placed at the key's line: edges on line 13
            HEAD + "[rule]\nkind = 'progressive'\nlabel = 'x'\n"
            "[rule.provenance]\nsource_id = 'textbook'\nkind = 'textbook'\n"
            "reference = 'r'\nconfidence = 'low'\nnote = 'n'\n"
            "[rule.params]\nedges = [100, 125, 110]\nsurcharges = [25, 50, 100]\n",
            ["s.toml:13: rule.params.edges: band edges must increase, got [100, 125, 110]"],
        ),
        (  # a multi-line note holds text, not keys: 'low = 1' on line 5 is not the low
            HEAD + '[wages.miner]\nnote = """\nlow = 1\n"""\nlow = -5\n',
            ["s.toml:7: wages.miner.low: must be > 0, got -5"],
        ),
        (  # a quoted key is the key: [wages."miner"] is [wages.miner]
            HEAD + '[wages."miner"]\nlow = -5\n',
            ["s.toml:4: wages.miner.low: must be > 0, got -5"],
        ),
        (  # problems by line number, 4 before 12 (not as text, where '12' sorts first)
            HEAD + "[wages.miner]\nlow = -5\n" + "\n" * 6 + "[norms.coal-hewing]\nvalue = -1\n",
            [
                "s.toml:4: wages.miner.low: must be > 0, got -5",
                "s.toml:12: norms.coal-hewing.value: must be > 0, got -1",
            ],
        ),
    ],
)
def test_each_problem_names_file_line_and_key(
    rates: Rates, tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = write(tmp_path, text)
    assert problems(rates, path) == [e.replace("s.toml", str(path)) for e in expected]


def test_every_problem_at_once(rates: Rates, tmp_path: Path) -> None:
    path = write(tmp_path, "[meta]\n\n[wages.minr]\nlow = 1\n\n[wages.engineer]\nlow = -5\n")
    assert problems(rates, path) == [
        f"{path}:1: meta.title: missing: every scenario needs a [meta] title",
        f"{path}:3: wages.minr: unknown group (did you mean 'miner'?)",
        f"{path}:7: wages.engineer.low: must be > 0, got -5",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "{p}: empty scenario file"),
        (b"  \n\n", "{p}: empty scenario file"),
        (
            b"[meta\ntitle = 1\n",
            "{p}:1: TOML syntax error: Expected ']' at the end of a table declaration",
        ),
        (b"\x00\x01\x02", "{p}: a binary file, not a TOML scenario file"),
        (b"[meta]\ntitle = '\xff'\n", "{p}:2: not UTF-8 text"),
    ],
)
def test_unreadable_files(rates: Rates, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(content)
    assert problems(rates, path) == [message.format(p=path)]


def test_missing_file_directory_and_huge_file(rates: Rates, tmp_path: Path) -> None:
    assert problems(rates, tmp_path / "nope.toml") == [f"{tmp_path / 'nope.toml'}: no such file"]
    assert problems(rates, tmp_path) == [f"{tmp_path}: is a directory, not a scenario file"]
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"# padding\n" * 1_000_000)
    assert problems(rates, huge) == [
        f"{huge}: too large for a scenario file (10,000,000 bytes; the limit is 1,000,000)"
    ]


def test_check_collects_problems_across_files(rates: Rates, tmp_path: Path) -> None:
    a = write(tmp_path, "[meta]\n", "a.toml")
    b = write(tmp_path, HEAD + "[wages.minr]\n", "b.toml")
    _, found = check_files(rates, [a, b])
    assert len(found) == 2


# --- the examples: each checks, runs, and reaches a hand-computed figure ------------------


def _example(name: str) -> Rates:
    return apply_files(load_rates(), [EXAMPLES / name])


def _scenario_examples() -> list[Path]:
    # examples/ also holds workforce files ([headcount]); those are tested with workforces.
    return [p for p in sorted(EXAMPLES.glob("*.toml")) if "[headcount]" not in p.read_text()]


def test_every_example_checks_and_has_a_header() -> None:
    files = _scenario_examples()
    assert len(files) >= 6
    for path in files:
        assert path.read_text(encoding="utf-8").startswith("#"), f"{path.name}: no header"
        _, found = check_files(load_rates(), [path])
        assert found == [], found


def _miner_after(rates: Rates, **kw: object) -> float:
    result = revise(rates, **kw)  # type: ignore[arg-type]
    return next(e.after.central for e in result.effects if e.group == "miner")


def test_example_brigade_corrected() -> None:
    # N' = 7 + 0.1 * (34 - 7) = 9.7 t; 450 * 7 / 9.7 = 324.74
    rates = _example("brigade-corrected.toml")
    assert _miner_after(rates, alpha=0.1, toward="stakhanov-1935") == pytest.approx(450 * 7 / 9.7)


def test_example_metro_progressive() -> None:
    # Stakhanovite at 1,600 under the Metro bands: above 125% the multiple is
    # x + 0.25*0.10 + 0.50*0.15 + 1.0*(x - 1.25) = 2x - 1.15 = 1600/450, so
    # x = (1600/450 + 1.15) / 2 and q = 7x = 16.47 t; after N' = 16.5, q/N' < 1: straight.
    rates = _example("metro-progressive.toml")
    q = 7 * (1600 / 450 + 1.15) / 2
    result = revise(rates, alpha=0.1, toward="stakhanov-1935")
    stakh = next(e for e in result.effects if e.group == "stakhanovite-miner")
    assert stakh.after.central == pytest.approx(450 * q / 16.5)


def test_example_privileges_valued() -> None:
    # 40 + 30 + 25 + 5 + 2 + 20 + 28 = 150 rubles; (400 + 150) / 170
    rates = _example("privileges-valued.toml")
    r = ratio(rates, "stakhanovite-auxiliary", "auxiliary", with_privileges=True)
    assert r.central == pytest.approx((400 + 150) / 170)
    assert ratio(rates, "stakhanovite-auxiliary", "auxiliary").central == pytest.approx(400 / 170)


def test_example_report_1939() -> None:
    # norms x 1.317, tariff x 1.110231 (= 0.843 * 1.317): 450 * 1.110231 / 1.317 = 0.843 * 450
    rates = _example("report-1939.toml")
    assert rates.revision == {"raise_pct": 31.7, "tariff_pct": 11.0231}
    assert _miner_after(rates, **rates.revision) == pytest.approx(0.843 * 450, rel=1e-6)


def test_example_borisov_norm() -> None:
    # N' = 17.4 + 0.1 * (102 - 17.4) = 25.86; 450 * 17.4 / 25.86
    rates = _example("borisov-norm.toml")
    assert _miner_after(rates, alpha=0.1, toward="stakhanov-1935") == pytest.approx(
        450 * 17.4 / 25.86
    )


def test_example_lowest_paid_100() -> None:
    # 8,600 / 100 = 86
    r = ratio(_example("lowest-paid-100.toml"), "engineer", "lowest-paid")
    assert (r.central, r.bound) == (pytest.approx(86.0), "exact")


# --- diff and starter -------------------------------------------------------------------


def test_diff_shows_inputs_and_moved_rows_only(rates: Rates) -> None:
    d = diff(rates, [EXAMPLES / "lowest-paid-100.toml"])
    assert [(c.path, c.before, c.after) for c in d.inputs] == [
        ("wages.lowest-paid.wage", "150 or less (down to 100 printed)", "100")
    ]
    moved = {(a.numerator, a.denominator) for a, _ in d.ratios}
    assert ("engineer", "lowest-paid") in moved
    assert ("miner", "auxiliary") not in moved  # untouched by the scenario
    assert d.norms == ()  # the lowest-paid are not on the hewing norm


def test_starter_checks_and_never_overwrites(rates: Rates, tmp_path: Path) -> None:
    path = write_starter(rates, tmp_path / "mine.toml")
    assert path.read_text(encoding="utf-8") == starter(rates)
    _, found = check_files(rates, [path])
    assert found == []
    from stakhanov.errors import OutputError

    with pytest.raises(OutputError) as err:
        write_starter(rates, path)
    assert str(err.value) == f"{path}: already exists (scenario new never replaces a file)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml"]  # no temp file left


def test_the_starter_explains_in_sentences(rates: Rates) -> None:
    # docs/scenarios.md: '##' lines explain, or show a setting. A setting is TOML once the
    # '## ' is taken off; an explanation is a sentence, so it begins with a capital.
    import tomllib

    for line in starter(rates).splitlines():
        if not line.startswith("## "):
            continue
        text = line[3:]
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            assert text[:1].isupper(), line


def test_an_added_group_notes_the_scenario_and_the_users_note(rates: Rates, tmp_path: Path) -> None:
    # Two new groups: one cited (Markin para. 28) with no note, one assumed with its note.
    # The note names the file that added each, then the user's note if there is one.
    path = write(
        tmp_path,
        HEAD + "[[add.groups]]\nid = 'cited'\nlabel = 'C'\nvalue = 170\nperiod = 'month'\n"
        "pay_basis = 'time'\nsource_id = 'markin-1936'\nparagraph = 28\n"
        "[[add.groups]]\nid = 'assumed'\nlabel = 'A'\nvalue = 170\nperiod = 'month'\n"
        "pay_basis = 'time'\nnote = 'assumption: like the driver'\n",
    )
    new = apply_files(rates, [path])
    assert new.group("cited").note == f"added by scenario {path}"
    assert new.group("assumed").note == f"added by scenario {path}: assumption: like the driver"


def test_a_norm_id_set_by_a_scenario_puts_the_group_on_that_norm(
    rates: Rates, tmp_path: Path
) -> None:
    # Kaslov's 950 for half a month (Markin para. 28) is piece work on no norm in the data;
    # put on the hewing norm, a 25% raise of it repays him 950 * 2 * 7 / (7 * 1.25) = 1,520.
    path = write(tmp_path, HEAD + '[wages.skilled-worker]\nnorm_id = "coal-hewing"\n')
    new = apply_files(rates, [path])
    assert rates.group("skilled-worker").norm_id is None  # the base is never mutated
    assert new.group("skilled-worker").norm_id == "coal-hewing"
    kaslov = next(e for e in revise(new, raise_pct=25.0).effects if e.group == "skilled-worker")
    assert kaslov.paid_by_norm
    assert kaslov.after.central == pytest.approx(950 * 2 * 7 / (7 * 1.25), rel=1e-12)
    assert "s.toml:4" in kaslov.source  # the scenario line that set the norm


# ---- a typo in [rule], and the order of problems ----------------------------------------------


def test_a_misspelled_rule_key_is_one_problem_at_its_own_line(rates: Rates, tmp_path: Path) -> None:
    # 'nmae' hides 'name': one problem, at the key's line (3), with the closest key, and no
    # 'missing kind', 'missing label' or 'missing provenance' for what the typo hid.
    path = tmp_path / "typo.toml"
    path.write_text('[meta]\ntitle = "t"\n[rule]\nnmae = "straight"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        apply_files(rates, [path])
    assert err.value.problems == (f"{path}:4: rule.nmae: unknown key (did you mean 'name'?)",)


def test_problems_come_in_file_order_then_line_order(rates: Rates, tmp_path: Path) -> None:
    # The [rule] typo (line 3) stands above the wage typo (line 6) in the first file; the
    # second file's problem comes after both, though it was written first.
    second = tmp_path / "b.toml"
    second.write_text('[meta]\ntitle = "b"\n[wages.minr]\nlow = 1\n', encoding="utf-8")
    first = tmp_path / "a.toml"
    first.write_text(
        '[meta]\ntitle = "a"\n[rule]\nnmae = "straight"\n\n[wages.miner]\nhgh = 520\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as err:
        apply_files(rates, [first, second])
    assert err.value.problems == (
        f"{first}:4: rule.nmae: unknown key (did you mean 'name'?)",
        f"{first}:7: wages.miner.hgh: unknown key (did you mean 'high'?)",
        f"{second}:3: wages.minr: unknown group (did you mean 'miner'?)",
    )


def test_diff_shows_a_record_moved_from_and_to(rates: Rates) -> None:
    # Markin ¶9: 102 t in the shift; examples/brigade-corrected.toml: output = 34.
    d = diff(rates, [EXAMPLES / "brigade-corrected.toml"])
    assert [(c.path, c.before, c.after) for c in d.inputs] == [
        ("records.stakhanov-1935.output", "102 t", "34 t")
    ]
