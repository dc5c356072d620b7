"""A small OCI distribution client: every call has a timeout, every pulled byte its digest.

Built on `requests`, which oras-py uses too. oras-py 0.2's `Registry` is not used: it retries
a failed request with sleeps adding up to minutes (a refused password included), sets no
timeouts, does not check the digests of what it pulls, validates manifests against a schema
without `artifactType`, and has neither the referrers API nor the tag-schema fallback.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import requests

from margo_ssdf.errors import ExitCode, MargoError
from margo_ssdf.oci import exposure, media
from margo_ssdf.oci.credentials import Credentials
from margo_ssdf.oci.reference import Reference

TIMEOUT = (10.0, 120.0)
"""Seconds to connect, and between bytes read."""
MAX_MANIFEST = 4 * 2**20
MAX_BLOB = 512 * 2**20
MAX_ERROR_BODY = 64 * 2**10  # an error or token answer: anything longer is not one
_CHALLENGE = re.compile(r'(\w+)="([^"]*)"')


class RegistryError(MargoError):
    """The registry could not be reached, refused us, or answered what we cannot use."""

    exit_code = ExitCode.CHECK_ERROR


class DigestMismatch(RegistryError):
    """What the registry served is not what its digest names: refused, never used."""

    exit_code = ExitCode.NOT_COMPLIANT


@dataclass(frozen=True)
class Manifest:
    """A manifest as pulled: the exact bytes, their digest and media type, and the JSON."""

    raw: bytes
    digest: str
    media_type: str
    body: dict[str, Any]

    def descriptor(self) -> dict[str, Any]:
        return {"mediaType": self.media_type, "digest": self.digest, "size": len(self.raw)}


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Registry:
    """One repository of one registry, with the credentials it may need."""

    def __init__(self, ref: Reference, *, plain_http: bool = False,
                 credentials: Credentials | None = None) -> None:
        self.ref = ref
        self._base = f"{'http' if plain_http else 'https'}://{ref.registry}/v2/{ref.repository}"
        self._credentials = credentials
        self._plain_http = plain_http
        self._session = requests.Session()
        self._session.trust_env = False  # no proxy or netrc credentials from the environment
        self._auth: dict[str, str] = {}

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests, with authentication when the registry asks for it --

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        url = urljoin(self._base + "/", url)
        headers = kwargs.pop("headers", {})
        response = self._once(method, url, headers, kwargs)
        if response.status_code == 401 and self._authenticate(response):
            _finish(response)
            response = self._once(method, url, headers, kwargs)
        if response.status_code in (401, 403):
            raise self._refused(response)
        return response

    def _once(self, method: str, url: str, headers: dict[str, str],
              kwargs: dict[str, Any]) -> requests.Response:
        # Credentials go to the registry's own origin only, never to a host (or a scheme) an
        # upload Location names.
        auth = self._auth if exposure.may_carry(url, self._base) else {}
        # Every body is streamed and read through _read_capped: a registry that answers with
        # gigabytes (an error page included) cannot fill memory.
        kwargs.setdefault("stream", True)
        try:
            return self._session.request(method, url, headers={**headers, **auth},
                                         timeout=TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            raise RegistryError(f"{self.ref.registry}: {method} {url} failed: "
                                f"{type(exc).__name__}.",
                                fix="Check the registry address and that it is running; give "
                                    "--plain-http for a local registry without TLS.") from exc

    def _authenticate(self, response: requests.Response) -> bool:
        """Answer a 401 challenge (Basic, or Bearer with a token from its realm); False when
        there is nothing new to try."""
        challenge = response.headers.get("WWW-Authenticate", "")
        scheme = challenge.split(" ", 1)[0].lower()
        if scheme not in ("basic", "bearer") or (scheme == "basic" and not self._credentials):
            return False
        # An anonymous token is anyone's to have; a token bought with a password is not.
        withheld = exposure.refusal(self._base, "credentials or tokens") \
            if self._credentials else None
        if withheld is not None:
            raise withheld
        if scheme == "basic" and self._credentials is not None:
            fresh = {"Authorization": self._credentials.basic()}
        else:
            fresh = {"Authorization": f"Bearer {self._token(dict(_CHALLENGE.findall(challenge)))}"}
        if fresh == self._auth:
            return False
        self._auth = fresh
        return True

    def _token(self, params: dict[str, str]) -> str:
        realm = params.pop("realm", "")
        if not realm.startswith(("https://", "http://")):
            raise RegistryError(f"{self.ref.registry}: its token challenge names no realm.")
        # The realm is the registry's word on where its credentials are checked (Docker Hub's is
        # another host): they go there as Docker sends them, never in cleartext.
        headers: dict[str, str] = {}
        if self._credentials is not None:
            withheld = exposure.refusal(realm, "token requests")
            if withheld is not None:
                raise withheld
            headers["Authorization"] = self._credentials.basic()
        try:
            # Not followed: a redirect would move the request (and the password) elsewhere.
            answer = self._session.get(realm, params=params, headers=headers, timeout=TIMEOUT,
                                       stream=True, allow_redirects=False)
            with answer:
                if answer.status_code != 200:  # whatever its body, it is a refusal
                    raise self._refused(answer)
                said = _json_object(_read_capped(answer, MAX_ERROR_BODY, "token answer"))
            token = said.get("token") or said.get("access_token")
        except requests.RequestException as exc:
            raise RegistryError(f"{self.ref.registry}: no token from {realm}: "
                                f"{type(exc).__name__}.") from exc
        if not isinstance(token, str):
            raise RegistryError(f"{self.ref.registry}: the token answer of {realm} holds no "
                                "token.")
        return token

    def _refused(self, response: requests.Response) -> RegistryError:
        said = f"{self.ref.registry}: refused access to {self.ref.repository} " \
               f"(HTTP {response.status_code}) with "
        who = (f"the credentials from {self._credentials.source}" if self._credentials
               else "no credentials")
        return RegistryError(
            said + f"{who}.",
            fix="Set MARGO_SSDF_REGISTRY_USERNAME and MARGO_SSDF_REGISTRY_PASSWORD, or log in "
                "with `docker login` (its config.json, or the one in $DOCKER_CONFIG, is read).")

    def _fail(self, response: requests.Response, what: str) -> RegistryError:
        try:
            with response:
                body = _json_object(_read_capped(response, MAX_ERROR_BODY, "error"))
            errors = body.get("errors")
            errors = errors if isinstance(errors, list) else []
            said = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e)
                             for e in errors[:3])[:500]
        except (RegistryError, requests.RequestException, TypeError):
            said = ""
        return RegistryError(f"{self.ref.registry}/{self.ref.repository}: {what} failed: "
                             f"HTTP {response.status_code}" + (f" ({said})" if said else "")
                             + ".")

    # -- manifests --

    def manifest(self, reference: str) -> Manifest | None:
        """The manifest by digest or tag, its bytes checked against the digest; None if absent."""
        response = self._send("GET", f"manifests/{reference}",
                              headers={"Accept": ", ".join(media.MANIFESTS)}, stream=True)
        with response:
            if response.status_code == 404:
                return None
            if response.status_code != 200:
                raise self._fail(response, f"reading manifest {reference}")
            raw = _read_capped(response, MAX_MANIFEST, f"manifest {reference}")
        digest = sha256(raw)
        if reference.startswith("sha256:") and digest != reference:
            raise DigestMismatch(
                f"{self.ref.registry}/{self.ref.repository}: the manifest served for "
                f"{reference} has digest {digest}: it was changed in the registry.",
                fix="Do not use this artifact; publish the release again from its files.")
        try:
            body = json.loads(raw)
        except ValueError as exc:
            raise RegistryError(f"manifest {reference} is not JSON.") from exc
        if not isinstance(body, dict):
            raise RegistryError(f"manifest {reference} is not a JSON object.")
        kind = body.get("mediaType") or response.headers.get("Content-Type", "").split(";")[0]
        return Manifest(raw, digest, str(kind), body)

    def put_manifest(self, raw: bytes, media_type: str, reference: str) -> requests.Response:
        """Push manifest bytes under `reference` (its digest, or a tag)."""
        response = self._send("PUT", f"manifests/{reference}", data=raw,
                              headers={"Content-Type": media_type})
        if response.status_code not in (200, 201):
            raise self._fail(response, f"pushing manifest {reference}")
        _finish(response)
        served = response.headers.get("Docker-Content-Digest")
        if served and served != sha256(raw):
            raise DigestMismatch(f"{self.ref.registry}: stored the manifest as {served}, not "
                                 f"{sha256(raw)}.")
        return response

    # -- blobs --

    def push_blob(self, data: bytes) -> str:
        """Upload `data` unless the registry has it already; its digest."""
        digest = sha256(data)
        head = self._send("HEAD", f"blobs/{digest}")
        _finish(head)
        if head.status_code == 200:
            return digest
        started = self._send("POST", "blobs/uploads/")
        location = started.headers.get("Location")
        if started.status_code != 202 or not location:
            raise self._fail(started, "starting an upload")
        _finish(started)
        url = urljoin(self._base + "/", location)
        url += ("&" if "?" in url else "?") + f"digest={digest}"
        done = self._send("PUT", url, data=data,
                          headers={"Content-Type": "application/octet-stream"})
        if done.status_code != 201:
            raise self._fail(done, f"uploading blob {digest}")
        _finish(done)
        return digest

    def blob(self, digest: str, size: int) -> bytes:
        """The blob, refused unless it has the digest and size its descriptor names."""
        if not isinstance(size, int) or not 0 <= size <= MAX_BLOB:
            raise RegistryError(f"blob {digest}: its size {size!r} is not one margo-ssdf pulls.")
        response = self._send("GET", f"blobs/{digest}", stream=True)
        with response:
            if response.status_code != 200:
                raise self._fail(response, f"reading blob {digest}")
            data = _read_capped(response, size, f"blob {digest}", exact=True)
        if sha256(data) != digest:
            raise DigestMismatch(
                f"{self.ref.registry}/{self.ref.repository}: blob {digest} has digest "
                f"{sha256(data)}: its content was changed in the registry.",
                fix="Do not use this artifact; publish the release again from its files.")
        return data

    # -- referrers --

    def referrers(self, digest: str, artifact_type: str) -> list[dict[str, Any]]:
        """Descriptors of manifests whose subject is `digest`: the referrers API, else the
        referrers tag schema (`sha256-<hex>`), filtered by artifact type either way."""
        response = self._send("GET", f"referrers/{digest}",
                              params={"artifactType": artifact_type},
                              headers={"Accept": media.OCI_INDEX})
        with response:
            if response.status_code == 200:
                index = _json_object(_read_capped(response, MAX_MANIFEST, "referrers"))
            elif response.status_code == 404:
                index = self.tag_index(digest)
            else:
                raise self._fail(response, f"listing the referrers of {digest}")
        found = index.get("manifests")
        return [m for m in found if isinstance(m, dict)
                and m.get("artifactType") == artifact_type] if isinstance(found, list) else []

    def tag_index(self, digest: str) -> dict[str, Any]:
        """The referrers tag schema's index for `digest`, or an empty one."""
        held = self.manifest(fallback_tag(digest))
        if held is None or held.media_type != media.OCI_INDEX:
            return {"schemaVersion": 2, "mediaType": media.OCI_INDEX, "manifests": []}
        return held.body


def fallback_tag(digest: str) -> str:
    """The referrers tag schema's tag for a digest: `sha256-<hex>`."""
    return digest.replace(":", "-")


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise RegistryError("the registry's answer is not a JSON object.")
    return body


def _finish(response: requests.Response) -> None:
    """Read the rest of a small answer and close it. An answer read to its end hands its
    connection back for the next request; one closed unread costs a new connection (over
    HTTPS, a TLS handshake). An answer larger than an error body is cut and its connection
    dropped."""
    with response, contextlib.suppress(RegistryError, requests.RequestException):
        _read_capped(response, MAX_ERROR_BODY, "answer")


def _read_capped(response: requests.Response, limit: int, what: str, *,
                 exact: bool = False) -> bytes:
    """At most `limit` bytes of the body (exactly `limit` when `exact`); more is refused."""
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_content(1 << 16):
        total += len(chunk)
        if total > limit:
            raise DigestMismatch(f"{what}: the registry sent more than the {limit} bytes "
                                 "expected.", fix="Do not use this artifact.")
        chunks.append(chunk)
    if exact and total != limit:
        raise DigestMismatch(f"{what}: the registry sent {total} bytes, not the {limit} its "
                             "descriptor names.", fix="Do not use this artifact.")
    return b"".join(chunks)
