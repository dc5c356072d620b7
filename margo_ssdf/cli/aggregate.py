"""`margo-ssdf aggregate`: merge the per-check runs of a CI matrix into one run."""

from __future__ import annotations

from pathlib import Path

import click

from margo_ssdf.cli.common import format_option, out_console
from margo_ssdf.flow import RunRequest, exit_code
from margo_ssdf.report import terminal


@click.command("aggregate")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--project", "root", type=click.Path(path_type=Path), default=Path(),
              show_default=True,
              help="The project the runs checked: its policy and configuration judge them.")
@click.option("--policy", "policy_path", type=click.Path(path_type=Path),
              help="The policy file the jobs were run with (`run --policy`).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="The configuration file the jobs were run with (`run --config`).")
@click.option("--test-report", "test_reports", multiple=True, type=click.Path(path_type=Path),
              help="The JUnit XML reports the tests.results job was given (repeatable).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Directory for the merged run (replaced whole, atomically).")
@format_option
def aggregate_command(dirs: tuple[Path, ...], root: Path, policy_path: Path | None,
                      config_path: Path | None, test_reports: tuple[Path, ...], out: Path,
                      fmt: str) -> int:
    """Merge the `run --check ID --out DIR` directories of a CI matrix into one run.

    The policy comes from the project, never from the directories: a directory run under
    another policy, or whose results disagree with their evidence, is refused (exit 2).
    """
    from margo_ssdf.aggregate import aggregate

    request = RunRequest(root=root, policy_path=policy_path, config_path=config_path,
                         test_reports=test_reports)
    summary = aggregate(dirs, request, out)
    if fmt == "json":
        click.echo(summary.model_dump_json(indent=2))
    else:
        terminal.render_summary(out_console(), summary)
    return exit_code(summary)
