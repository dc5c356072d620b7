"""The `margo-ssdf` command: parse, call the library, render, map errors to exit codes.

This module holds the group and `main`; each family of commands lives in its own module.
"""

from __future__ import annotations

import importlib
import logging
import signal
import sys
from collections.abc import Sequence
from types import FrameType

import click

from margo_ssdf import __version__
from margo_ssdf.errors import ExitCode, MargoError

log = logging.getLogger("margo_ssdf")

_verbose = False


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; unwinds like KeyboardInterrupt so outputs are cleaned up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


COMMANDS = {
    "verify": "pipeline:verify", "run": "pipeline:run", "attest": "pipeline:attest",
    "practices": "listings:practices", "checks": "listings:list_checks",
    "triage": "triage:triage_command", "sbom": "sbom:sbom_command",
    "aggregate": "aggregate:aggregate_command", "audit": "verification:audit_command",
    "verify-bundle": "verification:verify_bundle_command",
    "report": "verification:report_command", "keygen": "keys:keygen",
    "audit-sbom": "db:audit_sbom", "db": "db:db_group",
    "verify-provenance": "provenance:verify_provenance_command",
    "init": "init:init_command", "hook": "hooks:hook_group",
    "publish": "oci:publish_command", "fetch": "oci:fetch_command",
    "board": "board:board_command",
}
"""Each command and where it lives (`module:attribute` in margo_ssdf.cli): a command imports
its module when it runs, so `sbom` does not pay for the signing and report modules."""


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, _, attr = COMMANDS[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(f"{__name__}.{module}"), attr),
                             cmd_name)
        return self.commands.get(cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="margo-ssdf")
@click.option("-v", "--verbose", is_flag=True, help="Debug logs, and tracebacks on errors.")
def cli(verbose: bool) -> None:
    """Evidence for the NIST SSDF (SP 800-218 v1.1) from one release of a project."""
    global _verbose
    _verbose = verbose
    # -v is for our debug lines; libraries (sigstore, urllib3, git ...) stay at warnings.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    logging.getLogger("margo_ssdf").setLevel(logging.DEBUG if verbose else logging.WARNING)




def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (callable from tests)."""
    previous = signal.signal(signal.SIGTERM, _on_signal)
    try:
        rv = cli.main(args=list(argv) if argv is not None else None, prog_name="margo-ssdf",
                      standalone_mode=False)
        return int(rv) if isinstance(rv, int) else 0
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return ExitCode.USAGE
    except MargoError as exc:
        if _verbose:
            log.exception("details")
        click.echo(f"margo-ssdf: error: {exc.diagnostics()}", err=True)
        return exc.exit_code
    except (KeyboardInterrupt, click.exceptions.Abort, Interrupted) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        click.echo("margo-ssdf: interrupted; no partial output was kept.", err=True)
        return 128 + signum
    except Exception as exc:
        if _verbose:
            raise
        click.echo(f"margo-ssdf: internal error: {type(exc).__name__}: {exc}. "
                   "Run again with -v for the traceback and report it.", err=True)
        return ExitCode.CHECK_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)
