"""``stakhanov data check``: the whole validation of data folders, every problem at once.

The built-in data and a user's package get the same checks, each problem as
``FILE:LINE: column: problem``: the schema (``datapackage.json``) and the types, then what
the loader checks (ids, foreign keys, bounds, periods and inferences, citations), the
claims and the ledger, and, given the user's transcripts, the quote check of
``stakhanov.data.quotes``. Nothing is computed from the data before all of it has passed.
It sits in ``calc`` because the claims' own check (``calc.claims``) is part of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from stakhanov.calc.claims import load_claims
from stakhanov.data.csvrows import distinct, read_rows
from stakhanov.data.quotes import FIGURES, cited_text, mention_problems, row_problems
from stakhanov.data.rates import Rates, default_rates_dir, load_rates
from stakhanov.data.schema import schema_problems
from stakhanov.data.tomlfile import read_text
from stakhanov.errors import DataError, StakhanovError

__all__ = ["CheckResult", "check_packages"]

# A transcript is a file of the texts folder itself: no folders, nothing outside it.
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class CheckResult:
    """What ``data check`` found: every problem, the folders checked, and how many rows the
    quote check read against a transcript (``None`` without ``--texts``)."""

    problems: tuple[str, ...]
    folders: tuple[str, ...]
    quoted: int | None = None
    unquoted: int = 0  # rows whose source has no transcript (a book under copyright, ...)


def check_packages(
    folders: Sequence[str | Path] = (), texts: str | Path | None = None, *, builtin: bool = True
) -> CheckResult:
    """Check ``folders`` beside the built-in data (or the built-in data alone, without any).

    >>> check_packages().problems
    ()
    """
    problems: list[str] = []
    rates: Rates | None = None
    if not folders or builtin:
        problems.extend(schema_problems(default_rates_dir(), ""))  # the loader skips its own
    try:
        rates = load_rates(packages=folders, builtin=builtin or not folders)
    except StakhanovError as exc:
        problems.extend(exc.problems)
    problems = distinct(problems)  # the built-in schema and the loader may refuse one cell
    if rates is not None:
        from stakhanov.data.mentions import load_mentions

        for load in (load_claims, load_mentions):
            try:
                load(rates)
            except StakhanovError as exc:
                problems.extend(exc.problems)
    quoted, unquoted = None, 0
    if texts is not None:
        quoted = 0
        # The texts are the user's for their packages; the built-in data's are the four.
        labelled = [(Path(f), str(f)) for f in folders] or [(default_rates_dir(), "")]
        for root, label in labelled:
            found, missed = _quotes(root, label, Path(texts), problems)
            quoted += found
            unquoted += missed
    shown = tuple(str(f) for f in folders) or (str(default_rates_dir()),)
    return CheckResult(tuple(dict.fromkeys(problems)), shown, quoted, unquoted)


def _quotes(root: Path, label: str, texts: Path, problems: list[str]) -> tuple[int, int]:
    """Run the quote check on every cited row of ``root``; (rows checked, rows without a
    transcript to check against)."""

    def name(file: str) -> str:
        return str(Path(label) / file) if label else file

    try:
        sources = {
            r.get("id", ""): (line, r)
            for line, r in read_rows(root / "sources.csv", name("sources.csv"))
        }
    except (FileNotFoundError, StakhanovError):
        return 0, 0  # the loader has said why
    cache: dict[str, str | None] = {}
    checked = missed = 0
    for table in (*FIGURES, "mentions"):
        path = root / f"{table}.csv"
        if not path.is_file() or (table == "mentions" and label):
            continue
        try:
            rows = read_rows(path, name(path.name))
        except StakhanovError:
            continue  # the loader has said why
        for line, row in rows:
            line_source = sources.get((row.get("source_id") or "").strip())
            file = (line_source[1].get("file") or "").strip() if line_source else ""
            if not file:
                missed += line_source is not None
                continue
            text = _transcript(texts, file, name("sources.csv"), line_source, cache, problems)
            if text is None:
                continue
            where = _where(row)
            part = cited_text(text, *_citation(row))
            at = f"{name(path.name)}:{line}"
            if part is None:
                column = "locator" if "locator" in row else "paragraph"
                problems.append(
                    f"{at}: {column}: {where} is not in {file} (mark it with a line [{where}])"
                    if where and "," not in where
                    else f"{at}: {column}: {where} is not in {file} (no marker line for it)"
                )
                continue
            checked += 1
            found = (
                mention_problems(row, part, f"{where} of {file}")
                if table == "mentions"
                else row_problems(table, row, part, f"{where} of {file}")
            )
            problems.extend(f"{at}: {p}" for p in found)
    return checked, missed


def _citation(row: dict[str, str]) -> tuple[int | None, str]:
    raw = (row.get("paragraph") or "").strip()
    return (int(raw) if raw.isdigit() else None), (row.get("locator") or "").strip()


def _where(row: dict[str, str]) -> str:
    paragraph, locator = _citation(row)
    return f"¶ {paragraph}" if paragraph is not None else locator


def _transcript(
    texts: Path,
    file: str,
    label: str,
    source: tuple[int, dict[str, str]] | None,
    cache: dict[str, str | None],
    problems: list[str],
) -> str | None:
    if file in cache:
        return cache[file]
    line = source[0] if source else 0
    text: str | None = None
    if not _PLAIN.fullmatch(file):
        problems.append(f"{label}:{line}: file: '{file}' must be a file name in the texts folder")
    else:
        try:
            text = read_text(texts / file, str(texts / file), "transcript", DataError)
        except FileNotFoundError:
            problems.append(f"{label}:{line}: file: no transcript '{file}' in {texts}")
        except StakhanovError as exc:
            problems.extend(exc.problems)
    cache[file] = text
    return text
