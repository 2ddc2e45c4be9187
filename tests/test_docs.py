"""Docs that cannot drift: every command has help with an example and appears in the README,
the README's two commands open it, CI runs the README's own test command, every console
example of the README and of the manual (docs/*.md) is what the command prints, and the
manual builds with ``mkdocs build --strict``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from conftest import ROOT, require
from stakhanov.cli.app import app

# Which examples run is decided in one place, shared with the command that re-runs them.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from rerun_examples import OWN_REPORT, runs

README = (ROOT / "README.md").read_text(encoding="utf-8")
# The README, each page of the manual and the example package's README: every console
# example in them is re-run.
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / OWN_REPORT]


def _commands() -> list[tuple[str, object]]:
    """Every leaf command as 'name' or 'group name', with its click command."""
    root = typer.main.get_command(app)
    out = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            out += [(f"{name} {s}", c) for s, c in sub.items()]
        else:
            out.append((name, cmd))
    return out


COMMANDS = _commands()


@pytest.mark.parametrize(("name", "cmd"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help_with_example(name: str, cmd: object) -> None:
    text = getattr(cmd, "help", "") or ""
    assert text.strip(), f"{name} has no help text"
    assert f"Example: stakhanov {name}" in text, f"{name}'s help shows no example"


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_command_appears_in_readme(name: str) -> None:
    assert f"stakhanov {name}" in README


def _opening_commands() -> list[str]:
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", README, flags=re.S)
    return [b.strip() for b in blocks[:2]]


def test_readme_opens_with_install_and_test_commands() -> None:
    first, second = _opening_commands()
    assert "pip install ." in first and first.rstrip().endswith("stakhanov report")
    assert 'pip install ".[test]"' in second and "pytest" in second


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _opening_commands()[1].splitlines()[-1].strip()
    assert test_command in ci


def test_readme_is_short() -> None:
    # The front door: set-up, what it does, three uses, the page, links into the manual.
    assert len(README.splitlines()) <= 300


def _console_blocks() -> list[tuple[str, str]]:
    """Examples `$ stakhanov ...` of the README and the manual shown in full, with their
    pasted output, each as "PAGE: command"."""
    out = []
    for page in PAGES:
        out += [(f"{page.name}: {c}", shown) for c, shown in _page_blocks(page)]
    return out


def _page_blocks(page: Path) -> list[tuple[str, str]]:
    out = []
    text = page.read_text(encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        first, _, rest = block.partition("\n")
        command = first.removeprefix("$ ").strip()
        if not runs(command):
            continue  # abridged, writes a file, or reads an illustrative file not shipped
        out.append((command, rest))
    return out


BLOCKS = _console_blocks()


def test_the_manual_has_console_examples() -> None:
    # The scan reads every page: a README example and one of each big page at least.
    pages = {name.partition(": ")[0] for name, _ in BLOCKS}
    assert {"README.md", "queries.md", "revisions.md", "scenarios.md", "claims.md"} <= pages


@pytest.mark.parametrize(("where", "shown"), BLOCKS, ids=[c for c, _ in BLOCKS])
def test_console_example_is_what_the_command_prints(
    where: str, shown: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    from stakhanov.cli.app import main

    command = where.partition(": ")[2]
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("COLUMNS", raising=False)  # a pipe's page: 100 columns
    main(shlex.split(command)[1:])
    out, err = capsys.readouterr()
    printed = [line.rstrip() for line in (out + err).splitlines()]
    expected = [line.rstrip() for line in shown.rstrip("\n").splitlines()]
    assert printed == expected


@pytest.mark.slow
def test_the_manual_builds_strictly(tmp_path: Path) -> None:
    # A broken link, a missing page or a docstring mkdocstrings cannot read fails the build.
    # Built into a temporary folder, never into the repository; skipped locally without
    # mkdocs, a failure in CI (the test extra installs it).
    require("mkdocs")
    require("material")
    require("mkdocstrings_handlers.python")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "api" / "index.html").read_text(encoding="utf-8").count("doc-object") > 10
