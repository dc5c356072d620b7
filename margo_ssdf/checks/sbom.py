"""`sbom`: a CycloneDX 1.6 SBOM of the release, validated, with its NTIA minimum elements."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.discovery import Project
from margo_ssdf.discovery.dependencies import release_inputs, scope_fingerprint
from margo_ssdf.models import CheckResult, Outcome, Probe
from margo_ssdf.sbom import ntia
from margo_ssdf.sbom.generate import from_options, installed_distributions, python_option

MEDIA_TYPE = "application/vnd.cyclonedx+json"


class SbomCheck(Check):
    """Build the release SBOM and score the NTIA minimum elements."""

    id = "sbom"
    title = "CycloneDX 1.6 SBOM of the release with NTIA minimum elements scored"
    tasks = ("PS.3.2", "PW.4.1")
    tool = "cyclonedx-python-lib"
    distribution = "cyclonedx-python-lib"
    remediation = ("Pin every dependency in a lockfile (go.sum, poetry.lock, uv.lock or "
                   "requirements with ==) so each component has a version and a purl; tag "
                   "releases so the release itself has a version.")
    thresholds: ClassVar[Mapping[str, str]] = {
        f"min_ntia_{e}": f"lowest share (0..1) of components/documents with the {e} element"
        for e in (*ntia.COMPONENT_ELEMENTS, *ntia.DOCUMENT_ELEMENTS)
    }
    options: ClassVar[Mapping[str, Any]] = {
        "environment": False,
        "include_dev": False,
        "images": [],
        # Another interpreter whose environment the SBOM describes (implies `environment`).
        "python": "",
    }
    uses_artifacts = True  # each Go binary of the release is a component

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        return release_inputs(project)

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        from margo_ssdf.sbom.build import environment_fingerprint

        git = project.git
        # The release version comes from the tag at HEAD; the environment can change under us.
        head = (git.head or "") if git else ""
        key = head + f":release:{scope_fingerprint(project)}"
        if options.get("environment") or options.get("python"):
            dists = installed_distributions(python_option(project, options))
            key += f":env:{environment_fingerprint(dists)}"
        return key

    def run(self, ctx: CheckContext) -> CheckResult:
        generated = from_options(ctx.project, ctx.options)
        score = generated.score
        bom_ev = ctx.write_evidence(self.id, "sbom.cdx.json", generated.text.encode(),
                                    MEDIA_TYPE)
        inv = generated.inventory
        report = {"ntia": score.as_json(),
                  "problems": [str(p) for p in inv.problems],
                  "unpinned": [f"{d.source}: {d.name}{d.specifier}"
                               for d in inv.dependencies if d.version is None],
                  "release_scope": inv.scope_json()}
        ntia_ev = ctx.write_evidence(self.id, "ntia.json",
                                     json.dumps(report, indent=2).encode(), "application/json")
        problems = [str(p) for p in generated.inventory.problems]
        outcome, reason, probes = ntia_facts(score, problems,
                                             len(generated.inventory.manifests))
        return self.result(ctx, outcome, reason, probes=probes, evidence=[bom_ev, ntia_ev])


def ntia_facts(score: ntia.NtiaScore, problems: Sequence[str], manifests: int
               ) -> tuple[Outcome, str | None, list[Probe]]:
    """Outcome, reason and probes from the SBOM's NTIA score and the manifest problems.

    The check reports these and re-derivation recomputes them from sbom.cdx.json and ntia.json.
    """
    probes = []
    for element, share in score.coverage.items():
        lacking = score.missing.get(element, [])
        reason = (f"{element}: {share:.0%} of {score.components} components"
                  if element in ntia.COMPONENT_ELEMENTS else
                  f"document {element} {'present' if share else 'missing'}")
        probes.append(Probe(id=f"ntia-{element.replace('_', '-')}", tasks=("PS.3.2",),
                            outcome=Outcome.PASS if share >= 1 else Outcome.FAIL,
                            reason=reason, value=share, locations=tuple(lacking[:20])))
    probes.append(Probe(
        id="manifests-readable", tasks=("PS.3.2", "PW.4.1"),
        outcome=Outcome.FAIL if problems else Outcome.PASS,
        reason=(f"{len(problems)} manifest problem(s): {problems[0]}" if problems else
                f"{manifests} manifest(s) read"),
        locations=tuple(problems[:20])))
    failing = [p.reason for p in probes if p.outcome is Outcome.FAIL]
    return Outcome.FAIL if failing else Outcome.PASS, "; ".join(failing) or None, probes
