"""The Sigstore trust root a bundle is verified against, read without touching the network.

By default the public-good Sigstore root (production, or staging when asked) that ships inside
the installed sigstore-python wheel, read straight from the package data so that nothing is
fetched and no user cache is consulted; or a `trusted_root.json` file given by the caller. Only
with `offline=False` and no file is the root refreshed from Sigstore's TUF repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final
from urllib.parse import quote

from sigstore.errors import Error as SigstoreError
from sigstore.models import ClientTrustConfig, TrustedRoot

from margo_ssdf.attest.errors import first_line
from margo_ssdf.attest.trust import require_one_root
from margo_ssdf.errors import ConfigError
from margo_ssdf.files import open_regular

PRODUCTION_TUF_URL: Final = "https://tuf-repo-cdn.sigstore.dev"
"""Sigstore public-good TUF repository; sigstore-python ships its trust root under this name."""
STAGING_TUF_URL: Final = "https://tuf-repo-cdn.sigstage.dev"
"""Sigstore staging TUF repository."""


def load_trusted_root(
    trusted_root: Path | None, *, staging: bool, offline: bool = True
) -> tuple[TrustedRoot, str]:
    """The trust root to verify against and a name for it ('production', 'staging' or a path).

    A given file wins. Otherwise, offline, the root shipped inside sigstore-python; online, a
    TUF refresh by sigstore-python.
    """
    if trusted_root is not None:
        require_one_root(trusted_root, staging=staging)
        try:
            open_regular(trusted_root).close()  # a FIFO would block the read below forever
            return TrustedRoot.from_file(str(trusted_root)), str(trusted_root)
        except OSError as exc:
            raise ConfigError(f"cannot read the trusted root: {exc.strerror or exc}",
                              file=str(trusted_root)) from exc
        except Exception as exc:  # sigstore raises pydantic, JSON and its own errors here
            raise ConfigError(f"not a Sigstore trusted root: {first_line(exc)}",
                              file=str(trusted_root),
                              fix="Give a trusted_root.json (media type application/"
                              "vnd.dev.sigstore.trustedroot+json;version=0.1).") from exc
    name = "staging" if staging else "production"
    if not offline:
        try:
            config = ClientTrustConfig.staging() if staging else ClientTrustConfig.production()
        except SigstoreError as exc:
            raise ConfigError(
                f"cannot refresh the Sigstore {name} trust root over TUF: {first_line(exc)}",
                fix="Verify offline with the bundled root, or give --trusted-root.",
            ) from exc
        return config.trusted_root, name
    return bundled_trusted_root(staging=staging), name


def bundled_trusted_root(*, staging: bool) -> TrustedRoot:
    """The public-good trust root shipped inside the installed sigstore-python wheel.

    Read from the package data directly: `ClientTrustConfig.production(offline=True)` would
    prefer an unverified copy in the user's cache directory, and write one there first.
    """
    url = STAGING_TUF_URL if staging else PRODUCTION_TUF_URL
    try:
        resource = resources.files("sigstore._store").joinpath(quote(url, safe=""),
                                                                "trusted_root.json")
        with resources.as_file(resource) as path:
            return TrustedRoot.from_file(str(path))
    except (ModuleNotFoundError, OSError) as exc:
        raise ConfigError(
            "the Sigstore trust root shipped with sigstore-python was not found",
            fix="Give a trusted_root.json file (--trusted-root).",
        ) from exc
    except Exception as exc:  # a damaged installation; sigstore's parsers raise many kinds
        raise ConfigError("the Sigstore trust root shipped with sigstore-python is "
                          f"unreadable: {first_line(exc)}") from exc

