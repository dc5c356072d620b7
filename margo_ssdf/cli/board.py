"""`margo-ssdf board`: many projects' verified releases on one static site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from margo_ssdf.attest.trust import SignerPolicy
from margo_ssdf.cli.common import policy_pin, policy_pin_options, trust_options
from margo_ssdf.errors import ExitCode


@click.command("board")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="ATTESTATION_OR_DIR...")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              metavar="SITE_DIR",
              help="The site directory: replaced whole (new, empty, or an earlier output).")
@click.option("--trust", "trust_pairs", multiple=True, metavar="PROJECT=KEYFILE",
              help="The public key that must have signed PROJECT's releases (repeatable).")
@click.option("--trust-file", type=click.Path(path_type=Path), metavar="FILE",
              help="YAML mapping each project to its audit trust options (key, or identity, "
                   "issuer and pins); see docs/board.md.")
@trust_options
@policy_pin_options
def board_command(inputs: tuple[Path, ...], output: Path, trust_pairs: tuple[str, ...],
                  trust_file: Path | None, policy_path: Path | None,
                  policy_digest: str | None, **trust: Any) -> int:
    """Verify every attestation found and write a static site across projects and releases.

    Each project's releases over time (verdict, the 42 tasks, what got better or worse, SBOM
    components), the open vulnerabilities of all projects by which fix is due first, each
    release's full report, and index.json for other tools. A project's signer comes from
    --trust or --trust-file; the --key / --identity options are the signer of every project
    not named there. Each verdict is recomputed with --policy (or the trust file's `policy:`)
    when given; a --policy-digest (or `policy-digest:`) that differs fails the release.
    Evidence is read from the attestation's directory, or from RELEASE.evidence.tar.gz beside
    it. Exit 0 when every attestation verified, 1 when any did not (it is shown
    as failed), 2 on a usage error.
    """
    from margo_ssdf.board.collect import collect
    from margo_ssdf.board.site import write_site
    from margo_ssdf.board.trust import board_trust

    trust_by_project = board_trust(trust_pairs, trust_file, SignerPolicy.from_options(**trust),
                                   default_policy=policy_pin(policy_path, policy_digest),
                                   make_pin=policy_pin)
    board = collect(inputs, trust_by_project)
    write_site(board, output)
    failed = [r for r in board.releases if not r.verified]
    click.echo(f"Board of {len(board.projects)} project(s), {len(board.releases)} release(s) "
               f"written to {output / 'index.html'}; {len(failed)} failed verification.",
               err=True)
    for r in failed:
        click.echo(f"  NOT VERIFIED: {r.source} ({r.project} {r.version}): {r.failure}",
                   err=True)
    return ExitCode.NOT_COMPLIANT if failed else ExitCode.COMPLIANT
