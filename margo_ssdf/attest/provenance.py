"""SLSA provenance v1 for a release, from git and the CI environment.

Environment variables are read from an allow-list only: nothing else in the environment (tokens
above all) can reach a statement.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from margo_ssdf import __version__
from margo_ssdf.discovery import Project
from margo_ssdf.discovery.identity import project_name
from margo_ssdf.files import sha256_file

SLSA_PROVENANCE = "https://slsa.dev/provenance/v1"
BUILD_TYPE = "https://margo-ssdf.dev/buildtypes/release-evidence/v1"
LOCAL_BUILDER = "https://margo-ssdf.dev/builders/local/v1"
LOCKFILES = ("go.sum", "poetry.lock", "uv.lock", "requirements.txt", "Cargo.lock",
             "package-lock.json")

# The only environment variables provenance ever reads; none of them is a secret.
ENV_ALLOW = (
    "GITHUB_ACTIONS", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_REPOSITORY_ID",
    "GITHUB_REPOSITORY_OWNER_ID", "GITHUB_WORKFLOW_REF", "GITHUB_WORKFLOW_SHA", "GITHUB_REF",
    "GITHUB_SHA", "GITHUB_RUN_ID", "GITHUB_RUN_ATTEMPT", "GITHUB_EVENT_NAME",
    "RUNNER_ENVIRONMENT",
)


def ci_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The allow-listed variables that are set."""
    source = os.environ if env is None else env
    return {k: source[k] for k in ENV_ALLOW if source.get(k)}


def _repository_uri(project: Project, ci: Mapping[str, str]) -> str | None:
    if "GITHUB_REPOSITORY" in ci:
        server = ci.get("GITHUB_SERVER_URL", "https://github.com")
        return f"git+{server}/{ci['GITHUB_REPOSITORY']}"
    facts = project.git
    if facts is None:
        return None
    import git

    from margo_ssdf.discovery.gitcmd import open_repo

    try:
        with open_repo(facts.top) as repo:  # the URL is read from the config, in-process
            url = next((r.url for r in repo.remotes if r.name == "origin"), None)
    except (git.GitError, ValueError, OSError):
        return None
    return source_uri(url, facts.top) if url else None


def source_uri(remote: str, top: Path) -> str:
    """A remote as an absolute URI: `git+https://...` (or `git+ssh://`) for a real remote,
    `file:///abs/path` for a local one, never the non-URI `git+/path`."""
    if remote.startswith("file://"):
        return remote
    if "://" in remote:
        scheme, rest = remote.split("://", 1)
        host, _, path = rest.partition("/")
        # Credentials embedded in a remote URL must never reach a statement.
        uri = f"{scheme}://{host.rpartition('@')[2]}/{path}"
        return uri if uri.startswith("git+") else f"git+{uri}"
    head = remote.split("/", 1)[0]
    if ":" in head and not remote.startswith("file:"):  # git's scp form user@host:path
        host, _, path = remote.partition(":")
        return f"git+ssh://{host.rpartition('@')[2]}/{path}"
    local = Path(remote.removeprefix("file:"))
    return (local if local.is_absolute() else top / local).resolve().as_uri()


def predicate(project: Project, *, started: datetime, finished: datetime,
              inputs: Mapping[str, Any] | None = None,
              env: Mapping[str, str] | None = None,
              lockfiles: Sequence[str] | None = None) -> dict[str, Any]:
    """The SLSA v1 provenance predicate of this run."""
    ci = ci_environment(env)
    on_github = ci.get("GITHUB_ACTIONS") == "true"
    deps: list[dict[str, Any]] = []
    facts = project.git
    repo_uri = _repository_uri(project, ci)
    commit = ci.get("GITHUB_SHA") or (facts.head if facts else None)
    if commit:
        ref = ci.get("GITHUB_REF")
        deps.append({"uri": (repo_uri or project.root.resolve().as_uri())
                            + (f"@{ref}" if ref else ""),
                     "digest": {"gitCommit": commit}})
    names = lockfiles if lockfiles is not None else [
        f for f in project.files if f.rsplit("/", 1)[-1] in LOCKFILES]
    for rel in names:
        deps.append({"name": rel, "digest": {"sha256": sha256_file(project.path(rel))}})

    external: dict[str, Any] = {"inputs": dict(inputs or {})}
    if on_github:
        server = ci.get("GITHUB_SERVER_URL", "https://github.com")
        workflow_ref = ci.get("GITHUB_WORKFLOW_REF", "")
        external["workflow"] = {"ref": workflow_ref.split("@", 1)[-1] if "@" in workflow_ref
                                else ci.get("GITHUB_REF", ""),
                                "repository": f"{server}/{ci.get('GITHUB_REPOSITORY', '')}",
                                "path": workflow_ref.split("@", 1)[0].split("/", 2)[-1]}
        builder_id = f"{server}/{workflow_ref}"
        invocation = (f"{server}/{ci.get('GITHUB_REPOSITORY')}/actions/runs/"
                      f"{ci.get('GITHUB_RUN_ID')}/attempts/{ci.get('GITHUB_RUN_ATTEMPT', '1')}")
        internal = {"github": {k.lower(): v for k, v in ci.items()
                               if k in ("GITHUB_EVENT_NAME", "GITHUB_REPOSITORY_ID",
                                        "GITHUB_REPOSITORY_OWNER_ID", "RUNNER_ENVIRONMENT")}}
    else:
        external["project"] = project_name(project.root)
        builder_id = LOCAL_BUILDER
        invocation = f"urn:uuid:{uuid.uuid4()}"
        internal = {}
    return {
        "buildDefinition": {
            "buildType": BUILD_TYPE,
            "externalParameters": external,
            "internalParameters": {**internal, "generator": f"margo-ssdf {__version__}"},
            "resolvedDependencies": deps,
        },
        "runDetails": {
            "builder": {"id": builder_id, "version": {"margo-ssdf": __version__}},
            "metadata": {"invocationId": invocation,
                         "startedOn": started.isoformat().replace("+00:00", "Z"),
                         "finishedOn": finished.isoformat().replace("+00:00", "Z")},
        },
    }
