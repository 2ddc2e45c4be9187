"""A data package's bibliography: ``references.bib`` (BibTeX) or ``references.json``
(CSL-JSON), as Zotero and other reference managers export them.

A source of ``sources.csv`` names an entry by its key in the ``reference`` column
(``@neutatz2013``); the loader replaces the key by the formatted entry, which ``sources``,
``why``, the workbook's Sources sheet and the page then show. BibTeX is read with
``bibtexparser`` (a maintained library, not a parser of our own), imported only when a
package has a ``.bib`` file; CSL-JSON is JSON, read with the standard library. Both files come
from a user and are read within the limits of any user file.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from stakhanov.data.tomlfile import parse_json, read_text
from stakhanov.errors import DataError

__all__ = ["BIB_FILE", "CSL_FILE", "format_entry", "load_references"]

BIB_FILE = "references.bib"
CSL_FILE = "references.json"


def load_references(root: Path, label: str, problems: list[str]) -> dict[str, str]:
    """The formatted entries of the package's bibliography by key; problems go to
    ``problems`` (an absent file is an empty bibliography)."""
    out: dict[str, str] = {}
    for name, read in ((BIB_FILE, _bibtex), (CSL_FILE, _csl)):
        path = root / name
        if not path.exists():
            continue
        where = str(Path(label) / name) if label else name
        try:
            out.update(read(read_text(path, where, "bibliography", DataError), where))
        except DataError as exc:
            problems.extend(exc.problems)
    return out


def format_entry(fields: Mapping[str, str]) -> str:
    """One reference as a line: 'Neutatz, Dietmar (2013). Moskovskoe metro. Moscow: ROSSPEN.'

    >>> format_entry({"author": "Markin, N.", "year": "1936", "title": "The Stakhanovist Movement",
    ...               "journal": "The New International", "volume": "3", "number": "1",
    ...               "pages": "9-13"})
    'Markin, N. (1936). The Stakhanovist Movement. The New International 3(1), pp. 9-13.'
    """
    authors = fields.get("author") or fields.get("editor") or ""
    year = fields.get("year") or fields.get("date") or ""
    head = f"{authors} ({year})" if authors and year else authors or year
    parts = [head, fields.get("title", "")]
    container = fields.get("journal") or fields.get("booktitle") or ""
    if container:
        volume = fields.get("volume", "")
        number = f"({fields['number']})" if fields.get("number") else ""
        parts.append(f"{container} {volume}{number}".strip())
    place = ": ".join(p for p in (fields.get("address", ""), fields.get("publisher", "")) if p)
    parts.append(place)
    text = ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())
    if fields.get("pages"):
        text += f", pp. {fields['pages']}"
    if fields.get("note"):
        text += f". {fields['note'].strip().rstrip('.')}"
    return f"{text}." if text else ""


def _bibtex(text: str, where: str) -> dict[str, str]:
    from bibtexparser import parse_string  # type: ignore[attr-defined]
    from bibtexparser.middlewares import LatexDecodingMiddleware

    # bibtexparser logs each block it cannot parse; the problems are reported here instead,
    # as one line each, so its logger is kept quiet while it runs.
    logger = logging.getLogger("bibtexparser")
    before, logger.disabled = logger.disabled, True
    try:
        library = parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    except RecursionError:
        raise DataError(f"{where}: nested too deeply") from None
    finally:
        logger.disabled = before
    problems = [
        f"{where}:{(block.start_line or 0) + 1}: not a BibTeX entry bibtexparser can read"
        for block in library.failed_blocks
    ]
    if problems:
        raise DataError(problems)
    return {
        entry.key: format_entry({k.lower(): str(f.value) for k, f in entry.fields_dict.items()})
        for entry in library.entries
    }


def _csl(text: str, where: str) -> dict[str, str]:
    data = parse_json(text, where)
    if not isinstance(data, list):
        raise DataError(f"{where}: must be a list of CSL-JSON items")
    out: dict[str, str] = {}
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise DataError(f"{where}: item {index}: needs an id")
        out[item["id"]] = format_entry(_csl_fields(item))
    return out


def _csl_fields(item: dict[str, Any]) -> dict[str, str]:
    """CSL-JSON's names and dates as the BibTeX-like fields ``format_entry`` reads."""
    names = [
        ", ".join(p for p in (n.get("family", ""), n.get("given", "")) if p) or n.get("literal", "")
        for n in item.get("author", [])
        if isinstance(n, dict)
    ]
    issued = item.get("issued", {})
    parts = issued.get("date-parts", [[None]]) if isinstance(issued, dict) else [[None]]
    year = str(parts[0][0]) if parts and parts[0] and parts[0][0] is not None else ""
    fields = {
        "author": " and ".join(names),
        "year": year,
        "title": str(item.get("title", "")),
        "journal": str(item.get("container-title", "")),
        "volume": str(item.get("volume", "")),
        "number": str(item.get("issue", "")),
        "pages": str(item.get("page", "")),
        "publisher": str(item.get("publisher", "")),
        "address": str(item.get("publisher-place", "")),
    }
    return {k: v for k, v in fields.items() if v}
