"""What the commands share: option groups declared once, the consoles, progress display and
the run request built from the run options."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click
from rich.console import Console

from margo_ssdf.attest.audit_policy import PolicyPin
from margo_ssdf.errors import UsageError
from margo_ssdf.flow import RunRequest
from margo_ssdf.report.progress import LiveProgress, PlainProgress
from margo_ssdf.scheduler import Progress

F = TypeVar("F", bound=Callable[..., Any])


def colour_wanted(stream: TextIO) -> bool:
    """Colour on this stream: never with NO_COLOR (no-color.org), always with FORCE_COLOR,
    else only on a terminal. Non-empty values count, as both conventions say."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()


def _console(stream: TextIO, **kwargs: Any) -> Console:
    # rich's own detection is overridden either way, so decide here for both streams; a
    # forced colour on a pipe needs force_terminal, since rich colours terminals only.
    colour = colour_wanted(stream)
    return Console(file=stream, no_color=not colour, force_terminal=colour,
                   highlight=False, **kwargs)


def out_console() -> Console:
    """The console for results on stdout."""
    # In a log (not a terminal): a readable width.
    return _console(sys.stdout, width=None if sys.stdout.isatty() else 160, soft_wrap=False)


def err_console() -> Console:
    """The console for diagnostics and progress on stderr."""
    return _console(sys.stderr)


def interactive_stderr() -> bool:
    """A person watches stderr: live displays are wanted (a forced colour is not a terminal)."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def progress_display(fmt: str) -> contextlib.AbstractContextManager[Progress]:
    """Live progress on an interactive terminal with text output, plain lines otherwise."""
    if interactive_stderr() and fmt == "text":
        return LiveProgress(err_console())
    return contextlib.nullcontext(PlainProgress())


def _apply(f: F, decorators: Sequence[Callable[[F], F]]) -> F:
    # Applied bottom-up so the options appear in --help in the order listed.
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


def project_options(f: F) -> F:
    """PATH, --policy and --config: which project and which rules."""
    return _apply(f, [
        click.argument("path", type=click.Path(path_type=Path), default=Path()),
        click.option("--policy", "policy_path", type=click.Path(path_type=Path),
                     help="Policy file to use instead of the bundled default."),
        click.option("--config", "config_path", type=click.Path(path_type=Path),
                     help="Configuration file (default: PATH/.margo-ssdf.yaml or "
                          "PATH/pyproject.toml [tool.margo-ssdf])."),
    ])


def run_options(f: F) -> F:
    """The options of a pipeline run: checks, output format, cache, jobs, framework, tests."""
    return _apply(f, [
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
    ])


def artifact_option(f: F) -> F:
    """--artifact FILE|GLOB: the release's files, whose Go binaries the checks audit."""
    return click.option(
        "--artifact", "artifacts", multiple=True, metavar="FILE|GLOB",
        help="A release file (repeatable; globs allowed): Go binaries, and the binaries in "
             ".tar.gz/.zip archives, are audited by their build info (modules, the Go "
             "release that built them) and listed in the SBOM.")(f)


def run_request(*, path: Path, policy_path: Path | None, config_path: Path | None,
                select: Sequence[str], skip: Sequence[str], no_cache: bool,
                cache_dir: Path | None, jobs: int | None,
                test_reports: Sequence[Path], artifacts: Sequence[str] = ()) -> RunRequest:
    """The RunRequest that the project and run options (less --format, --framework) ask for."""
    from margo_ssdf.flow import expand_artifacts

    return RunRequest(root=path, policy_path=policy_path, config_path=config_path,
                      select=tuple(select), skip=tuple(skip), use_cache=not no_cache,
                      cache_dir=cache_dir, jobs=jobs, test_reports=tuple(test_reports),
                      artifacts=expand_artifacts(artifacts))


def trust_options(f: F) -> F:
    """Who must have signed: a public key, or a Sigstore identity and its certificate pins.

    The options arrive under `SignerPolicy.from_options`'s names, so a command passes them on
    whole.
    """
    return _apply(f, [
        click.option("--key", type=click.Path(path_type=Path),
                     help="Public key (PEM) that must have signed a key-signed attestation."),
        click.option("--identity", help="Sigstore: the signer identity that must have signed."),
        click.option("--issuer", help="Sigstore: the OIDC issuer of that identity."),
        click.option("--repository", "source_repository", metavar="OWNER/NAME|URL",
                     help="Sigstore: the source repository the certificate must name "
                          "(OWNER/NAME means https://github.com/OWNER/NAME). Pin it when the "
                          "identity is a reusable workflow that any repository can call."),
        click.option("--ref", "source_ref", metavar="REF",
                     help="Sigstore: the source ref the certificate must name, e.g. "
                          "refs/tags/v1.2.3."),
        click.option("--trigger", "build_trigger", metavar="EVENT",
                     help="Sigstore: the event that must have started the run, e.g. release."),
        click.option("--workflow", metavar="PATH|URI",
                     help="Sigstore: the workflow that must have signed (build signer URI, "
                          "with or without @ref, or its path such as "
                          ".github/workflows/release.yml)."),
        click.option("--staging", is_flag=True, help="Sigstore: trust the staging instance."),
        click.option("--trusted-root", type=click.Path(path_type=Path),
                     help="Sigstore: a trusted_root.json to use instead of the bundled one."),
    ])


# sigstore-conformance's spellings of --identity and --issuer (its CLI protocol).
_CONFORMANCE_ALIASES = {"certificate_identity": "identity",
                        "certificate_oidc_issuer": "issuer"}


def conformance_aliases(f: F) -> F:
    """--certificate-identity and --certificate-oidc-issuer, hidden: the spellings the
    sigstore-conformance suite (and cosign) use for --identity and --issuer."""
    return _apply(f, [
        click.option("--certificate-identity", "certificate_identity", hidden=True),
        click.option("--certificate-oidc-issuer", "certificate_oidc_issuer", hidden=True),
    ])


def merge_conformance_aliases(trust: dict[str, Any]) -> dict[str, Any]:
    """The trust options with each alias folded into its option; UsageError when an alias and
    its option disagree."""
    merged = dict(trust)
    for alias, name in _CONFORMANCE_ALIASES.items():
        value = merged.pop(alias, None)
        if value is None:
            continue
        if merged.get(name) not in (None, value):
            raise UsageError(f"--{name} and --{alias.replace('_', '-')} differ.",
                             fix=f"Give the {name} once.")
        merged[name] = value
    return merged


def policy_pin_options(f: F) -> F:
    """--policy and --policy-digest: the policy the auditor brings."""
    return _apply(f, [
        click.option("--policy", "policy_path", type=click.Path(path_type=Path),
                     metavar="FILE",
                     help="Your own policy file: every task and the verdict are recomputed "
                          "with it from the recorded results, and each way the recorded "
                          "policy differs is listed. Without this or --policy-digest the "
                          "verdict is the producer's own."),
        click.option("--policy-digest", metavar="sha256:HEX",
                     help="Refuse the release unless its recorded policy has exactly this "
                          "digest."),
    ])


def policy_pin(policy_path: Path | None, policy_digest: str | None) -> PolicyPin:
    """What --policy and --policy-digest pin; the bundled default to compare with otherwise.

    The auditor's policy file is read and validated like a producer's (ConfigError naming
    the file, line and key); a digest that is not sha256:HEX is a UsageError.
    """
    from margo_ssdf.attest.audit_policy import parse_digest
    from margo_ssdf.checks import registry
    from margo_ssdf.errors import ConfigError
    from margo_ssdf.policy import load_policy_file
    from margo_ssdf.resources import rules_dir

    checks = registry()
    digest = parse_digest(policy_digest) if policy_digest is not None else None
    if policy_path is None:
        default = load_policy_file(rules_dir() / "policy" / "default.yaml",
                                   "bundled default policy", checks=checks)
        return PolicyPin(digest=digest, default=default, checks=checks)
    if not policy_path.is_file():
        raise ConfigError("no such policy file.", file=str(policy_path),
                          fix="Give the path of your own policy file to --policy.")
    mine = load_policy_file(policy_path, checks=checks)
    return PolicyPin(policy=mine, source=str(policy_path), digest=digest, checks=checks)


db_option = click.option(
    "--db", "db_path", type=click.Path(path_type=Path),
    help="Database file (default: $MARGO_SSDF_DB, else the user cache directory).")

format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
"""--format text|json without help text, as most listing commands take it."""


def result_format_option(name: str = "--format", dest: str = "fmt") -> Callable[[F], F]:
    """text|json for a command whose text result is a summary on stderr: json prints one
    object on stdout as well (its keys are listed in the command's help). `name` differs
    where --format already chooses the file written."""
    return click.option(
        name, dest, type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="text: a summary on stderr; json: also one JSON object on stdout (keys listed above).")


def echo_json(doc: object) -> None:
    """One JSON object on stdout: dataclasses as their fields, paths as strings."""
    if dataclasses.is_dataclass(doc) and not isinstance(doc, type):
        doc = dataclasses.asdict(doc)
    click.echo(json.dumps(doc, indent=2, default=str))
