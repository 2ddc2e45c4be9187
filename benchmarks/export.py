"""Export: `stakhanov export` against its floor, `import pandas, openpyxl` plus writing as
many cells with openpyxl, in the same run (median of interleaved runs, a fresh output path
each run). Goal: ≤ 1.5×.

The command runs as `python -m stakhanov`, so that a checkout run with PYTHONPATH=src times
its own code. Run: PYTHONPATH=src python benchmarks/export.py [--repeat N]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import tempfile
from pathlib import Path

from _timing import HEADER, PY, compare, row

GOAL = 1.5

# The floor: what any xlsx writer built on the project's stack pays at least.
FLOOR = """
import sys
import openpyxl
import pandas  # noqa: F401

cells, path = int(sys.argv[1]), sys.argv[2]
ws = (wb := openpyxl.Workbook()).active
for i in range(cells):
    ws.cell(i // 10 + 1, i % 10 + 1, i)
wb.save(path)
"""


def results(repeat: int) -> tuple[str, str, dict[str, float]]:
    """(command, floor, timings): the export against its floor, in the same run."""
    from stakhanov import load_rates
    from stakhanov.views.workbook.export import export_workbook

    folder = Path(tempfile.mkdtemp(prefix="stakhanov-bench-"))
    cells = export_workbook(load_rates(), folder / "probe.xlsx").cells
    runs = itertools.count()
    try:
        result = compare(
            lambda: [PY, "-m", "stakhanov", "export", str(folder / f"export-{next(runs)}.xlsx")],
            lambda: [PY, "-c", FLOOR, str(cells), str(folder / f"floor-{next(runs)}.xlsx")],
            repeat,
        )
    finally:
        shutil.rmtree(folder)
    floor = f"`import pandas, openpyxl` + {cells:,} cells"
    return "`stakhanov export stakhanov.xlsx`", floor, result


def measure(repeat: int) -> str:
    return row(*results(repeat), GOAL)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    line = measure(parser.parse_args().repeat)
    print(HEADER)
    print(line)
