"""A Griffe extension for the manual: a docstring's ``>>>`` examples become code blocks.

The docstrings keep plain doctest examples (they run in tests/test_doctests.py), without a
Google "Examples:" section; Markdown would read their ``>>>`` as nested quotes. Each run of
lines from a ``>>>`` line to the next blank line is fenced as ``pycon`` instead.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence(text: str) -> str:
    """``text`` with every doctest example (a ``>>>`` line to a blank line) in a fence."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if not inside and line.lstrip().startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not line.strip():
            out.append("```")
            inside = False
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence(obj.docstring.value)
