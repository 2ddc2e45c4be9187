"""Every `--help`, as an 80-column terminal shows it: no Python type or raw metavar, an
example in every command and group, examples never split inside a key, and summaries that
are whole sentences.

The expected summaries come from each command's own help text (its first paragraph), read
from the built click command; what is checked is what a user sees: the printed help.
"""

from __future__ import annotations

import re

import pytest
import typer

from stakhanov.cli.app import app, main


def _paths() -> list[tuple[tuple[str, ...], object]]:
    """The root, every group and every command, each as the words that name it."""
    found: list[tuple[tuple[str, ...], object]] = []

    def walk(words: tuple[str, ...], cmd: object) -> None:
        found.append((words, cmd))
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            walk((*words, name), sub)

    walk((), typer.main.get_command(app))
    return found


PATHS = _paths()
IDS = [" ".join(w) or "stakhanov" for w, _ in PATHS]


def _help(capsys: pytest.CaptureFixture[str], words: tuple[str, ...]) -> str:
    code = main([*words, "--help"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out


@pytest.fixture(autouse=True)
def _eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize(("words", "cmd"), PATHS, ids=IDS)
def test_help_shows_no_python_type_or_raw_metavar(
    capsys: pytest.CaptureFixture[str], words: tuple[str, ...], cmd: object
) -> None:
    out = _help(capsys, words)
    for bad in ("<str>", "<int>", "<float>", "<path>", "list[", "Path]", "{", "}", "[[", "]]"):
        assert bad not in out, f"{' '.join(words)} --help shows {bad!r}"
    assert not re.search(r"<[A-Za-z_|\[\]]+>", out), out
    usage = out.splitlines()[0]
    for param in getattr(cmd, "params", []):
        if param.param_type_name == "argument":
            # an argument is named by its metavar in capitals, never by its Python name
            assert param.name not in usage.split(), usage


@pytest.mark.parametrize(("words", "cmd"), PATHS, ids=IDS)
def test_every_command_and_group_has_an_example_on_one_line(
    capsys: pytest.CaptureFixture[str], words: tuple[str, ...], cmd: object
) -> None:
    out = _help(capsys, words)
    lines = [line.strip() for line in out.splitlines()]
    examples = [line for line in lines if line.startswith("Example: stakhanov ")]
    assert examples, f"{' '.join(words) or 'stakhanov'} --help shows no example"
    written = re.findall(r"^\s*(Example: stakhanov .*)$", str(getattr(cmd, "help", "")), re.M)
    assert written and all(w.strip() in lines for w in written)  # whole, on its own line
    if words:
        assert examples[0].startswith(f"Example: stakhanov {' '.join(words)}")


@pytest.mark.parametrize(("words", "cmd"), PATHS, ids=IDS)
def test_no_word_is_broken_at_a_hyphen(
    capsys: pytest.CaptureFixture[str], words: tuple[str, ...], cmd: object
) -> None:
    out = _help(capsys, words)
    for line in out.splitlines():
        assert len(line) <= 80, line
        # "norms.coal-" at a line's end would be a key split over two lines
        assert not re.search(r"[A-Za-z0-9.]-$", line.rstrip()), line


def test_the_set_example_is_one_whole_key(capsys: pytest.CaptureFixture[str]) -> None:
    out = _help(capsys, ("ratio",))
    assert "e.g. --set norms.coal-hewing.value=6.5" in [line.strip() for line in out.splitlines()]


@pytest.mark.parametrize(
    ("words", "cmd"), [(w, c) for w, c in PATHS if getattr(c, "commands", None)], ids=str
)
def test_summaries_are_whole_sentences(
    capsys: pytest.CaptureFixture[str], words: tuple[str, ...], cmd: object
) -> None:
    out = _help(capsys, words)
    listing = out.split("Commands:\n", 1)[1]
    rows: dict[str, str] = {}
    name = ""
    for line in listing.splitlines():
        head = re.match(r"^  (\S+)\s+(.*)$", line)
        if head:
            name, text = head.groups()
            rows[name] = text
        elif line.strip():
            rows[name] += " " + line.strip()
    subs = getattr(cmd, "commands", {})
    assert set(rows) == set(subs)
    for sub_name, sub in subs.items():
        first = " ".join(str(sub.help).strip().split("\n\n")[0].split())
        assert first.endswith("."), f"{sub_name}: its first paragraph is not a sentence"
        assert rows[sub_name] == first, sub_name
        assert not rows[sub_name].endswith("...")
