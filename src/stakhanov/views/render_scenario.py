"""What a scenario moves, as tables. Rendering never computes.

It builds on ``console`` beside it; ``stakhanov.calc.diff`` computes what it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stakhanov.views.console import (
    cell,
    emit_records,
    make_console,
    make_table,
    rounded,
    shown,
    styled,
    write_json,
)

if TYPE_CHECKING:
    from stakhanov.calc.diff import ScenarioDiff

__all__ = ["print_diff"]


def print_diff(d: ScenarioDiff, fmt: str, digits: int | None = None) -> None:
    if fmt == "json":
        write_json(rounded(d.as_dict(), digits))
        return
    places = shown(digits)  # the from/to columns are text: rounded as in the table
    if fmt == "csv":
        rows = [{"part": "input", **c.as_dict()} for c in d.inputs]
        rows += [
            {
                "part": "ratio",
                "input": f"{a.numerator}/{a.denominator}",
                "from": cell(a.low, a.central, a.high, a.bound, places),
                "to": cell(b.low, b.central, b.high, b.bound, places),
            }
            for a, b in d.ratios
        ]
        rows += [
            {
                "part": "norm",
                "input": f"{label}: {a.group}",
                "from": f"{a.after.central:.{places}f}",
                "to": f"{b.after.central:.{places}f}",
            }
            for label, a, b in d.norms
        ]
        emit_records(rows, fmt, digits)
        return
    console = make_console()
    console.print(styled(("Scenarios:", "bold"), f" {', '.join(d.scenarios)}"))
    if d.inputs:
        inputs = make_table("Inputs changed", ["input", "from", "to"], wrap=["from", "to"])
        for c in d.inputs:
            inputs.add_row(c.path, c.before, c.after)
        console.print(inputs)
    else:
        console.print("No input changed: every value stands as in the data.")
    if d.ratios:
        table = make_table(
            "Ratios that moved (monthly)",
            ["ratio", "before", "after"],
            right=["before", "after"],
            wrap=["before", "after"],
        )
        for a, b in d.ratios:
            table.add_row(
                f"{a.numerator} / {a.denominator}",
                cell(a.low, a.central, a.high, a.bound, places),
                cell(b.low, b.central, b.high, b.bound, places),
            )
        console.print(table)
    else:
        console.print("No ratio among the report's groups moved.")
    if d.norms:
        table = make_table(
            "Norm effects that moved (central rubles a month after the revision)",
            ["revision", "group", "before", "after"],
            right=["before", "after"],
            wrap=["revision"],
        )
        for label, old, new in d.norms:
            table.add_row(
                label, old.group, f"{old.after.central:,.1f}", f"{new.after.central:,.1f}"
            )
        console.print(table)
    else:
        console.print("No norm effect moved.")
