"""`margo-ssdf triage`: list the open static-analysis findings, or record a decision."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import click

from margo_ssdf import triage
from margo_ssdf.checks import registry
from margo_ssdf.checks.sast import SastCheck
from margo_ssdf.cli.common import (
    echo_json,
    format_option,
    out_console,
    progress_display,
    project_options,
)
from margo_ssdf.errors import ExitCode, UsageError
from margo_ssdf.flow import RunRequest, execute, prepare
from margo_ssdf.report import terminal


@click.command("triage")
@project_options
@click.option("--add", "fingerprint", metavar="FINGERPRINT",
              help="Record a decision for the finding with this fingerprint.")
@click.option("--decision", type=click.Choice([d.value for d in triage.Decision]),
              help="With --add: false_positive or accepted_risk.")
@click.option("--justification", help="With --add: why (required).")
@click.option("--who", default=lambda: os.environ.get("USER", ""), show_default="$USER",
              help="With --add: who decided.")
@format_option
def triage_command(path: Path, policy_path: Path | None, config_path: Path | None,
                   fingerprint: str | None, decision: str | None, justification: str | None,
                   who: str, fmt: str) -> int:
    """List open static-analysis findings, or record a triage decision with --add.

    \b
    --format json prints the open findings as a JSON array of objects; with --add, one
    object {"recorded": {"fingerprint", "rule", "path", "line", "decision"}, "file"}.
    """
    request = RunRequest(root=path, policy_path=policy_path, config_path=config_path,
                         select=tuple(c for c, chk in registry().items()
                                      if isinstance(chk, SastCheck)))
    prepared = prepare(request)
    with (tempfile.TemporaryDirectory(prefix="margo-ssdf-") as tmp,
          progress_display(fmt) as progress):
        summary = execute(request, Path(tmp), progress, prepared)
        failed = [r for r in summary.results if r.outcome.value == "error"]
        results = triage.findings_of(summary, Path(tmp))
    for r in failed:
        click.echo(f"margo-ssdf: warning: {r.check_id} could not run: {r.reason}", err=True)
    if fingerprint:
        match = next((r for r in results if r.fingerprint == fingerprint), None)
        if match is None:
            raise UsageError(f"no current finding has the fingerprint '{fingerprint}'.",
                             fix="Run `margo-ssdf triage` to list the open findings.")
        if not decision or not (justification or "").strip():
            raise UsageError("--add needs --decision and a non-empty --justification.")
        written = triage.add(prepared[0].root, triage.TriageEntry(
            fingerprint=fingerprint, rule=match.rule_id, path=match.path,
            decision=triage.Decision(decision), justification=justification or "", who=who,
            when=datetime.now(UTC).date()))
        click.echo(f"Recorded {decision} for {match.rule_id} at {match.path}:{match.line} "
                   f"in {written}.", err=True)
        if fmt == "json":
            echo_json({"recorded": {"fingerprint": fingerprint, "rule": match.rule_id,
                                    "path": match.path, "line": match.line,
                                    "decision": decision}, "file": str(written)})
        return 0
    open_results = [r for r in results if not r.suppressed]
    if fmt == "json":
        click.echo(json.dumps([r.__dict__ for r in open_results], indent=2))
    else:
        out_console().print(terminal.findings_table(open_results))
    return 0 if not failed else ExitCode.CHECK_ERROR
