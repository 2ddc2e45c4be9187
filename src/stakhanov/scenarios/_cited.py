"""Where a user's figure comes from, and what it replaced: the provenance of an overlay.

``overlay`` gives each figure a scenario changed a ``Citation`` of the place that set it
(``FILE:LINE``, or the ``--set`` text) and a note saying what it replaced, since the source's
own note no longer applies; ``still_open`` keeps an open end from moving while it stays
open. The raw-value checks are in ``_checks``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from stakhanov.data.interval import Interval, describe
from stakhanov.data.records import Citation
from stakhanov.data.tomlfile import TomlDoc
from stakhanov.scenarios._checks import Check

__all__ = ["cite", "cited_change", "differs", "replaced", "still_open"]

_R = TypeVar("_R")


def differs(new: Any, old: Any, names: Sequence[str]) -> bool:
    return any(getattr(new, n) != getattr(old, n) for n in names)


def cite(doc: TomlDoc, path: tuple[str, ...], keys: Sequence[str]) -> Citation:
    """The place a user's figure was set: ``FILE:LINE`` of the first key that sets it.

    A ``--set`` has no file, so its document's name (``--set miner=350 (command line)``) is
    the whole citation.
    """
    lines = [n for k in keys if (n := doc.lines.get((*path, k))) is not None]
    line = min(lines) if lines else doc.line(*path)
    return Citation(f"{doc.name}:{line}" if line else doc.name, None, scenario=True)


def replaced(texts: Mapping[Any, Any], was: str, source: Citation) -> str:
    """The user's own note, else what the figure replaced: the source's note no longer applies."""
    note = texts.get("note")
    return note if isinstance(note, str) and note else f"replaces {was} ({source})"


def cited_change(
    doc: TomlDoc,
    path: tuple[str, ...],
    base: Any,
    new: _R,
    figure: Sequence[str],
    keys: Sequence[str],
    was: str,
    texts: Mapping[Any, Any],
) -> _R:
    """``new`` as the scenario leaves it. If a field of ``figure`` changed, it cites the
    scenario line that set it (the first of ``keys``) and says what it replaced; if only the
    note changed, it carries the user's note."""
    if differs(new, base, figure):
        return replace(  # type: ignore[type-var]
            new, citation=cite(doc, path, keys), note=replaced(texts, was, base.citation)
        )
    if texts.get("note"):
        return replace(new, note=str(texts["note"]))  # type: ignore[type-var]
    return new


def still_open(
    c: Check, path: tuple[str, ...], t: Mapping[str, Any], base: Interval, span: Interval | None
) -> Interval | None:
    """Refuse moving an open end that stays open: '1,600 or more' with high = 2000.

    Such a figure would read "1,600–2,000 or more", with only its central value moved, and
    the ratios, the diff and the Monte Carlo would each read it differently. The user closes
    the end (high_open = false) to give a limit, or leaves that end alone.
    """
    if span is None:
        return None
    ok = True
    for end, flag, side in (("high", "high_open", "above"), ("low", "low_open", "below")):
        moved = end in t and getattr(span, end) != getattr(base, end)
        if moved and getattr(span, flag):
            c.fail(
                (*path, end),
                f"open {side} ({describe(base)}): to make {getattr(span, end):g} a limit, "
                f"also write {flag} = false",
            )
            ok = False
    return span if ok else None
