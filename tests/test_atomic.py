"""Atomic writes: whole or nothing, never over a file without force, one line per problem.

Each behaviour runs twice: with Linux's anonymous temporary files (O_TMPFILE) and with the
named hidden file used where those are not available.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest

from stakhanov.atomic import atomic_write
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
from stakhanov.atomic import atomic_write

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
