"""What goes wrong with the vulnerability database or an advisory source, and the fix named."""

from __future__ import annotations

from margo_ssdf.errors import ExitCode, MargoError

DB_ENV = "MARGO_SSDF_DB"
"""Environment variable that moves the default database."""

_IMPORT_COMMAND = "margo-ssdf db import PATH"


class StoreError(MargoError):
    """The vulnerability database or an import source cannot be used."""


class NoDatabaseError(StoreError):
    """No advisories have been imported, so nothing can be concluded about vulnerabilities."""

    exit_code = ExitCode.CHECK_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(
            message + " No vulnerability data is present, so no dependency can be audited.",
            fix=(
                "Get the data first: online, `margo-ssdf db update` downloads the OSV exports "
                "(PyPI and Go); offline, `" + _IMPORT_COMMAND + "` imports an OSV export "
                "copied from another machine (a directory or zip of OSV JSON or YAML files, "
                "such as https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip). "
                f"--db or {DB_ENV} chooses the database file."
            ),
        )
