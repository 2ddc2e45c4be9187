"""The command line: parse, call one library function, render. Nothing is computed here.

Errors are caught in one place, ``main``: a ``StakhanovError`` becomes one line on stderr
and exit 1; a usage error (typer's own) one line and exit 2. No traceback reaches a user.
Heavy modules (pandas, openpyxl, matplotlib, numpy) are imported inside the commands that
need them, so ``--help`` and small queries start fast. The commands live in one module per
family, beside this one: ``queries`` (the data and its ratios), ``norms`` (norms and pay
rules), ``scenario`` and ``workforce``; shared options are in ``common``. Each keeps its
commands on its own ``commands`` Typer, and this module gathers them into ``app``.
"""

from __future__ import annotations

import contextlib
import errno
import inspect
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Annotated, Any

import typer

from stakhanov import __version__
from stakhanov.cli import data, html, norms, prices, queries, scenario, sensitivity, why, workforce
from stakhanov.cli.common import APPLIED, BUILTIN, PACKAGES
from stakhanov.cli.helptext import plain_help
from stakhanov.data.literal import literal
from stakhanov.errors import ECHO, SHOWN, OutputError, StakhanovError, clip
from stakhanov.views.console import name_scenarios

__all__ = ["INTERRUPTED", "app", "main"]

INTERRUPTED = 128 + 2  # the shell's code for a process ended by SIGINT (Ctrl-C)
_LONGEST_LINE = 4_000  # characters: ten problems, each with its user text cut

_SETTINGS: dict[str, Any] = {
    "name": "stakhanov",
    "help": (
        "Wage inequality and piece rates in the 1935 reports of the Stakhanovite movement.\n\n"
        "Example: stakhanov ratio stakhanovite-miner auxiliary"
    ),
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    # Plain help text: rich-formatted help costs more start-up than all of typer's import.
    "rich_markup_mode": None,
}
app = typer.Typer(**_SETTINGS)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stakhanov {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Wage inequality and piece rates in the 1935 reports of the Stakhanovite movement."""


# Each command family keeps its commands on its own Typer; the app gathers them here, in the
# order `stakhanov --help` lists them. No command module imports this one.
for _family in (queries, why, prices, norms, workforce, html):
    app.registered_commands += _family.commands.registered_commands
app.add_typer(scenario.commands, name="scenario")
app.add_typer(sensitivity.commands, name="sensitivity")
app.add_typer(data.commands, name="data")


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only what this run needs, so start-up does not pay for every command.

    Building typer's click commands costs about 30 ms for all of them (each parameter is
    inspected); a run uses one. The first word picks the command (or group) to build in
    full. With no command (`--help`, `--version`) the commands are listed from stubs that
    carry only their name and help. An unknown word gets the whole app, so typer's own
    "No such command" message and suggestions are unchanged.
    """
    first = next((a for a in args if not a.startswith("-")), None)
    lean = typer.Typer(**_SETTINGS)
    lean.registered_callback = app.registered_callback
    if first is None:
        for info in app.registered_commands:
            name = info.name or info.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
            help_ = info.help or inspect.getdoc(info.callback)
            lean.command(name, help=help_)(_stub)
        lean.registered_groups = list(app.registered_groups)
        return lean
    for info in app.registered_commands:
        if (info.name or info.callback.__name__.replace("_", "-")) == first:  # type: ignore[union-attr]
            lean.registered_commands = [info]
            return lean
    for group in app.registered_groups:
        if group.name == first:
            lean.registered_groups = [group]
            return lean
    return app


def _stub() -> None:
    """Stands for a command in the list of commands; never run."""


def _click_error() -> type[Exception]:
    # typer vendors click in recent versions; find its ClickException without a private import.
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error ends as one line on stderr and a non-zero exit code.

    The line shows user text literally (control characters escaped). An output channel
    that fails (a full disk behind ``> file``, a closed stdout, a name the system finds
    too long) is an error like any other: one line, exit 1.
    """
    args = list(sys.argv[1:] if argv is None else argv) or ["--help"]
    _ARGUMENTS[:] = args  # what _say cuts where a line repeats it
    if len(args) == 1 and args[0] in {g.name for g in app.registered_groups}:
        args.append("--help")  # `stakhanov scenario` alone: its help, exit 0, like `stakhanov`
    command = typer.main.get_command(_app_for(args))
    plain_help(command)  # no Python types, whole summaries, examples never split
    click_error = _click_error()
    APPLIED.clear()
    PACKAGES.clear()  # --rates and --no-builtin, as this run's options set them
    BUILTIN[0] = True
    name_scenarios([])  # JSON and CSV name only what this run applies
    stdout = sys.stdout
    # Writes to stdout fail as an OutputError naming it; started with stdout closed (`>&-`),
    # the first write fails so.
    channel = _Channel(stdout)
    sys.stdout = channel
    try:
        result = command.main(args, prog_name="stakhanov", standalone_mode=False)
        sys.stdout.flush()  # a full disk shows here, while we can still say so
    except StakhanovError as exc:
        return _fail(str(exc))
    except click_error as exc:
        message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
        # typer 0.29+ validates through pydantic, which puts its error class before the reason.
        message = message.replace(": Value error, ", ": ")
        return _fail(f"{message} (see 'stakhanov --help')", int(getattr(exc, "exit_code", 2)))
    except typer.Abort:
        return _fail("aborted")
    except KeyboardInterrupt:  # Ctrl-C: the user knows; no traceback, no line
        return INTERRUPTED
    except (ReaderGone, BrokenPipeError):  # `stakhanov groups | head` is not an error
        _silence_stdout(stdout)
        return 0
    except MemoryError:  # every size is bounded; this is the last guard, not the plan
        return _fail("out of memory: ask for less (see docs/limits.md)")
    except OSError as exc:  # a writer that failed without our words (a library's own file)
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}cannot write ({exc.strerror or exc})")
    finally:
        sys.stdout = stdout
    if channel.error is not None:
        # A failed write that click swallowed on its way (--version, --help): still an error.
        return _fail(str(channel.error))
    if APPLIED:
        # As an error line names its problems: the first few, each cut, and a count.
        shown = [clip(a) for a in APPLIED[:SHOWN]]
        if len(APPLIED) > SHOWN:
            shown.append(f"and {len(APPLIED) - SHOWN:,} more")
        _say(f"scenarios applied: {'; '.join(shown)}")
    return result if isinstance(result, int) else 0


# This run's command-line arguments, as main was given them.
_ARGUMENTS: list[str] = []


def _say(line: str) -> None:
    """One line on stderr, user text shown literally; a closed stderr loses it silently."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        # User text from a file (an id, a key) is cut where it is quoted (errors.clip), and
        # the command line's own arguments here; the line's length is the last guard.
        line = _cut_arguments(line, _ARGUMENTS)
        text = f"stakhanov: {literal(clip(line, _LONGEST_LINE))}\n"
        encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
        sys.stderr.write(text.encode(encoding, "backslashreplace").decode(encoding))
        sys.stderr.flush()


def _cut_arguments(line: str, args: Sequence[str]) -> str:
    """``line`` with every long command-line argument it repeats cut as ``errors.clip`` cuts
    user text: the first characters, then the full length.

    A file name or an option's value reaches many messages (every reader and every writer
    of a file names it, and so does click's own "Invalid value"), so it is cut here, once,
    for all of them, rather than at each: a message that quotes a 100 KB path or value
    keeps the words after it that say what is wrong. An argument is looked for as typed,
    as the value of ``--option=value``, and as a path prints (``a//b`` as ``a/b``).
    """
    long: set[str] = set()
    for arg in args:
        value = arg.partition("=")[2] if arg.startswith("--") else ""
        long.update(t for t in (arg, value, str(PurePath(arg))) if len(t) > ECHO)
    for text in sorted(long, key=len, reverse=True):  # a longer one may hold a shorter one
        line = line.replace(text, clip(text))
    return line


def _fail(line: str, code: int = 1) -> int:
    _say(line)
    return code


def _silence_stdout(stdout: Any) -> None:
    """Point stdout at /dev/null, so that Python's last flush at exit has nowhere to fail."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)


class ReaderGone(Exception):
    """stdout's reader has gone (`stakhanov report | head -1`): the run ends, exit 0.

    Deliberately not an ``OSError``: a ``BrokenPipeError`` raised inside click passes typer,
    which takes any EPIPE for its own and exits 1 in silence (``typer.core``'s main). Raised
    as this, a closed pipe reaches ``main`` from every path to stdout (rich's tables, JSON,
    CSV, streamed rows, --help and --version), and ``main`` alone decides what it means.
    """


class _Channel(io.TextIOBase):
    """stdout, whose failures (a full disk, a closed descriptor) are ``OutputError``s.

    A closed pipe is ``ReaderGone``: `stakhanov groups | head` is not an error.
    Once a write has failed, stdout is pointed at /dev/null, so that Python's last flush at
    exit does not print a second complaint.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.error: OutputError | None = None  # the first failure, for main to report

    def write(self, text: str) -> int:
        try:
            return int(self._guard(lambda: self._stream.write(text)))
        except UnicodeEncodeError:  # a terminal set to ASCII: show what it cannot as escapes
            encoding = getattr(self._stream, "encoding", None) or "ascii"
            safe = text.encode(encoding, "backslashreplace").decode(encoding)
            return int(self._guard(lambda: self._stream.write(safe)))

    def flush(self) -> None:
        self._guard(lambda: self._stream.flush())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        # io.TextIOBase answers None; rich chooses plain ASCII boxes from the real answer.
        return str(getattr(self._stream, "encoding", None) or "utf-8")

    def isatty(self) -> bool:
        return bool(self._stream is not None and self._stream.isatty())

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(errno.EBADF, "standard output is closed")
        return int(self._stream.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _guard(self, call: Callable[[], Any]) -> Any:
        try:
            if self._stream is None:
                raise OSError(errno.EBADF, "standard output is closed")
            return call()
        except BrokenPipeError:
            raise ReaderGone from None
        except OSError as exc:
            _silence_stdout(self._stream)
            if self.error is None:
                self.error = OutputError(f"standard output: cannot write ({exc.strerror or exc})")
            raise self.error from None
