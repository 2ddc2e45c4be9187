"""``python -m stakhanov`` and the ``stakhanov`` command: ``run``, then ``cli.app.main``.

``run`` exists so that Ctrl-C is quiet at any moment, including while the command line's
modules are still being imported: exit 130, no traceback. Only Python's own start-up, and
the import of the package's first two modules (``stakhanov``, ``stakhanov.calc.display``,
which import nothing else, for this reason: about 2 ms), are out of its reach.
"""

from __future__ import annotations

__all__ = ["run"]

INTERRUPTED = 128 + 2  # as cli.app.INTERRUPTED, which is not imported yet


def run() -> int:
    """Import the command line and run it; Ctrl-C at any point ends with 130, quietly."""
    import os
    import signal

    def interrupted(signum: int, frame: object) -> None:
        # Python's own handler raises KeyboardInterrupt wherever the program happens to be,
        # and some places cannot pass it on: in a finaliser or a weakref callback it is
        # printed as "Exception ignored" and the run goes on (exit 0); in __set_name__ it
        # becomes a RuntimeError with a traceback; raised during the last steps it has left
        # exit -2 and no line. So Ctrl-C ends the process here, at once, with 130. Nothing
        # is lost that a Ctrl-C should keep: an output file is written whole or not at all
        # (stakhanov.atomic, whose guarantee covers a process killed mid-write), and the
        # rest of a table was not wanted.
        os._exit(INTERRUPTED)

    signal.signal(signal.SIGINT, interrupted)
    try:
        from stakhanov.cli.app import main

        return main()
    except KeyboardInterrupt:  # raised by the program itself, not by a Ctrl-C
        return INTERRUPTED
    finally:
        # The work is done. Python gives SIGINT its default action back while it shuts down,
        # so a Ctrl-C now would kill the process (exit -2); ignored, the exit code stands.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    raise SystemExit(run())
