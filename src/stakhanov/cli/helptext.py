"""Help that reads like the manual: no Python type, no raw metavar, whole summaries, and
examples that are never rewrapped.

typer 0.29 shows each argument's Python type beside its name (``A <str>``,
``files... <list[Path]>``), braces its name in the usage line (``{A}``) and shows a choice
as ``<table|csv|json>``; click cuts a command's summary in the list of commands to 45
characters ("..."), and its text wrapper breaks lines at hyphens, so an example could split
inside a key ("norms.coal-" on one line, "hewing.value=6.5" on the next). ``plain_help``
mends all of these on the built click command, for every command and group alike, so no
command has to remember to.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plain_help"]

# click's marker for a paragraph its wrapper must leave as written.
_VERBATIM = "\b"
# A paragraph that shows something to type: kept whole, never broken at a hyphen.
_EXAMPLES = ("Example:", "e.g. ")


def plain_help(command: Any) -> None:
    """Mend the help of ``command`` and of every command and group under it, in place."""
    for cmd in _walk(command):
        if cmd.help:
            cmd.help = _verbatim_examples(cmd.help)
            if not cmd.short_help:
                cmd.short_help = _summary(cmd.help)
        for param in cmd.params:
            if getattr(param, "help", None):
                param.help = _verbatim_examples(param.help)
            if param.param_type_name == "argument":
                _plain_argument(param)
            elif param.metavar is None:
                _plain_option(param)


def _walk(command: Any) -> list[Any]:
    found = [command]
    for sub in (getattr(command, "commands", None) or {}).values():
        found += _walk(sub)
    return found


def _summary(help_text: str) -> str:
    """The first paragraph, whole: a sentence, not a line cut at 45 characters."""
    first = help_text.strip().split("\n\n")[0]
    return " ".join(first.split())


def _verbatim_examples(text: str) -> str:
    """``text`` with each example paragraph marked for click to print as written."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        f"{_VERBATIM}\n{p.strip()}"
        if p.strip().startswith(_EXAMPLES) and not p.startswith(_VERBATIM)
        else p
        for p in paragraphs
    )


def _plain_argument(param: Any) -> None:
    """An argument shows its name (``A``, ``FILE...``), without a type, braces or doubling."""
    name = param.metavar or param.name.upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    usage = name if param.required or name.startswith("[") else f"[{name}]"
    # Instance attributes win over typer's methods of the same name, for this one parameter.
    param.display_type_rich = lambda ctx: None
    param._rich_display_name = lambda: name
    param._usage_display_name = lambda: usage


def _plain_option(param: Any) -> None:
    """An option without a metavar shows its choices as click does, ``[table|csv|json]``."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return
    shown = str(param.display_type(None) or "").strip("<>")
    param.metavar = f"[{shown}]" if "|" in shown else param.name.upper()
