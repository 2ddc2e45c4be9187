"""Where in a source a figure stands: a paragraph, a page, a table, a folio or an image.

The built-in data cites paragraphs (the texts have no pages). A user's source may be a book,
a newspaper or an archive file, so a row of a data package cites a *locator*, stated as
such: ``¶ 9``, ``p. 212``, ``pp. 9-13``, ``table 19``, ``fol. 12v``, ``image 23``,
``section 4``, or several of them from the widest in, ``p. 212, table 19``. A bare number
is refused: the reader could not tell a page from a paragraph.

``csvrows`` reads a row's locator with ``parse_locator``; ``quotes`` finds the text it names
in a user's transcript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["KINDS", "LocatorPart", "parse_locator"]

# The way each kind is written, and its name in messages.
KINDS: dict[str, str] = {
    "¶": "paragraph",
    "p.": "page",
    "pp.": "pages",
    "table": "table",
    "fol.": "folio",
    "image": "image",
    "section": "section",
}

_PART = re.compile(
    r"(?P<kind>¶|pp\.|p\.|table|fol\.|image|section)\s*"
    r"(?P<first>[0-9]{1,6}[rv]?)(?:\s*[–-]\s*(?P<last>[0-9]{1,6}[rv]?))?"
)


@dataclass(frozen=True)
class LocatorPart:
    """One part of a locator: its kind (the prefix as written) and its number or range."""

    kind: str
    first: str
    last: str = ""

    def __str__(self) -> str:
        span = f"{self.first}-{self.last}" if self.last else self.first
        return f"{self.kind}{'' if self.kind == '¶' else ' '}{span}"


def parse_locator(text: str) -> tuple[LocatorPart, ...] | str:
    """The parts of a locator, or the problem with it.

    >>> [str(p) for p in parse_locator("p. 212, table 19")]
    ['p. 212', 'table 19']
    >>> parse_locator("212")
    "'212' is not a locator: write ¶ 9, p. 212, pp. 9-13, table 19, fol. 12v, image 23 or section 4"
    """
    parts: list[LocatorPart] = []
    for raw in text.split(","):
        found = _PART.fullmatch(raw.strip())
        if found is None:
            return (
                f"'{text}' is not a locator: write ¶ 9, p. 212, pp. 9-13, table 19, "
                "fol. 12v, image 23 or section 4"
            )
        kind, last = found["kind"], found["last"] or ""
        if last and kind not in ("pp.", "¶"):
            return f"'{raw.strip()}': only pages (pp.) and paragraphs (¶) take a range"
        if kind == "pp." and not last:
            return f"'{raw.strip()}': pp. names a range of pages (pp. 9-13); one page is p."
        parts.append(LocatorPart(kind, found["first"], last))
    return tuple(parts)
