"""User text, shown literally: control characters escaped, spreadsheet formulas defused.

A label, a title, a file name or a mistyped id is the user's text, and it is shown as
written, never obeyed. Two things could make a terminal or a spreadsheet obey it, and both
are handled here, once, for every message, table and CSV file:

- control characters (a newline, ESC, the C1 codes a terminal also reads as escapes,
  Unicode's line separators and bidirectional overrides) are shown as escapes (``\\n``,
  ``\\x1b``, ``\\u202e``), so one message stays one line and text cannot clear a screen;
- a CSV cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return; OWASP's list) gets a leading apostrophe, unless it
  is a plain number, which is left alone.

It lives with the data because every stage above may need it: ``views.console`` applies
``literal`` to every string a table or a rich line shows and ``csv_cell`` to every CSV
cell; ``cli.app`` applies ``literal`` to the one error line and to what a command echoes.
A backslash is left as written: a Windows path stays readable, at the cost that a typed
``\\n`` and an escaped newline look the same.

``stakhanov.views.console`` applies it to every table, line and CSV cell, and
``stakhanov.cli.app`` to the one error line.
"""

from __future__ import annotations

import re

__all__ = ["csv_cell", "literal"]

# C0 controls, DEL, C1 controls; line and paragraph separators; the bidirectional
# embeddings, overrides and isolates (they reorder the rest of a line on screen).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def literal(text: str) -> str:
    """``text`` with every control character shown as an escape.

    >>> literal("a\\x1b[2Jb\\nc")
    'a\\\\x1b[2Jb\\\\nc'
    """
    return _CONTROL.sub(_escape, text)


def csv_cell(text: str) -> str:
    """A text cell for CSV: shown literally, and never read as a formula by a spreadsheet.

    >>> csv_cell("=1+2"), csv_cell("-2.5"), csv_cell("Hewer [sic]")
    ("'=1+2", '-2.5', 'Hewer [sic]')
    """
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + literal(text)
    return literal(text)
