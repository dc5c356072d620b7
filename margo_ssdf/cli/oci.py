"""`publish` and `fetch`: a release in an OCI registry; and the oci:// branch of `audit`.

margo_ssdf.oci (and the HTTP client it brings) is imported only inside these commands.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from margo_ssdf.cli.common import format_option
from margo_ssdf.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from margo_ssdf.oci.client import Registry

plain_http_option = click.option(
    "--plain-http", is_flag=True,
    help="Talk to the registry over HTTP without TLS; credentials then go only to a "
         "registry on loopback (127.0.0.0/8, ::1, localhost).")


def _registry(text: str, plain_http: bool, *, what: str) -> Registry:
    from margo_ssdf.oci import credentials, reference
    from margo_ssdf.oci.client import Registry

    ref = reference.parse(text, what=what)
    return Registry(ref, plain_http=plain_http, credentials=credentials.for_registry(ref.registry))


@click.command("publish")
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--to", "target", required=True, metavar="oci://REGISTRY/REPO",
              help="The repository to push to (credentials: $MARGO_SSDF_REGISTRY_USERNAME and "
                   "$MARGO_SSDF_REGISTRY_PASSWORD, else the Docker config).")
@plain_http_option
@format_option
def publish_command(out_dir: Path, target: str, plain_http: bool, fmt: str) -> int:
    """Push an attest --out directory to an OCI registry, referring to each attested image.

    Prints the oci://REGISTRY/REPO@sha256:... reference of each artifact pushed: one per
    attested image in that repository (its referrer), and one tagged <name>-<version>.margo-ssdf
    when the release has plain files. `audit` takes either reference, or the image's.
    """
    from margo_ssdf.oci.publish import publish

    with _registry(target, plain_http, what="--to") as registry:
        if registry.ref.digest or registry.ref.tag:
            raise UsageError(f"--to {target}: names a manifest; give the repository only.",
                             fix=f"--to oci://{registry.ref.registry}/{registry.ref.repository}")
        pushed = publish(out_dir, registry)
    if fmt == "json":
        click.echo(json.dumps([p.as_json() for p in pushed], indent=2))
    else:
        for p in pushed:
            click.echo(str(p.reference))
            found = f"referrer of {p.subject} ({p.referrers})" if p.subject else f"tag {p.tag}"
            click.echo(f"  {found}", err=True)
    return ExitCode.COMPLIANT


@click.command("fetch")
@click.argument("reference", metavar="oci://REGISTRY/REPO@sha256:DIGEST")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Directory to write the attestation and evidence into (replaced whole).")
@plain_http_option
def fetch_command(reference: str, output: Path, plain_http: bool) -> int:
    """Save a published release (the artifact, or an image's referrer) into a directory.

    Every manifest and file is checked against its digest first; `audit ATTESTATION
    --evidence-dir DIR` on the result gives what `audit oci://...` gives.
    """
    from margo_ssdf.flow import staged_output
    from margo_ssdf.oci.fetch import pull

    with _registry(reference, plain_http, what="REFERENCE") as registry, \
            staged_output(output) as staging:
        fetched = pull(registry, staging)
    click.echo(f"{output / fetched.attestation.name}")
    click.echo(f"Fetched {registry.ref.at(fetched.artifact)} into {output}", err=True)
    return ExitCode.COMPLIANT


@contextlib.contextmanager
def fetched_for_audit(reference: str, evidence_dir: Path | None,
                      plain_http: bool) -> Iterator[tuple[Path, Path | None, tuple[str, ...]]]:
    """(attestation, evidence dir, digests the statement must name) to audit: the files
    themselves, or for an oci:// reference the artifact pulled into a temporary directory that
    is removed afterwards, with the image digest it was published for: the registry's link
    from an attestation to an image is not signed, so only the statement's subjects bind them."""
    from margo_ssdf.oci.reference import is_oci

    if not is_oci(reference):
        yield Path(reference), evidence_dir, ()
        return
    if evidence_dir is not None:
        raise UsageError("--evidence-dir and an oci:// reference both name the evidence.",
                         fix="Drop --evidence-dir: the evidence is pulled from the registry.")
    from margo_ssdf.oci.fetch import pull

    with tempfile.TemporaryDirectory(prefix="margo-ssdf-oci-") as tmp, \
            _registry(reference, plain_http, what="ATTESTATION") as registry:
        fetched = pull(registry, Path(tmp))
        yield (fetched.attestation, fetched.directory,
               (fetched.subject,) if fetched.subject else ())
