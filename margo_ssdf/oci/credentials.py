"""Registry credentials: the environment first, then the Docker config; never printed."""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

USERNAME_VAR = "MARGO_SSDF_REGISTRY_USERNAME"
PASSWORD_VAR = "MARGO_SSDF_REGISTRY_PASSWORD"  # noqa: S105 (a variable's name, not a secret)


@dataclass(frozen=True)
class Credentials:
    """A user name and password (or token) for one registry; repr never shows the secret."""

    username: str
    password: str = field(repr=False)
    source: str
    """Where they came from, to name in an error (never the values)."""

    def basic(self) -> str:
        raw = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")


def docker_config() -> Path:
    """$DOCKER_CONFIG/config.json, else ~/.docker/config.json (as the docker CLI reads it)."""
    base = os.environ.get("DOCKER_CONFIG")
    return (Path(base) if base else Path.home() / ".docker") / "config.json"


def for_registry(registry: str) -> Credentials | None:
    """Credentials for `registry`, or None (anonymous). Credential helpers are not run."""
    user, password = os.environ.get(USERNAME_VAR), os.environ.get(PASSWORD_VAR)
    if user and password:
        return Credentials(user, password, f"${USERNAME_VAR}/${PASSWORD_VAR}")
    return _from_docker_config(docker_config(), registry)


def _from_docker_config(path: Path, registry: str) -> Credentials | None:
    try:
        auths = json.loads(path.read_bytes()).get("auths", {})
    except (OSError, ValueError, AttributeError):
        return None  # no config, or one we cannot read: anonymous, as docker would be
    if not isinstance(auths, dict):
        return None
    for key in (registry, f"https://{registry}", f"http://{registry}"):
        entry = auths.get(key)
        if isinstance(entry, dict):
            found = _decode(entry, f"{path} (auths.{key})")
            if found is not None:
                return found
    return None


def _decode(entry: dict[str, object], source: str) -> Credentials | None:
    auth = entry.get("auth")
    if isinstance(auth, str) and auth:
        try:
            user, sep, password = base64.b64decode(auth, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return Credentials(user, password, source) if sep else None
    name, secret = entry.get("username"), entry.get("password")
    if isinstance(name, str) and isinstance(secret, str) and name:
        return Credentials(name, secret, source)
    return None
