"""Atomic writes: whole or nothing, never over a file without force, one line per problem.

Each behaviour runs twice: with Linux's anonymous temporary files (O_TMPFILE) and with the
named hidden file used where those are not available.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest

from stakhanov.atomic import atomic_write, check_target
from stakhanov.errors import OutputError


@pytest.fixture(params=["anonymous", "named"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "named":
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    elif not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE on this system")
    return str(request.param)


def _bytes(data: bytes) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        handle.write(data)

    return write


def _fails(handle: BinaryIO) -> None:
    handle.write(b"half a workbook")
    raise RuntimeError("the writer broke down midway")


def test_writes_the_whole_file_and_nothing_else(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "out.xlsx"
    assert atomic_write(target, _bytes(b"complete")) == target
    assert target.read_bytes() == b"complete"
    assert os.listdir(tmp_path) == ["out.xlsx"]


def test_new_file_gets_the_usual_permissions(tmp_path: Path, mode: str) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "out.xlsx", _bytes(b"x"))
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "out.xlsx").stat().st_mode) == 0o644  # not private 0o600


def test_refuses_to_replace_without_force(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputError) as info:
        atomic_write(target, _bytes(b"new"))
    assert str(info.value) == f"{target}: already exists (use --force to replace it)"
    assert target.read_bytes() == b"old"
    atomic_write(target, _bytes(b"new"), force=True)
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.xlsx"]


@pytest.mark.parametrize("force", [False, True])
def test_a_failed_write_leaves_no_trace(tmp_path: Path, mode: str, force: bool) -> None:
    target = tmp_path / "out.xlsx"
    if force:
        target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="midway"):
        atomic_write(target, _fails, force=force)
    assert os.listdir(tmp_path) == (["out.xlsx"] if force else [])
    if force:
        assert target.read_bytes() == b"old"


def test_a_dangling_symlink_counts_as_a_file(tmp_path: Path, mode: str) -> None:
    # A symlink whose target is gone is still a name in the folder: refused before any work.
    link = tmp_path / "out.xlsx"
    link.symlink_to(tmp_path / "gone.xlsx")
    with pytest.raises(OutputError) as info:
        check_target(link)
    assert str(info.value) == f"{link}: already exists (use --force to replace it)"
    called: list[bool] = []
    with pytest.raises(OutputError, match="already exists"):
        atomic_write(link, lambda handle: called.append(True))
    assert called == []  # refused by the check, before the writer ran
    assert link.is_symlink() and os.listdir(tmp_path) == ["out.xlsx"]
    atomic_write(link, _bytes(b"new"), force=True)  # --force replaces the link itself
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.xlsx"]  # nothing written where it pointed


def _appears_midway(target: Path) -> Callable[[BinaryIO], None]:
    """A writer during whose work another program creates the target."""

    def write(handle: BinaryIO) -> None:
        handle.write(b"ours, ")
        target.write_bytes(b"theirs")  # after the check, before the file takes its name
        handle.write(b"complete")

    return write


def test_a_file_that_appears_during_the_write_is_kept(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "out.xlsx"
    with pytest.raises(OutputError) as info:
        atomic_write(target, _appears_midway(target))
    assert str(info.value) == f"{target}: already exists (use --force to replace it)"
    assert target.read_bytes() == b"theirs"
    assert os.listdir(tmp_path) == ["out.xlsx"]  # and no temporary file left beside it
    atomic_write(target, _appears_midway(target), force=True)  # --force: ours replaces it
    assert target.read_bytes() == b"ours, complete"
    assert os.listdir(tmp_path) == ["out.xlsx"]


@pytest.mark.parametrize("appears", [False, True])
def test_without_hard_links_the_named_file_still_keeps_a_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, appears: bool
) -> None:
    # A file system without hard links (FAT): link() fails with EPERM, the fallback renames.
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.xlsx"
    if appears:
        with pytest.raises(OutputError, match="already exists"):
            atomic_write(target, _appears_midway(target))
        assert target.read_bytes() == b"theirs"
    else:
        atomic_write(target, _bytes(b"complete"))
        assert target.read_bytes() == b"complete"
    assert os.listdir(tmp_path) == ["out.xlsx"]


@pytest.mark.parametrize("force", [False, True])
def test_the_file_and_then_its_folder_reach_the_disk(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    target = tmp_path / "out.xlsx"
    if force:
        target.write_bytes(b"old")
    real_fsync = os.fsync
    synced: list[tuple[str, int, bytes | None]] = []  # (kind, inode, the target's bytes then)

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        kind = "folder" if stat.S_ISDIR(info.st_mode) else "file"
        synced.append((kind, info.st_ino, target.read_bytes() if target.exists() else None))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic_write(target, _bytes(b"new"), force=force)
    old = b"old" if force else None
    assert synced == [
        ("file", target.stat().st_ino, old),  # the new bytes, before they take the name
        ("folder", tmp_path.stat().st_ino, b"new"),  # the folder, once they have it
    ]


@pytest.mark.parametrize(("code", "fails"), [(errno.EINVAL, False), (errno.EIO, True)])
def test_a_folder_that_cannot_be_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, fails: bool
) -> None:
    # Some file systems cannot sync a folder (EINVAL): nothing more to do. A disk error is one.
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "out.xlsx"
    if fails:
        with pytest.raises(OutputError, match="cannot write"):
            atomic_write(target, _bytes(b"x"))
    else:
        atomic_write(target, _bytes(b"x"))
    assert target.read_bytes() == b"x"  # in place either way: the folder sync comes last


def test_missing_folder_and_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "nowhere" / "out.xlsx", _bytes(b"x"))
    assert str(info.value) == f"{tmp_path / 'nowhere' / 'out.xlsx'}: folder does not exist"
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "dir.xlsx", _bytes(b"x"), force=True)
    assert str(info.value) == f"{tmp_path / 'dir.xlsx'}: is a directory"


def read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` unwritable. Root ignores permission bits (CI runs as root), so there
    the file system's answer is simulated: creating a file in it fails as on a read-only
    mount."""
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return
    real_open = os.open

    def refuse(path: str | Path, flags: int, *args: object, **kwargs: object) -> int:
        dir_fd = kwargs.get("dir_fd")
        inside = os.path.samefile(f"/proc/self/fd/{dir_fd}", folder) if dir_fd else False
        if inside and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)


def test_read_only_folder(tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    read_only(folder, monkeypatch)
    try:
        with pytest.raises(OutputError) as info:
            atomic_write(folder / "out.xlsx", _bytes(b"x"))
    finally:
        folder.chmod(0o755)
    assert str(info.value) == f"{folder / 'out.xlsx'}: folder is not writable"
    assert os.listdir(folder) == []


DIE_MIDWAY = """
import os, sys
from stakhanov.atomic import atomic_write, check_target

def write(handle):
    handle.write(b"half a workbook")
    handle.flush()
    os._exit(9)  # killed with the temporary file open and half written

atomic_write(sys.argv[1], write, force=True)
"""


@pytest.mark.slow
def test_killed_midway_leaves_old_file_and_no_temporary(tmp_path: Path) -> None:
    if not hasattr(os, "O_TMPFILE"):
        pytest.skip("only anonymous temporary files survive a kill without a trace")
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    done = subprocess.run([sys.executable, "-c", DIE_MIDWAY, str(target)], check=False)
    assert done.returncode == 9
    assert os.listdir(tmp_path) == ["out.xlsx"]
    assert target.read_bytes() == b"old"


def test_a_killed_runs_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """A run killed between link and rename (--force) leaves .NAME.PID.HEX.tmp; the next
    write to that target removes it once no process has that PID. A live PID's stays."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)  # that process has exited
    stale = tmp_path / f".out.xlsx.{dead_pid}.0123abcd.tmp"
    live = tmp_path / f".out.xlsx.{os.getpid()}.89abcdef.tmp"
    other = tmp_path / f".other.xlsx.{dead_pid}.0123abcd.tmp"  # another target's: not ours
    for path in (stale, live, other):
        path.write_bytes(b"complete, but never renamed")
    atomic_write(tmp_path / "out.xlsx", _bytes(b"new"), force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.xlsx", live.name, other.name])


def test_writes_after_a_failure_go_nowhere(tmp_path: Path, mode: str) -> None:
    """A zip archive that failed writes its closing directory when collected, after the
    file is closed: those late writes must raise nothing (no warning after the error)."""
    kept: list[BinaryIO] = []

    def fails_then_writes_late(handle: BinaryIO) -> None:
        kept.append(handle)
        handle.write(b"part")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError, match="cannot write"):
        atomic_write(tmp_path / "out.xlsx", fails_then_writes_late)
    late = kept[0]
    start = late.tell()
    assert late.write(b"central directory") == len(b"central directory")
    late.seek(start)
    assert late.tell() == start
    late.flush()
    assert os.listdir(tmp_path) == []


def test_a_name_too_long_is_one_output_error(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 300 + ".xlsx")
    with pytest.raises(OutputError) as info:
        atomic_write(target, _bytes(b"x"))
    assert str(info.value) == f"{target}: cannot write (File name too long)"
    assert os.listdir(tmp_path) == []


TEMP = r"\.out\.xlsx\.{pid}\.[0-9a-f]{{8}}\.tmp"  # .NAME.PID.HEX.tmp, 8 hex digits


def test_while_it_is_written_the_file_is_hidden(tmp_path: Path, mode: str) -> None:
    # Anonymous: nothing in the folder at all. Named: one hidden .NAME.PID.HEX.tmp, whose
    # PID lets a later run know whether its writer is still alive.
    seen: list[list[str]] = []

    def write(handle: BinaryIO) -> None:
        handle.write(b"half")
        seen.append(os.listdir(tmp_path))
        handle.write(b" and the rest")

    atomic_write(tmp_path / "out.xlsx", write)
    if mode == "anonymous":
        assert seen == [[]]
    else:
        (name,) = seen[0]
        assert re.fullmatch(TEMP.format(pid=os.getpid()), name), name
    assert os.listdir(tmp_path) == ["out.xlsx"]


def test_force_renames_from_a_hidden_name(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    real_replace = os.replace
    renamed: list[str] = []

    def replace(src: str, dst: str, **kwargs: object) -> None:
        renamed.append(str(src))
        real_replace(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    atomic_write(target, _bytes(b"new"), force=True)
    (name,) = renamed
    assert re.fullmatch(TEMP.format(pid=os.getpid()), name), name
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["out.xlsx"]


@pytest.mark.parametrize(("code", "works"), [(errno.EOPNOTSUPP, True), (errno.EACCES, False)])
def test_a_file_system_without_anonymous_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, works: bool
) -> None:
    # Old kernels and some file systems refuse O_TMPFILE (EOPNOTSUPP): the named file is used.
    # Any other refusal is the folder's own answer, and it is reported.
    if not hasattr(os, "O_TMPFILE"):
        pytest.skip("no O_TMPFILE on this system")
    real_open = os.open

    def refuse_anonymous(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_TMPFILE == os.O_TMPFILE:
            raise OSError(code, os.strerror(code))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_anonymous)
    target = tmp_path / "out.xlsx"
    if works:
        atomic_write(target, _bytes(b"complete"))
        assert target.read_bytes() == b"complete"
    else:
        with pytest.raises(OutputError) as info:
            atomic_write(target, _bytes(b"complete"))
        assert str(info.value) == f"{target}: folder is not writable"
    assert os.listdir(tmp_path) == (["out.xlsx"] if works else [])


def test_a_folder_that_cannot_be_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The folder passed the check but refuses to be opened (permissions changed meanwhile).
    real_open = os.open

    def refuse_folder(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_DIRECTORY:
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_folder)
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "out.xlsx", _bytes(b"x"))
    assert str(info.value) == f"{tmp_path / 'out.xlsx'}: folder is not writable"


def test_the_check_asks_for_write_and_search_rights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a user without write permission sees it (root would pass os.access).
    monkeypatch.setattr(os, "access", lambda path, rights: not rights & (os.W_OK | os.X_OK))
    with pytest.raises(OutputError) as info:
        check_target(tmp_path / "out.xlsx")
    assert str(info.value) == f"{tmp_path / 'out.xlsx'}: folder is not writable"


def test_a_writer_that_carries_on_after_the_file_failed_publishes_nothing(
    tmp_path: Path, mode: str
) -> None:
    def swallows(handle: BinaryIO) -> None:
        handle.write(b"part")
        with contextlib.suppress(OSError):
            handle.truncate(-1)  # the file itself fails (EINVAL); the writer ignores it
        handle.write(b" and more, which goes nowhere")

    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "out.xlsx", swallows)
    assert str(info.value) == f"{tmp_path / 'out.xlsx'}: cannot write (Invalid argument)"
    assert os.listdir(tmp_path) == []


def test_the_position_after_a_failure_adds_up(tmp_path: Path) -> None:
    """A zip archive computes its closing directory's offsets from tell() and seek()."""
    kept: list[BinaryIO] = []

    def writes_then_fails(handle: BinaryIO) -> None:
        kept.append(handle)
        handle.write(b"abcd")  # at 4
        handle.seek(2)  # at 2
        handle.write(b"xyz")  # at 5
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError):
        atomic_write(tmp_path / "out.xlsx", writes_then_fails)
    late = kept[0]
    assert late.tell() == 5
    assert late.write(b"12345678") == 8 and late.tell() == 13  # 5 + 8
    assert late.seek(3, os.SEEK_CUR) == 16  # 13 + 3
    assert late.seek(4) == 4
    assert late.seek(0, os.SEEK_END) == 4  # the end is unknown once writes go nowhere

    def fails_at_once(handle: BinaryIO) -> None:
        kept.append(handle)
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError):
        atomic_write(tmp_path / "out.xlsx", fails_at_once)
    assert kept[1].tell() == 0


def test_stale_files_of_odd_or_live_pids_stay(tmp_path: Path) -> None:
    # Not a PID at all (too large for one): left alone. A live process's: left alone, and
    # the process is not disturbed (only asked about, with signal 0).
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        odd = tmp_path / f".out.xlsx.{10**30}.0123abcd.tmp"
        live = tmp_path / f".out.xlsx.{child.pid}.0123abcd.tmp"
        for path in (odd, live):
            path.write_bytes(b"complete, but never renamed")
        atomic_write(tmp_path / "out.xlsx", _bytes(b"new"), force=True)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            ["out.xlsx", odd.name, live.name]
        )
        assert child.poll() is None  # still running
    finally:
        child.kill()
        child.wait()


def test_a_failed_writer_s_leftovers_are_collected_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """An object the failed writer left half-done complains when it is collected (as a zip
    archive does); that complaint is silenced, now, and the hook is restored after."""
    heard: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", heard.append)
    before = sys.unraisablehook

    class Complains:
        def __del__(self) -> None:
            raise RuntimeError("finishing a closed archive")

    def fails(handle: BinaryIO) -> None:
        left = Complains()
        left.cycle = left  # type: ignore[attr-defined]  # only the collector frees it
        del left
        leftover = Complains()  # a local of the failed frame
        handle.write(b"part")
        raise OSError(errno.ENOSPC, "No space left on device")
        del leftover  # never reached

    with pytest.raises(OutputError):
        atomic_write(tmp_path / "out.xlsx", fails)
    assert sys.unraisablehook is before
    assert heard == []
    assert capfd.readouterr().err == ""
