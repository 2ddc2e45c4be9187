"""How the tests read figures in the source texts: whole number tokens, and numbers in words.

Shared by test_citations (the data rows) and test_mentions (the ledger). A figure matches
only a whole number token of the text: '44' is not in '144', and '600' is not in '1,600'.
A figure the text prints wrongly (OCR) is accepted only where the row's note says so, in a
set form: the word OCR, the printed form in single quotes, and the figure it stands for.
"""

from __future__ import annotations

import re

__all__ = ["WORDS", "number", "occurrences", "ocr_note_names", "printed_in", "says", "tokens"]

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
