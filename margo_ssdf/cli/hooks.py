"""`margo-ssdf hook sast|isolation|policy FILE...`: the entry points of `.pre-commit-hooks.yaml`.

Exit 0 when the files are clean, 1 with a `file:line rule message` list when there is
something to fix, 2 on a usage or configuration error (as every command).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from margo_ssdf.cli.common import format_option
from margo_ssdf.errors import ExitCode

if TYPE_CHECKING:
    from margo_ssdf.hooks import HookReport


def _render(report: HookReport, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), indent=2))
    else:
        for problem in report.problems:
            click.echo(problem.text())
    if report.problems:
        click.echo(f"margo-ssdf hook {report.hook}: {len(report.problems)} problem(s) in "
                   f"{len(report.checked)} file(s) checked.", err=True)


def _hook_command(name: str, summary: str) -> click.Command:
    @click.command(name, help=summary)
    @click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
    @click.option("--root", type=click.Path(path_type=Path, file_okay=False, exists=True),
                  default=Path(), show_default=True,
                  help="The project's top directory (its configuration is read there); FILES "
                       "are relative to the current directory and must lie under it.")
    @format_option
    def command(files: tuple[str, ...], root: Path, fmt: str) -> int:
        from margo_ssdf import checks
        from margo_ssdf.hooks import Hook

        names = [str((Path.cwd() / f).resolve()) for f in files]
        report = Hook(name).run(root, names, checks=checks.registry())
        _render(report, fmt)
        return ExitCode.NOT_COMPLIANT if report.problems else ExitCode.COMPLIANT

    return command


_HOOKS: tuple[tuple[str, str], ...] = (
    ("sast", "bandit and semgrep (bundled rules, offline) on FILES only, under the project's "
             "excludes and triage."),
    ("isolation", "The isolation rules on FILES: compose files, Margo application descriptions "
                  "and the whole of each Helm chart a file belongs to."),
    ("policy", "Each of FILES (.margo-ssdf.yaml, pyproject.toml with [tool.margo-ssdf], or a "
               "policy file) loads as verify would load it."),
)


@click.group("hook")
def hook_group() -> None:
    """Fast checks of the files a commit changes, for pre-commit (see .pre-commit-hooks.yaml)."""


for _name, _summary in _HOOKS:
    hook_group.add_command(_hook_command(_name, _summary))
