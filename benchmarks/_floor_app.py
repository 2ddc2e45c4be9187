"""The start-up floor: a minimal typer app with one command that prints one rich table.

Whatever typer version is installed, this is what any typer + rich command costs before it
does anything of its own; `benchmarks/startup.py` times stakhanov's commands against it.
"""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def main() -> None:
    """Print one small table."""
    from rich.console import Console
    from rich.table import Table

    table = Table("group", "monthly")
    table.add_row("miner", "450")
    Console().print(table)


if __name__ == "__main__":
    app()
