"""The quote check: every figure a row cites stands in the text it cites.

One code path for the built-in data (tests/test_citations.py, tests/test_mentions.py run it
against the four source texts) and for a user's package (``stakhanov data check --texts``).

A figure matches only a whole number token of the text: '44' is not in '144', and '600' is
not in '1,600'. Each ``;``-separated part of a row's ``as_printed`` must stand in the cited
text without cutting a number token in two, and each figure of the row (low, high, value,
a claim's figures) must be one those parts print, as digits or in words. A figure the text
prints wrongly (OCR) passes only where the row's note says so, in a set form: the word OCR,
the printed form in single quotes, and the figure it stands for.

Where a citation points: ``¶ N`` is the N-th non-empty line of the transcript (as the
built-in texts are counted); a page, table, folio, image or section is the text after a
marker line ``[p. 212]`` (``[table 19]``, ...) up to the next marker of the same kind (for a
page, folio or image) or of any kind (for a table or section). A locator of several parts
(``p. 212, table 19``) names the narrowest part the transcript marks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from stakhanov.data.locators import LocatorPart, parse_locator

__all__ = [
    "FIGURES",
    "WORDS",
    "cited_text",
    "figure_problem",
    "mention_problems",
    "number",
    "occurrences",
    "ocr_note_names",
    "paragraphs",
    "printed_in",
    "row_problems",
    "says",
    "tokens",
]

# A number token: digits, with thousands commas or dotted parts ('1,600', '2.4.2013'), and
# a trailing half ('2½'). '5oo' yields the token '5': OCR errors are never read as numbers.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*½?")

# Figures the sources print in words. 'a tenth' stands for ten because that claim is turned
# round (less than a tenth: the first day over the second is above ten).
WORDS = {
    "one": 1.0,
    "half": 0.5,
    "single": 1.0,
    "two": 2.0,
    "three": 3.0,
    "four": 4.0,
    "five": 5.0,
    "six": 6.0,
    "seven": 7.0,
    "ten": 10.0,
    "fourteen": 14.0,
    "fifteen": 15.0,
    "thirty": 30.0,
    "twice": 2.0,
    "a tenth": 10.0,
    "seven-tenths of 1%": 0.7,
}

# The columns of each table that hold a figure the cited text must print.
FIGURES: Mapping[str, tuple[str, ...]] = {
    "wages": ("low", "high"),
    "norms": ("low", "high", "value"),
    "records": ("low", "high"),
    "privileges": (),
    "claims": ("claimed_low", "claimed_high", "figure"),
}

# A marker line of a transcript: '[p. 212]', '[table 19]'.
_MARKER = re.compile(r"^\s*\[(?P<locator>[^\]]{1,40})\]\s*$")
# Kinds that run to the next marker of their own kind; the others stop at any marker.
_SHEETS = ("p.", "fol.", "image")


def tokens(text: str) -> list[str]:
    """The number tokens of ``text``, in order."""
    return _TOKEN.findall(text)


def number(token: str) -> float | None:
    """The value of a number token ('1,600' -> 1600, '2½' -> 2.5); None for '2.4.2013'."""
    half = 0.5 if token.endswith("½") else 0.0
    digits = token.rstrip("½").replace(",", "")
    try:
        return float(digits) + half
    except ValueError:
        return None


def printed_in(printed: str, text: str) -> bool:
    """True if ``printed`` stands in ``text`` without cutting a number token in two."""
    return bool(occurrences(printed, text))


def occurrences(printed: str, text: str) -> list[tuple[int, int]]:
    """Every place (start, end) where ``printed`` stands in ``text`` without cutting a number
    token in two, in order."""
    spans = [m.span() for m in _TOKEN.finditer(text)]
    out = []
    start = text.find(printed)
    while start >= 0:
        end = start + len(printed)
        if all(e <= start or s >= end or (start <= s and e <= end) for s, e in spans):
            out.append((start, end))
        start = text.find(printed, start + 1)
    return out


def says(printed: str, value: float) -> bool:
    """True if ``printed`` states ``value`` as a whole number token or in words."""
    if any(number(t) == value for t in tokens(printed)):
        return True
    return any(
        figure == value and re.search(rf"(?<![\w-]){re.escape(word)}(?!\w)", printed, re.IGNORECASE)
        for word, figure in WORDS.items()
    )


def ocr_note_names(note: str, printed: str, value: float) -> bool:
    """True if ``note`` declares an OCR reading: 'OCR', a quoted part of ``printed``, and
    ``value`` as a whole number token."""
    quoted = [q for q in re.findall(r"'([^']+)'", note) if q in printed]
    return "OCR" in note and bool(quoted) and any(number(t) == value for t in tokens(note))


def paragraphs(text: str) -> list[str]:
    """Paragraphs as the built-in data counts them: the non-empty lines, from 1 (marker
    lines of a user's transcript are not paragraphs)."""
    return [line for line in text.splitlines() if line.strip() and not _MARKER.match(line)]


def cited_text(text: str, paragraph: int | None, locator: str) -> str | None:
    """The part of a transcript a citation names, or None when the transcript lacks it."""
    if paragraph is not None:
        lines = paragraphs(text)
        return lines[paragraph - 1] if 1 <= paragraph <= len(lines) else None
    parts = parse_locator(locator)
    if isinstance(parts, str) or not parts:
        return None
    # The narrowest part the transcript marks: 'p. 212, table 19' is the table where a line
    # '[table 19]' starts it, else the page.
    for part in reversed(parts):
        found = _located(text, part)
        if found is not None:
            return found
    return None


def _located(text: str, part: LocatorPart) -> str | None:
    if part.kind == "¶":
        lines = paragraphs(text)
        first, last = int(part.first), int(part.last or part.first)
        return "\n".join(lines[first - 1 : last]) if 1 <= first <= last <= len(lines) else None
    wanted = (
        {f"p. {n}" for n in range(int(part.first), int(part.last) + 1)}
        if part.kind == "pp." and part.last.isdigit() and part.first.isdigit()
        else {str(part).replace("pp.", "p.")}
    )
    kind = "p." if part.kind == "pp." else part.kind
    out: list[str] = []
    inside = False
    found = False
    for line in text.splitlines():
        marker = _MARKER.match(line)
        if marker:
            name = " ".join(marker["locator"].split())
            if name in wanted:
                inside = found = True
            elif kind not in _SHEETS or name.startswith(f"{kind} "):
                inside = False
            continue
        if inside:
            out.append(line)
    return "\n".join(out) if found else None


def figure_problem(row: Mapping[str, str], column: str, printed: Sequence[str]) -> str | None:
    """The problem with the figure in ``column``, if no part of ``printed`` states it."""
    raw = (row.get(column) or "").strip()
    try:
        value = float(raw)
    except ValueError:
        return None  # not a number: the loader reports it
    if any(says(token, value) for token in printed):
        return None
    if any(ocr_note_names(row.get("note") or "", t, value) for t in printed):
        return None
    return f"{column}: {raw} is not printed in {list(printed)}, and no OCR note names it"


def row_problems(table: str, row: Mapping[str, str], text: str, where: str) -> list[str]:
    """``column: problem`` for each way a data row's figures miss the text it cites."""
    printed = [token for token in (row.get("as_printed") or "").split(";") if token]
    if not printed:
        return ["as_printed: missing (every cited row names what its text prints)"]
    problems = [
        f"as_printed: '{token}' is not in {where}"
        for token in printed
        if not printed_in(token, text)
    ]
    for column in FIGURES.get(table, ("low", "high")):
        problem = figure_problem(row, column, printed)
        if problem:
            problems.append(problem)
    return problems


def mention_problems(row: Mapping[str, str], text: str, where: str) -> list[str]:
    """The same for a ledger row (``mentions.csv``): its ``as_printed`` is one piece."""
    printed = row.get("as_printed") or ""
    if not printed_in(printed, text):
        return [f"as_printed: '{printed}' is not in {where}"]
    return [
        p
        for column in ("quantity", "low", "high")
        if (row.get(column) or "").strip() and (p := figure_problem(row, column, [printed]))
    ]
