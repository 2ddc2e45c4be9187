"""Typed errors. The library raises them; only the CLI prints them, in one place.

Every error knows *where* it happened (a file, row, column, key path or argument), and
validators collect every problem in a file before raising, so a user fixes them all at once.

Every stage raises these; ``cli.app.main`` is the one place that prints them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "ECHO",
    "SHOWN",
    "DataError",
    "OutputError",
    "ScenarioError",
    "StakhanovError",
    "UnknownIdError",
    "UsageError",
    "clip",
    "did_you_mean",
    "unknown",
]


class StakhanovError(ValueError):
    """Base class: anything the user can fix by changing an input."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        # The one line names the first few problems and counts the rest: a file with
        # thousands of mistakes still gives a line a terminal can show.
        shown = list(self.problems[:SHOWN])
        if len(self.problems) > SHOWN:
            shown.append(f"and {len(self.problems) - SHOWN:,} more problems")
        super().__init__("; ".join(shown))


class DataError(StakhanovError):
    """The data in rates/ (or a file shaped like it) is invalid."""


class ScenarioError(StakhanovError):
    """A scenario or workforce file is missing, unreadable or invalid."""


class UnknownIdError(StakhanovError):
    """A group, norm, record, rule or claim id that the data does not have."""


class UsageError(StakhanovError):
    """An argument is out of range or malformed (α outside [0, 1], a bad grid, ...)."""


class OutputError(StakhanovError):
    """An output path cannot be written: it exists, its folder is missing or read-only."""


# Problems the one error line shows (the rest are counted); suggestions are looked for only
# while a file's problems are within this count, so thousands of unknown ids cost no more.
SHOWN = 10
# Characters of user text (an id, a value, a file name) an error line repeats; the rest is
# cut, and the full length given: a 100 KB mistyped id gives a line a terminal can show.
ECHO = 200
_LONGEST = 100
_CANDIDATES = 500


def clip(text: str, limit: int = ECHO) -> str:
    """``text`` as an error line repeats it: at most ``limit`` characters, then its length.

    >>> clip("x" * 300, 5)
    'xxxxx... (300 characters)'
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """Return " (did you mean 'x'?)" for the closest known id, or "" if none is close.

    A word that begins some ids (``stakhanov`` of ``stakhanov-1935`` and ``stakhanov-afp``)
    suggests the first of them in the order the data lists them: a file lists a family's
    main item before its variants. Ids that begin with the word as a whole hyphenated part
    come before ids that merely begin with its letters. Otherwise the closest by spelling.

    >>> did_you_mean("minr", ["miner", "engineer"])
    " (did you mean 'miner'?)"
    >>> did_you_mean("lathe", ["lathe-wheels", "coal-hewing"])
    " (did you mean 'lathe-wheels'?)"
    """
    import difflib  # only when an id is wrong: keep it off the start-up path

    if len(word) > _LONGEST:  # no id is that long; comparing would cost len(word) squared
        return ""
    ids = list(known)
    begun = _begun_by(word, ids)
    if begun:
        return f" (did you mean '{begun}'?)"
    if len(ids) > _CANDIDATES:
        # Thousands of known ids (a scenario that adds groups): only those of about the
        # word's length can be close, so compare with those, and at most _CANDIDATES.
        ids = [i for i in ids if abs(len(i) - len(word)) <= 2][:_CANDIDATES]
    match = difflib.get_close_matches(word, ids, n=1, cutoff=0.6)
    if not match:
        # Ids are hyphenated words: 'progresive' should still find
        # 'progressive-metrostroi-1933' through its first word.
        parts = {part: i for i in reversed(ids) for part in i.split("-") if len(part) > 3}
        near = difflib.get_close_matches(word, list(parts), n=1, cutoff=0.75)
        match = [parts[near[0]]] if near else []
    return f" (did you mean '{match[0]}'?)" if match else ""


# A word this short begins too many ids to point at one.
_PREFIX_FROM = 3


def _begun_by(word: str, ids: list[str]) -> str | None:
    """The first id (in the data's order) that begins with ``word``: whole part first."""
    typed = word.lower()
    if len(typed) < _PREFIX_FROM:
        return None
    others = [i for i in ids if i.lower() != typed]
    whole = (i for i in others if i.lower().startswith(f"{typed}-"))
    letters = (i for i in others if i.lower().startswith(typed))
    return next(whole, None) or next(letters, None)


def unknown(kind: str, word: str, known: Iterable[str]) -> UnknownIdError:
    """Build the standard error for an unknown id, with a suggestion."""
    return UnknownIdError(f"unknown {kind} '{clip(word)}'{did_you_mean(word, known)}")
