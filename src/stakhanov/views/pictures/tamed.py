"""matplotlib, configured in one place for every picture the tool draws (PNG and SVG).

Whatever the user's environment, a picture is drawn the same way and matplotlib says
nothing on stderr:

- the backend is Agg (a bad ``MPLBACKEND`` is ignored, not a traceback): set before the
  first import, and each figure has its own Agg canvas anyway (``drawing.figure``);
- a private config and cache folder (``MPLCONFIGDIR``): a missing or read-only HOME gives
  no "created a temporary cache directory" chatter, and no ``matplotlibrc`` (the user's,
  or one in the current folder) changes a picture; a writable user cache folder keeps the
  font cache between runs, else a fresh temporary folder is used and removed at exit;
- matplotlib's defaults, then text without maths: ``$...$`` in a title is shown as
  written, never typeset (nor a traceback from the mathtext parser);
- every warning and every log line of matplotlib's caught while a picture is drawn and
  saved (a glyph the font lacks, a layout that does not fit, equal axis limits).

``plots`` (PNG) and ``views.html.svg`` (the page's SVG) draw inside ``tamed()``, and pass
each figure through ``shown_literally`` before saving it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from stakhanov.data.literal import literal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["shown_literally", "tamed"]


def _private_folder() -> str:
    """A folder for matplotlib's config and font cache that only this tool uses."""
    import tempfile

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "stakhanov", "matplotlib")
    with contextlib.suppress(OSError, ValueError):
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    import atexit
    import shutil

    folder = tempfile.mkdtemp(prefix="stakhanov-matplotlib-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _matplotlib() -> Any:
    """matplotlib, imported once with the backend and the folder above."""
    if "matplotlib" not in sys.modules:
        # Read by matplotlib at import only. A program that imported matplotlib before
        # (a notebook) keeps its own settings; every figure here has an Agg canvas anyway.
        os.environ["MPLBACKEND"] = "agg"
        os.environ["MPLCONFIGDIR"] = _private_folder()
    import matplotlib

    return matplotlib


@contextlib.contextmanager
def tamed(rc: dict[str, Any] | None = None) -> Iterator[None]:
    """Draw and save a picture in here: defaults, no maths, ``rc`` on top, nothing on stderr."""
    import logging
    import warnings

    matplotlib = _matplotlib()
    logger = logging.getLogger("matplotlib")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with matplotlib.rc_context(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcdefaults()  # not the backend, which matplotlib leaves as it is
            matplotlib.rcParams.update({"text.parse_math": False, **(rc or {})})
            yield
    finally:
        logger.setLevel(level)


def shown_literally(fig: Figure) -> None:
    """Every text on the picture as written: no mathtext (``$...$``), controls escaped.

    User text (labels, titles, notes) reaches titles, legends and notes; a line break stays
    a line break, every other control and format character is shown as its escape.
    """
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        assert isinstance(text, Text)
        text.set_text("\n".join(literal(line) for line in text.get_text().split("\n")))
        text.set_parse_math(False)
