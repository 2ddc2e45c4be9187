"""Write an output file all at once or not at all, and never over a file unasked.

The file is written to a temporary name in the same folder, then moved over the target with
``os.replace``, which is atomic on one filesystem: a reader sees the old file or the new one,
never half of it, and a failure while writing leaves nothing behind. Every refusal is one
``OutputError`` line naming the path.

(The export branch writes ``atomic.py`` with the same messages; the two are to be unified.)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError

__all__ = ["atomic_write", "check_target"]


def check_target(path: Path, force: bool) -> None:
    """Refuse, in one line, a path that cannot or should not be written."""
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: folder does not exist")
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists (use --force to replace it)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: folder is not writable")


def atomic_write(path: Path, write: Callable[[Path], None], force: bool) -> None:
    """Call ``write(temporary_path)``, then move the result to ``path``.

    If ``write`` raises, the temporary file is removed and the exception goes on unchanged;
    ``path`` is untouched.
    """
    path = Path(path)
    check_target(path, force)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except PermissionError:
        raise OutputError(f"{path}: folder is not writable") from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file private (0600); a picture gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
