"""``python -m stakhanov`` runs the command line."""

from stakhanov.cli.app import main

raise SystemExit(main())
