"""A Sigstore instance of our own, built by hand, so tests make valid and invalid bundles offline.

`make_instance` writes a trusted_root.json (a self-signed Fulcio CA, a CT log key, a Rekor log
key, all ECDSA P-256) into a directory; `keyless_bundle` and `key_bundle` make v0.3 bundles
that sigstore-python verifies against it, and `Knobs` break one part at a time for negative
tests. The formats follow what sigstore-python 4.5.1 checks (sigstore/_internal/sct.py,
rekor/checkpoint.py, merkle.py, verify/verifier.py): a precertificate SCT over the TBS without
its SCT extension, a one-leaf (or small) RFC 6962 tree, a signed-note checkpoint whose key hint
is the first 4 bytes of the log id, and an inclusion promise over the RFC 8785 entry.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import rfc8785
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json"
TRUSTED_ROOT_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1"
IN_TOTO = "application/vnd.in-toto+json"
IDENTITY = "signer@example.org"
ISSUER = "https://issuer.example.org"
LOG_ORIGIN = "rekor.test.example - 4242"
"""The checkpoint's origin line; the log's name is what precedes ' - '."""
LOG_NAME = "rekor.test.example"

# Fulcio's certificate extensions (see ../shared/corpora/sigstore/README.md).
_FULCIO = "1.3.6.1.4.1.57264.1."
EXTENSIONS = {"issuer_v1": "1", "issuer": "8", "workflow": "9", "repository": "12",
              "ref": "14", "trigger": "20"}
_SCT_OID = x509.ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2")

PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey
PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey | rsa.RSAPublicKey


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def spki(key: PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.DER,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def public_pem(key: PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(key: PublicKey) -> bytes:
    """RFC 6962 key id, as sigstore computes it: SHA-256 of the DER SubjectPublicKeyInfo."""
    return hashlib.sha256(spki(key)).digest()


def sign(key: PrivateKey, data: bytes) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        digest = hashes.SHA384() if key.curve.key_size == 384 else hashes.SHA256()
        return key.sign(data, ec.ECDSA(digest))
    if isinstance(key, rsa.RSAPrivateKey):
        from cryptography.hazmat.primitives.asymmetric import padding
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    return key.sign(data)


def key_details(key: PublicKey) -> str:
    if isinstance(key, ec.EllipticCurvePublicKey):
        return ("PKIX_ECDSA_P384_SHA_384" if key.curve.key_size == 384
                else "PKIX_ECDSA_P256_SHA_256")
    if isinstance(key, rsa.RSAPublicKey):
        return f"PKIX_RSA_PKCS1V15_{key.key_size}_SHA256"
    return "PKIX_ED25519"


@dataclass(frozen=True)
class Log:
    """A transparency log (or a witness): its name in signed notes and its key."""

    name: str
    key: ec.EllipticCurvePrivateKey = field(default_factory=new_key)

    @property
    def key_id(self) -> bytes:
        return key_id(self.key.public_key())

    def signature_line(self, note: str, *, name: str | None = None) -> str:
        """'— NAME base64(keyhint || signature)', the hint as sigstore-python matches it."""
        sig = sign(self.key, note.encode())
        return f"\u2014 {name or self.name} {b64(self.key_id[:4] + sig)}\n"


@dataclass(frozen=True)
class Instance:
    """A test Sigstore instance: its CA, CT log and Rekor log, and its trusted_root.json."""

    ca_key: ec.EllipticCurvePrivateKey
    ca: x509.Certificate
    ct_key: ec.EllipticCurvePrivateKey
    log: Log
    trusted_root: Path


def make_instance(directory: Path, *, other_logs: tuple[Log, ...] = ()) -> Instance:
    """A new instance whose trusted_root.json is written in `directory`."""
    ca_key, ct_key = new_key(), new_key()
    ca = _ca_certificate(ca_key)
    log = Log(LOG_NAME)
    path = directory / "trusted_root.json"
    path.write_text(json.dumps(_trusted_root(ca, ct_key, (log, *other_logs)), indent=1))
    return Instance(ca_key, ca, ct_key, log, path)


def _ca_certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "test.example"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "test-fulcio")])
    now = datetime.now(UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=365))
            .not_valid_after(now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(ski, critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                           critical=False)
            .sign(key, hashes.SHA256()))


def _trusted_root(ca: x509.Certificate, ct_key: ec.EllipticCurvePrivateKey,
                  logs: tuple[Log, ...]) -> dict[str, Any]:
    start = {"start": "2020-01-01T00:00:00Z"}

    def log_entry(url: str, key: PublicKey) -> dict[str, Any]:
        return {"baseUrl": url, "hashAlgorithm": "SHA2_256",
                "publicKey": {"rawBytes": b64(spki(key)), "keyDetails": key_details(key),
                              "validFor": start},
                "logId": {"keyId": b64(key_id(key))}}

    return {
        "mediaType": TRUSTED_ROOT_TYPE,
        "tlogs": [log_entry(f"https://{log.name}", log.key.public_key()) for log in logs],
        "certificateAuthorities": [{
            "subject": {"organization": "test.example", "commonName": "test-fulcio"},
            "uri": "https://fulcio.test.example",
            "certChain": {"certificates": [
                {"rawBytes": b64(ca.public_bytes(serialization.Encoding.DER))}]},
            "validFor": start}],
        "ctlogs": [log_entry("https://ct.test.example", ct_key.public_key())],
        "timestampAuthorities": [],
    }


@dataclass(frozen=True)
class Knobs:
    """One part of a bundle broken (or varied) at a time, for negative tests."""

    sign_key: PrivateKey | None = None
    """Signs the content instead of the bundle's key (a wrong-key signature)."""
    tamper_signature: bool = False
    """Flip a bit of the content signature after the log recorded it."""
    recorded_digest: bytes | None = None
    """The messageDigest the bundle claims, instead of the artifact's."""
    entry_content: bytes | None = None
    """The log entry records a signature over this artifact or payload instead."""
    checkpoint_signer: Log | None = None
    """Signs the checkpoint in the log's name instead of the log (a forged checkpoint)."""
    witnesses: tuple[Log, ...] = ()
    """Witness cosignatures, placed before the log's own signature line."""
    signature_lines: tuple[str, ...] | None = None
    """The checkpoint's signature lines verbatim, replacing the ones made here."""
    inclusion_promise: bool = True
    """Carry an inclusion promise (SET) and integrated time."""
    tree_size: int = 1
    """Leaves in the log; the entry is the last one."""
    signed_at: datetime | None = None
    """When the log integrated the entry (default: now)."""


def keyless_bundle(inst: Instance, *, artifact: bytes | None = None,
                   statement: Mapping[str, Any] | bytes | None = None,
                   identity: str = IDENTITY, issuer: str = ISSUER,
                   extensions: Mapping[str, str] | None = None,
                   kind: str = "", knobs: Knobs = Knobs()) -> dict[str, Any]:
    """A Fulcio-certified bundle over `artifact` (message signature) or `statement` (DSSE).

    `extensions` maps names of EXTENSIONS (repository, ref, trigger, workflow) to values.
    """
    when = knobs.signed_at or datetime.now(UTC)
    key = new_key()
    cert = leaf_certificate(inst, key.public_key(), identity=identity, issuer=issuer,
                            extensions=extensions or {}, at=when)
    der = cert.public_bytes(serialization.Encoding.DER)
    verifier = {"pem": cert.public_bytes(serialization.Encoding.PEM),
                "v2": {"keyDetails": key_details(key.public_key()),
                       "x509Certificate": {"rawBytes": b64(der)}}}
    material = {"certificate": {"rawBytes": b64(der)}}
    return _bundle(inst, key, material, verifier, artifact, statement, kind, knobs)


def key_bundle(inst: Instance, key: PrivateKey, *, artifact: bytes | None = None,
               statement: Mapping[str, Any] | bytes | None = None, hint: str = "",
               kind: str = "", knobs: Knobs = Knobs()) -> dict[str, Any]:
    """A managed-key bundle: verificationMaterial.publicKey instead of a certificate.

    `kind` is 'hashedrekord/0.0.1' (default for artifacts), 'hashedrekord/0.0.2',
    'dsse/0.0.1' (default for statements) or 'intoto/0.0.2'.
    """
    public = key.public_key()
    verifier = {"pem": public_pem(public),
                "v2": {"keyDetails": key_details(public),
                       "publicKey": {"rawBytes": b64(spki(public))}}}
    return _bundle(inst, key, {"publicKey": {"hint": hint}}, verifier, artifact, statement,
                   kind, knobs)


def leaf_certificate(inst: Instance, public: PublicKey, *, identity: str, issuer: str,
                     extensions: Mapping[str, str], at: datetime) -> x509.Certificate:
    """A Fulcio-style code-signing certificate valid 10 minutes around `at`, with its SCT."""
    uri = "://" in identity or "@" not in identity
    san: x509.GeneralName = (x509.UniformResourceIdentifier(identity) if uri
                             else x509.RFC822Name(identity))
    builder = (x509.CertificateBuilder().subject_name(x509.Name([])).issuer_name(inst.ca.subject)
               .public_key(public).serial_number(x509.random_serial_number())
               .not_valid_before(at - timedelta(minutes=5))
               .not_valid_after(at + timedelta(minutes=5))
               .add_extension(x509.KeyUsage(True, False, False, False, False, False, False,
                                            False, False), critical=True)
               .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]),
                              critical=False)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   inst.ca_key.public_key()), critical=False)
               .add_extension(x509.SubjectAlternativeName([san]), critical=True)
               .add_extension(_raw(_FULCIO + "1", issuer.encode()), critical=False))
    for name, value in {"issuer": issuer, **extensions}.items():
        builder = builder.add_extension(_raw(_FULCIO + EXTENSIONS[name], _utf8(value)),
                                        critical=False)
    tbs = builder.sign(inst.ca_key, hashes.SHA256()).tbs_certificate_bytes
    sct = _sct(inst, tbs, at)
    return builder.add_extension(_raw(_SCT_OID.dotted_string, _octets(sct)),
                                 critical=False).sign(inst.ca_key, hashes.SHA256())


def _sct(inst: Instance, tbs: bytes, at: datetime) -> bytes:
    """An RFC 6962 precertificate SCT list holding one SCT signed by the CT key."""
    millis = int(at.timestamp() * 1000)
    issuer_key_id = key_id(inst.ca_key.public_key())
    entry = issuer_key_id + _u24(tbs)
    signed = struct.pack("!BBQH", 0, 0, millis, 1) + entry + struct.pack("!H", 0)
    signature = sign(inst.ct_key, signed)
    sct = (bytes([0]) + key_id(inst.ct_key.public_key()) + struct.pack("!QH", millis, 0)
           + bytes([4, 3]) + struct.pack("!H", len(signature)) + signature)
    one = struct.pack("!H", len(sct)) + sct
    return struct.pack("!H", len(one)) + one


def _u24(data: bytes) -> bytes:
    return struct.pack("!I", len(data))[1:] + data


def _raw(oid: str, value: bytes) -> x509.UnrecognizedExtension:
    return x509.UnrecognizedExtension(x509.ObjectIdentifier(oid), value)


def _der(tag: int, content: bytes) -> bytes:
    n = len(content)
    length = bytes([n]) if n < 128 else bytes([0x81, n]) if n < 256 else \
        bytes([0x82]) + n.to_bytes(2, "big")
    return bytes([tag]) + length + content


def _utf8(text: str) -> bytes:
    return _der(0x0C, text.encode())


def _octets(data: bytes) -> bytes:
    return _der(0x04, data)


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE's pre-authentication encoding."""
    kind = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def _bundle(inst: Instance, key: PrivateKey, material: dict[str, Any],
            verifier: dict[str, Any], artifact: bytes | None,
            statement: Mapping[str, Any] | bytes | None, kind: str,
            knobs: Knobs) -> dict[str, Any]:
    signer = knobs.sign_key or key
    if statement is not None:
        payload = statement if isinstance(statement, bytes) else json.dumps(statement).encode()
        sig = sign(signer, pae(IN_TOTO, payload))
        entry_payload = knobs.entry_content or payload
        entry_sig = sig if knobs.entry_content is None else sign(signer, pae(IN_TOTO,
                                                                            entry_payload))
        content: dict[str, Any] = {"dsseEnvelope": {
            "payload": b64(payload), "payloadType": IN_TOTO,
            "signatures": [{"sig": b64(_tampered(sig, knobs)), "keyid": ""}]}}
        body = _dsse_body(kind or "dsse/0.0.1", entry_payload, entry_sig, verifier,
                          content["dsseEnvelope"])
    else:
        assert artifact is not None, "give an artifact or a statement"
        sig = sign(signer, artifact)
        entry_artifact = knobs.entry_content or artifact
        entry_sig = sig if knobs.entry_content is None else sign(signer, entry_artifact)
        digest = hashlib.sha256(artifact).digest()
        content = {"messageSignature": {
            "messageDigest": {"algorithm": "SHA2_256",
                              "digest": b64(knobs.recorded_digest or digest)},
            "signature": b64(_tampered(sig, knobs))}}
        body = _hashedrekord_body(kind or "hashedrekord/0.0.1",
                                  hashlib.sha256(entry_artifact).digest(), entry_sig, verifier)
    material["tlogEntries"] = [log_entry(inst, body, kind or _default_kind(statement), knobs)]
    return {"mediaType": BUNDLE_V03, "verificationMaterial": material, **content}


def _default_kind(statement: object) -> str:
    return "hashedrekord/0.0.1" if statement is None else "dsse/0.0.1"


def _tampered(sig: bytes, knobs: Knobs) -> bytes:
    return sig[:-1] + bytes([sig[-1] ^ 1]) if knobs.tamper_signature else sig


def canonical(value: Any) -> bytes:
    return rfc8785.dumps(value)


def _hashedrekord_body(kind: str, digest: bytes, sig: bytes,
                       verifier: dict[str, Any]) -> bytes:
    if kind == "hashedrekord/0.0.2":
        return canonical({"apiVersion": "0.0.2", "kind": "hashedrekord", "spec": {
            "hashedRekordV002": {"data": {"algorithm": "SHA2_256", "digest": b64(digest)},
                                 "signature": {"content": b64(sig),
                                               "verifier": verifier["v2"]}}}})
    assert kind == "hashedrekord/0.0.1", kind
    return canonical({"apiVersion": "0.0.1", "kind": "hashedrekord", "spec": {
        "data": {"hash": {"algorithm": "sha256", "value": digest.hex()}},
        "signature": {"content": b64(sig), "publicKey": {"content": b64(verifier["pem"])}}}})


def _dsse_body(kind: str, payload: bytes, sig: bytes, verifier: dict[str, Any],
               envelope: dict[str, Any]) -> bytes:
    payload_hash = {"algorithm": "sha256", "value": hashlib.sha256(payload).hexdigest()}
    envelope_hash = {"algorithm": "sha256",
                     "value": hashlib.sha256(canonical(envelope)).hexdigest()}
    if kind == "intoto/0.0.2":
        # Rekor's intoto 0.0.2 keeps the envelope without its payload, and each signature
        # base64-encoded once more (it stores the DSSE JSON string, itself base64).
        return canonical({"apiVersion": "0.0.2", "kind": "intoto", "spec": {"content": {
            "envelope": {"payloadType": IN_TOTO, "signatures": [
                {"sig": b64(b64(sig).encode()), "publicKey": b64(verifier["pem"])}]},
            "hash": envelope_hash, "payloadHash": payload_hash}}})
    if kind == "hashedrekord/0.0.2":
        return _hashedrekord_body(kind, hashlib.sha256(pae(IN_TOTO, payload)).digest(), sig,
                                  verifier)
    assert kind == "dsse/0.0.1", kind
    return canonical({"apiVersion": "0.0.1", "kind": "dsse", "spec": {
        "envelopeHash": envelope_hash, "payloadHash": payload_hash,
        "signatures": [{"signature": b64(sig), "verifier": b64(verifier["pem"])}]}})


def log_entry(inst: Instance, body: bytes, kind: str, knobs: Knobs = Knobs()) -> dict[str, Any]:
    """A Rekor tlogEntry for `body`: inclusion proof, checkpoint and (by default) a SET."""
    size = knobs.tree_size
    index = size - 1
    leaves = [b"other leaf %d" % i for i in range(index)] + [body]
    root = _tree_hash(leaves)
    name, version = kind.split("/")
    entry: dict[str, Any] = {
        "logIndex": str(index), "logId": {"keyId": b64(inst.log.key_id)},
        "kindVersion": {"kind": name, "version": version},
        "inclusionProof": {"logIndex": str(index), "rootHash": b64(root), "treeSize": str(size),
                           "hashes": [b64(h) for h in _audit_path(index, leaves)],
                           "checkpoint": {"envelope": checkpoint(inst, root, size, knobs)}},
        "canonicalizedBody": b64(body)}
    if knobs.inclusion_promise and version == "0.0.1":  # Rekor v2 makes no promises
        when = int((knobs.signed_at or datetime.now(UTC)).timestamp())
        entry["integratedTime"] = str(when)
        promise = canonical({"body": b64(body), "integratedTime": when,
                             "logID": inst.log.key_id.hex(), "logIndex": index})
        entry["inclusionPromise"] = {"signedEntryTimestamp": b64(sign(inst.log.key, promise))}
    return entry


def checkpoint(inst: Instance, root: bytes, size: int, knobs: Knobs = Knobs()) -> str:
    """A signed note: origin, size, root hash, then witness lines and the log's line."""
    note = f"{LOG_ORIGIN}\n{size}\n{b64(root)}\n"
    if knobs.signature_lines is not None:
        return note + "\n" + "".join(knobs.signature_lines)
    signer = knobs.checkpoint_signer or inst.log
    lines = [w.signature_line(note) for w in knobs.witnesses]
    lines.append(replace(signer, name=LOG_NAME).signature_line(note))
    return note + "\n" + "".join(lines)


def note_of(bundle: Mapping[str, Any]) -> str:
    """The checkpoint body (what its signatures sign) of a bundle's first entry."""
    envelope: str = bundle["verificationMaterial"]["tlogEntries"][0]["inclusionProof"][
        "checkpoint"]["envelope"]
    return envelope.split("\n\n", 1)[0] + "\n"


def _leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (RFC 6962 section 2.1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _tree_hash(leaves: list[bytes]) -> bytes:
    if len(leaves) == 1:
        return _leaf(leaves[0])
    k = _split(len(leaves))
    return _node(_tree_hash(leaves[:k]), _tree_hash(leaves[k:]))


def _audit_path(index: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) <= 1:
        return []
    k = _split(len(leaves))
    if index < k:
        return [*_audit_path(index, leaves[:k]), _tree_hash(leaves[k:])]
    return [*_audit_path(index - k, leaves[k:]), _tree_hash(leaves[:k])]


def write(bundle: Mapping[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(bundle, indent=1))
    return path


def statement_about(artifact: bytes, name: str = "artifact.bin") -> dict[str, Any]:
    """An in-toto Statement v1 whose one subject is `artifact`."""
    return {"_type": "https://in-toto.io/Statement/v1",
            "subject": [{"name": name, "digest": {"sha256": hashlib.sha256(artifact).hexdigest()}}],
            "predicateType": "https://example.org/test-predicate/v1", "predicate": {}}
