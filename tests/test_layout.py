"""The package's plan: folders by stage of the flow, and no import cycles.

Every import between the package's own modules is read with ``ast`` (module level, inside
functions, and under ``TYPE_CHECKING`` alike: a cycle that only type checking sees still
ties two modules together). A package's ``__init__.py`` is left out of the graph: here they
only re-export or document, and importing one runs nothing of another stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "stakhanov"

# The stages in the order data flows; a module may import its own stage or an earlier one.
STAGES = ("data", "scenarios", "calc", "stats", "views", "cli")
TOP = {"errors", "atomic"}  # used by every stage: they import no stage themselves


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The package modules ``path`` imports, each resolved to a module (not a package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    inits = {n for n, p in modules.items() if p.name == "__init__.py"}
    return {n: _imports(p, n, known) - inits for n, p in modules.items() if n not in inits}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    # The check itself must be able to fail: a -> b -> c -> a is a cycle, a -> b -> c is not.
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else parts[-1]


@pytest.mark.parametrize(
    ("module", "target"),
    [(m, t) for m, ts in sorted(_graph().items()) for t in sorted(ts)],
)
def test_a_stage_imports_only_its_own_or_an_earlier_one(module: str, target: str) -> None:
    here, there = _stage(module), _stage(target)
    if there in TOP:
        return
    assert here not in TOP, f"{module} (top level) imports the stage module {target}"
    if here not in STAGES:  # __main__
        return
    assert STAGES.index(there) <= STAGES.index(here), f"{module} imports a later stage: {target}"


def test_the_top_level_stays_small() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "atomic.py", "errors.py"]
    assert sorted(
        p.name
        for p in PACKAGE.iterdir()
        if p.is_dir() and p.name != "__pycache__" and p.name != "rates"
    ) == sorted(STAGES)
