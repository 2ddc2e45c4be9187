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
    # The ledger holds the four reports' figures; prices come from outside them, so a
    # price is explained but never supported by a ledger row.
    assert set(KINDS) == {*SUPPORTED_TABLES, "prices"}
    for table in ("wages", "norms", "records", "privileges", "prices"):
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
    # The ledger rows under the keys of DESIGN.md (its columns): Markin ¶9's '102 tons'
    # supports the record itself (rates/mentions.csv, line 56).
    [cited] = [m for m in data["mentions"] if (m["paragraph"], m["as_printed"]) == (9, "102 tons")]
    design = ("source_id", "paragraph", "as_printed", "quantity", "low", "high", "unit")
    assert set(cited) >= {*design, "subject", "supports", "left_out", "note"}
    assert (cited["source_id"], cited["supports"], cited["left_out"]) == (
        "markin-1936",
        "records:stakhanov-1935",
        None,
    )
    code, out, _ = run(capsys, "why", "miner", "--format", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert rows[0]["evidence"] == "data" and rows[2]["as_printed"] == "400 to 5oo rubles"
    # Markin ¶28 gives the miners' wages with (Pravda, Nov. 16, 1935): the report's own row.
    assert (rows[1]["evidence"], rows[1]["source_id"]) == ("report", "pravda-1935-11-16")
    assert (
        rows[1]["as_printed"] == "Nov. 16, 1935"
        and rows[1]["relation"] == "quoted by markin-1936 ¶28"
    )


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


_BOTH = "supports: give supports (table:id) or left_out (a reason), not both"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"supports": "records:stakhanov-1936", "left_out": ""},
            "supports: no row 'stakhanov-1936' in records.csv",
        ),
        (  # the five tables the module's docstring names, in its order
            {"supports": "tables:x", "left_out": ""},
            "supports: 'tables:x' must be table:id, the table one of wages, norms, records, "
            "privileges, claims",
        ),
        ({"supports": "records:stakhanov-1935"}, _BOTH),  # and left_out 'rhetorical'
        ({"left_out": ""}, _BOTH),  # neither
        (
            {"source_id": "textbook"},
            "source_id: 'textbook' is external: the ledger covers the source texts",
        ),
        ({"paragraph": "0"}, "paragraph: must be a positive whole number, got '0'"),
        ({"quantity": "lots"}, "quantity: must be a number, got 'lots'"),
    ],
)
def test_a_bad_ledger_row_is_named_by_file_and_line(
    tmp_path: Path, changes: dict[str, str], problem: str
) -> None:
    # Line 2 is the first row: the AFP's '20th century', left out as rhetorical. Each
    # problem is the whole line FILE:LINE: column: problem.
    rates = _edit_ledger(tmp_path, 2, **changes)
    with pytest.raises(DataError) as err:
        load_mentions(rates)
    assert f"mentions.csv:2: {problem}" in err.value.problems, err.value.problems


def test_a_ledger_row_cited_by_a_locator_names_no_paragraph(tmp_path: Path) -> None:
    # A row that gives a locator (a page) and no paragraph is not at any paragraph:
    # paragraphs count from 1 (quotes.paragraphs), so it must not read as the first.
    rates = _edit_ledger(tmp_path, 2, paragraph="", locator="p. 5")
    first = load_mentions(rates)[0]
    assert first.paragraph < 1


def test_a_claim_id_is_read_as_the_csv_module_reads_it(tmp_path: Path) -> None:
    # claims.csv is read as the csv module asks (newline=""): a quoted cell keeps its CR LF,
    # as mentions.csv keeps it, so a ledger row supporting that claim finds it.
    rates = _edit_ledger(tmp_path, 2, supports="claims:odd\r\nid", left_out="")
    claims = Path(rates.root or "") / "claims.csv"
    with claims.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows.append({**rows[0], "id": "odd\r\nid"})
    with claims.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert load_mentions(rates)[0].supports == "claims:odd\r\nid"


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
    # before: Markin ¶28, no more than 150, 120 or even 100
    assert "150 or less (down to 100 printed) rubles a month" in out
    _, out, _ = run(capsys, "why", "lowest-paid", "--scenario", str(path), "-f", "json")
    [change] = json.loads(out)["scenario_changes"]
    assert change["where"] == f"{path}:12: wages.lowest-paid"  # line 12: [wages.lowest-paid]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("150 rubles or less", "≤ 150 rubles"),  # Markin ¶28: open below
        ("1,600 rubles", "≥ 1,600 rubles"),  # 'more than 1,600': open above
        ("about ten tons", "≈ 10 t"),  # Markin ¶9: approximate, held as 10 with 'about'
        ("almost 800 tons", "almost 800 t"),  # Markin ¶10: a little short of 800
        ("30\u00a035 tons", "≤ 35 t"),  # Markin ¶16: at the most 30 35 tons
        ("150, 120 or even 100", "≤ 150 rubles"),  # Markin ¶28: no more than 150
        ("6–7 tons", "6–7 t"),
        ("102 tons", "102 t"),
        ("Aug. 31, 1935", "date"),
    ],
)
def test_how_a_ledger_figure_reads(printed: str, expected: str) -> None:
    from stakhanov.views.why import reads

    [m] = [m for m in load_mentions(load_rates()) if m.as_printed == printed][:1]
    assert reads(m) == expected


# ---- prices (issue 18): from outside the four reports, each end cited apart --------------


def _price_row(price_id: str) -> dict[str, str]:
    """The row of rates/prices.csv, read here with the csv module, not through the loader."""
    with (ROOT / "rates" / "prices.csv").open(encoding="utf-8", newline="") as handle:
        return next(r for r in csv.DictReader(handle) if r["id"] == price_id)


def test_a_price_is_explained_with_both_ends_cited(rates: Rates) -> None:
    row = _price_row("rye-bread")
    e = explain(rates, "rye-bread")
    assert (e.kind, e.label) == ("price", "rye bread")
    assert e.figure == "0.85–1.00 rub/kg, Moscow, 1935-01 to 1937-01"
    assert (e.low, e.high, e.unit, e.period) == (0.85, 1.0, "rub/kg", "1935-01 to 1937-01")
    assert e.note == row["note"] and "inferred" in e.note
    assert e.mentions == () and e.claims == ()  # the ledger and the claims are the reports'
    ends = e.as_dict()["price"]["ends"]
    # Low end: Yvon's table, image 23; high end: Ammende p. 95 (54 and 90 rubles).
    assert [(x["end"], x["source_id"], x["page"], x["as_printed"]) for x in ends] == [
        ("low", row["source_id"], row["page"], row["as_printed"]),
        ("high", row["high_source_id"], row["high_page"], row["high_as_printed"]),
    ]
    assert ends[1]["source_id"] == "ammende-1936" and ends[1]["page"] == "95"
    assert explain(rates, "prices:rye-bread").id == "rye-bread"


def test_why_a_price_in_a_table_and_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "why", "rye-bread")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == [
        "rye-bread (price): rye bread",
        "  figure: 0.85–1.00 rub/kg, Moscow, 1935-01 to 1937-01",
    ]
    assert lines[2].startswith("  source: external, outside the four reports")
    assert "at 0.85–1.00 rub/kg, Moscow, external source" in lines[2]
    assert lines[3] == "  low end 0.85: yvon-1937 image 23, printed 'rye bread 0.85'"
    assert lines[4] == "  high end 1.00: ammende-1936 p. 95, printed '54 roubles;90 roubles'"
    assert lines[5].startswith("  note: The interval for Markin's wages")
    # One source for both ends (Yvon's 1.70 for wheat bread): one citation line.
    _, out, _ = run(capsys, "why", "wheat-bread")
    assert "  cited: yvon-1937 image 23, printed 'wheat bread 1.70'" in out.splitlines()
    code, out, _ = run(capsys, "why", "rye-bread", "--format", "json")
    data = json.loads(out)
    assert (data["kind"], data["low"], data["high"]) == ("price", 0.85, 1.0)
    price = data["price"]
    assert (price["place"], price["applies_from"], price["applies_to"]) == (
        "Moscow",
        "1935-01",
        "1937-01",
    )
    assert price["external"] is True and price["set_by"] is None
    assert [(x["end"], x["value"]) for x in price["ends"]] == [("low", 0.85), ("high", 1.0)]
    code, out, _ = run(capsys, "why", "rye-bread", "--format", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert [(r["source_id"], r["relation"]) for r in rows] == [
        ("yvon-1937", "low end, image 23"),
        ("ammende-1936", "high end, p. 95"),
    ]


def test_a_scenario_line_that_replaced_a_price(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dearer.toml"
    path.write_text('[meta]\ntitle = "Dearer"\n\n[prices.rye-bread]\nlow = 0.9\n', "utf-8")
    e = explain(load_rates(), "rye-bread", [path])
    [change] = e.changes
    assert change.where == f"{path}:4: prices.rye-bread"  # line 4: [prices.rye-bread]
    assert (change.before, change.after) == (
        "0.85–1.00 rub/kg, Moscow, 1935-01 to 1937-01",
        "0.90–1.00 rub/kg, Moscow, 1935-01 to 1937-01",
    )
    assert str(e.citation) == f"{path}:4" and e.citation.scenario
    code, out, _ = run(capsys, "why", "rye-bread", "--scenario", str(path))
    assert code == 0
    assert f"  cited: {path}:4 (a scenario line;" in out
    assert "set by scenario" in out and "external source'" not in out
    assert "    low end: yvon-1937 image 23, printed 'rye bread 0.85'" in out  # what it replaced
    assert "Replaced by a scenario" in out
    # --set works the same way, and names itself as the place that set the price.
    _, out, _ = run(capsys, "why", "rye-bread", "--set", "prices.rye-bread.high=1.1", "-f", "json")
    data = json.loads(out)
    assert data["price"]["set_by"] == "--set prices.rye-bread.high=1.1 (command line)"
    assert data["price"]["external"] is False
    [change_json] = data["scenario_changes"]
    assert change_json["after"] == "0.85–1.10 rub/kg, Moscow, 1935-01 to 1937-01"


def test_a_price_written_as_it_stands_is_no_change(tmp_path: Path) -> None:
    path = tmp_path / "same.toml"
    path.write_text('[meta]\ntitle = "Same"\n\n[prices.rye-bread]\nlow = 0.85\n', "utf-8")
    e = explain(load_rates(), "rye-bread", [path])
    assert e.changes == () and str(e.citation) == "yvon-1937"


def test_an_unknown_price_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "why", "rye-bred")
    assert (code, out) == (1, "")
    assert err == "stakhanov: unknown id 'rye-bred' (did you mean 'rye-bread'?)\n"


@pytest.mark.parametrize(
    ("item", "figure", "bound", "inferred"),
    [
        # Markin ¶28: "no more than 150, 120 or even 100": at most 150, 100 printed below it.
        ("lowest-paid", "150 or less (down to 100 printed) rubles a month", "at most",
         ("period", "pay basis")),
        # ¶16: "at the most 30 35 tons": at most 35, 30 printed beside it.
        ("stakhanov-per-worker", "35 or less (down to 30 printed) t per six-hour shift, "
         "1935-08-31", "at most", ()),
        # ¶10: "almost 800 tons", no period named.
        ("borisov", "almost 800 t per shift (inferred), 1935", "almost", ("duration",)),
        # ¶9: "about ten tons", no period named.
        ("europe-average", "≈ 10 t per shift (inferred)", "about", ("duration",)),
    ],
)  # fmt: skip
def test_why_shows_the_bound_as_printed(
    rates: Rates, item: str, figure: str, bound: str, inferred: tuple[str, ...]
) -> None:
    e = explain(rates, item)
    assert (e.figure, e.bound, e.inferred) == (figure, bound, inferred)


def test_why_names_the_inferred_duration_and_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "why", "udotzev-looms")
    assert code == 0
    # Looms attended are a count at once, not an output per shift (Markin ¶36).
    assert "144 looms at once (inferred)" in out and "duration: at once (inferred" in out
    # ¶36 gives Udotzev's looms within its quotation of Trud, Nov. 12, 1935.
    assert "report: Trud, Nov. 12, 1935 (read 1935-11-12) [trud-1935-11-12]" in out
    assert "quoted by markin-1936 ¶36" in " ".join(out.split())
    _, out, _ = run(capsys, "why", "textile", "-f", "json")
    report = json.loads(out)["citation"]["report"]
    # ¶28 prints (Pravda, Nov. 18, 1936): a misprint, read as 18 November 1935.
    assert report["date_printed"].startswith("Nov. 18, 1936") and report["date"] == "1935-11-18"
    assert report["date_inferred"] is True and report["via"] == "markin-1936"


def test_a_report_quoted_twice_prints_the_form_of_each_paragraph(rates: Rates) -> None:
    from stakhanov.calc.why import report_chain
    from stakhanov.data.records import Citation

    # rates/sources.csv: Trud of 2 November 1935, printed "November 2 issue" in ¶19 and
    # "Nov. 2, 1935" in ¶29, its date read by context.
    trud = rates.sources["trud-1935-11-02"]
    assert report_chain(trud, Citation("markin-1936", 29)) == (
        "Trud, Nov. 2, 1935 (read 1935-11-02, by context) [trud-1935-11-02], "
        "quoted by markin-1936 ¶29"
    )


def test_a_valued_privilege_and_an_added_group_are_explained(rates: Rates, tmp_path: Path) -> None:
    # examples/privileges-valued.toml: cinema = 5 (rubles a month, the user's assumption).
    e = explain(rates, "privileges:cinema", [ROOT / "examples" / "privileges-valued.toml"])
    assert e.figure == "5 rubles a month"
    [change] = e.changes
    assert (change.before, change.after) == ("no ruble value in the sources", "5 rubles a month")
    path = tmp_path / "s.toml"
    path.write_text(
        '[meta]\ntitle = "t"\n[[add.groups]]\nid = "g"\nlabel = "l"\nvalue = 100\n'
        'period = "month"\npay_basis = "time"\nsource_id = "markin-1936"\nparagraph = 28\n',
        encoding="utf-8",
    )
    [change] = explain(rates, "g", [path]).changes
    assert change.before == "—"  # no such group before the scenario added it
