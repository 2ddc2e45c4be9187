"""``stakhanov why ID`` and the ledger loader: each figure with its sources, claims, scenarios.

Expected values are read off the source texts and rates/ by hand (the paragraph numbers of
Markin, AP and the blog), never from the command's own output.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import ROOT, copy_rates
from stakhanov.calc.report import source_notes
from stakhanov.calc.why import KINDS, explain
from stakhanov.data.mentions import SUPPORTED_TABLES, load_mentions
from stakhanov.data.rates import Rates, load_rates
from stakhanov.errors import DataError, UnknownIdError
from test_cli import run


def _where(e: object) -> list[tuple[str, int, str]]:
    return [
        (v.mention.source_id, v.mention.paragraph, v.relation)
        for v in e.mentions  # type: ignore[attr-defined]
        if v.mention.unit == "t"
    ]


def test_the_record_lists_its_three_sources_and_the_brigade_caveat(rates: Rates) -> None:
    e = explain(rates, "stakhanov-1935")
    assert (e.kind, e.figure) == ("record", "102 t per six-hour shift, 1935-08-31")
    assert str(e.citation) == "markin-1936 ¶9"
    # Markin ¶9 is the citation; ¶15 prints 102 t twice (a brigade's), ¶16 rejects 100 t or
    # more per worker; AP ¶5 and the blog ¶3 print the same 102 t.
    assert _where(e) == [
        ("markin-1936", 9, "cited"),
        ("markin-1936", 15, "agrees"),
        ("markin-1936", 15, "agrees"),
        ("markin-1936", 16, "differs"),
        ("ap-trud", 5, "agrees"),
        ("blog-freeze", 3, "agrees"),
    ]
    caveats = [v.mention.note for v in e.mentions if v.mention.paragraph in (15, 16)]
    assert all(n.startswith("Brigade caveat") for n in caveats)
    assert {k.id for k in e.claims} >= {"stakhanov-14-times-norm", "afp-227-tonnes"}


def test_a_group_says_what_is_inferred_and_its_open_bound(rates: Rates) -> None:
    e = explain(rates, "stakhanovite-miner")
    assert e.figure == "1,600 or more rubles a month"  # Markin ¶28: more than 1,600
    assert (e.low, e.high, e.high_open) == (1600, 1600, True)
    assert e.inferred == ("period", "pay basis")
    assert [v.mention.as_printed for v in e.mentions] == ["1,600 rubles"]
    textile = explain(rates, "textile")
    assert textile.figure == "150 or less rubles a month"  # ¶28: 150 rubles or less


def test_a_claim_and_a_privilege_are_explained(rates: Rates) -> None:
    claim = explain(rates, "kaslov-11-times")
    assert claim.kind == "claim"
    assert [v.mention.as_printed for v in claim.mentions] == ["u times"]  # OCR for 11, ¶28
    privilege = explain(rates, "privileges:cinema")
    assert (privilege.kind, privilege.figure) == ("privilege", "no ruble value in the sources")


def test_every_id_of_every_table_is_explained(rates: Rates) -> None:
    assert set(KINDS) == set(SUPPORTED_TABLES)
    for table in ("wages", "norms", "records", "privileges"):
        for item in getattr(rates, table):
            assert explain(rates, f"{table}:{item}").id == item


def test_an_unknown_id_suggests_the_closest(rates: Rates) -> None:
    with pytest.raises(UnknownIdError, match=r"unknown id 'stakhnov-1935' \(did you mean"):
        explain(rates, "stakhnov-1935")


def test_a_scenario_line_that_replaced_the_figure(rates: Rates) -> None:
    path = ROOT / "examples" / "brigade-corrected.toml"
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("[records.stakhanov-1935]")
    )
    e = explain(rates, "stakhanov-1935", [path])
    [change] = e.changes
    assert change.where == f"{path}:{line}: records.stakhanov-1935"
    assert (change.before, change.after) == (
        "102 t per six-hour shift, 1935-08-31",
        "34 t per six-hour shift, 1935-08-31",  # output = 34 in the scenario
    )
    assert e.figure.startswith("34 t")
    assert not explain(rates, "miner", [path]).changes


def test_cli_why_in_three_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "why", "stakhanov-1935")
    assert (code, err) == (0, "")
    assert "markin-1936 ¶15" in out and "ap-trud ¶5" in out and "blog-freeze ¶3" in out
    code, out, _ = run(capsys, "why", "stakhanov-1935", "--format", "json")
    data = json.loads(out)
    assert (data["kind"], data["citation"]["paragraph"]) == ("record", 9)
    code, out, _ = run(capsys, "why", "miner", "--format", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert rows[0]["evidence"] == "data" and rows[1]["as_printed"] == "400 to 5oo rubles"


def test_cli_unknown_id_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "why", "minr")
    assert (code, out) == (1, "")
    assert err == "stakhanov: unknown id 'minr' (did you mean 'miner'?)\n"


def test_sources_count_the_ledger_rows_of_each_text(rates: Rates) -> None:
    with (ROOT / "rates" / "mentions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counted = {n.source.id: n.mentions for n in source_notes(rates)}
    for sid in ("markin-1936", "ap-trud", "blog-freeze", "afp-hero-labour"):
        assert counted[sid] == sum(1 for r in rows if r["source_id"] == sid) > 0
    assert counted["neutatz-metro"] == 0


def _edit_ledger(tmp_path: Path, line: int, **changes: str) -> Rates:
    root = copy_rates(tmp_path)
    path = root / "mentions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[line - 2].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return load_rates(root)


_BOTH = "give supports (table:id) or left_out (a reason), not both"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"supports": "records:stakhanov-1936", "left_out": ""},
            "supports: no row 'stakhanov-1936' in records.csv",
        ),
        ({"supports": "tables:x", "left_out": ""}, "supports: 'tables:x' must be table:id"),
        ({"supports": "records:stakhanov-1935"}, _BOTH),  # and left_out 'rhetorical'
        ({"left_out": ""}, _BOTH),  # neither
        ({"source_id": "textbook"}, "'textbook' is external"),
        ({"paragraph": "0"}, "paragraph: must be a positive whole number"),
        ({"quantity": "lots"}, "quantity: must be a number, got 'lots'"),
    ],
)
def test_a_bad_ledger_row_is_named_by_file_and_line(
    tmp_path: Path, changes: dict[str, str], problem: str
) -> None:
    # Line 2 is the first row: the AFP's '20th century', left out as rhetorical.
    rates = _edit_ledger(tmp_path, 2, **changes)
    with pytest.raises(DataError) as err:
        load_mentions(rates)
    assert any(p.startswith("mentions.csv:2: ") and problem in p for p in err.value.problems)


def test_no_ledger_file_is_an_empty_ledger(tmp_path: Path) -> None:
    root = copy_rates(tmp_path)
    (root / "mentions.csv").unlink()
    assert load_mentions(load_rates(root)) == ()


def test_the_table_names_the_scenario_line_and_the_inferences(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = ROOT / "examples" / "lowest-paid-100.toml"
    code, out, err = run(capsys, "why", "lowest-paid", "--scenario", str(path))
    assert code == 0 and "scenarios applied" in err
    assert "period: month (inferred); pay basis: time (inferred)" in out
    assert "Replaced by a scenario" in out
    assert "100–150 rubles a month" in out  # before: Markin ¶28, 150, 120 or even 100
    _, out, _ = run(capsys, "why", "lowest-paid", "--scenario", str(path), "-f", "json")
    [change] = json.loads(out)["scenario_changes"]
    assert change["where"] == f"{path}:12: wages.lowest-paid"  # line 12: [wages.lowest-paid]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("150 rubles or less", "≤ 150 rubles"),  # Markin ¶28: open below
        ("1,600 rubles", "≥ 1,600 rubles"),  # 'more than 1,600': open above
        ("about ten tons", "about 10 t"),  # Markin ¶9: neither end stated
        ("6–7 tons", "6–7 t"),
        ("102 tons", "102 t"),
        ("Aug. 31, 1935", "date"),
    ],
)
def test_how_a_ledger_figure_reads(printed: str, expected: str) -> None:
    from stakhanov.views.why import reads

    [m] = [m for m in load_mentions(load_rates()) if m.as_printed == printed][:1]
    assert reads(m) == expected
