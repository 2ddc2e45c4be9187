"""``python -m stakhanov`` runs the command line.

The same ``main`` as the ``stakhanov`` command: ``stakhanov.cli.app``.
"""

from stakhanov.cli.app import main

raise SystemExit(main())
