"""`deps.provenance`: the SLSA provenance of the components a release takes in (PW.4.1, PO.3.2).

For each component the policy names (files of the project, or components known by digest), its
provenance bundle is verified offline against the repository the policy pins for it: the
signature and signer, the component's digest among the statement's subjects, the builder, the
source repository and ref. The check reports which components have verified provenance, which
have none and which fail, and why; the policy judges the share verified and the failures.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, ClassVar, Final

from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.checks.provenance_inputs import (
    Component,
    Pin,
    Setup,
    TrustRoot,
    component_files,
    configured,
    pins_option,
    read_setup,
)
from margo_ssdf.discovery import Project
from margo_ssdf.errors import ConfigError
from margo_ssdf.files import sha256_file
from margo_ssdf.models import CheckResult, Outcome, Probe

EVIDENCE: Final = "provenance.json"
TASKS: Final = ("PW.4.1", "PO.3.2")
UNPINNED: Final = "unpinned"
"""The failure id of a component with a bundle but no repository pinned for it."""
DIGEST_MISMATCH: Final = "digest-mismatch"
"""The failure id of a component file whose digest is not the one configured for it."""


class Status(StrEnum):
    """What was found about one component's provenance."""

    VERIFIED = "verified"
    NONE = "none"
    FAILED = "failed"


def _row(component: Component, sha256: str | None, status: Status, pin: Pin | None, *,
         failure: str | None = None, message: str | None = None,
         found: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One component's line of the evidence."""
    found = found or {}
    return {"name": component.name, "file": component.file, "sha256": sha256,
            "bundle": component.bundle, "status": status.value, "failure": failure,
            "message": message, "pin": pin.as_json() if pin else None,
            "builder_id": found.get("builder_id"),
            "source_repository": found.get("source_repository"),
            "source_ref": found.get("source_ref"), "log_index": found.get("log_index")}


def verify_component(ctx: CheckContext, component: Component, setup: Setup) -> dict[str, Any]:
    """Verify one component's bundle against its pin; the evidence row says what was found."""
    sha256 = (sha256_file(ctx.project.path(component.file)) if component.file
              else component.sha256)
    assert sha256 is not None  # a component is a file or a configured digest
    pin, unpinned = setup.pin_for(component)
    if component.bundle is None:
        return _row(component, sha256, Status.NONE, pin, message="no provenance bundle")
    if pin is None:  # fail closed: a signature by anyone at all proves nothing
        return _row(component, sha256, Status.FAILED, None, failure=UNPINNED, message=unpinned)
    return _verified(ctx, component, sha256, pin, setup.trust)


def _verified(ctx: CheckContext, component: Component, sha256: str, pin: Pin,
              trust: TrustRoot) -> dict[str, Any]:
    from margo_ssdf.attest.errors import BundleError, first_line
    from margo_ssdf.attest.provenance_verify import ProvenancePolicy, verify_provenance

    assert component.bundle is not None
    policy = ProvenancePolicy(repository=pin.repository, ref=pin.ref, builder_id=pin.builder_id,
                              source_uri=pin.source_uri, trusted_root=trust.path,
                              staging=trust.staging,
                              **({"issuer": pin.issuer} if pin.issuer else {}))
    try:
        found = verify_provenance(ctx.project.path(component.bundle), bytes.fromhex(sha256),
                                  policy, offline=True)
    except BundleError as exc:
        # Evidence names project files relative to the project, never by absolute path.
        message = first_line(exc).replace(f"{ctx.project.root}/", "")
        return _row(component, sha256, Status.FAILED, pin, failure=exc.failure.value,
                    message=message)
    return _row(component, sha256, Status.VERIFIED, pin, found={
        "builder_id": found.builder_id, "source_repository": found.source_repository,
        "source_ref": found.source_ref, "log_index": found.log_index})


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def pin_mismatch(row: Mapping[str, Any], pins: Sequence[Pin]) -> str | None:
    """Why a verified row does not meet `pins` (another policy's), or None when it does.

    The row records what the verified provenance said (repository, ref, builder) and the pin it
    was verified against; an auditor's pin is judged on those facts, not on the producer's."""
    from margo_ssdf.attest.provenance_verify import builder_matches
    from margo_ssdf.attest.trust import repository_uri

    named = [p for p in pins if fnmatch.fnmatchcase(str(row["name"]), p.pattern) or (
        row.get("file") and fnmatch.fnmatchcase(str(row["file"]), p.pattern))]
    if len({(p.repository, p.ref, p.builder_id, p.source_uri, p.issuer) for p in named}) != 1:
        return f"the policy in force pins {row['name']} by {len(named)} disagreeing globs" \
            if named else f"the policy in force pins no repository for {row['name']}"
    pin, recorded = named[0], row.get("pin") or {}
    if repository_uri(pin.repository) != repository_uri(row.get("source_repository")):
        return f"its source repository {row.get('source_repository')}, not {pin.repository}"
    if pin.ref is not None and pin.ref != row.get("source_ref"):
        return f"its source ref {row.get('source_ref')}, not {pin.ref}"
    if pin.builder_id is not None and not builder_matches(str(row.get("builder_id")),
                                                          pin.builder_id):
        return f"its builder {row.get('builder_id')}, not {pin.builder_id}"
    for key in ("source_uri", "issuer"):  # held only as the pin it was verified against
        if getattr(pin, key) is not None and getattr(pin, key) != recorded.get(key):
            return f"it was verified with {key} {recorded.get(key)}, not {getattr(pin, key)}"
    return None


def repinned(rows: Sequence[Mapping[str, Any]], options: Mapping[str, Any]
             ) -> list[Mapping[str, Any]]:
    """The rows judged against the pins of `options` (the policy in force): a verified row whose
    facts do not meet them is failed, `pin-mismatch`."""
    pins = pins_option(options)
    out: list[Mapping[str, Any]] = []
    for row in rows:
        why = pin_mismatch(row, pins) if row["status"] == Status.VERIFIED.value else None
        out.append(row if why is None else {**row, "status": Status.FAILED.value,
                                            "failure": "pin-mismatch", "message": why})
    return out


def provenance_facts(rows: Sequence[Mapping[str, Any]]
                     ) -> tuple[Outcome, str | None, list[Probe]]:
    """Outcome, reason and probes of the evidence's rows: the share of components with
    verified provenance and the failures, as facts for the policy's thresholds."""
    by = {s: [r for r in rows if r["status"] == s.value] for s in Status}
    verified, none, failed = (len(by[s]) for s in Status)
    percent = 100.0 * verified / len(rows) if rows else 0.0
    share = (f"{verified} of {_plural(len(rows), 'component', 'components')} "
             f"({percent:.0f}%) with verified provenance")
    outcome = Outcome.PASS if rows and verified == len(rows) else Outcome.FAIL
    probes = [
        Probe(id="verified-provenance-percent", tasks=TASKS, outcome=outcome,
              reason=share + (f", {none} without" if none else ""), value=percent,
              locations=tuple(f"{r['name']}: {r['message']}" for r in by[Status.NONE][:50])),
        Probe(id="failed-provenance", tasks=TASKS,
              outcome=Outcome.FAIL if failed else Outcome.PASS,
              reason=(f"{_plural(failed, 'component', 'components')} whose provenance fails, "
                      f"e.g. {by[Status.FAILED][0]['name']}: {by[Status.FAILED][0]['message']}"
                      if failed else "no component's provenance fails"),
              value=float(failed),
              locations=tuple(f"{r['name']}: [{r['failure']}] {r['message']}"
                              for r in by[Status.FAILED][:50])),
    ]
    reason = share + (f", {none} without" if none else "") + (f", {failed} failed"
                                                              if failed else "")
    return outcome, None if outcome is Outcome.PASS else reason, probes


class DepsProvenanceCheck(Check):
    """Verify the SLSA provenance of the components the policy names."""

    id = "deps.provenance"
    title = "SLSA provenance of the release's third-party components, verified offline"
    tasks = TASKS
    tool = "margo-ssdf provenance verifier (sigstore-python)"
    distribution = "sigstore"
    remediation = ("Download each component's provenance bundle beside it (e.g. vendor/foo-1.2"
                   ".whl.sigstore.json, from the project's release page or `gh attestation "
                   "download`), pin the repository that builds it in the check's `pins` "
                   "option, and replace a component whose provenance fails: it was not built "
                   "where you expect.")
    thresholds: ClassVar[Mapping[str, str]] = {
        "min_verified_provenance_percent": "lowest share (0..100) of the configured components "
                                           "with verified provenance",
        "max_failed_provenance": "most components allowed whose provenance fails",
    }
    options: ClassVar[Mapping[str, Any]] = {
        "components": [],  # globs or directories of component files, e.g. vendor/*.whl
        "digests": {},  # NAME: {sha256: HEX, bundle: PATH}, components known by digest only
        "pins": {},  # file-name glob: {repository: OWNER/NAME, ref, builder_id, source_uri}
        "staging": False,  # bundles from Sigstore's staging instance
        "trusted_root": "",  # a trusted_root.json (another Sigstore instance)
    }

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        if not configured(options):
            return []
        try:
            files = component_files(project, list(options.get("components", [])), "components")
        except (ConfigError, TypeError):
            return project.files  # the run reports the mistake; every file is always correct
        bundles = [f for f in project.files if f.startswith(tuple(files)) and f not in files]
        return [*files, *bundles, *_digest_bundles(options)]

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        root = str(options.get("trusted_root", ""))
        path = project.root / root if root else None
        return f"{path}:{path.stat().st_mtime_ns}" if path and path.is_file() else root

    def run(self, ctx: CheckContext) -> CheckResult:
        if not configured(ctx.options):
            return self.result(ctx, Outcome.SKIPPED, "no component with provenance is "
                               "configured (options components, digests and pins)")
        setup = read_setup(ctx.project, ctx.options, self.id)
        rows = [verify_component(ctx, c, setup) for c in setup.components]
        report = {"trust_root": setup.trust.describe(), "components": rows}
        evidence = ctx.write_evidence(self.id, EVIDENCE, json.dumps(report, indent=2).encode(),
                                      "application/json")
        outcome, reason, probes = provenance_facts(rows)
        return self.result(ctx, outcome, reason, probes=probes, evidence=[evidence])


def _digest_bundles(options: Mapping[str, Any]) -> list[str]:
    digests = options.get("digests", {})
    return [str(e["bundle"]) for e in digests.values()
            if isinstance(e, dict) and "bundle" in e] if isinstance(digests, dict) else []
