"""The pipeline commands: `verify`, `run` and `attest` run the checks on a project."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any

import click

from margo_ssdf.attest.signers import SignMode
from margo_ssdf.cli.common import (
    artifact_option,
    out_console,
    progress_display,
    project_options,
    run_options,
    run_request,
)
from margo_ssdf.flow import execute, exit_code, prepare, staged_output, write_summary
from margo_ssdf.report import terminal


def _pipeline(out: Path | None, fmt: str, framework: str, **options: Any) -> int:
    request = run_request(**options)
    prepared = prepare(request)  # configuration errors surface before any work or output
    if out is not None:
        outputs: contextlib.AbstractContextManager[Path] = staged_output(out)
    else:
        outputs = tempfile.TemporaryDirectory(prefix="margo-ssdf-")  # type: ignore[assignment]
    with outputs as evidence_dir, progress_display(fmt) as progress:
        summary = execute(request, Path(evidence_dir), progress, prepared)
        if out is not None:
            write_summary(summary, Path(evidence_dir))
    if fmt == "json":
        click.echo(summary.model_dump_json(indent=2))
    else:
        terminal.render_summary(out_console(), summary, framework)
        if out is not None:
            click.echo(f"Evidence written to {out}", err=True)
    return exit_code(summary)


@click.command()
@project_options
@run_options
@artifact_option
def verify(**kwargs: Any) -> int:
    """Run every check of the policy on PATH and print the SSDF matrix.

    Exit 0 compliant, 1 not compliant, 2 usage or configuration error, 3 a required check
    could not run.
    """
    return _pipeline(out=None, **kwargs)


@click.command()
@project_options
@run_options
@artifact_option
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Directory for summary.json, every result.json and every evidence file "
                   "(replaced whole, atomically).")
def run(out: Path, **kwargs: Any) -> int:
    """Like verify, and write every result and evidence file into --out."""
    return _pipeline(out=out, **kwargs)


@click.command()
@project_options
@run_options
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Directory for the evidence, statements and signed attestation "
                   "(replaced whole, atomically).")
@click.option("--artifact", "artifacts", multiple=True, metavar="FILE|GLOB",
              help="A release file to attest (repeatable; globs allowed); its Go binaries "
                   "are audited and listed in the SBOM, as with run.")
@click.option("--subject", "named", multiple=True, metavar="NAME@sha256:HEX",
              help="A container image (or other subject) by digest (repeatable).")
@click.option("--sign", type=click.Choice([m.value for m in SignMode]), default="none",
              show_default=True, help="Keyless Sigstore (CI), a local key, or unsigned.")
@click.option("--key", type=click.Path(path_type=Path),
              help="With --sign key: the PEM private key (password from "
                   "$MARGO_SSDF_KEY_PASSWORD).")
@click.option("--identity-token", envvar="MARGO_SSDF_IDENTITY_TOKEN", show_envvar=True,
              help="With --sign sigstore: an OIDC token (default: ambient CI credentials).")
@click.option("--staging", is_flag=True, help="With --sign sigstore: Sigstore's staging.")
@click.option("--from", "from_dir", type=click.Path(path_type=Path),
              help="Attest a finished `run --out` directory instead of running the checks.")
def attest(out: Path, artifacts: tuple[str, ...], named: tuple[str, ...], sign: str,
           key: Path | None, identity_token: str | None, staging: bool,
           from_dir: Path | None, fmt: str, framework: str, **options: Any) -> int:
    """Run the checks and write the release's statements and signed attestation."""
    from margo_ssdf.attest.release import attest as make

    with progress_display(fmt) as progress:
        # The request carries the artifacts too, so the checks audit what is attested.
        done = make(run_request(artifacts=artifacts, **options), out, artifacts=artifacts,
                    named=named, sign=SignMode(sign), key=key, identity_token=identity_token,
                    staging=staging, from_dir=from_dir, progress=progress)
    if fmt == "json":
        click.echo(done.summary.model_dump_json(indent=2))
    else:
        terminal.render_summary(out_console(), done.summary, framework)
    if done.rederived:
        click.echo(f"Re-derived (--from): {done.rederived}", err=True)
    click.echo(f"Statements: {done.statements}", err=True)
    click.echo(f"Attestation: {done.signed or 'not signed (--sign none)'}", err=True)
    return exit_code(done.summary)
