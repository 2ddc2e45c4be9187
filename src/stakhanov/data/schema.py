"""A data package's ``datapackage.json``, read and enforced on its CSV files.

Frictionless stays the schema: a package describes every table in a Table Schema, and the
loader and ``stakhanov data check`` both enforce the same schema here, with the standard
library only (frictionless itself is a test dependency: the tests run ``frictionless
validate`` on the packages ``data new`` writes). Enforced: every CSV is described and
every described file exists; a table's header is its fields, in order; each cell has the
field's type (string, number, integer, boolean with its true/false values) and meets its
constraints (required, unique, enum, minimum, maximum, pattern); the primary key is unique;
a foreign key into another table of the package names a row there. Each problem is
``FILE:LINE: column: problem``, like the loader's.

The file itself comes from a user: it is read within the size limits of any user file, and a
JSON nesting deeper than the TOML limit is refused before anything walks it.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from typing import Any

from stakhanov.data.csvrows import read_rows
from stakhanov.data.tomlfile import parse_json, read_text
from stakhanov.errors import DataError, StakhanovError

__all__ = ["SCHEMA_FILE", "read_schema", "schema_problems"]

SCHEMA_FILE = "datapackage.json"
# A resource's path is a file of the package itself: no folders, nothing outside it.
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.csv")


def read_schema(root: Path, label: str) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of ``root``; every failure one ``DataError``."""
    name = str(Path(label) / SCHEMA_FILE) if label else SCHEMA_FILE
    try:
        text = read_text(root / SCHEMA_FILE, name, "JSON", DataError)
    except FileNotFoundError:
        raise DataError(
            f"{name}: missing (a package describes its tables; `stakhanov data new` writes one)"
        ) from None
    data = parse_json(text, name)
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise DataError(f"{name}: resources: must be a list of tables")
    return data


def schema_problems(root: Path, label: str) -> list[str]:
    """Every way the CSV files of ``root`` break its ``datapackage.json``."""
    try:
        package = read_schema(root, label)
    except DataError as exc:
        return list(exc.problems)
    name = str(Path(label) / SCHEMA_FILE) if label else SCHEMA_FILE
    problems: list[str] = []
    described: dict[str, dict[str, Any]] = {}
    for index, resource in enumerate(package["resources"]):
        path = resource.get("path") if isinstance(resource, dict) else None
        schema = resource.get("schema") if isinstance(resource, dict) else None
        if not isinstance(path, str) or not _PLAIN.fullmatch(path):
            problems.append(f"{name}: resources[{index}].path: must be a CSV file of the package")
        elif not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            problems.append(f"{name}: resources[{index}].schema.fields: must be a list")
        else:
            described[path] = resource
    on_disk = {p.name for p in root.glob("*.csv")}
    for path in sorted(on_disk - set(described)):
        problems.append(f"{_file(label, path)}: not described in {SCHEMA_FILE}")
    keys: dict[str, dict[str, set[str]]] = {}  # resource name -> field -> values
    pending: list[tuple[str, int, str, str, str, str]] = []
    for path, resource in described.items():
        if path not in on_disk:
            if resource.get("name") == "sources" or path == "sources.csv":
                problems.append(f"{_file(label, path)}: described in {SCHEMA_FILE}, not found")
            continue  # a package may leave out any table but its sources
        try:
            rows = read_rows(root / path, _file(label, path))
        except StakhanovError as exc:
            problems.extend(exc.problems)
            continue
        fields = [f for f in resource["schema"]["fields"] if isinstance(f, dict)]
        problems.extend(_header(root / path, _file(label, path), fields))
        values = _cells(_file(label, path), rows, fields, resource["schema"], problems)
        keys[str(resource.get("name", path))] = values
        for key in resource["schema"].get("foreignKeys") or []:
            pending.extend(_references(_file(label, path), rows, key))
    for where, line, field, value, target, target_field in pending:
        if target in keys and value not in keys[target].get(target_field, set()):
            problems.append(f"{where}:{line}: {field}: '{value}' names no row of {target}")
    return problems


def _file(label: str, path: str) -> str:
    return str(Path(label) / path) if label else path


def _header(path: Path, where: str, fields: list[dict[str, Any]]) -> list[str]:
    text = read_text(path, where, "CSV", DataError)  # read_rows read it within the limits
    first = next((line for line in text.splitlines() if not line.startswith("#")), "")
    header = next(csv.reader([first]), [])
    names = [str(f.get("name")) for f in fields]
    if header == names:
        return []
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    detail = "; ".join(
        part
        for part in (
            f"missing {', '.join(missing)}" if missing else "",
            f"not described: {', '.join(extra)}" if extra else "",
            "columns out of the schema's order" if not (missing or extra) else "",
        )
        if part
    )
    return [f"{where}:1: header: must be the schema's fields ({detail})"]


def _cells(
    where: str,
    rows: list[tuple[int, dict[str, str]]],
    fields: list[dict[str, Any]],
    schema: dict[str, Any],
    problems: list[str],
) -> dict[str, set[str]]:
    values: dict[str, set[str]] = {}
    primary = schema.get("primaryKey") or []
    primary = [primary] if isinstance(primary, str) else list(primary)
    seen_keys: set[tuple[str, ...]] = set()
    for line, row in rows:
        for field in fields:
            name = str(field.get("name"))
            value = (row.get(name) or "").strip()
            problem = _cell_problem(value, field)
            if problem:
                problems.append(f"{where}:{line}: {name}: {problem}")
            constraints = field.get("constraints") or {}
            if value and constraints.get("unique") and value in values.get(name, set()):
                problems.append(f"{where}:{line}: {name}: '{value}' is not unique")
            values.setdefault(name, set()).add(value)
        if primary:
            key = tuple((row.get(k) or "").strip() for k in primary)
            if key in seen_keys and len(primary) > 1:
                problems.append(f"{where}:{line}: {', '.join(primary)}: key is not unique")
            seen_keys.add(key)
    return values


def _cell_problem(value: str, field: dict[str, Any]) -> str | None:
    constraints = field.get("constraints") or {}
    if not value:
        return "missing value" if constraints.get("required") else None
    kind = field.get("type", "string")
    number: float | None = None
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return f"must be a number, got '{value}'"
        if not math.isfinite(number):
            return f"must be a finite number, got '{value}'"
    elif kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,15}", value):
            return f"must be a whole number, got '{value}'"
        number = float(value)
    elif kind == "boolean":
        allowed = list(field.get("trueValues", ["true"])) + list(
            field.get("falseValues", ["false"])
        )
        if value not in allowed:
            return f"must be {' or '.join(str(a) for a in allowed)}, got '{value}'"
    enum = constraints.get("enum")
    if isinstance(enum, list) and value not in [str(e) for e in enum]:
        return f"'{value}' is not one of {', '.join(str(e) for e in enum)}"
    if number is not None:
        low, high = constraints.get("minimum"), constraints.get("maximum")
        if isinstance(low, int | float) and number < low:
            return f"must be >= {low}, got {value}"
        if isinstance(high, int | float) and number > high:
            return f"must be <= {high}, got {value}"
    pattern = constraints.get("pattern")
    if isinstance(pattern, str) and len(pattern) <= 200:
        try:
            matched = re.fullmatch(pattern, value)
        except re.error:
            return f"the schema's pattern for it is not a regular expression: {pattern}"
        if not matched:
            return f"'{value}' does not match {pattern}"
    return None


def _references(
    where: str, rows: list[tuple[int, dict[str, str]]], key: Any
) -> list[tuple[str, int, str, str, str, str]]:
    """The cells a foreign key must find, as (file, line, field, value, resource, field)."""
    if not isinstance(key, dict) or not isinstance(key.get("reference"), dict):
        return []
    fields = key.get("fields")
    target = key["reference"].get("resource")
    target_fields = key["reference"].get("fields")
    field = fields[0] if isinstance(fields, list) and fields else fields
    target_field = (
        target_fields[0] if isinstance(target_fields, list) and target_fields else target_fields
    )
    if not (isinstance(field, str) and isinstance(target, str) and isinstance(target_field, str)):
        return []
    return [
        (where, line, field, (row.get(field) or "").strip(), target, target_field)
        for line, row in rows
        if (row.get(field) or "").strip()
    ]
