"""One error family for the whole package.

Every error a user can cause carries a one-paragraph explanation (`diagnostics()`) that names
the file, the field and the fix. The CLI catches `MargoError` once, prints the diagnostics and
maps the error to an exit code; a traceback is shown only with `-v`.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The documented exit codes of every command."""

    COMPLIANT = 0
    NOT_COMPLIANT = 1
    USAGE = 2
    CHECK_ERROR = 3
    VERIFIED_NOT_COMPLIANT = 4
    """`audit`: everything verified, but the recomputed verdict is not compliant or incomplete."""


class MargoError(Exception):
    """Base class of every error margo-ssdf reports to a user."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def diagnostics(self) -> str:
        """The paragraph shown to the user: what went wrong and what to do next."""
        if self.fix:
            return f"{self.message} {self.fix}"
        return self.message

    def __str__(self) -> str:
        return self.diagnostics()


class ConfigError(MargoError):
    """A policy or configuration file is invalid."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        key: str | None = None,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        where = ""
        if file:
            where = file + (f":{line}" if line else "")
            if key:
                where += f" (key '{key}')"
            where += ": "
        elif key:
            where = f"key '{key}': "
        super().__init__(where + message, fix=fix)
        self.file = file
        self.key = key
        self.line = line


class UsageError(MargoError):
    """The command line asks for something that cannot be done."""


class OutputError(MargoError):
    """An output location cannot be written."""


class ToolError(MargoError):
    """An external tool is missing, crashed, hung or printed something unreadable."""

    exit_code = ExitCode.CHECK_ERROR

    def __init__(self, message: str, *, stderr: str = "", fix: str | None = None) -> None:
        super().__init__(message, fix=fix)
        self.stderr = stderr
