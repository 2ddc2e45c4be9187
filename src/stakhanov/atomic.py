"""Write an output file all at once or not at all.

The bytes go to a temporary file in the target's own folder (a rename never crosses file
systems), which takes the target's name only when it is complete.

What is guaranteed, exactly:

- A reader of the target sees the old file or the complete new one, never half a file; an
  export that fails, or is killed, leaves any old file as it was.
- Without ``--force`` no existing file is replaced, even one that appears during the write
  (``link`` never replaces), and a symlink counts as a file even when it points nowhere.
- The bytes reach the disk (``fsync``) before the file takes the target's name, and the
  folder's new entry after: once the write returns, a power cut cannot undo it.
- ``--force`` replaces a regular file (keeping its permission bits: a private file stays
  private) or a symlink (the link itself, never what it points to). Anything else at the
  name (a FIFO, a device such as ``/dev/null``, a socket) is refused, checked before the
  work and again just before the rename. A name ending in ``/`` names a folder, never a
  file: ``out.png/`` is refused, not written as ``out.png``.
- On Linux the temporary file is anonymous (``O_TMPFILE``) while it is written: a process
  killed then leaves nothing behind. A new target is linked into place directly. Replacing
  a file (``--force``) needs a name to rename from: the complete file is linked as
  ``.NAME.PID.HEX.tmp`` and renamed over the target at once. A process killed between those
  two calls (microseconds) leaves that hidden file, complete, beside the target; the next
  write to the same target removes it once no process with that PID is alive.
- Where anonymous files are not available, the hidden file holds the bytes while they are
  written, so a killed process can leave it (also removed by the next write); an error the
  process lives to see removes it at once.
- After a failed write (a full disk), any further writes the caller's library makes while
  cleaning up (a zip archive's closing directory) go nowhere, so no warning follows the
  one error.

The messages are generic, one line each, shared by every command that writes a file.

Used by ``views`` (the workbook, pictures, the HTML page) and ``scenarios.starter``; the
errors it raises are ``errors.OutputError``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, cast

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
        _remove_stale(dir_fd, target.name)
        fd, temp = _create(dir_fd, target.name)
        with os.fdopen(fd, "wb") as handle:
            sink = _Sink(handle)
            try:
                write(cast(BinaryIO, sink))
            except BaseException as exc:
                sink.failed = True  # the writer's own temporary files may be what failed
                _let_go_quietly(exc)
                raise
            if sink.error is not None:
                # The writer carried on after the file failed (it caught the error): what it
                # wrote since went nowhere, so the file is incomplete and is never published.
                raise sink.error
            handle.flush()
            os.fsync(handle.fileno())
            temp = _publish(handle.fileno(), dir_fd, temp, target.name, shown, force)
        _sync_folder(dir_fd)
    except OSError as exc:
        raise _error(shown, exc) from None
    finally:
        if temp is not None:  # a named temporary file: failed, or linked into place
            _unlink(temp, dir_fd)
        os.close(dir_fd)
    return target


def check_target(path: str | Path, *, force: bool = False) -> None:
    """Fail now if ``path`` cannot be written: a caller checks before doing the work.

    The problems a user can fix, in the order they would meet them.
    """
    target, shown = Path(path), str(path)
    try:
        _check_target(target, shown, force)
    except OSError as exc:  # a name too long for the system, a loop of symlinks, ...
        raise _error(shown, exc) from None


def _check_target(target: Path, shown: str, force: bool) -> None:
    if target.is_dir():
        raise OutputError(f"{shown}: is a directory")
    if shown.endswith(("/", os.sep)):  # Path() drops the slash: out.png/ would be out.png
        raise OutputError(f"{shown}: names a folder (it ends in /), not a file")
    if not target.parent.is_dir():
        raise OutputError(f"{shown}: folder does not exist")
    if not force and (target.exists() or target.is_symlink()):
        raise OutputError(f"{shown}: already exists (use --force to replace it)")
    _replaceable_mode(str(target), None, shown)
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
    temp = _temp_name(name)
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
            _link_new(anonymous, dir_fd, name, shown)
            return None
        temp = _temp_name(name)
        os.link(anonymous, temp, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    elif not force:
        # The named file takes the target's name by a link too (a rename would replace a
        # file that appeared since the check); its own name is then removed by the caller.
        try:
            _link_new(temp, dir_fd, name, shown)
            return temp
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            # A file system without hard links (FAT): check once more, as close as can be.
            if _exists(name, dir_fd):
                raise OutputError(f"{shown}: already exists (use --force to replace it)") from None
    # Checked again now, just before the rename: what is there may have changed since.
    mode = _replaceable_mode(name, dir_fd, shown)
    if mode is not None:
        os.fchmod(fd, mode)  # the replaced file's permissions, not the default ones
    os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    return None


def _replaceable_mode(name: str, dir_fd: int | None, shown: str) -> int | None:
    """The permission bits of the regular file at ``name`` (None: nothing there, or a
    symlink, which is replaced as a new file); anything else is refused."""
    try:
        info = os.lstat(name, dir_fd=dir_fd)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{shown}: not a regular file (a device, a pipe or a socket)")
    return stat.S_IMODE(info.st_mode)


def _link_new(source: str, dir_fd: int, name: str, shown: str) -> None:
    """Give ``source`` the name ``name``; link() never replaces: a file that appeared since
    the check is kept."""
    try:
        os.link(source, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except FileExistsError:
        raise OutputError(f"{shown}: already exists (use --force to replace it)") from None


def _exists(name: str, dir_fd: int) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _sync_folder(dir_fd: int) -> None:
    """Put the folder's new entry on disk; a file system that cannot sync a folder says so
    with EINVAL, and then there is nothing more to do."""
    try:
        os.fsync(dir_fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EOPNOTSUPP):
            raise


def _temp_name(name: str) -> str:
    # The PID says whose it is: a later run removes it only once that process is gone.
    return f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def _remove_stale(dir_fd: int, name: str) -> None:
    """Remove hidden temporary files of ``name`` left by processes that were killed."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)\.[0-9a-f]{{8}}\.tmp")
    for entry in os.listdir(dir_fd):
        found = pattern.fullmatch(entry)
        if found and not _alive(int(found.group(1))):
            _unlink(entry, dir_fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or not a PID at all: leave the file alone
    return True


def _let_go_quietly(exc: BaseException) -> None:
    """Free what a failed writer left half-done, now, without a second complaint.

    A zip archive or a generator writing a worksheet, cut off by a full disk, tries again
    to finish when it is collected; Python prints that as "Exception ignored in ...". The
    file is discarded anyway, so the writer's frames are cleared and collected here, with
    those messages silenced: the one error line stays the only one.
    """
    import gc
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


class _Sink:
    """The file handed to a writer; after its first failed write, later writes go nowhere.

    A zip archive (openpyxl's workbook) that failed on a full disk tries again to write its
    closing directory when it is collected, after the file is closed: that would print a
    warning after the error line. Once a write has failed (here, or anywhere in the writer),
    the file is discarded anyway.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.failed = False
        self.error: OSError | None = None  # the file's own first failure, if any
        self.position = 0  # kept so that a zip archive's arithmetic stays sane after a failure

    def write(self, data: bytes) -> int:
        if self.failed:
            self.position += len(data)
            return len(data)
        written = int(self._guarded(self._handle.write)(data))
        self.position += written
        return written

    def tell(self) -> int:
        if not self.failed:
            self.position = int(self._guarded(self._handle.tell)())
        return self.position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if not self.failed:
            self.position = int(self._guarded(self._handle.seek)(offset, whence))
        elif whence == os.SEEK_SET:
            self.position = offset
        elif whence == os.SEEK_CUR:
            self.position += offset
        return self.position

    def __getattr__(self, attr: str) -> Any:
        if self.failed:
            return lambda *args, **kwargs: 0
        found = getattr(self._handle, attr)
        return self._guarded(found) if callable(found) else found

    def _guarded(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except OSError as exc:  # a full disk shows in write() or in flush()
                self.failed = True
                self.error = self.error or exc
                raise
            except ValueError:  # a closed file: only after the write is over
                self.failed = True
                raise

        return call


def _unlink(name: str, dir_fd: int) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name, dir_fd=dir_fd)


def _error(shown: str, exc: OSError) -> OutputError:
    if exc.errno in _NOT_WRITABLE:
        return OutputError(f"{shown}: folder is not writable")
    if exc.errno == errno.ENOENT:
        return OutputError(f"{shown}: folder does not exist")
    return OutputError(f"{shown}: cannot write ({exc.strerror or exc})")
