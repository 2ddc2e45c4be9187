"""Shared test helpers: the packaged data, the source texts, and a safe arithmetic evaluator."""

from __future__ import annotations

import ast
import importlib
import math
import operator
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from stakhanov.data.rates import Rates, default_rates_dir, load_rates

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "cases"

_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.USub: operator.neg,
}


def arithmetic(expr: str) -> float | None:
    """Evaluate hand arithmetic such as '(950 * 2) / 170'; 'none' is a missing end."""
    if expr.strip().lower() == "none":
        return None

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        raise ValueError(f"not plain arithmetic: {expr!r}")

    return ev(ast.parse(expr, mode="eval").body)


def close(got: float | None, want: float | None) -> bool:
    """Two results agree to 1e-12, or both ends are missing (None)."""
    if want is None or got is None:
        return got is want
    return math.isclose(got, want, rel_tol=1e-12)


def source_dir() -> Path | None:
    """The four source texts: $STAKHANOV_SOURCES, or shared/sources beside the checkout."""
    env = os.environ.get("STAKHANOV_SOURCES")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "sources")
    return next((p for p in candidates if p.is_dir()), None)


def paragraphs(path: Path) -> list[str]:
    """Paragraphs as DOMAIN counts them: the non-empty lines, from 1."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def require(module: str) -> Any:
    """Import a test-only dependency: skip locally when it is missing, fail in CI."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is missing in CI: install the test extras")
        pytest.skip(f"{module} is not installed (pip install '.[test]')")


def require_program(name: str) -> str:
    """Find an external program (LibreOffice's soffice): skip locally when it is missing,
    fail in CI, which installs it."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI: .ci/run installs it")
        pytest.skip(f"{name} is not installed (apt-get install libreoffice-calc-nogui)")
    return found


def soffice_convert(
    paths: list[Path], to: str, outdir: Path, profile: Path
) -> subprocess.CompletedProcess[str]:
    """LibreOffice, headless with the private profile ``profile``, converts each file to
    ``to`` ("xlsx", "pdf") in ``outdir``, all in one start-up."""
    soffice = require_program("soffice")
    return subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def copy_rates(tmp_path: Path) -> Path:
    """A writable copy of the packaged rates/, for tests that break it on purpose."""
    import shutil

    target = tmp_path / "rates"
    shutil.copytree(default_rates_dir(), target)
    return target


def edit_row(path: Path, row_id: str, **changes: str) -> None:
    """Change columns of the row with id ``row_id`` in the CSV file ``path``."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        if row["id"] == row_id:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="session")
def rates() -> Rates:
    return load_rates()


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    found = source_dir()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("the source texts are missing in CI (expected ../shared/sources)")
        pytest.skip("source texts not found: set STAKHANOV_SOURCES to check citations")
    return found


@pytest.fixture(autouse=True)
def _wide_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that read a table's rows get a page wide enough for one line per row.

    The width itself is tested in tests/test_width.py (80 and 200 columns), and the pasted
    output of the README and the manual at a pipe's default of 100 (tests/test_docs.py
    unsets COLUMNS).
    """
    monkeypatch.setenv("COLUMNS", "200")


# ---- external programs, started once per test session ----------------------------------------
# Under pytest-xdist each worker is its own session: each gets its own LibreOffice profile and
# its own browser, so no two processes share a profile lock or a browser.

# LibreOffice's setting "Recalculation on file load" for Excel files: 0 is "always".
_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

Recalculate = Callable[[list[Path], Path], list[Path]]


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Recalculate:
    """Recalculate workbooks in headless LibreOffice: ``recalc(paths, out)`` saves a
    recalculated copy of each in ``out``. One private profile for the session, told to
    recalculate every formula on load; the first call creates it, later ones reuse it."""
    soffice = require_program("soffice")
    profile = tmp_path_factory.mktemp("lo-profile")
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, "utf-8")

    def recalc(paths: list[Path], out: Path) -> list[Path]:
        done = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(out),
                *map(str, paths),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        results = [out / p.name for p in paths]
        assert done.returncode == 0 and all(r.exists() for r in results), done.stdout + done.stderr
        return results

    return recalc


def chromium() -> str:
    """Debian's chromium: skip locally when it is missing, fail in CI (.ci/run installs it)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is missing in CI: .ci/run installs it (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium): browser tests skipped")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session; each test opens its own context (tab)."""
    executable = chromium()
    sync_api = require("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        # playwright's own browser download is not used: the system's chromium, by path.
        launched = p.chromium.launch(executable_path=executable)
        yield launched
        launched.close()
