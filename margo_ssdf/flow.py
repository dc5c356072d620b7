"""The library entry point: discover, configure, run the checks, evaluate, and write outputs."""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from margo_ssdf import __version__, configuration, sarif
from margo_ssdf import checks as check_registry
from margo_ssdf.cache import ResultCache, default_cache_dir
from margo_ssdf.checks import Check
from margo_ssdf.clock import now
from margo_ssdf.discovery import Project, discover, require_directory
from margo_ssdf.discovery.identity import project_name
from margo_ssdf.errors import ExitCode, OutputError, UsageError
from margo_ssdf.evaluate import evaluate, read_declarations
from margo_ssdf.files import open_regular, write_atomic
from margo_ssdf.models import CheckResult, Evidence, Generator, RunSummary, Verdict
from margo_ssdf.policy import Configuration, load_configuration
from margo_ssdf.scheduler import Progress, run_checks, select_checks

SUMMARY = "summary.json"
MERGED_SARIF = "sast.sarif"


def _installed_checks() -> Mapping[str, Check]:
    # Looked up when a request is made rather than bound at import, so the registry stays the
    # one place the installed set comes from (and a test can stand in its own).
    return check_registry.registry()


@dataclass(frozen=True)
class RunRequest:
    """What to run and how."""

    root: Path
    policy_path: Path | None = None
    config_path: Path | None = None
    select: Sequence[str] = ()
    skip: Sequence[str] = ()
    use_cache: bool = True
    cache_dir: Path | None = None
    jobs: int | None = None
    test_reports: Sequence[Path] = ()
    """JUnit XML files of this release's test run (override tests.results' globs)."""
    artifacts: Sequence[Path] = ()
    """The release's files (binaries, goreleaser archives): the checks that judge what ships
    read them (deps.audit, vuln.response and sbom read each Go binary's build info). Globs
    are expanded by `expand_artifacts` first."""
    checks: Mapping[str, Check] = field(default_factory=_installed_checks, repr=False)
    """The checks the policy may name and the run may select: the installed ones by default."""


def expand_artifacts(patterns: Iterable[str | Path]) -> tuple[Path, ...]:
    """Each --artifact FILE or GLOB as the files it names, in order, each once.

    A pattern that matches no file is a UsageError, so a release is never judged on fewer
    binaries than were asked for; directories are left out (archives and binaries are files).
    """
    found: dict[Path, None] = {}
    for pattern in patterns:
        text = str(pattern)
        paths = sorted(Path(p) for p in glob.glob(text, recursive=True))  # noqa: PTH207
        files = [p for p in paths if not p.is_dir()]
        if not files:
            raise UsageError(f"--artifact '{text}' matches no file.",
                             fix="Build the release first, or correct the path or glob.")
        found.update(dict.fromkeys(files))
    return tuple(found)


def exit_code(summary: RunSummary) -> ExitCode:
    """The documented exit code for a finished run."""
    return {
        Verdict.COMPLIANT: ExitCode.COMPLIANT,
        Verdict.NOT_COMPLIANT: ExitCode.NOT_COMPLIANT,
        Verdict.INCOMPLETE: ExitCode.CHECK_ERROR,
    }[summary.evaluation.verdict]


def prepare(request: RunRequest) -> tuple[Project, Configuration]:
    """Load the configuration and walk the project; raises on bad input before any work."""
    require_directory(request.root)
    config = load_configuration(request.root, checks=request.checks,
                                policy_path=request.policy_path, config_path=request.config_path)
    if request.test_reports:
        config = _with_test_reports(config, request.root, request.test_reports)
    return discover(request.root, config.excludes, config.release), config


def _with_test_reports(config: Configuration, root: Path, reports: Sequence[Path]
                       ) -> Configuration:
    top = root.resolve()
    rels = []
    for report in reports:
        path = report.resolve()
        if not path.is_file():
            raise UsageError(f"--test-report {report}: no such file.",
                             fix="Run the tests with JUnit XML output first.")
        if not path.is_relative_to(top):
            raise UsageError(f"--test-report {report}: the file is outside the project.",
                             fix=f"Write the report somewhere under {root}.")
        rels.append(path.relative_to(top).as_posix())
    rule = config.policy.rule("tests.results")
    options = {**rule.options, "reports": rels, "exclude": []}
    checks = {**config.policy.checks,
              "tests.results": rule.model_copy(update={"options": options})}
    return replace(config, policy=config.policy.model_copy(update={"checks": checks}))


def execute(request: RunRequest, evidence_root: Path,
            progress: Progress | None = None,
            prepared: tuple[Project, Configuration] | None = None) -> RunSummary:
    """Run every selected check, writing evidence under evidence_root, and evaluate."""
    project, config = prepared or prepare(request)
    check_ids = select_checks(config.policy, request.select, request.skip, checks=request.checks)
    recorded = configuration.record(project, config, request.checks)
    started = now()
    cache = ResultCache(request.cache_dir or default_cache_dir()) if request.use_cache else None
    results = with_excluded_inputs(
        run_checks(project, config.policy, check_ids, evidence_root, checks=request.checks,
                   cache=cache, jobs=request.jobs, progress=progress,
                   artifacts=request.artifacts), recorded)
    evaluation = evaluate(config.policy, results, read_declarations(config.policy, project.root))
    reports = tuple(r for r in [merged_sarif(results.values(), evidence_root)] if r)
    git = project.git
    return RunSummary(
        generator=Generator(version=__version__),
        project=project_name(project.root),
        commit=git.head if git else None,
        dirty=git.dirty if git else False,
        policy_sources=config.sources,
        started_at=started,
        finished_at=max(now(), started),
        results=tuple(results.values()),
        evaluation=evaluation,
        reports=reports,
        policy=config.policy.model_dump(mode="json"),
        configuration=recorded.model_dump(mode="json"),
    )


def with_excluded_inputs(results: Mapping[str, CheckResult],
                         recorded: configuration.ConfigurationRecord) -> dict[str, CheckResult]:
    """Each result with the count of its files the excludes kept from it, for the policy."""
    return {cid: r.model_copy(update={"excluded_inputs": recorded.excluded_inputs.get(cid, 0)})
            for cid, r in results.items()}


def merged_sarif(results: Iterable[CheckResult], evidence_root: Path) -> Evidence | None:
    """Merge every check's SARIF evidence into evidence_root/sast.sarif (one run per tool)."""
    logs = []
    for r in results:
        for ev in r.evidence:
            if ev.media_type != sarif.MEDIA_TYPE:
                continue
            try:  # a copied run directory (aggregate, attest --from) may hold anything
                log = json.loads((evidence_root / ev.path).read_bytes())
            except (OSError, ValueError) as exc:
                log = exc
            if not isinstance(log, dict):
                raise UsageError(f"{ev.path}: the SARIF evidence of {r.check_id} cannot be "
                                 f"read as SARIF ({log!s:.200}).",
                                 fix="Re-run `margo-ssdf run --out DIR` to make the run "
                                     "directory again.")
            logs.append(log)
    if not logs:
        return None
    data = json.dumps(sarif.merge_logs(logs), indent=1).encode()
    write_atomic(evidence_root / MERGED_SARIF, data)
    return Evidence(path=MERGED_SARIF, sha256=hashlib.sha256(data).hexdigest(),
                    media_type=sarif.MEDIA_TYPE, size=len(data))


OUTPUT_MARKER = ".margo-ssdf-output"
"""Written into every directory margo-ssdf writes whole (run, attest, aggregate --out); only a
directory that carries it is ever replaced, so --out cannot delete a user's own files."""
_MARKER_LIMIT = 1024


def output_marker() -> bytes:
    """The marker file's content: a small JSON naming the generator."""
    return (json.dumps({"generator": "margo-ssdf", "version": __version__}) + "\n").encode()


def is_output_marker(path: Path) -> bool:
    """Whether `path` is margo-ssdf's marker: a small regular file (not a link) naming it."""
    try:
        with open_regular(path, follow_symlinks=False) as f:
            data = f.read(_MARKER_LIMIT + 1)
        doc = json.loads(data)
    except (OSError, ValueError):
        return False
    return (len(data) <= _MARKER_LIMIT and isinstance(doc, dict)
            and doc.get("generator") == "margo-ssdf" and set(doc) <= {"generator", "version"}
            and all(isinstance(v, str) for v in doc.values()))


def check_output_dir(out: Path) -> None:
    """Refuse an output directory we must not replace or cannot write, before any work."""
    _require_replaceable(out)
    parent = out.absolute().parent
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: cannot write in {probe}.",
                          fix="Choose a writable --out directory.")


def _require_replaceable(out: Path) -> None:
    """`out` is new, empty, or an earlier output: a real directory holding our marker."""
    if out.is_symlink():
        raise OutputError(f"{out}: is a symbolic link; margo-ssdf replaces --out whole.",
                          fix="Give the real directory path, or a new one.")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory.",
                          fix="Choose another --out path.")
    if out.is_dir() and any(out.iterdir()) and not is_output_marker(out / OUTPUT_MARKER):
        raise OutputError(
            f"{out}: is a non-empty directory that is not an earlier margo-ssdf output (it has "
            f"no {OUTPUT_MARKER} marker file, which margo-ssdf writes into every output).",
            fix="Choose an empty or new directory for --out; margo-ssdf replaces it whole. "
                "An output of a margo-ssdf older than the marker must be removed by hand.",
        )


@contextlib.contextmanager
def staged_output(out: Path) -> Iterator[Path]:
    """A staging directory that replaces `out` whole on success and vanishes on failure."""
    check_output_dir(out)
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=parent))
    except OSError as exc:
        raise OutputError(f"{out}: cannot be created: {exc.strerror}.",
                          fix="Choose a writable --out directory.") from exc
    old: Path | None = None
    try:
        yield staging
        write_atomic(staging / OUTPUT_MARKER, output_marker())
        _require_replaceable(out)  # again: the run may have taken minutes
        if out.exists():
            old = parent / f".{out.name}.old-{os.getpid()}"
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        _remove(staging)
        if old is not None and old.exists() and not out.exists():
            old.rename(out)  # the swap failed half-way: put the previous output back
        raise OutputError(f"{out}: could not be written: {exc.strerror}.",
                          fix="Check free space and permissions.") from exc
    except BaseException:
        _remove(staging)
        raise


def _remove(staging: Path) -> None:
    """Remove a staging directory, even while a cancelled check finishes its last write."""
    for _ in range(40):
        shutil.rmtree(staging, ignore_errors=True)
        if not staging.exists():
            return
        time.sleep(0.05)  # a file landed in a directory rmtree had already emptied


def write_summary(summary: RunSummary, directory: Path) -> None:
    """Write summary.json and one result.json per check into an evidence directory."""
    for result in summary.results:
        write_atomic(directory / "checks" / result.check_id / "result.json",
                     result.model_dump_json(indent=2).encode())
    data = json.loads(summary.model_dump_json())
    write_atomic(directory / SUMMARY, (json.dumps(data, indent=2) + "\n").encode())


def run_records(summary: RunSummary, directory: Path) -> tuple[Evidence, ...]:
    """summary.json and every result.json in an evidence directory, described by digest.

    An attestation lists them so that `audit` can tell when any file of the directory changed.
    """
    from margo_ssdf.files import sha256_file

    paths = [f"checks/{r.check_id}/result.json" for r in summary.results] + [SUMMARY]
    missing = [rel for rel in paths if not (directory / rel).is_file()]
    if missing:
        raise UsageError(f"{directory}: the run's records are incomplete ({', '.join(missing)} "
                         "missing).", fix="Attest a directory written whole by "
                         "`margo-ssdf run --out`, or let attest run the checks itself.")
    return tuple(Evidence(path=rel, sha256=sha256_file(directory / rel),
                          media_type="application/json", size=(directory / rel).stat().st_size)
                 for rel in paths)
