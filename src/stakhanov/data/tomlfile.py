"""Read a user's TOML file safely, and find the line where each key is written.

Scenario and workforce files come from users, so every way a file can be wrong ends in one
``ScenarioError`` naming the file (and the line, where there is one): missing, a directory,
unreadable, too large, binary, not UTF-8, empty, or not TOML (a UTF-8 byte-order mark
is accepted and skipped). ``tomllib`` gives no key
positions, so ``TomlDoc.line`` finds them in the text: each message can then say
``FILE:LINE: key.path: problem``.

``stakhanov.scenarios.overlay`` and ``stakhanov.scenarios.workforce`` read their files
through it. A data package's files (CSV, its JSON schema and bibliography, the user's
transcripts) are read through ``read_text`` and ``parse_json``, with the same limits and a
``DataError``.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stakhanov.data.limits import SIZES
from stakhanov.errors import DataError, ScenarioError, StakhanovError, clip

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "TomlDoc",
    "TomlSyntaxError",
    "depth",
    "parse_json",
    "parse_text",
    "read_bytes",
    "read_text",
    "read_toml",
    "toml_value",
]

# A scenario is a few dozen lines; a megabyte is far beyond any honest one and keeps a
# mistaken path (a data dump, a disk image) from being read into memory. A real file nests
# three or four levels; the depth limit keeps every later walk over the data shallow.
MAX_BYTES = SIZES["file_bytes"]
MAX_DEPTH = SIZES["toml_depth"]
# A key path is a few parts long; positions are kept for this many leading parts only, so
# that a header of 100,000 dotted parts costs linear time, not quadratic.
_KEY_DEPTH = 16

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
# A dotted key (or header) of more than MAX_DEPTH parts, anywhere: tomllib's time grows with
# the square of the parts (100,000 take minutes), so such a file is refused before parsing.
# Possessive quantifiers and the look-behind keep this search itself linear. A string that
# happens to hold 33 dotted words is refused too; no real scenario has one.
_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
_DOTTED = re.compile(
    rf"(?<![A-Za-z0-9_-]){_PART}(?:[ \t]*+\.[ \t]*+{_PART}){{{SIZES['toml_depth']}}}"
)
_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", text)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


@dataclass(frozen=True)
class TomlDoc:
    """A parsed TOML file and the line of every key path it writes (first occurrence)."""

    name: str
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    def line(self, *path: str) -> int | None:
        """The line of ``path``, or of its nearest written parent (an inline table's key)."""
        for end in range(min(len(path), _KEY_DEPTH), 0, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None

    def where(self, *path: str) -> str:
        """``FILE:LINE: a.b`` for a key path (``FILE: a.b`` when no line is known)."""
        line = self.line(*path)
        key = ".".join(clip(part) for part in path)
        prefix = f"{self.name}:{line}" if line else self.name
        return f"{prefix}: {key}" if key else prefix


def _note(lines: dict[tuple[str, ...], int], path: tuple[str, ...], number: int) -> None:
    # [wages.miner] also writes "wages" (implicitly): a problem with the section as a whole
    # can then point at the first line that names it.
    for end in range(1, min(len(path), _KEY_DEPTH) + 1):
        lines.setdefault(path[:end], number)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    arrays: dict[tuple[str, ...], int] = {}
    in_multiline = False
    for number, raw in enumerate(text.splitlines(), start=1):
        # Skip the inside of multi-line strings: they hold text, not keys.
        if raw.count('"""') % 2 == 1 or raw.count("'''") % 2 == 1:
            in_multiline = not in_multiline
            if not in_multiline:
                continue
        elif in_multiline:
            continue
        header = _HEADER.match(raw)
        if header:
            table = _split_key(header.group(2))
            if header.group(1) == "[[":
                # Array of tables: the n-th element's keys are path + (n,).
                index = arrays.get(table, -1) + 1
                arrays[table] = index
                lines.setdefault(table, number)
                table = (*table, str(index))
            _note(lines, table, number)
            continue
        key = _KEY.match(raw)
        if key:
            _note(lines, (*table, *_split_key(key.group(1))), number)
    return lines


def read_bytes(
    path: str | Path, name: str, kind: str, error: type[StakhanovError] = ScenarioError
) -> bytes:
    """At most ``MAX_BYTES`` + 1 bytes of a regular file, whatever its size claims to be.

    Opened without blocking, so a FIFO cannot hang the run, and checked on the open file,
    so a symlink to ``/dev/zero`` is refused rather than read until memory runs out. A data
    package's files are read through it too, with ``error`` a ``DataError``.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise error(f"{name}: is a directory, not a {kind} file") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise error(f"{name}: is a directory, not a {kind} file")
        if not stat.S_ISREG(mode):
            raise error(f"{name}: not a regular file (a device, a pipe or a socket)")
        claimed = os.fstat(fd).st_size  # trusted only for the message: /proc files claim 0
        chunks, left = [], MAX_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:
        size = f"{claimed:,} bytes" if claimed > MAX_BYTES else f"over {MAX_BYTES:,} bytes"
        raise error(f"{name}: too large for a {kind} file ({size}; the limit is {MAX_BYTES:,})")
    return raw


def read_text(
    path: str | Path, name: str, kind: str, error: type[StakhanovError] = ScenarioError
) -> str:
    """A user's text file, read as ``read_bytes`` reads it, as UTF-8; every failure is one
    ``error`` naming the file (a missing file stays a ``FileNotFoundError``)."""
    try:
        raw = read_bytes(path, name, kind, error)
    except PermissionError:
        raise error(f"{name}: permission denied") from None
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise error(f"{name}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in raw:
        raise error(f"{name}: a binary file, not a {kind} file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"{name}:{line}: not UTF-8 text") from None


def parse_json(text: str, name: str) -> Any:
    """A user's JSON (a data package's schema or bibliography), nested no deeper than TOML
    may be; every failure one ``DataError`` naming the file."""
    try:
        data = json.loads(text)
    except RecursionError:
        data = None
    except ValueError as exc:
        raise DataError(f"{name}: not JSON ({exc})") from None
    if data is None or depth(data) > MAX_DEPTH:
        raise DataError(f"{name}: nested too deeply (the limit is {MAX_DEPTH} levels)")
    return data


def depth(value: Any) -> int:
    """How deeply tables and arrays nest in ``value``, counted without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def read_toml(path: str | Path, kind: str = "scenario") -> TomlDoc:
    """Read and parse ``path``; every failure is one ``ScenarioError`` naming the file."""
    name = str(path)
    try:
        raw = read_bytes(path, name, kind)
    except FileNotFoundError:
        raise ScenarioError(f"{name}: no such file") from None
    except PermissionError:
        raise ScenarioError(f"{name}: permission denied") from None
    except OSError as exc:
        raise ScenarioError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in raw:
        raise ScenarioError(f"{name}: a binary file, not a TOML {kind} file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(f"{name}:{line}: not UTF-8 text") from None
    # A byte-order mark, as some Windows editors write: not TOML, but not the user's text.
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ScenarioError(f"{name}: empty {kind} file")
    return TomlDoc(name, parse_text(text, name), _key_lines(text))


class TomlSyntaxError(ScenarioError):
    """The text is not TOML at all (``parse_text``); a bound it breaks is a ``ScenarioError``."""


def parse_text(text: str, name: str) -> dict[str, Any]:
    """Parse TOML text, bounded as a file is: depth, dotted keys, numbers too long to read.

    A file's text and a ``--set`` value go through here alike.
    """
    if _DOTTED.search(text):
        data = None  # refused below, before tomllib spends quadratic time on the key
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            at = _AT_LINE.search(message)
            where = f"{name}:{at.group(1)}" if at else name
            raise TomlSyntaxError(
                f"{where}: TOML syntax error: {_AT_LINE.sub('', message)}"
            ) from None
        except ValueError:  # an integer of over 4,300 digits, which Python will not convert
            raise ScenarioError(f"{name}: TOML syntax error: a number too long to read") from None
        except RecursionError:  # tomllib parses nested arrays and tables recursively
            data = None
    if data is None or depth(data) > MAX_DEPTH:
        raise ScenarioError(
            f"{name}: keys, tables or arrays nested too deeply (the limit is {MAX_DEPTH} levels)"
        )
    return data


def toml_value(text: str, name: str) -> Any:
    """The TOML value ``text`` spells (350, 6.5, false, "x"), parsed as a file's value is,
    or ``text`` itself when it is no TOML value (``Pit 7``): the caller checks it as text.

    >>> toml_value("6.5", "--set"), toml_value("Pit 7", "--set")
    (6.5, 'Pit 7')
    """
    if "\n" in text or "\r" in text:  # one value, never a second line of keys
        return text
    try:
        data = parse_text(f"v = {text}", name)
    except TomlSyntaxError:
        return text
    return data["v"]
