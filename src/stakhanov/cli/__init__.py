"""The command line: one module per command family, gathered by ``app``.

``app`` (the Typer app, ``main``, errors caught in one place), ``common`` (shared options and
parsers), ``helptext`` (help without Python types, with whole summaries and examples),
``queries``, ``norms``, ``scenario``, ``workforce``. The command modules never import
``app``.
"""
