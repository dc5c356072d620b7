"""Verify SLSA provenance made by others, offline: who built this artifact, from which source.

Like `slsa-verifier verify-artifact` and `gh attestation verify`, for the provenance that
slsa-github-generator, GitHub artifact attestations and npm publish make (Sigstore bundles
holding a DSSE envelope with an in-toto statement). sigstore-python verifies the signature, the
certificate chain, the transparency log entry, the signing time and the certificate's source
repository and ref pins (`verify_dsse`); then the statement must name the artifact, the
predicate must be SLSA provenance, and what the predicate says about its builder and source must
agree with the certificate and with the verifier's pins. Every step is reported as a PinCheck.

The signer identity (the certificate's SAN) is read from the bundle before verification and
handed to sigstore-python as the identity to prove: for provenance the trust comes from the
issuer and the source repository pinned on the certificate, which the caller chooses, not from
a SAN the caller would have to know in advance (a reusable workflow's, say).
"""

from __future__ import annotations

import base64
import binascii
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

from margo_ssdf.attest._json import strict_loads
from margo_ssdf.attest.errors import BundleError, BundleFailure
from margo_ssdf.attest.slsa_predicate import ProvenanceFacts, read_provenance, split_source_uri
from margo_ssdf.attest.statement import ForeignStatement, claimed_subjects, read_statement
from margo_ssdf.attest.trust import PinCheck, SignerPolicy, SourceFacts, repository_uri
from margo_ssdf.files import read_input

GITHUB_ACTIONS_ISSUER: Final = "https://token.actions.githubusercontent.com"
"""The OIDC issuer of GitHub Actions workflows, which sign all three kinds of provenance."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class ProvenancePolicy:
    """What the verifier requires of the provenance: the source it must come from, and more."""

    repository: str
    """The source repository: OWNER/NAME (GitHub) or https://github.com/OWNER/NAME."""
    ref: str | None = None
    """The source ref the artifact must be built from, e.g. refs/tags/v1.2.3."""
    builder_id: str | None = None
    """The builder that must have made the provenance; without an @version it matches any
    version of that builder (as slsa-verifier does)."""
    source_uri: str | None = None
    """The source as the predicate must spell it: git+https://github.com/O/N@REF, the same
    without @REF, or github.com/O/N (slsa-verifier's --source-uri)."""
    issuer: str = GITHUB_ACTIONS_ISSUER
    """The OIDC issuer that must have vouched for the signer."""
    trusted_root: Path | None = None
    """A trusted_root.json to trust instead of Sigstore production's."""
    staging: bool = False
    """Trust Sigstore's staging instance instead of production."""


@dataclass(frozen=True)
class VerifiedProvenance:
    """SLSA provenance that verified: the artifact, its builder and source, and every step."""

    artifact_sha256: str
    """The artifact's SHA-256 (lowercase hex), a subject of the statement."""
    bundle: Path
    """The bundle file given (for a .intoto.jsonl, the file holding the chosen line)."""
    statement_type: str
    """The in-toto statement type (v0.1 or v1)."""
    predicate_type: str
    """The SLSA provenance version (https://slsa.dev/provenance/v0.2 or v1)."""
    builder_id: str
    """The builder id the predicate names."""
    build_type: str
    """The build type the predicate names."""
    source_repository: str | None
    """The source repository the predicate names (None: its build type is not one we read)."""
    source_ref: str | None
    """The source ref the predicate names."""
    source_digest: str | None
    """The source commit the predicate names."""
    signer_identity: str
    """The signing certificate's identity (SAN), proven by sigstore-python."""
    issuer: str
    """The OIDC issuer that vouched for the signer."""
    log_index: int
    """The transparency log index of the signature."""
    checks: tuple[PinCheck, ...] = field(default=())
    """Every step of the verification, in order, each of which held."""

    def as_json(self) -> dict[str, Any]:
        """The result under its JSON names, for scripts."""
        return {"verified": True, "artifact_sha256": self.artifact_sha256,
                "bundle": str(self.bundle), "statement_type": self.statement_type,
                "predicate_type": self.predicate_type, "builder_id": self.builder_id,
                "build_type": self.build_type, "source_repository": self.source_repository,
                "source_ref": self.source_ref, "source_digest": self.source_digest,
                "signer_identity": self.signer_identity, "issuer": self.issuer,
                "log_index": self.log_index, "checks": [c.as_json() for c in self.checks]}


def verify_provenance(bundle: Path, artifact_sha256: bytes, policy: ProvenancePolicy, *,
                      offline: bool = True) -> VerifiedProvenance:
    """Verify the artifact's SLSA provenance in `bundle`; BundleError says which step failed.

    The error's `pins` hold every step judged before (and including) the one that failed.
    UsageError for a repository that is neither OWNER/NAME nor a URL, or for an unreadable file.
    """
    repository = repository_uri(policy.repository)
    digest = artifact_sha256.hex()
    document, line = _choose(bundle, digest)
    identity = signer_identity(document, bundle)
    signer = SignerPolicy.from_options(
        identity=identity, issuer=policy.issuer, source_repository=repository,
        source_ref=policy.ref, trusted_root=policy.trusted_root, staging=policy.staging)
    from margo_ssdf.attest.sigstore_verify import verify_dsse

    try:
        with _single_bundle(bundle, document, line) as path:
            envelope = verify_dsse(path, signer, offline=offline)
    except BundleError as exc:
        exc.pins = (PinCheck("signature", False, exc.message), *exc.pins)
        raise
    steps = [Step(PinCheck("signature", True,
                           f"the DSSE envelope's signature, certificate chain, log entry and "
                           f"signing time verify against the {envelope.trust_root} trust root "
                           f"(log index {envelope.log_index})")),
             *(Step(pin) for pin in envelope.pins)]
    statement = _step(steps, lambda: read_statement(envelope.payload), "statement",
                      lambda s: f"{s.type}, predicate type {s.predicate_type}")
    _subject_step(steps, statement, digest)
    _raise_first_failure(steps, bundle)  # provenance of another artifact says nothing of this
    facts = _step(steps, lambda: read_provenance(statement.predicate_type, statement.predicate),
                  "predicate", lambda f: f"{f.predicate_type}, build type {f.build_type}")
    steps += judge_provenance(facts, policy, repository, envelope.source, identity)
    _raise_first_failure(steps, bundle)
    return _verified(bundle, digest, statement, facts, identity, policy.issuer,
                     envelope.log_index, steps)


def _verified(bundle: Path, digest: str, statement: ForeignStatement, facts: ProvenanceFacts,
              identity: str, issuer: str, log_index: int,
              steps: list[Step]) -> VerifiedProvenance:
    return VerifiedProvenance(
        artifact_sha256=digest, bundle=bundle, statement_type=statement.type,
        predicate_type=facts.predicate_type, builder_id=facts.builder_id,
        build_type=facts.build_type, source_repository=facts.source_repository,
        source_ref=facts.source_ref, source_digest=facts.source_digest,
        signer_identity=identity, issuer=issuer, log_index=log_index,
        checks=tuple(s.check for s in steps))


def _step(steps: list[Step], read: Callable[[], _T], name: str,
          describe: Callable[[_T], str]) -> _T:
    """Run one reading step; on failure record it and re-raise with every step so far."""
    try:
        value = read()
    except BundleError as exc:
        steps.append(Step(PinCheck(name, False, exc.message), exc.failure))
        exc.pins = tuple(s.check for s in steps)
        raise
    steps.append(Step(PinCheck(name, True, describe(value))))
    return value


def _subject_step(steps: list[Step], statement: ForeignStatement, digest: str) -> None:
    subject = statement.subject_for("sha256", digest)
    if subject is not None:
        steps.append(Step(PinCheck("subject", True,
                                   f"the statement names the artifact as {subject.name!r}")))
        return
    named = ", ".join(f"{s.name or '(unnamed)'} sha256:{s.digests.get('sha256', '(none)')}"
                      for s in statement.subjects)
    steps.append(Step(PinCheck("subject", False,
                               f"the artifact's sha256 {digest} is not among the statement's "
                               f"subjects ({named})"), BundleFailure.SUBJECT_MISMATCH))


def _raise_first_failure(steps: list[Step], bundle: Path) -> None:
    failed = next((s for s in steps if not s.check.ok), None)
    if failed is None:
        return
    error = BundleError(failed.failure or BundleFailure.PROVENANCE_MISMATCH,
                        f"{failed.check.name}: {failed.check.detail}", bundle=bundle)
    error.pins = tuple(s.check for s in steps)
    raise error


# ---- the predicate against the certificate and the pins -----------------------------------------

@dataclass(frozen=True)
class Step:
    """One verification step, and the failure it stands for when it does not hold."""

    check: PinCheck
    failure: BundleFailure | None = None
    """None: PROVENANCE_MISMATCH when the check does not hold."""


def judge_provenance(facts: ProvenanceFacts, policy: ProvenancePolicy, repository: str | None,
                     cert: SourceFacts, identity: str) -> list[Step]:
    """Every comparison of the predicate with the certificate and the verifier's pins."""
    steps = [Step(_builder_pin(facts.builder_id, policy.builder_id)),
             Step(_builder_signer(facts.builder_id, cert, identity))]
    if not facts.source_known:
        steps.append(Step(PinCheck(
            "predicate source", True,
            f"the predicate names no source that margo-ssdf reads (build type "
            f"{facts.build_type}); only the certificate's source repository and ref pins "
            f"vouch for the source")))
    else:
        steps += [Step(_agree("predicate source repository", facts.source_repository,
                              cert.repository, repository)),
                  Step(_agree("predicate source ref", facts.source_ref, cert.ref, policy.ref)),
                  Step(_agree("predicate source digest", facts.source_digest, cert.commit,
                              None, optional=True))]
    if policy.source_uri is not None:
        steps.append(Step(_source_uri_pin(facts.source_uri, policy.source_uri)))
    return steps


def builder_matches(actual: str, pinned: str) -> bool:
    """slsa-verifier's rule: a pin without @version matches any version of the builder."""
    if "@" in pinned:
        return actual == pinned
    return actual.split("@", 1)[0] == pinned


def _builder_pin(actual: str, pinned: str | None) -> PinCheck:
    if pinned is None:
        return PinCheck("builder id", True, f"the predicate says {actual} (not pinned)")
    if builder_matches(actual, pinned):
        return PinCheck("builder id", True, f"the predicate says {actual}")
    return PinCheck("builder id", False, f"the predicate says {actual}, not the pinned {pinned}")


def _builder_signer(builder_id: str, cert: SourceFacts, identity: str) -> PinCheck:
    """A builder that is a workflow (slsa-github-generator's) must be the one that signed."""
    name = "builder and signer"
    if "/.github/workflows/" not in builder_id:
        return PinCheck(name, True, f"the builder {builder_id} is not a workflow; the "
                                    f"certificate was issued to {identity}")
    signers = {identity, cert.workflow} - {None}
    if builder_id in signers:
        return PinCheck(name, True, f"the certificate was issued to the builder {builder_id}")
    return PinCheck(name, False, f"the predicate names the builder {builder_id}, but the "
                                 f"certificate was issued to {identity}")


def _agree(name: str, predicate: str | None, certificate: str | None, pinned: str | None, *,
           optional: bool = False) -> PinCheck:
    """The predicate's value must be the certificate's and the pinned one (when given)."""
    if predicate is None or (certificate is None and optional):
        said = predicate or "nothing"
        return PinCheck(name, optional, f"the predicate says {said}, the certificate "
                                        f"{certificate or 'nothing'}")
    if predicate != certificate:
        return PinCheck(name, False, f"the predicate says {predicate}, but the certificate "
                                     f"says {certificate or 'nothing'}")
    if pinned is not None and predicate != pinned:
        return PinCheck(name, False, f"the predicate says {predicate}, not the pinned {pinned}")
    return PinCheck(name, True, f"the predicate and the certificate say {predicate}")


def source_uri_forms(uri: str) -> set[str]:
    """The spellings a --source-uri pin may use for a predicate's git+https://H/O/N@REF."""
    bare = uri.split("@", 1)[0]
    forms = {uri, bare}
    split = split_source_uri(uri)
    if split is not None:
        forms.add(split[0].removeprefix("https://"))
    return forms


def _source_uri_pin(actual: str | None, pinned: str) -> PinCheck:
    if actual is None:
        return PinCheck("source uri", False,
                        f"the predicate names no source, so the pinned {pinned} cannot hold")
    if pinned.rstrip("/") in source_uri_forms(actual):
        return PinCheck("source uri", True, f"the predicate says {actual}")
    return PinCheck("source uri", False, f"the predicate says {actual}, not the pinned {pinned}")


# ---- the bundle file: one bundle, or a .intoto.jsonl of several ----------------------------------

def _choose(bundle: Path, digest: str) -> tuple[dict[str, Any], int | None]:
    """The bundle to verify, and its line number when the file holds several."""
    raw = read_input(bundle, "--bundle")
    documents = _documents(raw, bundle)
    if len(documents) == 1:
        _refuse_legacy(documents[0][0], bundle)
        return documents[0][0], None
    naming = [(doc, n) for doc, n in documents if digest in claimed_subjects(doc)]
    if naming:
        # A bundle naming the artifact wins over a bare envelope that names it too.
        naming.sort(key=lambda item: "mediaType" not in item[0])
        _refuse_legacy(naming[0][0], bundle)
        return naming[0][0], naming[0][1]
    if not any("mediaType" in doc for doc, _ in documents):
        _refuse_legacy(documents[0][0], bundle)
    raise BundleError(BundleFailure.SUBJECT_MISMATCH,
                      f"none of the {len(documents)} bundles in the file names an artifact "
                      f"with sha256 {digest}", bundle=bundle)


def _documents(raw: bytes, bundle: Path) -> list[tuple[dict[str, Any], int]]:
    """One JSON document, or each non-empty line of a JSON Lines file, with its line number."""
    try:
        whole = strict_loads(raw)
    except ValueError:
        whole = None
    if isinstance(whole, dict):
        return [(whole, 1)]
    documents = []
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc = strict_loads(line)
        except ValueError as exc:
            raise BundleError(BundleFailure.MALFORMED,
                              f"line {n} is not valid JSON: {exc}", bundle=bundle) from exc
        if not isinstance(doc, dict):
            raise BundleError(BundleFailure.MALFORMED, f"line {n} is not a JSON object",
                              bundle=bundle)
        documents.append((doc, n))
    if not documents:
        raise BundleError(BundleFailure.MALFORMED, "the file holds no JSON document",
                          bundle=bundle)
    return documents


def _refuse_legacy(document: dict[str, Any], bundle: Path) -> None:
    """A bare DSSE envelope carries no log entry: only an online Rekor lookup could check it."""
    if "mediaType" in document or "payloadType" not in document:
        return
    raise BundleError(
        BundleFailure.NO_LOG_ENTRY,
        "this is a bare DSSE envelope (legacy slsa-github-generator provenance) with no "
        "Sigstore bundle around it: its certificate and transparency log entry must be looked "
        "up in Rekor online, and margo-ssdf verifies offline", bundle=bundle,
        fix="Use the generator's Sigstore bundle (.sigstore or .sigstore.json, made by "
            "slsa-github-generator v2 and later), or verify this envelope online with "
            "slsa-verifier.")


@contextmanager
def _single_bundle(bundle: Path, document: dict[str, Any], line: int | None) -> Iterator[Path]:
    """The chosen bundle as a file of its own; errors name the given file and line."""
    if line is None:
        yield bundle
        return
    import json

    with tempfile.TemporaryDirectory(prefix="margo-provenance-") as tmp:
        path = Path(tmp) / f"{bundle.name}.line{line}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            yield path
        except BundleError as exc:
            error = BundleError(exc.failure, exc.message.replace(str(path),
                                                                 f"{bundle} (line {line})"),
                                fix=exc.fix)
            error.pins = exc.pins
            raise error from exc


# ---- the signing certificate, read before verification ------------------------------------------

def signer_identity(document: dict[str, Any], bundle: Path) -> str:
    """The SAN of the bundle's signing certificate (unverified: the identity to be proven)."""
    from cryptography.x509 import (
        ExtensionNotFound,
        RFC822Name,
        SubjectAlternativeName,
        UniformResourceIdentifier,
    )

    cert = _certificate(document, bundle)
    try:
        san = cert.extensions.get_extension_for_class(SubjectAlternativeName).value
    except ExtensionNotFound:
        san = None
    names = ([*san.get_values_for_type(UniformResourceIdentifier),
              *san.get_values_for_type(RFC822Name)] if san is not None else [])
    if not names:
        raise BundleError(BundleFailure.BAD_CERTIFICATE,
                          "the signing certificate names no identity (no URI or email SAN)",
                          bundle=bundle)
    return str(names[0])


def _certificate(document: dict[str, Any], bundle: Path) -> Any:
    from cryptography.x509 import load_der_x509_certificate

    material = document.get("verificationMaterial")
    if not isinstance(material, dict):
        raise BundleError(BundleFailure.MALFORMED, "the bundle has no verificationMaterial",
                          bundle=bundle)
    raw = _leaf_bytes(material)
    if raw is None:
        raise BundleError(
            BundleFailure.NO_CERTIFICATE,
            "the bundle is signed with a key, not a Sigstore (keyless) certificate: SLSA "
            "provenance is verified by its signing certificate's source repository and ref",
            bundle=bundle, fix="Give the keyless provenance bundle the builder published.")
    try:
        return load_der_x509_certificate(base64.b64decode(raw, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise BundleError(BundleFailure.BAD_CERTIFICATE,
                          f"the signing certificate cannot be read: {exc}",
                          bundle=bundle) from exc


def _leaf_bytes(material: dict[str, Any]) -> str | None:
    """rawBytes of the certificate (bundle v0.3) or of the chain's first (v0.1, v0.2)."""
    cert = material.get("certificate")
    if isinstance(cert, dict) and isinstance(cert.get("rawBytes"), str):
        return str(cert["rawBytes"])
    chain = material.get("x509CertificateChain")
    certs = chain.get("certificates") if isinstance(chain, dict) else None
    if isinstance(certs, list) and certs and isinstance(certs[0], dict):
        raw = certs[0].get("rawBytes")
        return raw if isinstance(raw, str) else None
    return None
