"""Write an output file all at once or not at all.

The bytes go to a temporary file in the target's own folder (a rename never crosses file
systems), which takes the target's name only when it is complete. A reader never sees half
a file, and an export that fails, or is killed, leaves any old file as it was.

On Linux the temporary file is anonymous (``O_TMPFILE``): it has no name until it is linked
into place, so even a process killed mid-write leaves nothing behind. Where that is not
available, it is a hidden ``.NAME.*.tmp`` file beside the target, removed on any error the
process lives to see.

The messages are generic, one line each, shared by every command that writes a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from stakhanov.errors import OutputError

__all__ = ["atomic_write", "check_target"]

# Errors that mean "this folder cannot be written", whoever we are.
_NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


def atomic_write(
    path: str | Path, write: Callable[[BinaryIO], None], *, force: bool = False
) -> Path:
    """Call ``write`` with a binary file, then put that file at ``path`` in one step.

    Refuses, with an ``OutputError``, to replace an existing file unless ``force``.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> atomic_write(f"{folder}/a.txt", lambda f: f.write(b"hi") and None).read_bytes()
    b'hi'
    """
    target = Path(path)
    shown = str(path)
    check_target(path, force=force)
    folder = target.parent
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise _error(shown, exc) from None
    temp: str | None = None  # the name of a named temporary file, once it has one
    try:
        fd, temp = _create(dir_fd, target.name)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
            temp = _publish(handle.fileno(), dir_fd, temp, target.name, shown, force)
    except OSError as exc:
        raise _error(shown, exc) from None
    finally:
        if temp is not None:  # failed after the named temporary file was made
            _unlink(temp, dir_fd)
        os.close(dir_fd)
    return target


def check_target(path: str | Path, *, force: bool = False) -> None:
    """Fail now if ``path`` cannot be written: a caller checks before doing the work.

    The problems a user can fix, in the order they would meet them.
    """
    target, shown = Path(path), str(path)
    if target.is_dir():
        raise OutputError(f"{shown}: is a directory")
    if not target.parent.is_dir():
        raise OutputError(f"{shown}: folder does not exist")
    if not force and (target.exists() or target.is_symlink()):
        raise OutputError(f"{shown}: already exists (use --force to replace it)")
    # os.access answers for the real user; root passes it, and then the creation below
    # is what fails on a read-only file system.
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise OutputError(f"{shown}: folder is not writable")


def _create(dir_fd: int, name: str) -> tuple[int, str | None]:
    """An open temporary file in the folder, and its name (None: anonymous)."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(".", flag | os.O_WRONLY, 0o666, dir_fd=dir_fd), None
        except OSError as exc:
            # Old kernels and some file systems cannot make anonymous files: fall back.
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
    temp = f".{name}.{secrets.token_hex(4)}.tmp"
    # 0o666 less the umask, as for any new file (mkstemp would make it private, 0o600).
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666, dir_fd=dir_fd)
    return fd, temp


def _publish(
    fd: int, dir_fd: int, temp: str | None, name: str, shown: str, force: bool
) -> str | None:
    """Give the complete file the target's name; return a temporary name still to remove."""
    if temp is None:
        anonymous = f"/proc/self/fd/{fd}"
        if not force:
            # link() never replaces: a file that appeared since the check is kept.
            try:
                os.link(anonymous, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            except FileExistsError:
                raise OutputError(f"{shown}: already exists (use --force to replace it)") from None
            return None
        temp = f".{name}.{secrets.token_hex(4)}.tmp"
        os.link(anonymous, temp, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    return None


def _unlink(name: str, dir_fd: int) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name, dir_fd=dir_fd)


def _error(shown: str, exc: OSError) -> OutputError:
    if exc.errno in _NOT_WRITABLE:
        return OutputError(f"{shown}: folder is not writable")
    if exc.errno == errno.ENOENT:
        return OutputError(f"{shown}: folder does not exist")
    return OutputError(f"{shown}: cannot write ({exc.strerror or exc})")
