"""The verification commands: `audit` and `report` check a release attestation offline,
`verify-bundle` checks any Sigstore bundle over a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from margo_ssdf.attest.trust import SignerPolicy
from margo_ssdf.cli.common import (
    conformance_aliases,
    format_option,
    merge_conformance_aliases,
    out_console,
    policy_pin,
    policy_pin_options,
    trust_options,
)
from margo_ssdf.cli.oci import fetched_for_audit, plain_http_option
from margo_ssdf.errors import ExitCode, OutputError, UsageError
from margo_ssdf.report import terminal
from margo_ssdf.report.formats import ReportFormat


@click.command("audit")
@click.argument("attestation", metavar="ATTESTATION|oci://REGISTRY/REPO@sha256:DIGEST")
@trust_options
@policy_pin_options
@click.option("--artifact", "artifacts", multiple=True, type=click.Path(path_type=Path),
              help="A file that must be one of the attested subjects (repeatable). Without "
                   "one, nothing ties the attestation to what you received.")
@click.option("--evidence-dir", type=click.Path(path_type=Path),
              help="The release's evidence directory: every file's digest is checked.")
@plain_http_option
@click.option("--allow-noncompliant", is_flag=True,
              help="Exit 0 for a verified release even when its verdict is not compliant or "
                   "incomplete: for auditors who only check the signature and the evidence.")
@format_option
def audit_command(attestation: str, policy_path: Path | None, policy_digest: str | None,
                  artifacts: tuple[Path, ...], evidence_dir: Path | None, plain_http: bool,
                  allow_noncompliant: bool, fmt: str, **trust: Any) -> int:
    """Verify a release attestation offline and recompute its verdict.

    Exit 0 only when the signature, the statement, every given artifact and evidence file
    all hold and the verdict recomputed (with --policy when given) is compliant; 1 when
    anything does not verify (a --policy-digest that differs included); 4 when everything
    verifies but the verdict is not compliant or incomplete (0 with --allow-noncompliant).
    An oci:// reference (an image, or the artifact publish printed) is pulled first, every
    digest checked, and audited with its evidence as from files.
    """
    from margo_ssdf.attest.audit import audit

    signer = SignerPolicy.from_options(**trust)
    pin = policy_pin(policy_path, policy_digest)
    with fetched_for_audit(attestation, evidence_dir, plain_http) as (path, evidence_dir, held):
        result = audit(path, signer, artifacts=artifacts, evidence_dir=evidence_dir,
                       policy=pin, held_digests=held)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=2))
    else:
        out_console().print(terminal.audit_view(result))
    if not result.ok:
        return ExitCode.NOT_COMPLIANT
    if result.compliant or allow_noncompliant:
        return ExitCode.COMPLIANT
    return ExitCode.VERIFIED_NOT_COMPLIANT


@click.command("verify-bundle")
@click.argument("bundle", type=click.Path(path_type=Path), required=False)
@click.option("--bundle", "bundle_option", type=click.Path(path_type=Path), hidden=True,
              help="The bundle, as sigstore-conformance spells it (instead of BUNDLE).")
@click.option("--artifact", type=click.Path(path_type=Path),
              help="The file the bundle signs (or a DSSE statement names as a subject).")
@click.option("--digest", metavar="sha256:HEX",
              help="The artifact's SHA-256 instead of the file itself.")
@trust_options
@conformance_aliases
@format_option
def verify_bundle_command(bundle: Path | None, bundle_option: Path | None,
                          artifact: Path | None, digest: str | None, fmt: str,
                          **trust: Any) -> int:
    """Verify any Sigstore bundle over an artifact, offline. Exit 0 only when it holds.

    A message-signature bundle must sign the artifact; a DSSE bundle must hold a verified
    in-toto statement (v0.1 or v1) that names the artifact's SHA-256 among its subjects, and
    its type, predicate type and subjects are printed. The line printed names where the
    signing certificate says it was made (source repository, ref, trigger, workflow),
    pinned or not. Exit 1 when the bundle does not verify, 2 on a usage error.
    """
    from margo_ssdf.attest.bundle_verify import (
        refusal_json,
        refusal_text,
        verify_any,
        verify_with_key,
    )
    from margo_ssdf.attest.errors import AttestationError

    bundle_path = _one_bundle(bundle, bundle_option)
    trust = merge_conformance_aliases(trust)
    key: Path | None = trust.pop("key")
    signer: SignerPolicy | None = None
    if key is not None:
        _key_alone(trust)
    else:
        signer = SignerPolicy.from_options(**trust)
        signer.keyless()  # unpinned: refused before reading
    sha256 = _artifact_sha256(artifact, digest, bundle_path)
    try:
        if key is not None:
            verified = verify_with_key(bundle_path, key, artifact_sha256=sha256,
                                       trusted_root=trust["trusted_root"],
                                       staging=trust["staging"])
        else:
            assert signer is not None  # built above whenever no key is given
            verified = verify_any(bundle_path, signer,
                                  artifact_sha256=sha256,
                                  artifact_name=str(artifact or "the artifact"))
    except AttestationError as exc:
        click.echo(json.dumps(refusal_json(exc, bundle_path=bundle_path,
                                           artifact_sha256=sha256), indent=2)
                   if fmt == "json" else refusal_text(exc))
        return ExitCode.NOT_COMPLIANT
    click.echo(json.dumps(verified.as_json(), indent=2) if fmt == "json"
               else "\n".join(verified.describe(artifact.name if artifact else None)))
    return ExitCode.COMPLIANT


def _key_alone(trust: dict[str, Any]) -> None:
    """--key pins the signer by itself: a certificate pin beside it would be silently unused."""
    options = {"identity": "--identity", "issuer": "--issuer",
               "source_repository": "--repository", "source_ref": "--ref",
               "build_trigger": "--trigger", "workflow": "--workflow"}
    given = [option for name, option in options.items() if trust.get(name)]
    if given:
        raise UsageError(f"--key and {', '.join(given)} both pin the signer: a managed-key "
                         "bundle has no certificate for an identity to be checked against.",
                         fix="Give --key for a bundle signed with your own key, or the "
                             "Sigstore identity and issuer for a keyless one.")


def _one_bundle(positional: Path | None, option: Path | None) -> Path:
    """BUNDLE, or --bundle as sigstore-conformance passes it: exactly one of them."""
    if positional is not None and option is None:
        return positional
    if option is not None and positional is None:
        return option
    raise UsageError("give the bundle once: as BUNDLE, or as --bundle FILE.",
                     fix="margo-ssdf verify-bundle BUNDLE --artifact FILE --identity ID "
                         "--issuer URL")


def _artifact_sha256(artifact: Path | None, digest: str | None, bundle: Path) -> bytes:
    """The artifact's SHA-256, from exactly one of --artifact and --digest."""
    from margo_ssdf.attest.bundle_verify import parse_sha256
    from margo_ssdf.attest.sigstore_verify import sha256_of_artifact

    if artifact is not None and digest is None:
        return sha256_of_artifact(artifact, bundle)
    if digest is not None and artifact is None:
        return parse_sha256(digest)
    raise UsageError("give exactly one of --artifact FILE and --digest sha256:HEX.",
                     fix="--artifact names the file the bundle signs; --digest gives its "
                         "SHA-256 when you do not have the file.")


@click.command("report")
@click.argument("attestation", type=click.Path(path_type=Path))
@trust_options
@policy_pin_options
@click.option("--evidence-dir", type=click.Path(path_type=Path),
              help="The release's evidence directory: every file's digest is checked, and "
                   "the SARIF, vulnerability report and CRA clock are read from it.")
@click.option("--baseline", type=click.Path(path_type=Path), metavar="OLD_ATTESTATION",
              help="An earlier release's attestation to compare with (verified the same way, "
                   "and judged with --policy too; --ref, --workflow and --policy-digest "
                   "apply only to ATTESTATION).")
@click.option("--baseline-evidence-dir", type=click.Path(path_type=Path),
              help="The baseline's evidence directory (default: the directory holding "
                   "OLD_ATTESTATION); its files are used only when their digests match.")
@click.option("--baseline-key", type=click.Path(path_type=Path),
              help="Public key that signed the baseline, if not --key.")
@click.option("--baseline-identity",
              help="Sigstore identity that signed the baseline, if not --identity (a "
                   "release workflow's identity names its tag).")
@click.option("--format", "fmt", type=click.Choice([f.value for f in ReportFormat]),
              help="html (one self-contained page), md (compact, for a job summary), text, "
                   "or oscal (OSCAL assessment results for GRC tools) (default: from the -o "
                   "suffix, else text).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write, replaced atomically (default: stdout).")
def report_command(attestation: Path, policy_path: Path | None, policy_digest: str | None,
                   evidence_dir: Path | None, baseline: Path | None,
                   baseline_evidence_dir: Path | None, baseline_key: Path | None,
                   baseline_identity: str | None, fmt: str | None,
                   output: Path | None, **trust: Any) -> int:
    """Verify a release attestation offline, then render it as HTML, Markdown, text or OSCAL.

    The verification result comes first in every format; an attestation that fails
    verification is still rendered, marked NOT VERIFIED. With --policy, every task and the
    verdict shown are recomputed with your policy. Exit 0 when the attestation (and the
    baseline, if given) verified, 1 when not, 2 when a file is not an attestation at all.
    """
    from margo_ssdf.report.build import build_report, overall_ok

    trust_policy = SignerPolicy.from_options(**trust)
    # A baseline is another release: its ref and workflow URI differ, its repository not.
    baseline_trust = SignerPolicy.from_options(**{
        **trust, "key": baseline_key or trust["key"],
        "identity": baseline_identity or trust["identity"], "source_ref": None,
        "workflow": None})
    pin = policy_pin(policy_path, policy_digest)
    chosen = ReportFormat.for_output(fmt, output)
    if chosen is ReportFormat.OSCAL and evidence_dir is None:
        # OSCAL findings and evidence are read by tools that cannot tell a signature-only check
        # from one whose evidence was re-derived: only the latter is written.
        raise UsageError("--format oscal needs --evidence-dir: its findings, evidence digests "
                         "and risks must come from evidence checked against the attestation.",
                         fix="Give the directory `margo-ssdf attest --out` wrote (or fetch it "
                             "with `margo-ssdf fetch`).")
    report = build_report(attestation, trust=trust_policy, evidence_dir=evidence_dir,
                          baseline=baseline, baseline_trust=baseline_trust,
                          baseline_evidence_dir=baseline_evidence_dir, policy=pin)
    to_terminal = output is None and click.get_text_stream("stdout").isatty()
    if chosen is ReportFormat.TEXT and to_terminal:
        from margo_ssdf.report.text import render_text

        render_text(report, out_console())  # rich colours on a terminal
    else:
        _write_report(chosen.render(report), output)
        if output is not None and str(output) != "-":
            click.echo(f"{'Verified' if overall_ok(report) else 'NOT VERIFIED'}: "
                       f"{chosen} report written to {output}", err=True)
    return ExitCode.COMPLIANT if overall_ok(report) else ExitCode.NOT_COMPLIANT


def _write_report(rendered: str, output: Path | None) -> None:
    """Print the report, or replace the output file with it atomically."""
    if output is None or str(output) == "-":
        click.echo(rendered, nl=False)
        return
    from margo_ssdf.files import write_atomic

    try:
        write_atomic(output, rendered.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"{output}: cannot be written: {exc.strerror or exc}.",
                          fix="Choose another -o path.") from exc
