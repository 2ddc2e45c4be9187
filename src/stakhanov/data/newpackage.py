"""``stakhanov data new DIR``: a starter data package, in the format of ``rates/``.

The schema is the built-in one (``rates/datapackage.json``), so that a user's tables always
have the columns the loader reads, with two changes: a row cites a ``locator`` (``p. 212``,
``table 19``, ``¶ 9``: see ``locators``) where the built-in data cites a paragraph, and only
``source_id`` is a foreign key (a user's group may be paid by a built-in norm, which the
loader checks, and the package's own schema cannot see). Each table holds one example row,
commented out (``#``, the dialect's ``commentChar``), so that the package is valid as it
stands and ``frictionless validate`` passes on it; ``sources.csv`` holds one real source to
edit. The folder is written whole, under a temporary name, and renamed into place: it never
replaces a folder that exists, and a failed write leaves nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from stakhanov.data.rates import default_rates_dir
from stakhanov.errors import OutputError

__all__ = ["EXAMPLES", "TABLES", "write_package"]

# The tables a starter package holds, in the order a user fills them.
TABLES = ("sources", "wages", "norms", "records", "prices", "claims")

# One example row per table (as comments) and the one source (a real row). A column the
# built-in schema has and these do not (one added later) is left empty in the example.
EXAMPLES: dict[str, dict[str, str]] = {
    "sources": {
        "id": "my-source",
        "file": "my-source.txt",
        "title": "Title of the source",
        "author": "Author or body that issued it",
        "date": "1935",
        "date_inferred": "false",
        "kind": "primary",
        "reference": "archive, fond, opis', delo; or the book's edition and pages",
        "note": "Edit this row; file names the transcript for `data check --texts`.",
    },
    "wages": {
        "id": "my-group",
        "label": "Who earns it",
        "industry": "coal",
        "stakhanovite": "false",
        "low": "300",
        "high": "350",
        "low_open": "false",
        "high_open": "false",
        "period": "month",
        "period_inferred": "false",
        "pay_basis": "piece",
        "pay_basis_inferred": "false",
        "norm_id": "my-norm",
        "source_id": "my-source",
        "locator": "p. 12, table 3",
        "as_printed": "300;350",
        "note": "Say what the text says: a bound, an inference, an OCR reading.",
    },
    "norms": {
        "id": "my-norm",
        "activity": "what the norm measures",
        "unit": "t",
        "per": "shift",
        "low": "6",
        "high": "7",
        "value": "7",
        "tariff_group": "my-group",
        "source_id": "my-source",
        "locator": "p. 12",
        "as_printed": "6;7",
        "note": "",
    },
    "records": {
        "id": "my-record",
        "person": "Who set it",
        "activity": "what was done",
        "norm_id": "my-norm",
        "low": "40",
        "high": "40",
        "low_open": "false",
        "high_open": "false",
        "unit": "t",
        "duration": "shift",
        "date": "1935-10",
        "source_id": "my-source",
        "locator": "p. 14",
        "as_printed": "40",
        "note": "",
    },
    "prices": {
        "id": "my-price",
        "item": "rye bread",
        "unit": "rub/kg",
        "low": "1.00",
        "high": "1.00",
        "place": "Moscow",
        "applies_from": "1935",
        "applies_to": "1935",
        "source_id": "my-source",
        "page": "p. 20",
        "as_printed": "1.00",
        "note": "A price needs a source of kind external.",
    },
    "claims": {
        "id": "my-claim",
        "claim": "What the source claims, in your words",
        "comparator": "about",
        "claimed_low": "2",
        "measure": "group-ratio",
        "numerator": "my-group",
        "denominator": "miner",
        "source_id": "my-source",
        "locator": "p. 12",
        "as_printed": "twice",
        "note": "",
    },
}

_README = """\
# A stakhanov data package

Your own cited wage tables, used beside the built-in data (or alone):

    stakhanov groups --rates {name}
    stakhanov ratio my-group auxiliary --rates {name}
    stakhanov report --rates {name} --no-builtin

How to fill it:

1. `sources.csv`: one row per source (a report, a book, a newspaper, an archive file).
   `kind` is primary, secondary or external (a price needs an external source). `file` names
   your transcript of it, if you have one (for the quote check below); leave it empty if not.
2. The tables (`wages.csv`, `norms.csv`, `records.csv`, `prices.csv`, `claims.csv`): each
   shows one example row as a comment (`#`). Copy it to a line of its own without the `#`
   and edit it. Delete the tables you do not need; keep `sources.csv` and at least one of
   wages, norms, records or prices.
3. Every row cites where its figure stands: `locator` is a paragraph (`¶ 9`), a page
   (`p. 212`, `pp. 9-13`), a table (`table 19`), a folio (`fol. 12v`), an image (`image 23`)
   or a section (`section 4`), or several from the widest in (`p. 212, table 19`).
   `as_printed` is the figure as the text prints it (`1,600`; several separated by `;`).
   A bound stays a bound: "more than 1,600" is low 1,600 with `high_open` true.
4. Ids must be new: an id the built-in data already has is an error (change a built-in
   figure with a scenario instead: `stakhanov scenario new`).
5. A `report.toml` (optional) chooses what `stakhanov report` shows; without one, the
   report shows your groups beside the built-in four.
6. A `references.bib` (optional, BibTeX, e.g. exported from Zotero): give a source's
   `reference` as `@key` to show the formatted entry.

Check it, every problem at once, as FILE:LINE: column: problem:

    stakhanov data check {name}
    stakhanov data check {name} --texts TRANSCRIPTS

With `--texts`, each source's `file` is read from TRANSCRIPTS, and every `as_printed` must
stand in the place its row cites. In a transcript, a line `[p. 212]` (or `[table 19]`,
`[fol. 12v]`, `[image 23]`) starts that part; `¶ 9` is the ninth non-empty line.
`datapackage.json` is the schema of the tables (Frictionless Table Schema).
"""


def write_package(directory: str | Path) -> Path:
    """Write a starter package at ``directory``, which must not exist; return its path."""
    target = Path(directory)
    if target.exists() or target.is_symlink():
        raise OutputError(f"{target}: already exists (a new package needs a new folder)")
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{target}: folder {parent} does not exist")
    try:
        # A name of its own beside the target (a rename never crosses file systems); made by
        # mkdir, so the folder gets the user's usual permissions (umask), as a new one would.
        temp = parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        temp.mkdir()
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    try:
        for name, text in package_files(target.name).items():
            (temp / name).write_text(text, encoding="utf-8")
        os.rename(temp, target)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return target


def package_files(name: str) -> dict[str, str]:
    """The starter package's files by name, with their text."""
    schema = starter_schema()
    files = {"datapackage.json": json.dumps(schema, indent=2, ensure_ascii=False) + "\n"}
    for resource in schema["resources"]:
        columns = [f["name"] for f in resource["schema"]["fields"]]
        example = EXAMPLES[resource["name"]]
        header = _csv_line(columns)
        row = _csv_line([example.get(c, "") for c in columns])
        files[resource["path"]] = (
            header + row if resource["name"] == "sources" else f"{header}# {row}"
        )
    files["README.md"] = _README.format(name=name)
    return files


def starter_schema() -> dict[str, Any]:
    """The built-in ``datapackage.json``, cut to the starter's tables and a user's citations."""
    builtin = json.loads((default_rates_dir() / "datapackage.json").read_text(encoding="utf-8"))
    resources = []
    for resource in builtin["resources"]:
        if resource["name"] not in TABLES:
            continue
        schema = dict(resource["schema"])
        schema["fields"] = [_user_field(f) for f in schema["fields"]]
        schema["foreignKeys"] = [
            k for k in schema.get("foreignKeys", []) if k["reference"]["resource"] == "sources"
        ]
        if not schema["foreignKeys"]:
            del schema["foreignKeys"]
        resources.append({**resource, "schema": schema, "dialect": {"commentChar": "#"}})
    resources.sort(key=lambda r: TABLES.index(r["name"]))
    return {
        "name": "my-rates",
        "title": "My wage tables (edit this title)",
        "description": "Cited wages, norms and records for stakhanov. Every row cites its "
        "source and a locator (¶, page, table, folio or image).",
        "profile": "tabular-data-package",
        "resources": resources,
    }


def _user_field(field: dict[str, Any]) -> dict[str, Any]:
    """A paragraph column becomes a locator: a user's source may have pages, not paragraphs."""
    if field["name"] != "paragraph":
        return field
    out: dict[str, Any] = {
        "name": "locator",
        "type": "string",
        "description": "where the figure stands: ¶ 9, p. 212, pp. 9-13, table 19, fol. 12v, "
        "image 23, section 4, or several from the widest in (p. 212, table 19)",
    }
    if field.get("constraints", {}).get("required"):
        out["constraints"] = {"required": True}
    return out


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()
