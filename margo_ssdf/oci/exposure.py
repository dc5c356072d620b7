"""Where registry credentials may go: decided from the URL alone, before any connection.

A password or token sent over plain HTTP can be read by anyone on the path, so over HTTP
credentials go only to this machine's loopback (127.0.0.0/8, ::1, localhost: a local test
registry or a tunnel), and so does a token realm's request. An Authorization header goes only
to the very origin (scheme, host, port) it was meant for, not to an upload Location elsewhere.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from margo_ssdf.errors import ExitCode, MargoError

_DEFAULT_PORTS = {"http": 80, "https": 443}


class CredentialsWithheld(MargoError):
    """Credentials would have gone where anyone on the path could read them: not sent."""

    exit_code = ExitCode.CHECK_ERROR


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1 (brackets allowed); names are never resolved."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL, the port filled in from the scheme when absent."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme, 0)


def private_path(url: str) -> bool:
    """True when what is sent to `url` cannot be read on the way: HTTPS, or loopback."""
    scheme, host, _ = origin(url)
    return scheme == "https" or (scheme == "http" and is_loopback(host))


def refusal(url: str, what: str) -> CredentialsWithheld | None:
    """None when `what` may be sent to `url`; else the error saying why not and what to do."""
    if private_path(url):
        return None
    _, host, port = origin(url)
    return CredentialsWithheld(
        f"{host}:{port}: margo-ssdf does not send {what} over plain HTTP to a host other than "
        "this machine's loopback (127.0.0.0/8, ::1, localhost): anyone on the network path "
        "could read them.",
        fix=f"Reach {host} over HTTPS (drop --plain-http), or use a registry on loopback "
            "(for example through an SSH tunnel to 127.0.0.1).")


def may_carry(url: str, meant_for: str) -> bool:
    """True when an Authorization header meant for `meant_for` may be sent to `url`."""
    return origin(url) == origin(meant_for) and private_path(url)
