"""`margo-ssdf aggregate`: merge the per-check runs of a CI matrix into one run."""

from __future__ import annotations

from pathlib import Path

import click

from margo_ssdf.cli.common import format_option, out_console
from margo_ssdf.flow import exit_code
from margo_ssdf.report import terminal


@click.command("aggregate")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--project", "root", type=click.Path(path_type=Path), default=Path(),
              show_default=True, help="The project the runs checked (for declared documents).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Directory for the merged run (replaced whole, atomically).")
@format_option
def aggregate_command(dirs: tuple[Path, ...], root: Path, out: Path, fmt: str) -> int:
    """Merge the `run --check ID --out DIR` directories of a CI matrix into one run."""
    from margo_ssdf.aggregate import aggregate

    summary = aggregate(dirs, root, out)
    if fmt == "json":
        click.echo(summary.model_dump_json(indent=2))
    else:
        terminal.render_summary(out_console(), summary)
    return exit_code(summary)
