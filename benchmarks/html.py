"""HTML page: `stakhanov html` (two workforces) against its floor, in the same run (median of
interleaved runs, a fresh output path each run). Goal: ≤ 1.5×.

The floor is what any page with these pictures pays at least: start Python, import jinja2
and matplotlib, draw the same four SVGs (the ladder, the Lorenz curves and each workforce's
tornado of its Gini, with the same drawing code from the same data, handed over pickled),
render a template around them and write the file. The command adds loading and checking
the data, the claims and each claim's flip points, the slider's grid (α in steps of 0.01
toward every record), the tornadoes' figures and the workforces' Monte Carlo percentiles.

Run: PYTHONPATH=src python benchmarks/html.py [--repeat N]
(This script's name shadows the standard library's ``html`` for whatever runs with this
folder first on its path, ``python -m`` in it included: so the runs start from the
repository's root, and ``run.py`` loads it under another name.)
"""

from __future__ import annotations

import argparse
import itertools
import os
import pickle
import shutil
import tempfile
from pathlib import Path

from _timing import HEADER, PY, compare, row

GOAL = 1.5
ROOT = Path(__file__).resolve().parents[1]
WORKFORCES = [str(ROOT / "examples" / f) for f in ("pit-before.toml", "pit-after.toml")]

FLOOR = """
import pickle, sys
import jinja2
import matplotlib
from stakhanov.views.pictures import drawing

ladder, curves, tornadoes = pickle.load(open(sys.argv[1], "rb"))
pictures = [((8, 6, 0.1), drawing.draw_ladder, ladder),
            ((6.5, 7, 0.06), drawing.draw_lorenz, curves)]
pictures += [(drawing.tornado_size(len(t.rows)), drawing.draw_tornado, t) for t in tornadoes]
svgs = []
for size, draw, data in pictures:
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig, ax = drawing.figure(*size)
        draw(data, fig, ax)
        import io
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
        svgs.append(buffer.getvalue())
env = jinja2.Environment(autoescape=True)
page = env.from_string("<html><body>{% for s in svgs %}{{ s|safe }}{% endfor %}</body></html>")
open(sys.argv[2], "w", encoding="utf-8").write(page.render(svgs=svgs))
"""


def results(repeat: int) -> tuple[str, str, dict[str, float]]:
    """(command, floor, timings): the page against its floor, in the same run."""
    from stakhanov.data.rates import load_rates
    from stakhanov.scenarios.workforce import load_workforce
    from stakhanov.stats.sensitivity import inequality_sensitivity
    from stakhanov.views.pictures.data import ladder_data, lorenz_data

    os.chdir(ROOT)  # never from benchmarks/, where this file would stand in for `html`
    folder = Path(tempfile.mkdtemp(prefix="stakhanov-bench-"))
    rates = load_rates()
    workforces = [load_workforce(w, rates) for w in WORKFORCES]
    pictures = folder / "pictures.pickle"
    tornadoes = [inequality_sensitivity(rates, w, "gini", 0) for w in workforces]
    drawn = (ladder_data(rates), lorenz_data(rates, workforces), tornadoes)
    pictures.write_bytes(pickle.dumps(drawn))
    runs = itertools.count()
    options = [a for w in WORKFORCES for a in ("-w", w)]
    try:
        result = compare(
            lambda: [PY, "-m", "stakhanov", "html", str(folder / f"p-{next(runs)}.html"), *options],
            lambda: [PY, "-c", FLOOR, str(pictures), str(folder / f"floor-{next(runs)}.html")],
            repeat,
        )
    finally:
        shutil.rmtree(folder)
    floor = "`import jinja2, matplotlib` + the same four SVGs + a template"
    return "`stakhanov html page.html -w pit-before -w pit-after`", floor, result


def measure(repeat: int) -> str:
    return row(*results(repeat), GOAL)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    line = measure(parser.parse_args().repeat)
    print(HEADER)
    print(line)
