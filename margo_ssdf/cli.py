"""The `margo-ssdf` command: parse, call the library, render, map errors to exit codes."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click
from rich.console import Console

from margo_ssdf import __version__, catalog, triage
from margo_ssdf.attest.signers import SignMode
from margo_ssdf.checks import registry
from margo_ssdf.checks.sast import SastCheck
from margo_ssdf.errors import ExitCode, MargoError, OutputError, UsageError
from margo_ssdf.flow import (
    RunRequest,
    execute,
    exit_code,
    prepare,
    staged_output,
    write_summary,
)
from margo_ssdf.policy import load_configuration
from margo_ssdf.report import terminal
from margo_ssdf.report.progress import LiveProgress, PlainProgress
from margo_ssdf.scheduler import Progress

log = logging.getLogger("margo_ssdf")
F = TypeVar("F", bound=Callable[..., Any])

_verbose = False


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; unwinds like KeyboardInterrupt so outputs are cleaned up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def _out_console() -> Console:
    # Results go to stdout; in a log (not a terminal) no colour codes and a readable width.
    tty = sys.stdout.isatty()
    return Console(file=sys.stdout, no_color=not tty, width=None if tty else 160,
                   highlight=False, soft_wrap=False)


def _err_console() -> Console:
    return Console(file=sys.stderr, highlight=False)


def _progress(fmt: str) -> contextlib.AbstractContextManager[Progress]:
    err = _err_console()
    if err.is_terminal and not os.environ.get("CI") and fmt == "text":
        return LiveProgress(err)
    return contextlib.nullcontext(PlainProgress())


def _project_options(f: F) -> F:
    for decorator in reversed([
        click.argument("path", type=click.Path(path_type=Path), default=Path()),
        click.option("--policy", "policy_path", type=click.Path(path_type=Path),
                     help="Policy file to use instead of the bundled default."),
        click.option("--config", "config_path", type=click.Path(path_type=Path),
                     help="Configuration file (default: PATH/.margo-ssdf.yaml or "
                          "PATH/pyproject.toml [tool.margo-ssdf])."),
    ]):
        f = decorator(f)
    return f


def _run_options(f: F) -> F:
    for decorator in reversed([
        click.option("--check", "select", multiple=True, metavar="ID",
                     help="Run only this check (repeatable)."),
        click.option("--skip", multiple=True, metavar="ID", help="Do not run this check."),
        click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                     show_default=True, help="Output format on stdout."),
        click.option("--no-cache", is_flag=True, help="Run every check; reuse nothing."),
        click.option("--cache-dir", type=click.Path(path_type=Path),
                     help="Cache directory (default: $MARGO_SSDF_CACHE_DIR or the user cache)."),
        click.option("--jobs", "-j", type=click.IntRange(1, 64),
                     help="Checks to run at once (default: all of them)."),
        click.option("--framework", type=click.Choice(["ssdf", "iec62443-4-1", "cra"]),
                     default="ssdf", show_default=True,
                     help="Show the matrix of this framework (derived from the SSDF tasks)."),
        click.option("--test-report", "test_reports", multiple=True,
                     type=click.Path(path_type=Path),
                     help="JUnit XML report of this release's tests (repeatable; inside PATH)."),
    ]):
        f = decorator(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="margo-ssdf")
@click.option("-v", "--verbose", is_flag=True, help="Debug logs, and tracebacks on errors.")
def cli(verbose: bool) -> None:
    """Evidence for the NIST SSDF (SP 800-218 v1.1) from one release of a project."""
    global _verbose
    _verbose = verbose
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _pipeline(path: Path, policy_path: Path | None, config_path: Path | None,
              select: Sequence[str], skip: Sequence[str], fmt: str, no_cache: bool,
              cache_dir: Path | None, jobs: int | None, test_reports: Sequence[Path],
              framework: str, out: Path | None) -> int:
    request = RunRequest(root=path, policy_path=policy_path, config_path=config_path,
                         select=tuple(select), skip=tuple(skip), use_cache=not no_cache,
                         cache_dir=cache_dir, jobs=jobs, test_reports=tuple(test_reports))
    prepared = prepare(request)  # configuration errors surface before any work or output
    if out is not None:
        outputs: contextlib.AbstractContextManager[Path] = staged_output(out)
    else:
        outputs = tempfile.TemporaryDirectory(prefix="margo-ssdf-")  # type: ignore[assignment]
    with outputs as evidence_dir, _progress(fmt) as progress:
        summary = execute(request, Path(evidence_dir), progress, prepared)
        if out is not None:
            write_summary(summary, Path(evidence_dir))
    if fmt == "json":
        click.echo(summary.model_dump_json(indent=2))
    else:
        terminal.render_summary(_out_console(), summary, framework)
        if out is not None:
            click.echo(f"Evidence written to {out}", err=True)
    return exit_code(summary)


@cli.command()
@_project_options
@_run_options
def verify(**kwargs: Any) -> int:
    """Run every check of the policy on PATH and print the SSDF matrix.

    Exit 0 compliant, 1 not compliant, 2 usage or configuration error, 3 a required check
    could not run.
    """
    return _pipeline(out=None, **kwargs)


@cli.command()
@_project_options
@_run_options
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Directory for summary.json, every result.json and every evidence file "
                   "(replaced whole, atomically).")
def run(out: Path, **kwargs: Any) -> int:
    """Like verify, and write every result and evidence file into --out."""
    return _pipeline(out=out, **kwargs)


@cli.command()
@_project_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--framework", type=click.Choice(["ssdf", "iec62443-4-1", "cra"]),
              default="ssdf", show_default=True,
              help="List this framework's requirements and the SSDF tasks each maps to.")
def practices(path: Path, policy_path: Path | None, config_path: Path | None, fmt: str,
              framework: str) -> int:
    """List the 19 practices and 42 tasks of SSDF v1.1 and how the policy evidences each."""
    from margo_ssdf.discovery import require_directory

    if framework != "ssdf":
        return _framework_practices(framework, fmt)
    require_directory(path)
    policy = load_configuration(path, checks=registry(), policy_path=policy_path,
                                config_path=config_path).policy
    if fmt == "json":
        cat = catalog.ssdf()
        rows = []
        for task in cat.tasks.values():
            rule = policy.tasks[task.id]
            practice = cat.practices[task.practice_id]
            group = next(g for g in cat.groups if g.id == task.group_id)
            rows.append({
                "id": task.id, "title": task.title,
                "practice": {"id": practice.id, "title": practice.title},
                "group": {"id": group.id, "title": group.title},
                "required": rule.required, "checks": list(rule.checks),
                "declared": rule.declared, "not_applicable": rule.not_applicable,
            })
        click.echo(json.dumps({"framework": "ssdf", "version": cat.version,
                               "policy": {"name": policy.name, "sha256": policy.sha256},
                               "tasks": rows}, indent=2))
    else:
        _out_console().print(terminal.practices_table(policy))
    return 0


def _framework_practices(name: str, fmt: str) -> int:
    from margo_ssdf import frameworks

    if fmt == "text":
        _out_console().print(terminal.framework_practices(name))
        return 0
    catalog, walk = frameworks.framework_catalog(name), frameworks.crosswalk(name)
    rows = [{"id": r.id, "title": r.title, "group": r.group_id,
             "tasks": list(walk.entries[r.id].tasks),
             "sources": sorted({p.citation for p in walk.entries[r.id].pairings}),
             "outside_pipeline": walk.entries[r.id].outside_pipeline}
            for r in catalog.requirements.values()]
    click.echo(json.dumps({"framework": name, "version": catalog.version,
                           "requirements": rows}, indent=2))
    return 0


@cli.command("checks")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def list_checks(fmt: str) -> int:
    """List the installed checks, their SSDF tasks, tools and thresholds."""
    checks = list(registry().values())
    if fmt == "json":
        click.echo(json.dumps([
            {"id": c.id, "title": c.title, "tasks": list(c.tasks), "tool": c.tool,
             "tool_version": c.tool_version(), "thresholds": dict(c.thresholds),
             "options": dict(c.options), "remediation": c.remediation}
            for c in checks], indent=2))
    else:
        _out_console().print(terminal.checks_table(checks))
    return 0


@cli.command("triage")
@_project_options
@click.option("--add", "fingerprint", metavar="FINGERPRINT",
              help="Record a decision for the finding with this fingerprint.")
@click.option("--decision", type=click.Choice([d.value for d in triage.Decision]),
              help="With --add: false_positive or accepted_risk.")
@click.option("--justification", help="With --add: why (required).")
@click.option("--who", default=lambda: os.environ.get("USER", ""), show_default="$USER",
              help="With --add: who decided.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def triage_command(path: Path, policy_path: Path | None, config_path: Path | None,
                   fingerprint: str | None, decision: str | None, justification: str | None,
                   who: str, fmt: str) -> int:
    """List open static-analysis findings, or record a triage decision with --add."""
    request = RunRequest(root=path, policy_path=policy_path, config_path=config_path,
                         select=tuple(c for c, chk in registry().items()
                                      if isinstance(chk, SastCheck)))
    prepared = prepare(request)
    with tempfile.TemporaryDirectory(prefix="margo-ssdf-") as tmp, _progress(fmt) as progress:
        summary = execute(request, Path(tmp), progress, prepared)
        failed = [r for r in summary.results if r.outcome.value == "error"]
        results = triage.findings_of(summary, Path(tmp))
    for r in failed:
        click.echo(f"margo-ssdf: warning: {r.check_id} could not run: {r.reason}", err=True)
    if fingerprint:
        match = next((r for r in results if r.fingerprint == fingerprint), None)
        if match is None:
            raise UsageError(f"no current finding has the fingerprint '{fingerprint}'.",
                             fix="Run `margo-ssdf triage` to list the open findings.")
        if not decision or not (justification or "").strip():
            raise UsageError("--add needs --decision and a non-empty --justification.")
        written = triage.add(prepared[0].root, triage.TriageEntry(
            fingerprint=fingerprint, rule=match.rule_id, path=match.path,
            decision=triage.Decision(decision), justification=justification or "", who=who,
            when=datetime.now(UTC).date()))
        click.echo(f"Recorded {decision} for {match.rule_id} at {match.path}:{match.line} "
                   f"in {written}.", err=True)
        return 0
    open_results = [r for r in results if not r.suppressed]
    if fmt == "json":
        click.echo(json.dumps([r.__dict__ for r in open_results], indent=2))
    else:
        _out_console().print(terminal.findings_table(open_results))
    return 0 if not failed else ExitCode.CHECK_ERROR


@cli.command("sbom")
@click.argument("path", type=click.Path(path_type=Path), default=Path())
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="File to write (replaced atomically).")
@click.option("--format", "fmt", type=click.Choice(["json", "xml"]), default="json",
              show_default=True, help="CycloneDX 1.6 JSON or XML.")
@click.option("--artifact", "artifacts", multiple=True, type=click.Path(path_type=Path),
              help="A release file (binary, tarball, wheel) to list with its sha256.")
@click.option("--image", "images", multiple=True, metavar="NAME@sha256:HEX",
              help="A container image of the release, by digest.")
@click.option("--environment", "use_environment", is_flag=True,
              help="Also list the Python distributions installed in this environment.")
@click.option("--include-dev", is_flag=True, help="Keep dev-only dependencies of lockfiles.")
def sbom_command(path: Path, output: Path, fmt: str, artifacts: tuple[Path, ...],
                 images: tuple[str, ...], use_environment: bool, include_dev: bool) -> int:
    """Write a CycloneDX 1.6 SBOM of the release at PATH and print its NTIA score."""
    from margo_ssdf.discovery import discover
    from margo_ssdf.files import write_atomic
    from margo_ssdf.sbom.generate import generate

    generated = generate(discover(path), artifacts=artifacts, images=images,
                         use_environment=use_environment, include_dev=include_dev, fmt=fmt)
    try:
        write_atomic(output, generated.text.encode())
    except OSError as exc:
        raise OutputError(f"{output}: cannot be written: {exc.strerror}.") from exc
    for problem in generated.inventory.problems:
        click.echo(f"margo-ssdf: warning: {problem}", err=True)
    cov = generated.score.coverage
    click.echo(f"Wrote {output}: {generated.score.components} components; NTIA "
               + ", ".join(f"{k} {v:.0%}" for k, v in cov.items()), err=True)
    return 0


@cli.command()
@_project_options
@_run_options
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Directory for the evidence, statements and signed attestation "
                   "(replaced whole, atomically).")
@click.option("--artifact", "artifacts", multiple=True, metavar="FILE|GLOB",
              help="A release file to attest (repeatable; globs allowed).")
@click.option("--subject", "named", multiple=True, metavar="NAME@sha256:HEX",
              help="A container image (or other subject) by digest (repeatable).")
@click.option("--sign", type=click.Choice([m.value for m in SignMode]), default="none",
              show_default=True, help="Keyless Sigstore (CI), a local key, or unsigned.")
@click.option("--key", type=click.Path(path_type=Path),
              help="With --sign key: the PEM private key (password from "
                   "$MARGO_SSDF_KEY_PASSWORD).")
@click.option("--identity-token", envvar="MARGO_SSDF_IDENTITY_TOKEN", show_envvar=True,
              help="With --sign sigstore: an OIDC token (default: ambient CI credentials).")
@click.option("--staging", is_flag=True, help="With --sign sigstore: Sigstore's staging.")
@click.option("--from", "from_dir", type=click.Path(path_type=Path),
              help="Attest a finished `run --out` directory instead of running the checks.")
def attest(out: Path, artifacts: tuple[str, ...], named: tuple[str, ...], sign: str,
           key: Path | None, identity_token: str | None, staging: bool,
           from_dir: Path | None, **kwargs: Any) -> int:
    """Run the checks and write the release's statements and signed attestation."""
    from margo_ssdf.attest.release import attest as make

    fmt = kwargs.pop("fmt")
    framework = kwargs.pop("framework")
    request = RunRequest(root=kwargs["path"], policy_path=kwargs["policy_path"],
                         config_path=kwargs["config_path"], select=kwargs["select"],
                         skip=kwargs["skip"], use_cache=not kwargs["no_cache"],
                         cache_dir=kwargs["cache_dir"], jobs=kwargs["jobs"],
                         test_reports=kwargs["test_reports"])
    with _progress(fmt) as progress:
        done = make(request, out, artifacts=artifacts, named=named, sign=SignMode(sign), key=key,
                    identity_token=identity_token, staging=staging, from_dir=from_dir,
                    progress=progress)
    if fmt == "json":
        click.echo(done.summary.model_dump_json(indent=2))
    else:
        terminal.render_summary(_out_console(), done.summary, framework)
    click.echo(f"Statements: {done.statements}", err=True)
    click.echo(f"Attestation: {done.signed or 'not signed (--sign none)'}", err=True)
    return exit_code(done.summary)


@cli.command("aggregate")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--project", "root", type=click.Path(path_type=Path), default=Path(),
              show_default=True, help="The project the runs checked (for declared documents).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Directory for the merged run (replaced whole, atomically).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def aggregate_command(dirs: tuple[Path, ...], root: Path, out: Path, fmt: str) -> int:
    """Merge the `run --check ID --out DIR` directories of a CI matrix into one run."""
    from margo_ssdf.aggregate import aggregate

    summary = aggregate(dirs, root, out)
    if fmt == "json":
        click.echo(summary.model_dump_json(indent=2))
    else:
        terminal.render_summary(_out_console(), summary)
    return exit_code(summary)


def _trust_options(f: F) -> F:
    for decorator in reversed([
        click.option("--key", type=click.Path(path_type=Path),
                     help="Public key (PEM) that must have signed a key-signed attestation."),
        click.option("--identity", help="Sigstore: the signer identity that must have signed."),
        click.option("--issuer", help="Sigstore: the OIDC issuer of that identity."),
        click.option("--staging", is_flag=True, help="Sigstore: trust the staging instance."),
        click.option("--trusted-root", type=click.Path(path_type=Path),
                     help="Sigstore: a trusted_root.json to use instead of the bundled one."),
    ]):
        f = decorator(f)
    return f


@cli.command("audit")
@click.argument("attestation", type=click.Path(path_type=Path))
@_trust_options
@click.option("--artifact", "artifacts", multiple=True, type=click.Path(path_type=Path),
              help="A file that must be one of the attested subjects (repeatable).")
@click.option("--evidence-dir", type=click.Path(path_type=Path),
              help="The release's evidence directory: every file's digest is checked.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def audit_command(attestation: Path, key: Path | None, identity: str | None,
                  issuer: str | None, staging: bool, trusted_root: Path | None,
                  artifacts: tuple[Path, ...], evidence_dir: Path | None, fmt: str) -> int:
    """Verify a release attestation offline and recompute its verdict.

    Exit 0 only when the signature, the statement, every given artifact and evidence file and
    the recomputed verdict all hold; 1 otherwise.
    """
    from margo_ssdf.attest.audit import audit

    result = audit(attestation, key=key, identity=identity, issuer=issuer, staging=staging,
                   trusted_root=trusted_root, artifacts=artifacts, evidence_dir=evidence_dir)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=2))
    else:
        _out_console().print(terminal.audit_view(result))
    return ExitCode.COMPLIANT if result.ok else ExitCode.NOT_COMPLIANT


@cli.command("verify-bundle")
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option("--artifact", type=click.Path(path_type=Path), required=True,
              help="The file the bundle signs.")
@_trust_options
def verify_bundle_command(bundle: Path, artifact: Path, key: Path | None,
                          identity: str | None, issuer: str | None, staging: bool,
                          trusted_root: Path | None) -> int:
    """Verify any Sigstore bundle over an artifact, offline. Exit 0 only when it holds."""
    from margo_ssdf.attest.errors import AttestationError

    if key is not None:
        raise UsageError("--key verifies key-signed DSSE attestations: use `margo-ssdf audit`.")
    from margo_ssdf.attest.sigstore_verify import verify_bundle

    try:
        verified = verify_bundle(bundle, artifact, identity=identity, issuer=issuer,
                                 trusted_root=trusted_root, staging=staging)
    except AttestationError as exc:
        click.echo(f"NOT VERIFIED: {exc.diagnostics()}")
        return ExitCode.NOT_COMPLIANT
    click.echo(f"VERIFIED: {artifact.name} (sha256 {verified.artifact_sha256}) signed by "
               f"{verified.identity} (issuer {verified.issuer}), trust root "
               f"{verified.trust_root}, log index {verified.log_index}")
    return ExitCode.COMPLIANT


@cli.command()
@click.option("--kind", type=click.Choice(["ecdsa-p256", "ed25519"]), default="ecdsa-p256",
              show_default=True)
@click.option("--out", "prefix", type=click.Path(path_type=Path), required=True,
              help="Writes PREFIX.key (0600) and PREFIX.pub; refuses to overwrite.")
def keygen(kind: str, prefix: Path) -> int:
    """Create a signing key pair (password from $MARGO_SSDF_KEY_PASSWORD, if set)."""
    from margo_ssdf.attest.keys import PASSWORD_ENV, KeyKind, generate

    password = os.environ.get(PASSWORD_ENV)
    kind_name: KeyKind = "ed25519" if kind == "ed25519" else "ecdsa-p256"
    key_id = generate(kind_name, prefix.with_suffix(".key"), prefix.with_suffix(".pub"),
                      password.encode() if password else None)
    click.echo(f"Wrote {prefix.with_suffix('.key')} and {prefix.with_suffix('.pub')} "
               f"(keyid {key_id}){'' if password else '; the private key is not encrypted'}.",
               err=True)
    return 0


_db_option = click.option(
    "--db", "db_path", type=click.Path(path_type=Path),
    help="Database file (default: $MARGO_SSDF_DB, else the user cache directory).")


@cli.command("audit-sbom")
@click.argument("bom", type=click.Path(path_type=Path))
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def audit_sbom(bom: Path, db_path: Path | None, fmt: str) -> int:
    """Re-scan a released CycloneDX SBOM against today's vulnerability database.

    Exit 0 when no component has a known vulnerability, 1 when some do.
    """
    from margo_ssdf.sbom.rescan import read_sbom
    from margo_ssdf.vulndb import OsvStore, scan

    deps, directives = read_sbom(bom)
    with OsvStore(db_path, create=False) as store:
        report = scan.audit_dependencies(deps, store, go_directives=directives)
    if fmt == "json":
        click.echo(report.model_dump_json(indent=2))
    else:
        _out_console().print(terminal.vulnerabilities_table(report))
    return ExitCode.NOT_COMPLIANT if report.findings else ExitCode.COMPLIANT


@cli.group("db")
def db_group() -> None:
    """The offline OSV vulnerability database."""


@db_group.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option
def db_import(sources: tuple[Path, ...], db_path: Path | None) -> int:
    """Import OSV advisories (JSON or YAML; directories or zips) into the local database.

    Re-importing is incremental: unchanged advisories are skipped, newer ones replace older.
    """
    from margo_ssdf.vulndb import OsvStore

    with OsvStore(db_path) as store:
        for source in sources:
            report = store.import_source(source)
            click.echo(f"{source}: {report.files} files in {report.seconds:.1f}s: "
                       f"{report.added} added, {report.updated} updated, "
                       f"{report.unchanged} unchanged, {report.stale} older than stored, "
                       f"{report.rejected} rejected", err=True)
            for problem in report.problems[:20]:
                click.echo(f"  rejected {problem.file}: {problem.reason}", err=True)
            if report.rejected > 20:
                click.echo(f"  ... and {report.rejected - 20} more", err=True)
        click.echo(f"Database: {store.path}", err=True)
    return 0


@db_group.command("status")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def db_status(db_path: Path | None, fmt: str) -> int:
    """Advisories per ecosystem, the newest dates, and every import (when, from what)."""
    import dataclasses

    from margo_ssdf.vulndb import OsvStore

    with OsvStore(db_path, create=False) as store:
        status = store.status()
    if fmt == "json":
        click.echo(json.dumps(dataclasses.asdict(status), indent=2))
        return 0
    _out_console().print(terminal.db_status_table(status))
    return 0


def _register_report() -> None:
    from margo_ssdf.report.command import report_command

    cli.add_command(report_command)


_register_report()


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
