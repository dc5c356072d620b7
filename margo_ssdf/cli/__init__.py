"""The `margo-ssdf` command: parse, call the library, render, map errors to exit codes.

This module holds the group and `main`; each family of commands lives in its own module.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Sequence
from types import FrameType

import click

from margo_ssdf import __version__
from margo_ssdf.cli.aggregate import aggregate_command
from margo_ssdf.cli.board import board_command
from margo_ssdf.cli.db import audit_sbom, db_group
from margo_ssdf.cli.hooks import hook_group
from margo_ssdf.cli.init import init_command
from margo_ssdf.cli.keys import keygen
from margo_ssdf.cli.listings import list_checks, practices
from margo_ssdf.cli.oci import fetch_command, publish_command
from margo_ssdf.cli.pipeline import attest, run, verify
from margo_ssdf.cli.provenance import verify_provenance_command
from margo_ssdf.cli.sbom import sbom_command
from margo_ssdf.cli.triage import triage_command
from margo_ssdf.cli.verification import audit_command, report_command, verify_bundle_command
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


for _command in (
    verify, run, practices, list_checks, triage_command, sbom_command, attest, aggregate_command,
    audit_command, verify_bundle_command, keygen, audit_sbom, db_group, report_command,
    verify_provenance_command,
    init_command,
    publish_command,
    fetch_command,
    board_command,
    hook_group,
):
    cli.add_command(_command)


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
