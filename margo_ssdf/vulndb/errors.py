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
            message,
            fix=(
                f"Import OSV advisories first: `{_IMPORT_COMMAND}` (a directory or zip of OSV "
                f"JSON or YAML files); use --db or {DB_ENV} to choose the database file."
            ),
        )
