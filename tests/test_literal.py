"""User text is shown literally: never markup, never a terminal escape, never a formula.

Random text (any Unicode, with brackets, markup-like tags, escapes and control characters)
goes into labels and titles through real scenario and workforce files, and the real CLI
(in process, for speed) must show it as written: exactly in JSON, neutralised the OWASP way
in CSV, with control characters escaped in tables, and the exit code never changes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stakhanov.cli.app import main
from stakhanov.data.literal import csv_cell, literal

# Text a hostile or careless file could hold: markup, escapes, controls, bidi overrides.
MARKUP = ["[", "]", "[/bold]", "[link=http://example.invalid]", ":smile:"]
CONTROLS = [
    "\x1b[2J",
    "\x1b]8;;x\x07",
    "\n",
    "\r",
    "\t",
    "\x00",
    "\x7f",
    "\x9b",
    "\u202e",
    "\u2028",
]
PIECES = st.sampled_from([*MARKUP, *CONTROLS, "=", "+", "-", "@", "\\"])
TEXT = st.lists(st.one_of(PIECES, st.text(min_size=1, max_size=3)), min_size=1, max_size=6).map(
    "".join
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# What a terminal would obey: every C0 control but the newline that ends a line, DEL, C1,
# the line separators and the bidirectional controls.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _toml_string(text: str) -> str:
    """A TOML basic string holding ``text`` exactly (independent of the code under test)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def test_literal_escapes_what_a_terminal_obeys() -> None:
    assert literal("a\x1b[2Jb\nc\td\re\x00f\x7fg\x9bh\u202ei\u2028") == (
        "a\\x1b[2Jb\\nc\\td\\re\\x00f\\x7fg\\x9bh\\u202ei\\u2028"
    )
    assert literal("Hewer [sic] — шахтёр") == "Hewer [sic] — шахтёр"  # printable: untouched


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+7 rubles", "'+7 rubles"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\\tx"),
        ("-2.5", "-2.5"),  # a plain number is a number, not a formula
        ("+3e5", "+3e5"),
        ("1,600 or more", "1,600 or more"),
        ("Hewer", "Hewer"),
    ],
)
def test_csv_cells_are_neutralised_owasp_style(text: str, cell: str) -> None:
    assert csv_cell(text) == cell


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(label=TEXT, title=TEXT)
def test_random_text_is_shown_literally(tmp_path: Path, label: str, title: str) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        f"[meta]\ntitle = {_toml_string(title)}\n[wages.miner]\nlabel = {_toml_string(label)}\n",
        encoding="utf-8",
    )
    code, out, err = _run(["groups", "--format", "json", "--scenario", str(scenario)])
    if not title.strip():  # the file's own mistake: one line, exit 1, nothing on stdout
        assert (code, out, err.count("\n")) == (1, "", 1)
        return
    shown = f"{title.strip()} ({scenario})"
    # JSON: exactly the text written, whatever it holds.
    assert code == 0, err
    data = json.loads(out)
    assert {g["id"]: g["label"] for g in data["rows"]}["miner"] == label
    assert data["scenarios"] == [shown]
    assert not RAW_CONTROL.search(out)
    assert err == f"stakhanov: scenarios applied: {literal(shown)}\n"
    # CSV: the text with its control characters escaped and, if a spreadsheet would run
    # it, a leading apostrophe (the expected cell is built here, not by the code).
    code, out, err = _run(["groups", "--format", "csv", "--scenario", str(scenario)])
    assert code == 0, err
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["miner"]["label"] == _expected_cell(label)
    assert rows["miner"]["scenarios"] == _expected_cell(shown)
    assert not RAW_CONTROL.search(out)
    # Table: never markup, never a raw control.
    code, out, err = _run(["groups", "--scenario", str(scenario)])
    assert code == 0, err
    assert not RAW_CONTROL.search(out)


def _expected_cell(text: str) -> str:
    expected = literal(text)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        expected = "'" + expected
    return expected


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=TEXT, note=TEXT)
def test_random_workforce_text_is_shown_literally(tmp_path: Path, title: str, note: str) -> None:
    path = tmp_path / "w.toml"
    path.write_text(
        f"[meta]\ntitle = {_toml_string(title)}\nnote = {_toml_string(note)}\n"
        "[headcount]\nminer = 3\nauxiliary = 1\n",
        encoding="utf-8",
    )
    code, out, err = _run(["inequality", "-w", str(path), "--draws", "0"])
    if not title.strip():  # the file's own mistake: one line, exit 1, nothing else
        assert code == 1 and err.count("\n") == 1
        return
    assert code == 0, err
    heading = out.splitlines()[0]
    assert heading == f"{path}: {literal(title.strip())}; 4 workers"  # 3 miners + 1 auxiliary
    if note.strip():  # a blank note prints nothing; tables carry no trailing spaces
        assert f"  {literal(note)}".rstrip() in out.splitlines()
    assert not RAW_CONTROL.search(out)
    code, out, err = _run(["inequality", "-w", str(path), "--draws", "0", "--format", "json"])
    assert code == 0, err
    stage = json.loads(out)["stages"][0]
    assert (stage["title"], stage["note"]) == (title.strip(), note)


HOSTILE = '=HYPERLINK(\\"http://example.invalid\\",\\"x\\")'
COMMANDS = [
    ["groups"],
    ["ratio", "miner", "auxiliary"],
    ["ratios"],
    ["sources"],
    ["claims"],
    ["report"],
    ["norm", "--raise", "10%"],
    ["scenario", "diff"],
    ["inequality", "-w", "{workforce}", "--draws", "0"],
]


def test_every_csv_cell_from_user_text_is_neutralised(tmp_path: Path) -> None:
    """Every user-text field a file can set starts with a formula; no CSV cell may."""
    scenario = tmp_path / "hostile.toml"
    scenario.write_text(
        f'[meta]\ntitle = "{HOSTILE}"\n'
        f'[wages.miner]\nlabel = "{HOSTILE}"\nnote = "+{HOSTILE}"\n'
        f'[wages.auxiliary]\nlabel = "@{HOSTILE}"\nnote = "-{HOSTILE}"\n'
        f'[[add.groups]]\nid = "g"\nlabel = "{HOSTILE}"\nvalue = 100\nperiod = "month"\n'
        f'pay_basis = "time"\nindustry = "{HOSTILE}"\nnote = "assumption: {HOSTILE}"\n',
        encoding="utf-8",
    )
    workforce = tmp_path / "w.toml"
    workforce.write_text(
        f'[meta]\ntitle = "{HOSTILE}"\nnote = "{HOSTILE}"\n[headcount]\nminer = 3\ng = 1\n',
        encoding="utf-8",
    )
    seen = 0
    for command in COMMANDS:
        args = [a.replace("{workforce}", str(workforce)) for a in command]
        args += ["--format", "csv"]
        args += [str(scenario)] if command[0] == "scenario" else ["--scenario", str(scenario)]
        code, out, err = _run(args)
        assert code == 0, (command, err)
        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                assert not (cell.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(cell)), (
                    command,
                    cell,
                )
                seen += cell.startswith("'=HYPERLINK") or cell.startswith("'+=") or False
    assert seen >= 3  # the hostile text did reach the CSV (labels, notes, titles)


def test_a_picture_shows_user_text_literally(tmp_path: Path) -> None:
    """Malformed mathtext, an escape and glyphs the font lacks: the picture is written with
    no warning on stderr, and its legend holds the text as written, controls escaped."""
    import subprocess
    import sys

    title = "x\x1b[2J $\\frac{a$ 漢字 [b]"
    workforce = tmp_path / "w.toml"
    workforce.write_text(
        f"[meta]\ntitle = {_toml_string(title)}\n[headcount]\nminer = 3\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "stakhanov", "plot", "out.png", "--kind", "lorenz", "-w", "w.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert (tmp_path / "out.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_picture_texts_are_escaped_and_never_mathtext() -> None:
    from matplotlib.figure import Figure

    from stakhanov.views.pictures.tamed import shown_literally

    fig = Figure()
    ax = fig.add_subplot()
    ax.set_title("a\x1b[2J $\\frac{a$\nsecond line")
    shown_literally(fig)
    assert ax.title.get_text() == "a\\x1b[2J $\\frac{a$\nsecond line"
    assert not ax.title.get_parse_math()


def test_an_ascii_terminal_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    for args in (["groups"], ["ratio", "miner", "auxiliary"]):
        done = subprocess.run(
            [sys.executable, "-m", "stakhanov", *args],
            capture_output=True,
            env={**os.environ, "PYTHONIOENCODING": "ascii"},
            check=False,
            timeout=60,
        )
        assert (done.returncode, done.stderr) == (0, b""), done.stderr
        assert done.stdout.isascii()
        assert b"markin-1936 \\xb628" in done.stdout  # the pilcrow, shown as its escape


# -- the whole of Unicode, in every output format ------------------------------------------

# Every format character (category Cf) this Python knows, drawn often: Hypothesis's own
# text strategy would rarely hit one of these 160-odd code points.
FORMAT_CHARS = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
# Any code point but a lone surrogate, which a UTF-8 file cannot hold: surrogates come from
# a file name's undecodable bytes (NAME below).
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)
LABEL = st.lists(
    st.one_of(ANY_TEXT, st.sampled_from(FORMAT_CHARS), st.sampled_from(CONTROLS)),
    min_size=1,
    max_size=6,
).map("".join)
# Bytes of a file name, UTF-8 or not (Linux takes any byte but "/" and NUL).
NAME = st.binary(min_size=1, max_size=4).filter(lambda b: b"/" not in b and b"\0" not in b)


def _invisible(text: str) -> list[str]:
    """Raw characters no output may hold, by Unicode's own categories (not by the code
    under test): controls but the newline, format characters, surrogates, separators."""
    invisible = ("Cc", "Cf", "Cs", "Zl", "Zp")
    return [c for c in text if c != "\n" and unicodedata.category(c) in invisible]


def _clean(text: str) -> None:
    assert not _invisible(text), _invisible(text)
    text.encode("utf-8")  # strict: no surrogate reaches an output


def test_every_format_character_is_escaped() -> None:
    """literal's own list of format characters, checked against unicodedata."""
    for char in FORMAT_CHARS:
        code = ord(char)
        assert literal(char) in (f"\\x{code:02x}", f"\\u{code:04x}", f"\\U{code:08x}"), char
    assert literal("caf\udce9") == "caf\\udce9"  # os.fsdecode's form of the byte 0xE9


# The escape rule as docs/limits.md and stakhanov.data.literal state it, written out here
# from Unicode's categories (not from the code's own list): a control character (C0, DEL,
# C1: category Cc), a line or paragraph separator (Zl, Zp), a format character (Cf) or a
# lone surrogate (Cs) is shown as \n, \r, \t, or \xHH below U+0100, \uHHHH below U+10000,
# \UHHHHHHHH above.
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Format characters of Unicode 15 that this Python's Unicode 14 has as unassigned: the code
# escapes them already (its list says so), and so does the rule here.
UNICODE_15_CF = {chr(c) for c in range(0x13439, 0x13440)}


def _escapes(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") or char in UNICODE_15_CF


def _escape(char: str) -> str:
    code = ord(char)
    if char in NAMED:
        return NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _shown(text: str) -> str:
    """``text`` as a table, a message or a CSV cell must show it."""
    return "".join(_escape(c) if _escapes(c) else c for c in text)


def _in_workbook(text: str) -> str:
    """``text`` as a workbook cell must hold it: the C0 controls the file format cannot
    store at all (all but tab, newline, carriage return) as U+FFFD; a tab and a newline
    as they are; a carriage return (which XML would read back as a newline) as \\r, and
    the rest as ``_shown``."""
    text = text.replace("\r\n", "\n")
    return "".join(
        c
        if c in "\t\n"
        else "\\r"
        if c == "\r"
        else "\ufffd"
        if ord(c) < 0x20
        else (_escape(c) if _escapes(c) else c)
        for c in text
    )


def _on_page(text: str) -> str:
    """``text`` as an HTML page must show it: as ``_shown``, but a newline and a tab are
    the page's white space, left as they are."""
    return "".join(_escape(c) if _escapes(c) and c not in "\n\t" else c for c in text)


def _valid(text: str) -> str:
    """The output: valid UTF-8 (strictly), holding nothing raw that a reader would obey or
    not see."""
    text.encode("utf-8")
    _clean(text)
    return text


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(label=LABEL, name=NAME)
def test_any_label_and_file_name_is_shown_literally_in_every_format(
    tmp_path_factory: pytest.TempPathFactory, label: str, name: bytes
) -> None:
    """Property: a label drawn from all of Unicode (format characters and controls drawn
    often; no surrogate, which a TOML file cannot hold) in a scenario file whose name is
    any bytes (undecodable ones and controls too). In every output (the terminal table,
    JSON, CSV, the workbook as openpyxl reads it, the HTML page): valid UTF-8, no raw
    control, separator, format character or surrogate, and the user's text as the escape
    rule (written out above, not the code's) shows it; JSON gives it exactly.
    """
    import html
    import os
    from unittest import mock

    from openpyxl import load_workbook

    folder = tmp_path_factory.mktemp("any")
    raw_path = os.path.join(os.fsencode(folder), name + b".toml")
    with open(raw_path, "wb") as handle:
        text = f'[meta]\ntitle = "t"\n[wages.miner]\nlabel = {_toml_string(label)}\n'
        handle.write(text.encode())
    scenario = os.fsdecode(raw_path)  # undecodable bytes as surrogates, as Python gives them
    applied = f"t ({scenario})"  # what the scenario is called: its title and its file
    wide = mock.patch.dict(os.environ, {"COLUMNS": "100000"})  # no table row is wrapped

    with wide:
        code, out, err = _run(["groups", "--scenario", scenario])
    assert code == 0, err
    assert _shown(label).strip(" ") in _valid(out)  # a cell's own spaces may be its padding
    assert _valid(err) == f"stakhanov: scenarios applied: {_shown(applied)}\n"

    code, out, err = _run(["groups", "--format", "json", "--scenario", scenario])
    assert code == 0, err
    data = json.loads(_valid(out))
    assert {g["id"]: g["label"] for g in data["rows"]}["miner"] == label
    assert data["scenarios"] == [applied]

    code, out, err = _run(["groups", "--format", "csv", "--scenario", scenario])
    assert code == 0, err
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(_valid(out)))}
    formula = label.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(label)
    assert rows["miner"]["label"] == ("'" if formula else "") + _shown(label)

    book_path = str(folder / "out.xlsx")
    code, _, err = _run(["export", book_path, "--scenario", scenario])
    assert code == 0, err
    book = load_workbook(book_path)
    texts = [
        c.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    for cell in texts:  # a tab and a newline are a cell's own
        _valid(cell.replace("\t", " "))
    assert any(_in_workbook(label) in t for t in texts)
    assert any(_in_workbook(scenario) in t for t in texts)

    page_path = folder / "out.html"
    code, _, err = _run(["html", str(page_path), "--draws", "0", "--scenario", scenario])
    assert code == 0, err
    page = page_path.read_bytes().decode("utf-8")
    _valid(page.replace("\t", " "))  # a tab, like a newline, is a page's white space
    shown = html.unescape(page)
    assert _on_page(label) in shown or _on_page(label.strip()) in shown
    assert _on_page(applied) in shown
