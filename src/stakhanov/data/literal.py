"""User text, shown literally: control characters escaped, spreadsheet formulas defused.

A label, a title, a file name or a mistyped id is the user's text, and it is shown as
written, never obeyed. Two things could make a terminal or a spreadsheet obey it, and both
are handled here, once, for every message, table and CSV file:

- control characters (a newline, ESC, the C1 codes a terminal also reads as escapes,
  Unicode's line separators), every format character (Unicode category Cf: the
  bidirectional overrides and marks, zero-width spaces and joiners, the byte-order mark,
  tags) and every lone surrogate (a byte of a file name that is not UTF-8, as Python
  decodes it) are shown as escapes (``\\n``, ``\\x1b``, ``\\u202e``, ``\\udce9``), so
  one message stays one line, text cannot clear a screen or reorder a line, nothing
  invisible hides in a label, and the output is always valid UTF-8;
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

__all__ = ["BEYOND_C0", "FORMAT", "SURROGATE", "csv_cell", "literal", "on_page", "visible"]

# Unicode's format characters (category Cf), as ranges: listed rather than computed from
# unicodedata at import (a walk over 1.1 million code points), and a little wider than
# Unicode 14 where Unicode 15 added some (U+13439-U+1343F). tests/test_literal.py checks
# that every Cf character this Python knows is in it.
FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
# Lone surrogates: os.fsdecode gives an undecodable byte of a file name as U+DC80-U+DCFF;
# none can be written as UTF-8.
SURROGATE = "\ud800-\udfff"
# C0 controls, DEL, C1 controls; line and paragraph separators; format characters;
# surrogates.
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{FORMAT}{SURROGATE}]")
# What a JSON encoder and a workbook leave raw (they deal with C0 themselves, a newline in
# a workbook's note is a newline): the rest of the set above.
BEYOND_C0 = re.compile(f"[\x7f-\x9f\u2028\u2029{FORMAT}{SURROGATE}]")
# What a page (HTML, SVG) must not hold raw: all of the above but a newline and a tab, which
# are a page's white space. A page is not a spreadsheet: it has no C0 handling of its own,
# and ESC or SOH in a file name would reach the reader raw.
_ON_PAGE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{FORMAT}{SURROGATE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def literal(text: str) -> str:
    """``text`` with every control character shown as an escape.

    >>> literal("a\\x1b[2Jb\\nc")
    'a\\\\x1b[2Jb\\\\nc'
    """
    return _CONTROL.sub(_escape, text)


def visible(text: str) -> str:
    """``text`` with what ``BEYOND_C0`` matches shown as escapes; C0 controls left as they are.

    >>> visible("left\u202eright\u200b")
    'left\\\\u202eright\\\\u200b'
    """
    return BEYOND_C0.sub(_escape, text)


def on_page(text: str) -> str:
    """``text`` for an HTML page or an SVG picture: as ``literal`` shows it, but a newline
    and a tab left as they are (a page's white space).

    >>> on_page("a\\x01b\\nc\\u200b")
    'a\\\\x01b\\nc\\\\u200b'
    """
    return _ON_PAGE.sub(_escape, text)


def csv_cell(text: str) -> str:
    """A text cell for CSV: shown literally, and never read as a formula by a spreadsheet.

    >>> csv_cell("=1+2"), csv_cell("-2.5"), csv_cell("Hewer [sic]")
    ("'=1+2", '-2.5', 'Hewer [sic]')
    """
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + literal(text)
    return literal(text)
