"""Re-run every console example of README.md, docs/*.md and the example package's README
(examples/own-report) and paste its real output.

Run from the repository's top after a change of output: ``python docs/_ext/rerun_examples.py``.
It runs each ``$ stakhanov ...`` block as ``tests/test_docs.py`` does (in this process, on a
100-column page, from the top folder) and replaces the block's output; blocks the test skips
(abridged, writing a file, reading a file that is not shipped) are left alone. The test only
compares and never rewrites: this is the one command that does.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_WRITES = ("export", "html", "plot", "scenario new")
# The example data package's README shows its commands with their output, as the manual does.
OWN_REPORT = "examples/own-report/README.md"


def runs(command: str) -> bool:
    """True for an example shown in full that reads only shipped files and writes none."""
    words = command.split()
    return not (
        not command.startswith("stakhanov ")
        or "(" in command
        or words[1] in _WRITES
        or " ".join(words[1:3]) in _WRITES
        or any(not (ROOT / w).exists() for w in words if w.endswith(".toml"))
        or {"-o", "--output", "--meta"} & set(words)
    )


def _output(command: str) -> str:
    from stakhanov.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(shlex.split(command)[1:])
    lines = [line.rstrip() for line in (out.getvalue() + err.getvalue()).splitlines()]
    return "\n".join(lines) + "\n"


def rerun(page: Path) -> int:
    text = page.read_text(encoding="utf-8")
    changed = 0

    def block(match: re.Match[str]) -> str:
        nonlocal changed
        first, _, rest = match.group(1).partition("\n")
        command = first.removeprefix("$ ").strip()
        if not runs(command):
            return match.group(0)
        new = _output(command)
        changed += new != rest
        return f"```console\n{first}\n{new}```"

    page.write_text(re.sub(r"```console\n(.*?)```", block, text, flags=re.S), encoding="utf-8")
    return changed


if __name__ == "__main__":
    os.chdir(ROOT)
    os.environ.pop("COLUMNS", None)  # a pipe's page: 100 columns, as in the test
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / OWN_REPORT]
    for page in pages:
        if n := rerun(page):
            print(f"{page.relative_to(ROOT)}: {n} example(s) re-run", file=sys.stderr)
