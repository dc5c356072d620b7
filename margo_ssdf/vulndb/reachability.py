"""Which of the audit's Go findings are reached: govulncheck, offline, on exactly our advisories.

The store is exported once (`db export --format govulncheck`) into a private temporary
directory; govulncheck then runs in source mode on each go.mod's module and in binary mode on
each Go binary of the release. Each finding is judged at every place it occurs (the places in
its `sources`): reached if a vulnerable function is reached anywhere; not reached only when
govulncheck, at symbol level, found the same module at the same version everywhere and no
vulnerable function called (source) or linked in (binary). Only then does the finding get a
machine-made VEX decision (`not_affected` / `vulnerable_code_not_in_execute_path`), kept apart
from people's VEX; the policy decides whether it closes the finding.

Fail closed: a place that could not be analysed (a module the module cache lacks, the standard
library of another Go release than govulncheck's own, a stripped binary) never yields a
machine VEX. A source-mode failure to load a module is recorded per module, not an error;
a binary govulncheck cannot read, or output it cannot be trusted for, is.

govulncheck's results are kept for the process, keyed by the command, the store's contents and
each target's digest, so `vuln.response` reuses what `deps.audit` ran in the same run.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from margo_ssdf.discovery import Project
from margo_ssdf.discovery.artifacts import GoArtifact
from margo_ssdf.discovery.dependencies import Ecosystem, Inventory
from margo_ssdf.errors import ConfigError
from margo_ssdf.files import sha256_file
from margo_ssdf.govulncheck import (
    NOT_ANALYSED,
    Availability,
    GovulncheckFailed,
    GovulncheckResult,
    Reach,
    ScanMode,
    locate,
    scan_binary,
    scan_source,
)
from margo_ssdf.vulndb.export import export_govulncheck
from margo_ssdf.vulndb.goevidence import (
    FindingReachability,
    MachineVex,
    Reachability,
    ReachabilityRun,
    ReachabilitySummary,
)
from margo_ssdf.vulndb.gorelease import normalise
from margo_ssdf.vulndb.scan import AuditReport, VulnFinding
from margo_ssdf.vulndb.store import OsvStore

__all__ = ["DISABLED", "Target", "analyse", "availability", "binary_targets",
           "module_targets"]

DISABLED = f"{NOT_ANALYSED}: the policy turns it off (option reachability: false)"
_MAX_STACKS = 5
_LOCK = threading.Lock()
_MEMO: dict[tuple[str, ...], GovulncheckResult] = {}
_MEMO_SIZE = 256
_Outcome = GovulncheckResult | str


@dataclass(frozen=True)
class Target:
    """A place govulncheck can analyse."""

    place: str
    """As findings name it: a go.mod (project-relative) or a binary."""
    mode: ScanMode
    path: Path | None
    """The module directory or the binary file; None when there is nothing on disk to scan."""
    identity: str
    """A digest of what is scanned (the module's files, the binary's bytes)."""


def availability(options: Mapping[str, Any], check_id: str) -> Availability:
    """govulncheck as the check's options say: `reachability: false` turns it off; a
    `govulncheck` command list names it; else it is looked up (`govulncheck.locate`)."""
    if options.get("reachability", True) is False:
        return Availability(None, DISABLED)
    command = options.get("govulncheck") or []
    if not isinstance(command, list) or not all(isinstance(a, str) and a for a in command):
        raise ConfigError(f"option 'govulncheck' must be a command as a list of strings (e.g. "
                          f"[/usr/local/bin/govulncheck]), or empty to look it up, not "
                          f"{command!r}.", key=f"checks.{check_id}.options.govulncheck")
    return locate(command or None)


def module_targets(project: Project, inv: Inventory) -> dict[str, Target]:
    """Each go.mod's module, for source mode."""
    out: dict[str, Target] = {}
    for comp in inv.components:
        if comp.ecosystem is not Ecosystem.GO:
            continue
        folder = comp.source.rsplit("/", 1)[0] if "/" in comp.source else ""
        out[comp.source] = Target(comp.source, ScanMode.SOURCE, project.path(folder or "."),
                                  _module_identity(project, folder))
    return out


def _module_identity(project: Project, folder: str) -> str:
    digest = hashlib.sha256()
    prefix = f"{folder}/" if folder else ""
    for rel in project.files:
        if rel.startswith(prefix) and rel.endswith((".go", "go.mod", "go.sum")):
            digest.update(f"{rel}\0{sha256_file(project.path(rel))}\0".encode())
    return digest.hexdigest()


def binary_targets(binaries: Iterable[GoArtifact]) -> dict[str, Target]:
    """Each Go binary, for binary mode (its bytes on disk when they were written out)."""
    return {b.name: Target(b.name, ScanMode.BINARY, b.path, b.sha256) for b in binaries}


def analyse(report: AuditReport, targets: Mapping[str, Target], store: OsvStore,
            found: Availability, *, timeout: float) -> AuditReport:
    """The report with govulncheck's reachability on every Go finding (see the docstring)."""
    if found.command is None:
        return report.model_copy(update={"reachability": ReachabilitySummary(
            analysed=False, reason=found.reason)})
    go = [f for f in report.findings if f.ecosystem == Ecosystem.GO.value]
    needed = [targets[p] for p in sorted({p for f in go for p in f.sources}) if p in targets]
    ids = frozenset(i for f in go for i in (f.id, *f.aliases))
    results = _run_all(needed, store, ids, found.command, timeout)
    findings = tuple(_judged(f, results) if f.ecosystem == Ecosystem.GO.value else f
                     for f in report.findings)
    return report.model_copy(update={"findings": findings,
                                     "reachability": _summary(needed, results)})


def _run_all(needed: Sequence[Target], store: OsvStore, ids: frozenset[str],
             command: Sequence[str], timeout: float) -> dict[str, _Outcome]:
    with _LOCK:  # a second check of the same run waits, then takes the results kept
        store_id = _store_identity(store) + ":" + hashlib.sha256(
            "\0".join(sorted(ids)).encode()).hexdigest()
        out: dict[str, _Outcome] = {}
        todo: list[tuple[Target, tuple[str, ...]]] = []
        for target in needed:
            key = (*command, store_id, target.mode.value, str(target.path), target.identity)
            if target.path is None:
                out[target.place] = f"{NOT_ANALYSED}: the binary was not written out to scan"
            elif target.mode is ScanMode.SOURCE and shutil.which("go") is None:
                out[target.place] = (f"{NOT_ANALYSED}: source mode needs the go command, "
                                     "which is not installed")
            elif key in _MEMO:
                out[target.place] = _MEMO[key]
            else:
                todo.append((target, key))
        if todo:
            with tempfile.TemporaryDirectory(prefix="margo-ssdf-govulndb-") as tmp:
                db = Path(tmp) / "db"
                # Only the advisories matched: govulncheck says nothing we would not ask.
                export_govulncheck(store, db, only=ids, durable=False)
                for target, key in todo:
                    out[target.place] = result = _run_one(target, db, command, timeout)
                    if isinstance(result, GovulncheckResult):
                        _remember(key, result)
        return out


def _remember(key: tuple[str, ...], result: GovulncheckResult) -> None:
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = result


def _store_identity(store: OsvStore) -> str:
    status = store.status()
    last = status.last_import
    return f"{store.path}:{status.advisories}:{last.finished if last else ''}:" + \
        ",".join(sorted({i.source_sha256 for i in status.imports}))


def _run_one(target: Target, db: Path, command: Sequence[str], timeout: float) -> _Outcome:
    assert target.path is not None
    if target.mode is ScanMode.BINARY:
        return scan_binary(target.path, db, command=command, timeout=timeout)
    try:
        return scan_source(target.path, db, command=command, timeout=timeout)
    except GovulncheckFailed as exc:
        tail = exc.stderr.strip().splitlines()[-1] if exc.stderr.strip() else "no message"
        return (f"{NOT_ANALYSED}: govulncheck could not load the module offline (exit "
                f"{exc.returncode}: {tail[:300]}); run `go mod download` in its directory "
                "with network access so the module cache holds every dependency")


def _judged(finding: VulnFinding, results: Mapping[str, _Outcome]) -> VulnFinding:
    ids = {finding.id, *finding.aliases}
    places: dict[str, str] = {}
    states: list[Reachability] = []
    symbols: set[str] = set()
    stacks: list[str] = []
    analysed: list[GovulncheckResult] = []
    for place in finding.sources:
        got = results.get(place)
        if got is None or isinstance(got, str):
            states.append(Reachability.NOT_ANALYSED)
            places[place] = got or f"{NOT_ANALYSED}: not a Go module or binary of the release"
            continue
        state, text, found_symbols, found_stacks = _at(got, ids, finding)
        states.append(state)
        places[place] = text
        symbols.update(found_symbols)
        stacks += [f"{place}: {s}" for s in found_stacks[:_MAX_STACKS]]
        analysed.append(got)
    status = _combined(states)
    reach = FindingReachability(status=status, places=places, symbols=tuple(sorted(symbols)),
                                stacks=tuple(stacks))
    vex = _machine_vex(finding, analysed) if status is Reachability.NOT_REACHED else None
    return finding.model_copy(update={"reachability": reach, "machine_vex": vex})


def _at(result: GovulncheckResult, ids: set[str], finding: VulnFinding
        ) -> tuple[Reachability, str, tuple[str, ...], tuple[str, ...]]:
    how = f"govulncheck, {result.mode.value} mode, {result.scan_level} level"
    vuln = next((v for v in result.vulns if v.osv_id in ids), None)
    if vuln is None:
        return Reachability.UNKNOWN, f"unknown: {how}, did not report it here", (), ()
    seen = [v for m, v in vuln.modules if m == finding.package]
    if normalise(finding.version) not in {normalise(v) for v in seen}:
        judged = ", ".join(seen) or "no version"
        return (Reachability.UNKNOWN, f"unknown: {how}, judged {finding.package} at {judged}, "
                f"not {finding.version}", (), ())
    if vuln.reach is Reach.REACHED:
        return (Reachability.REACHED, f"reached ({how}): {', '.join(vuln.symbols)}",
                vuln.symbols, tuple(str(s) for s in vuln.stacks))
    if vuln.reach is Reach.NOT_REACHED:
        what = "package imported" if vuln.level == "package" else "module required"
        where = "called" if result.mode is ScanMode.SOURCE else "linked in"
        return (Reachability.NOT_REACHED, f"not reached ({how}): the vulnerable {what}, "
                f"no vulnerable function {where}", (), ())
    return Reachability.UNKNOWN, f"unknown: {how}, not down to functions", (), ()


def _combined(states: Sequence[Reachability]) -> Reachability:
    if Reachability.REACHED in states:
        return Reachability.REACHED
    if states and all(s is Reachability.NOT_REACHED for s in states):
        return Reachability.NOT_REACHED
    if not states or all(s is Reachability.NOT_ANALYSED for s in states):
        return Reachability.NOT_ANALYSED
    return Reachability.UNKNOWN


def _machine_vex(finding: VulnFinding, analysed: Sequence[GovulncheckResult]) -> MachineVex:
    first = analysed[0]
    version = first.scanner_version
    return MachineVex(
        tool=first.scanner_name or "govulncheck", tool_version=version,
        modes=tuple(sorted({r.mode.value for r in analysed})), scan_level="symbol",
        statement=(f"{first.scanner_name or 'govulncheck'} {version} finds no vulnerable "
                   f"function of {finding.id} reached in {', '.join(finding.sources)}"))


def _summary(needed: Sequence[Target], results: Mapping[str, _Outcome]) -> ReachabilitySummary:
    runs = []
    done = [r for r in results.values() if isinstance(r, GovulncheckResult)]
    for target in needed:
        got = results[target.place]
        if isinstance(got, str):
            runs.append(ReachabilityRun(place=target.place, mode=target.mode.value,
                                        analysed=False, reason=got))
        else:
            runs.append(ReachabilityRun(place=target.place, mode=target.mode.value,
                                        analysed=True, go_version=got.go_version,
                                        scan_level=got.scan_level, seconds=got.seconds))
    return ReachabilitySummary(
        analysed=True, tool=done[0].scanner_name if done else "govulncheck",
        tool_version=done[0].scanner_version if done else "",
        db_modified=done[0].db_last_modified if done else "", runs=tuple(runs))
