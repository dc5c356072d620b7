"""The offline OSV store as a pip-audit vulnerability service.

pip-audit's own dependency sources (requirements with `disable_pip`, pyproject, pylock) can then
be audited with no network: `pip_audit._audit.Auditor(OsvStoreService(store))`.
"""

from __future__ import annotations

from datetime import datetime

from packaging.version import InvalidVersion, Version
from pip_audit._service.interface import (
    Dependency,
    ResolvedDependency,
    VulnerabilityResult,
    VulnerabilityService,
)

from margo_ssdf.vulndb.match import fixed_versions, merge_aliases
from margo_ssdf.vulndb.store import OsvStore
from margo_ssdf.vulndb.versions import PYPI


class OsvStoreService(VulnerabilityService):  # type: ignore[misc]  # pip-audit ships no types
    """Answers pip-audit's queries from the local store."""

    def __init__(self, store: OsvStore) -> None:
        store.require_data()
        self.store = store

    def query(self, spec: Dependency) -> tuple[Dependency, list[VulnerabilityResult]]:
        if not isinstance(spec, ResolvedDependency):
            return spec, []
        version = str(spec.version)
        results = []
        matches = self.store.matches(PYPI, spec.canonical_name, version)
        for vuln in merge_aliases(m.advisory for m in matches):
            fixes: list[Version] = []
            for adv in vuln.advisories:
                for text in fixed_versions(adv, PYPI, spec.canonical_name, version):
                    try:
                        fixes.append(Version(text))
                    except InvalidVersion:
                        continue
            published = vuln.published
            results.append(VulnerabilityResult.create(
                ids=[vuln.id, *vuln.aliases],
                description=next((a.summary or a.details or "" for a in vuln.advisories), ""),
                fix_versions=sorted(set(fixes)),
                published=datetime.fromisoformat(published.replace("Z", "+00:00"))
                if published else None))
        return spec, results
