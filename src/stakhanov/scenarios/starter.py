"""A starter scenario (``scenario new``): every base value, commented, ready to edit.

The text is built from the loaded ``Rates``, so it always shows the data as it stands; the
file is written once and never over an existing one. ``overlay`` checks what a user then
makes of it; ``stakhanov.calc.diff`` shows what it moves.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from stakhanov.data.interval import describe
from stakhanov.data.prices import price_text
from stakhanov.data.rates import Rates

__all__ = ["starter", "write_starter"]


def starter(rates: Rates) -> str:
    """A commented scenario file with the current base values, that `scenario check` accepts.

    Lines with one ``#`` hold the values as they stand: uncommenting any of them, or all,
    changes nothing (``scenario diff`` lists nothing) until a value is edited. Lines with
    ``##`` are explanations and examples of settings the data does not have; an example
    uncommented does change something, and passes `scenario check` too.
    """
    lines = [
        "## A stakhanov scenario: your own assumptions over the built-in data (rates/).",
        "## Lines with one # hold the values as they stand: uncomment one and edit it.",
        "## Lines with ## explain, or show an example of a setting the data does not have.",
        "## Then: stakhanov scenario check THIS.toml; stakhanov report --scenario THIS.toml",
        "",
        "[meta]",
        'title = "My scenario"',
        'note = "why I think so, with sources"',
        "",
        "## Wage groups: any of low, high, low_open, high_open, period, pay_basis, norm_id.",
        "## An open end ('1,600 or more') takes a new limit only with high_open = false.",
    ]
    for g in rates.wages.values():
        lines += [
            f"# [wages.{g.id}]  # now {describe(g.wage)} a {g.period} ({g.citation})",
            f"# low = {g.wage.low:g}",
            f"# high = {g.wage.high:g}",
        ]
    lines.append("\n## Norms: value (the point used), and the range low..high it lies in.")
    for n in rates.norms.values():
        lines += [
            f"# [norms.{n.id}]  # now {n.value:g} {n.unit} ({n.citation})",
            f"# value = {n.value:g}",
        ]
        if not n.range.is_point:  # a range stays a range: value alone would make it a point
            lines += [f"# low = {n.range.low:g}", f"# high = {n.range.high:g}"]
    lines.append("\n## Records: output, or low and high.")
    for r in rates.records.values():
        if r.norm_id:
            lines.append(f"# [records.{r.id}]  # now {describe(r.output)} {r.unit} ({r.citation})")
            if r.output.is_point:
                lines.append(f"# output = {r.output.low:g}")
            else:
                lines += [f"# low = {r.output.low:g}", f"# high = {r.output.high:g}"]
    lines.append("\n## Prices (outside the sources; for --in ID): low and high, in rubles a unit.")
    for p in rates.prices.values():
        lines += [
            f"# [prices.{p.id}]  # now {price_text(p.price)} {p.unit}, {p.place} ({p.cited})",
            f"# low = {p.price.low:g}",
            f"# high = {p.price.high:g}",
        ]
    rules = sorted(p.stem for p in (rates.root / "rules").glob("*.toml")) if rates.root else []
    privileges = ", ".join(f"{p} = 0" for p in rates.privileges)
    stakh = ", ".join(f'"{g.id}"' for g in rates.wages.values() if g.stakhanovite)
    lines += [
        "",
        f"## Pay rule for norm revisions (default straight): one of {', '.join(rules)}.",
        "## [rule]",
        '## name = "progressive-metrostroi-1933"',
        "",
        "## In-kind privileges: monthly ruble value (an assumption; the sources give none).",
        "## [privileges]",
        f"## value = {{ {privileges} }}",
        f"## groups = [{stakh}]",
        "",
        "## Working days per month, to turn a day figure into a month.",
        "## [periods]",
        "## working_days_per_month = 25",
        "",
        "## A norm revision that `stakhanov norm` and the report use: raise, or alpha + toward.",
        "## [revision]",
        "## alpha = 0.1",
        '## toward = "stakhanov-1935"',
        '## tariff = "0%"',
        "",
        '## New groups, each with source_id and paragraph, or note = "assumption: ...".',
        "## [[add.groups]]",
        '## id = "timberman"',
        '## label = "Timberman propping behind a hewer"',
        "## value = 170",
        '## period = "month"',
        '## pay_basis = "time"',
        '## note = "assumption: paid like the auxiliary team driver"',
        "",
    ]
    return "\n".join(lines)


def write_starter(rates: Rates, path: str | Path) -> Path:
    """Write ``starter(rates)`` to ``path``, never replacing an existing file.

    Through ``stakhanov.atomic``, as ``export`` and ``plot`` write: whole or not at all, with
    the same permissions (0644 under the usual umask).
    """
    from stakhanov.atomic import atomic_write
    from stakhanov.errors import OutputError

    target = Path(path)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{path}: already exists (scenario new never replaces a file)")
    text = starter(rates).encode("utf-8")

    def write(handle: BinaryIO) -> None:
        handle.write(text)

    return atomic_write(path, write)  # as typed: "s.toml/" names a folder
