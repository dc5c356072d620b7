"""`margo-ssdf init`: a new project's first files, and what is left to fill in them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from margo_ssdf.cli.common import format_option

if TYPE_CHECKING:
    from margo_ssdf.scaffold import Scaffold


def _text(scaffold: Scaffold) -> str:
    from margo_ssdf.scaffold import Action

    lines = []
    for f in scaffold.files:
        if f.action is Action.WRITTEN:
            lines.append(f"wrote {f.path}")
        else:
            lines.append(f"kept  {f.path} ({f.note})")
    todo = [(f.path, t) for f in scaffold.files for t in f.todo]
    if todo:
        lines += ["", "Left to do (replace each TODO; `margo-ssdf verify` names those left):"]
        lines += [f"  {path}: {what}" for path, what in todo]
    else:
        lines += ["", "Nothing left to fill in the files written."]
    return "\n".join(lines)


@click.command("init")
@click.argument("path", type=click.Path(path_type=Path, file_okay=False, exists=True), default=".")
@click.option("--action-ref", metavar="SHA",
              help="The margo-ssdf commit the release workflow pins (default: the commit this "
                   "installation came from, if pip recorded it; else a placeholder to fill).")
@format_option
def init_command(path: Path, action_ref: str | None, fmt: str) -> int:
    """Write a new project's first files: configuration, docs/SSDF.md, SECURITY.md,
    CODEOWNERS, an allowed-signers file and a release workflow. Never overwrites a file."""
    from margo_ssdf import checks
    from margo_ssdf.policy import load_configuration
    from margo_ssdf.scaffold import init_project, installed_commit

    registry = checks.registry()
    config = load_configuration(path, checks=registry)
    options = config.policy.options_for(registry["repo.hygiene"]) \
        if "repo.hygiene" in registry else {}
    scaffold = init_project(path, config.policy, options=options,
                            action_ref=action_ref or installed_commit(),
                            config_file=config.config_file)
    if fmt == "json":
        click.echo(json.dumps(scaffold.as_json(), indent=2))
    else:
        click.echo(_text(scaffold))
    return 0
