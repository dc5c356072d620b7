"""`verify-provenance`: check the SLSA provenance of a component someone else built, offline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from margo_ssdf.attest.errors import BundleError
from margo_ssdf.attest.provenance_verify import GITHUB_ACTIONS_ISSUER
from margo_ssdf.attest.trust import PinCheck
from margo_ssdf.cli.common import format_option
from margo_ssdf.errors import ExitCode
from margo_ssdf.files import open_input, sha256_file


@click.command("verify-provenance")
@click.argument("artifact", type=click.Path(path_type=Path))
@click.option("--bundle", type=click.Path(path_type=Path), required=True,
              help="The provenance: a Sigstore bundle (.sigstore, .sigstore.json) or a "
                   ".intoto.jsonl of bundles (the one naming ARTIFACT is verified).")
@click.option("--repository", required=True, metavar="OWNER/NAME|URL",
              help="The source repository the artifact must be built from (OWNER/NAME means "
                   "https://github.com/OWNER/NAME); the certificate and the predicate must "
                   "both name it.")
@click.option("--ref", metavar="REF",
              help="The source ref it must be built from, e.g. refs/tags/v1.2.3.")
@click.option("--builder-id", metavar="ID",
              help="The builder that must have made the provenance; without @version, any "
                   "version of it.")
@click.option("--source-uri", metavar="URI",
              help="The source as the predicate must name it: git+https://github.com/O/N@REF, "
                   "the same without @REF, or github.com/O/N.")
@click.option("--issuer", default=GITHUB_ACTIONS_ISSUER, show_default=True,
              help="The OIDC issuer that must have vouched for the signer.")
@click.option("--staging", is_flag=True, help="Trust Sigstore's staging instance.")
@click.option("--trusted-root", type=click.Path(path_type=Path),
              help="A trusted_root.json to use instead of the bundled one.")
@format_option
def verify_provenance_command(artifact: Path, bundle: Path, repository: str, ref: str | None,
                              builder_id: str | None, source_uri: str | None, issuer: str,
                              staging: bool, trusted_root: Path | None, fmt: str) -> int:
    """Verify the SLSA provenance of ARTIFACT, offline. Exit 0 only when every step holds.

    The signature, the signer's certificate (issuer, source repository, ref), the artifact
    among the statement's subjects, the SLSA predicate's builder and source, which must agree
    with the certificate and with the pins given. Exit 1 when a step fails, 2 on a usage error.
    """
    from margo_ssdf.attest.provenance_verify import ProvenancePolicy, verify_provenance
    from margo_ssdf.attest.trust import require_one_root

    require_one_root(trusted_root, staging=staging)
    policy = ProvenancePolicy(repository=repository, ref=ref, builder_id=builder_id,
                              source_uri=source_uri, issuer=issuer,
                              trusted_root=trusted_root, staging=staging)
    digest = _sha256(artifact)
    try:
        verified = verify_provenance(bundle, digest, policy)
    except BundleError as exc:
        _show_failure(exc, artifact, fmt)
        return ExitCode.NOT_COMPLIANT
    if fmt == "json":
        click.echo(json.dumps(verified.as_json(), indent=2))
    else:
        source = (f"{verified.source_repository}@{verified.source_ref}"
                  if verified.source_repository else "a source the predicate does not name")
        click.echo(f"VERIFIED: {artifact.name} (sha256 {verified.artifact_sha256}) was built "
                   f"by {verified.builder_id} from {source}; signed by "
                   f"{verified.signer_identity} (log index {verified.log_index})")
        _show_steps(verified.checks)
    return ExitCode.COMPLIANT


def _show_failure(exc: BundleError, artifact: Path, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps({"verified": False, "artifact": str(artifact),
                               "failure": str(exc.failure), "message": exc.diagnostics(),
                               "checks": [c.as_json() for c in exc.pins]}, indent=2))
        return
    click.echo(f"NOT VERIFIED: {exc.diagnostics()}")
    _show_steps(exc.pins)


def _show_steps(checks: tuple[PinCheck, ...]) -> None:
    for check in checks:
        click.echo(f"  {'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}")


def _sha256(artifact: Path) -> bytes:
    open_input(artifact, "ARTIFACT").close()  # a missing file or a FIFO: a usage error
    return bytes.fromhex(sha256_file(artifact))
