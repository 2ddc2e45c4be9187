"""``python -m stakhanov`` and the ``stakhanov`` command: ``run``, then ``cli.app.main``.

``run`` exists so that Ctrl-C is quiet at any moment, including while the command line's
modules are still being imported (before ``main``, which handles it from then on, is even
defined): exit 130, no traceback. Only Python's own start-up, before any of this
package runs, is out of its reach.
"""

from __future__ import annotations

__all__ = ["run"]


def run() -> int:
    """Import the command line and run it; Ctrl-C at any point ends with 130, quietly."""
    import signal

    try:
        from stakhanov.cli.app import main

        return main()
    except KeyboardInterrupt:
        return 130  # as cli.app.INTERRUPTED, which may not be imported yet
    finally:
        # The work is done. Python gives SIGINT its default action back while it shuts down,
        # so a Ctrl-C now would kill the process (exit -2); ignored, the exit code stands.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    raise SystemExit(run())
