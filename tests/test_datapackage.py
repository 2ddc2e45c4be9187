"""rates/datapackage.json describes every CSV, and frictionless finds the data valid."""

from __future__ import annotations

import csv
import json

from stakhanov.data.rates import default_rates_dir

RATES = default_rates_dir()


def test_package_is_valid() -> None:
    from frictionless import validate  # test-only dependency

    report = validate(str(RATES / "datapackage.json"))
    problems = [e.message for task in report.tasks for e in task.errors] + [
        e.message for e in report.errors
    ]
    assert report.valid, problems


def test_every_csv_is_described_with_its_columns() -> None:
    package = json.loads((RATES / "datapackage.json").read_text(encoding="utf-8"))
    described = {
        r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]
    }
    on_disk = {p.name for p in RATES.glob("*.csv")}
    assert set(described) == on_disk
    for path, names in described.items():
        with (RATES / path).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == names, path


def test_source_ids_are_foreign_keys_everywhere() -> None:
    package = json.loads((RATES / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == "sources":
            continue
        keys = resource["schema"]["foreignKeys"]
        assert {
            "fields": ["source_id"],
            "reference": {"resource": "sources", "fields": ["id"]},
        } in keys
