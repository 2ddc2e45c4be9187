"""Results that show themselves in a notebook, without the calculator knowing how.

Jupyter shows an object by calling its ``_repr_html_``. A result type (``Ratio``, a norm
revision, a claim's verdict, and the statistics' results) inherits ``ShowsHtml``, whose
``_repr_html_`` asks ``html_of`` here for the table. How the table looks is the views'
business (``views.notebook``), and the calculator never imports a view (a lower stage never
imports a higher one: tests/test_layout.py): the views register one function per type with
``register``, and the package's face, ``stakhanov/__init__``, which stands above every stage,
says with ``on_first_use`` how to import them the first time a notebook asks. The
command-line tool never asks, so it never pays for that import.
"""

from __future__ import annotations

# Annotations only: every run imports this module before __main__.run can make Ctrl-C
# quiet, so it imports nothing (see stakhanov/__init__).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["ShowsHtml", "html_of", "on_first_use", "register"]

_RENDERERS: dict[type, Callable[[Any], str]] = {}
_LOADERS: list[Callable[[], object]] = []


def register(kind: type, render: Callable[[Any], str]) -> None:
    """Show results of type ``kind`` (exactly that type) in a notebook with ``render``."""
    _RENDERERS[kind] = render


def on_first_use(load: Callable[[], object]) -> None:
    """Call ``load`` (which registers the renderers) before the first table is asked for."""
    _LOADERS.append(load)


def html_of(result: object) -> str | None:
    """The result as a small HTML table, or None (a type with no renderer: Jupyter then
    shows its plain repr)."""
    while _LOADERS and type(result) not in _RENDERERS:
        _LOADERS.pop(0)()
    render = _RENDERERS.get(type(result))
    return None if render is None else render(result)


class ShowsHtml:
    """A result that Jupyter shows as a table (see the module's docstring)."""

    __slots__ = ()

    def _repr_html_(self) -> str | None:
        return html_of(self)
