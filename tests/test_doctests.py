"""The docstrings' examples run, so none can go stale.

They run on the package as installed (``pip install .`` in CI, editable in a checkout),
imported by name: collecting ``src/`` itself would find the same modules twice. From the
repository's root, where the examples' relative paths (``rates/rules``) point.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import stakhanov
from conftest import ROOT

# __main__ runs the command line when imported; it has no examples.
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(stakhanov.__path__, "stakhanov.")
    if m.name != "stakhanov.__main__"
)


def test_the_walk_finds_the_package() -> None:
    assert {"stakhanov.calc.pay", "stakhanov.data.limits", "stakhanov.cli.app"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(name), verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
