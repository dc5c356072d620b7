"""A content-addressed cache of check results.

The key covers everything a result depends on: the check id, margo-ssdf's and the tool's
versions, the check's options, the check's own fingerprint (e.g. the git HEAD) and the digest
of every input file. A hit is only used when every cached evidence file still has its digest
and the cached result is re-derived from that evidence (`margo_ssdf.rederive`): the cache
directory is not trusted, so an edited result.json is never reused.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError

from margo_ssdf import __version__, rederive
from margo_ssdf.checks import Check
from margo_ssdf.discovery import Project
from margo_ssdf.files import sha256_file
from margo_ssdf.models import CheckResult

CACHE_ENV = "MARGO_SSDF_CACHE_DIR"
log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """$MARGO_SSDF_CACHE_DIR, or the user cache directory."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path(platformdirs.user_cache_dir("margo-ssdf")) / "checks"


def cache_key(check: Check, project: Project, options: Mapping[str, Any],
              artifacts: Sequence[Path] = ()) -> str:
    """The key of a check's result on a project as it is now (and on the release's artifacts,
    for a check that reads them)."""
    h = hashlib.sha256()
    head = {"check": check.id, "margo_ssdf": __version__, "tool": check.tool_version(),
            "options": options, "fingerprint": check.fingerprint(project, options)}
    h.update(json.dumps(head, sort_keys=True, default=str).encode())
    for rel in sorted(set(check.inputs(project, options))):
        path = project.path(rel)
        digest = sha256_file(path) if path.is_file() else "absent"
        h.update(f"\0{rel}\0{digest}".encode())
    for path in artifacts if check.uses_artifacts else ():
        digest = sha256_file(path) if path.is_file() else "absent"
        h.update(f"\0artifact\0{path}\0{digest}".encode())
    return h.hexdigest()


class ResultCache:
    """Results and their evidence files, stored under one directory per key."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def get(self, key: str, evidence_root: Path,
            options: Mapping[str, Any] | None = None) -> CheckResult | None:
        """The cached result with its evidence copied under evidence_root, or None.

        An entry is used only when every evidence file has its digest and the result is
        re-derived from that evidence (with the check's `options`); anything else is ignored.
        """
        entry = self._entry(key)
        try:
            result = CheckResult.model_validate_json((entry / "result.json").read_bytes())
        except (OSError, ValidationError):
            return None
        for ev in result.evidence:
            src = entry / "evidence" / ev.path
            if not src.is_file() or sha256_file(src) != ev.sha256:
                return None
        found = rederive.rederive(result, rederive.evidence_reader(entry / "evidence"), options)
        if not found.trusted:
            log.info("cache entry %s ignored: %s", key[:16], found.detail)
            return None
        for ev in result.evidence:
            dst = evidence_root / ev.path
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry / "evidence" / ev.path, dst)
        return result.model_copy(update={"cached": True})

    def put(self, key: str, result: CheckResult, evidence_root: Path) -> None:
        """Store a result; a failure to cache never fails the run."""
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{key[:8]}.", dir=entry.parent))
        except OSError:
            return
        try:
            for ev in result.evidence:
                dst = staging / "evidence" / ev.path
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(evidence_root / ev.path, dst)
            (staging / "result.json").write_text(result.model_dump_json(), "utf-8")
            if entry.exists():
                shutil.rmtree(entry, ignore_errors=True)
            staging.rename(entry)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
