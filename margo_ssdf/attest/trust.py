"""Who must have signed: one `SignerPolicy`, built once from the trust options.

A signature proves something only about a signer the verifier chose beforehand. The policy is
either a public key (`PublicKeySigner`, for key-signed DSSE envelopes) or a Sigstore signer
(`KeylessSigner`): the certificate identity and the OIDC issuer that vouched for it, optionally
pinned further to the Fulcio certificate extensions a CI workflow's certificate carries (source
repository, source ref, build trigger, the workflow that signed), and the trust root to verify
against. `SourceFacts` is what such a certificate says about where it was made, shown for
every keyless signature whether pinned or not. `Unpinned` is what
no pinning gives: auditing with it refuses, naming what to pin.

The pins are judged with sigstore-python's own policy classes, each on its own so that an audit
can report every pin as a step, and together (`AllOf`) as sigstore-python's verification policy.
sigstore-python is imported only when a certificate is judged: it takes most of a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from margo_ssdf.errors import UsageError

if TYPE_CHECKING:
    from cryptography.x509 import Certificate, ObjectIdentifier
    from sigstore.verify.policy import AllOf, VerificationPolicy

SIGNER_IDENTITY = "signer identity"
SIGNER_ISSUER = "signer issuer"
SOURCE_REPOSITORY = "source repository"
SOURCE_REF = "source ref"
BUILD_TRIGGER = "build trigger"
WORKFLOW = "workflow"

_GITHUB = "https://github.com/"
# OWNER/NAME as GitHub spells repositories (letters, digits, '-', '_', '.').
_OWNER_NAME = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class PinCheck:
    """One pin judged against a signing certificate: an audit step."""

    name: str
    """What was pinned: 'signer identity', 'signer issuer', 'source repository'..."""
    ok: bool
    """The certificate carries the pinned value."""
    detail: str
    """The certificate's actual value, and the pinned one when they differ."""

    def as_json(self) -> dict[str, str | bool]:
        """The judgement under its JSON names."""
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


class SignerPolicy:
    """Who must have signed; build it with `SignerPolicy.from_options`."""

    @staticmethod
    def from_options(*, key: Path | None = None, identity: str | None = None,
                     issuer: str | None = None, staging: bool = False,
                     trusted_root: Path | None = None, source_repository: str | None = None,
                     source_ref: str | None = None, build_trigger: str | None = None,
                     workflow: str | None = None) -> SignerPolicy:
        """The policy the `audit`, `verify-bundle` and `report` options describe.

        A key wins over Sigstore options (as it always has); an identity without an issuer,
        or the reverse, pins nobody. A repository given as OWNER/NAME is the GitHub one.
        Raises UsageError for a trusted root file together with the staging flag, for
        certificate pins given with a key, and for a repository that is neither form.
        """
        pins = {SOURCE_REPOSITORY: source_repository, SOURCE_REF: source_ref,
                BUILD_TRIGGER: build_trigger, WORKFLOW: workflow}
        if key is not None:
            given = [name for name, value in pins.items() if value is not None]
            if given:
                raise UsageError(
                    f"{', '.join(given)}: these pin a Sigstore signing certificate, and a "
                    "key-signed attestation has none.",
                    fix="Pin either a public key, or a Sigstore identity and its pins.")
            return PublicKeySigner(key)
        if identity and issuer:
            return KeylessSigner(identity, issuer,
                                 source_repository=repository_uri(source_repository),
                                 source_ref=source_ref, build_trigger=build_trigger,
                                 workflow=workflow, staging=staging, trusted_root=trusted_root)
        return Unpinned(identity=identity, issuer=issuer)

    def keyless(self) -> KeylessSigner:
        """This policy as a Sigstore signer, or the UsageError saying what is not pinned."""
        raise _unpinned_error(None, None)


@dataclass(frozen=True)
class PublicKeySigner(SignerPolicy):
    """A key-signed DSSE envelope, verified with this public key."""

    public_key: Path
    """PEM file of the public key that must have signed."""


@dataclass(frozen=True)
class Unpinned(SignerPolicy):
    """Nobody pinned (or an identity without its issuer): nothing can be verified."""

    identity: str | None = None
    """The identity given without an issuer, if any (named in the error)."""
    issuer: str | None = None
    """The issuer given without an identity, if any."""

    def keyless(self) -> KeylessSigner:
        raise _unpinned_error(self.identity, self.issuer)


@dataclass(frozen=True)
class KeylessSigner(SignerPolicy):
    """A Sigstore signer: certificate identity, OIDC issuer, optional pins, trust root."""

    identity: str
    """A SAN the signing certificate must carry: an email, or a workflow URI."""
    issuer: str
    """The OIDC issuer that must have vouched for the identity."""
    source_repository: str | None = None
    """Fulcio extension 1.3.6.1.4.1.57264.1.12, e.g. https://github.com/owner/repo."""
    source_ref: str | None = None
    """Fulcio extension 1.3.6.1.4.1.57264.1.14, e.g. refs/tags/v1.0.0."""
    build_trigger: str | None = None
    """Fulcio extension 1.3.6.1.4.1.57264.1.20, e.g. push or release."""
    workflow: str | None = None
    """Fulcio extension 1.3.6.1.4.1.57264.1.9 (build signer URI): the whole URI, the URI
    without its @ref, or the workflow's path in its repository (.github/workflows/x.yml)."""
    staging: bool = False
    """Trust Sigstore's staging instance instead of production."""
    trusted_root: Path | None = None
    """A trusted_root.json to trust instead of the root shipped with sigstore-python."""

    def __post_init__(self) -> None:
        if not self.identity or not self.issuer:
            raise _unpinned_error(self.identity, self.issuer)
        require_one_root(self.trusted_root, staging=self.staging)

    def keyless(self) -> KeylessSigner:
        return self

    def policy(self) -> AllOf:
        """sigstore-python's verification policy: every pin must hold."""
        from sigstore.verify.policy import AllOf, Identity

        # Identity checks the issuer first, then the SAN: the first mismatch is reported.
        children: list[VerificationPolicy] = [Identity(identity=self.identity,
                                                       issuer=self.issuer)]
        children += [policy for _, _, policy, _ in self._extension_pins()]
        return AllOf(children)

    def judge(self, cert: Certificate) -> tuple[PinCheck, ...]:
        """Every pin judged on its own against the certificate, with the value it carries."""
        from sigstore.verify.policy import Identity, OIDCIssuer

        sans = ", ".join(sorted(_identities(cert))) or "(none)"
        checks = [
            _judge(cert, SIGNER_IDENTITY, self.identity, Identity(identity=self.identity), sans),
            _judge(cert, SIGNER_ISSUER, self.issuer, OIDCIssuer(self.issuer),
                   _extension_text(cert, OIDCIssuer.oid, der=False)),
        ]
        for name, pinned, policy, oid in self._extension_pins():
            checks.append(_judge(cert, name, pinned, policy,
                                 _extension_text(cert, oid, der=True)))
        return tuple(checks)

    def _extension_pins(self) -> list[tuple[str, str, VerificationPolicy, ObjectIdentifier]]:
        from sigstore.verify.policy import (
            OIDCBuildTrigger,
            OIDCSourceRepositoryRef,
            OIDCSourceRepositoryURI,
        )

        pins = ((SOURCE_REPOSITORY, self.source_repository, OIDCSourceRepositoryURI),
                (SOURCE_REF, self.source_ref, OIDCSourceRepositoryRef),
                (BUILD_TRIGGER, self.build_trigger, OIDCBuildTrigger))
        found: list[tuple[str, str, VerificationPolicy, ObjectIdentifier]] = [
            (name, pinned, cls(pinned), cls.oid) for name, pinned, cls in pins
            if pinned is not None]
        if self.workflow is not None:
            found.append((WORKFLOW, self.workflow, WorkflowPin(self.workflow),
                          WorkflowPin.oid()))
        return found


class WorkflowPin:
    """sigstore-python policy: the build signer URI (the workflow that signed) is the pinned one.

    The pin matches the whole URI, the URI without its `@ref`, or the workflow's path inside
    its repository (for GitHub, what follows https://github.com/OWNER/NAME/).
    """

    def __init__(self, value: str) -> None:
        self.value = value

    @staticmethod
    def oid() -> ObjectIdentifier:
        from sigstore.verify.policy import OIDCBuildSignerURI

        return OIDCBuildSignerURI.oid

    def verify(self, cert: Certificate) -> None:
        from sigstore.errors import VerificationError

        actual = _extension_text(cert, self.oid(), der=True)
        if actual is None:
            raise VerificationError("Certificate does not contain the build signer URI "
                                    f"({self.oid().dotted_string}) extension")
        if self.value not in workflow_forms(actual):
            raise VerificationError(f"Certificate's build signer workflow does not match "
                                    f"(got {actual}, expected {self.value})")


def workflow_forms(uri: str) -> set[str]:
    """The spellings a workflow pin may use for a build signer URI."""
    bare = uri.split("@", 1)[0]
    forms = {uri, bare}
    if bare.startswith(_GITHUB):
        parts = bare.removeprefix(_GITHUB).split("/", 2)
        if len(parts) == 3 and parts[2]:
            forms.add(parts[2])
    return forms


def repository_uri(value: str | None) -> str | None:
    """OWNER/NAME as https://github.com/OWNER/NAME; a URL as given (less a trailing '/')."""
    if value is None:
        return None
    if _OWNER_NAME.fullmatch(value):
        return _GITHUB + value
    if value.startswith(("https://", "http://")) and len(value) > len("https://x"):
        return value.rstrip("/")
    raise UsageError(
        f"--repository {value!r} is neither OWNER/NAME nor a URL.",
        fix="Give the source repository the certificate must name, e.g. "
            "margo-ssdf/margo-ssdf or https://gitlab.com/group/project.")


@dataclass(frozen=True)
class SourceFacts:
    """What a CI signing certificate says about where it was made (None: it does not say)."""

    repository: str | None
    """Source repository URI (1.3.6.1.4.1.57264.1.12)."""
    ref: str | None
    """Source repository ref (1.3.6.1.4.1.57264.1.14), e.g. refs/tags/v1.0.0."""
    trigger: str | None
    """Build trigger (1.20), e.g. push or release."""
    workflow: str | None
    """Build signer URI (1.9): the workflow that signed (a reusable workflow, when called)."""
    caller: str | None
    """Build config URI (1.18): the workflow that ran, which called `workflow` if they differ."""
    commit: str | None = None
    """Source repository digest (1.13): the commit the workflow ran on."""

    @staticmethod
    def of(cert: Certificate) -> SourceFacts:
        """The facts a certificate carries."""
        from cryptography.x509 import ObjectIdentifier

        def ext(n: int) -> str | None:
            return _extension_text(cert, ObjectIdentifier(f"1.3.6.1.4.1.57264.1.{n}"), der=True)

        commit = ext(13)
        return SourceFacts(repository=ext(12), ref=ext(14), trigger=ext(20), workflow=ext(9),
                           caller=ext(18), commit=commit.lower() if commit else None)

    def describe(self) -> str:
        """The facts in words, for a verification line."""
        if not any((self.repository, self.ref, self.trigger, self.workflow)):
            return "the certificate names no source repository, ref, trigger or workflow"
        words = [f"source repository {self.repository or '(none)'}",
                 f"ref {self.ref or '(none)'}", f"trigger {self.trigger or '(none)'}",
                 f"workflow {self.workflow or '(none)'}"]
        if self.caller and self.caller != self.workflow:
            words.append(f"called from {self.caller}")
        return ", ".join(words)

    def as_json(self) -> dict[str, str | None]:
        """The facts under their JSON names."""
        return {"source_repository": self.repository, "source_ref": self.ref,
                "build_trigger": self.trigger, "workflow": self.workflow,
                "build_config": self.caller, "source_digest": self.commit}


class PinJudge:
    """sigstore-python's verification policy for a signer, keeping each pin's judgement.

    sigstore-python calls `verify` once the certificate chains to the trust root; `AllOf`
    decides, and `checks` then tells the audit which pin held and what the certificate says.
    """

    def __init__(self, signer: KeylessSigner) -> None:
        self.signer = signer
        self.checks: tuple[PinCheck, ...] = ()
        """Empty until sigstore-python has validated the certificate and asked."""

    def verify(self, cert: Certificate) -> None:
        self.checks = self.signer.judge(cert)
        self.signer.policy().verify(cert)


def require_one_root(trusted_root: Path | None, *, staging: bool) -> None:
    """Refuse a trusted root file together with the staging flag."""
    if trusted_root is not None and staging:
        raise UsageError(
            "give either a trusted root file or the staging flag, not both",
            fix="The file already names the Sigstore instance it trusts.",
        )


def _unpinned_error(identity: str | None, issuer: str | None) -> UsageError:
    missing = " and ".join(
        name for name, value in (("identity", identity), ("OIDC issuer", issuer)) if not value)
    return UsageError(
        f"refusing to verify a Sigstore bundle without the signer's {missing}: without "
        "pinning who signed, any valid Sigstore signature by anyone would pass, which "
        "proves nothing.",
        fix="Give the expected certificate identity (e.g. the release workflow's URI) and "
        "its OIDC issuer (e.g. https://token.actions.githubusercontent.com); to check a "
        "signature made with a local key, verify the DSSE envelope with the public key.",
    )


def _judge(cert: Certificate, name: str, pinned: str, policy: VerificationPolicy,
           actual: str | None) -> PinCheck:
    from sigstore.errors import VerificationError

    try:
        policy.verify(cert)
    except VerificationError:
        shown = actual if actual is not None else "nothing (no such extension)"
        return PinCheck(name, False, f"the certificate says {shown}, not the pinned {pinned}")
    return PinCheck(name, True, f"the certificate says {actual}")


def _identities(cert: Certificate) -> set[str]:
    """The SANs sigstore-python's Identity compares: emails, URIs, Sigstore other names."""
    from cryptography.x509 import (
        ExtensionNotFound,
        ObjectIdentifier,
        OtherName,
        RFC822Name,
        SubjectAlternativeName,
        UniformResourceIdentifier,
    )

    try:
        san = cert.extensions.get_extension_for_class(SubjectAlternativeName).value
    except ExtensionNotFound:
        return set()
    sigstore_name = ObjectIdentifier("1.3.6.1.4.1.57264.1.7")
    found = set(san.get_values_for_type(RFC822Name))
    found.update(san.get_values_for_type(UniformResourceIdentifier))
    found.update(other.value.decode(errors="replace")
                 for other in san.get_values_for_type(OtherName)
                 if other.type_id == sigstore_name)
    return found


def _extension_text(cert: Certificate, oid: ObjectIdentifier, *, der: bool) -> str | None:
    """A Fulcio extension's text: raw bytes (1.1 to 1.6) or a DER UTF8String (1.8 on)."""
    from cryptography.hazmat import asn1
    from cryptography.x509 import ExtensionNotFound, UnrecognizedExtension

    try:
        ext = cert.extensions.get_extension_for_oid(oid).value
    except ExtensionNotFound:
        return None
    if not isinstance(ext, UnrecognizedExtension):
        return str(ext)
    if not der:
        return ext.value.decode(errors="replace")
    try:
        return asn1.decode_der(str, ext.value)
    except ValueError:
        return f"(not a UTF8String: {ext.value.hex()})"
