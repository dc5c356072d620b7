"""The CLI imports a command's module only when that command runs."""

from __future__ import annotations

import json
import subprocess
import sys

import click

from margo_ssdf.cli import COMMANDS, cli, main
from tests.conftest import REPO


def test_every_listed_command_loads_under_its_own_name() -> None:
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name, name
    assert cli.get_command(ctx, "no-such-command") is None
    # The table is the only registration: a command missing from it is missing from the CLI.
    assert set(COMMANDS) == {
        "verify", "run", "attest", "practices", "checks", "triage", "sbom", "aggregate",
        "audit", "verify-bundle", "report", "keygen", "audit-sbom", "db", "verify-provenance",
        "init", "hook", "publish", "fetch", "board"}


def test_help_lists_every_command(capsys: object) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert all(f"  {name} " in out for name in COMMANDS), out


def test_importing_the_cli_leaves_signing_and_reports_unimported() -> None:
    heavy = ("margo_ssdf.attest.dsse", "margo_ssdf.attest.keys", "margo_ssdf.report.terminal",
             "margo_ssdf.vulndb")
    code = ("import sys, json\nimport margo_ssdf.cli\n"
            f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True, timeout=120)
    assert json.loads(out.stdout) == []


def test_a_command_still_runs_through_main(capsys: object) -> None:
    assert main(["practices"]) == 0
    assert "PO.1.1" in capsys.readouterr().out  # type: ignore[attr-defined]
