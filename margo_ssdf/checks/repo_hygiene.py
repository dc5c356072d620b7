"""`repo.hygiene`: the repository habits the SSDF asks for and a reviewer can see at a glance.

- security-policy (RV.1.3): a SECURITY file says how to report vulnerabilities;
- code-owners (PO.2.1): CODEOWNERS or MAINTAINERS names who is responsible;
- signed-commits (PS.1.1): share of the last N commits whose signature verifies against the
  keys the configuration names (an SSH allowed-signers file, an OpenPGP keyring); a signature
  that is present but does not verify counts only when the policy says so, and
  unverified-signatures lists those commits;
- workflow-pins and workflow-permissions (PO.3.2): GitHub workflows pin third-party actions to
  full commit SHAs and keep the token's permissions least-privilege.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import json
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from margo_ssdf import placeholders, yamlio
from margo_ssdf.checks.interface import Check, CheckContext
from margo_ssdf.discovery import Project
from margo_ssdf.discovery.gitcmd import Commit, Verifiers, recent_commits, verifiers, verify_commit
from margo_ssdf.discovery.project import is_action, is_workflow
from margo_ssdf.errors import ConfigError, MargoError
from margo_ssdf.files import sha256_file
from margo_ssdf.models import CheckResult, Outcome, Probe

_DOC_DIRS = ("", ".github/", "docs/", ".gitlab/")
SECURITY_FILES = tuple(f"{d}SECURITY{ext}" for d in _DOC_DIRS
                       for ext in (".md", ".rst", ".txt", ""))
OWNER_FILES = tuple(f"{d}{name}" for d in _DOC_DIRS
                    for name in ("CODEOWNERS", "MAINTAINERS", "MAINTAINERS.md", "OWNERS"))
_SHA = re.compile(r"^[0-9a-f]{40}$")
_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def pinned(uses: str) -> bool:
    """Whether a `uses:` reference cannot move under us."""
    if uses.startswith("./"):
        return True  # an action in the same repository moves with the commit itself
    if uses.startswith("docker://"):
        return bool(_DIGEST.search(uses))
    _, _, ref = uses.partition("@")
    # The all-zero SHA is a template's placeholder: no commit has it.
    return bool(_SHA.match(ref)) and ref != "0" * 40


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _uses(doc: yamlio.Located) -> Iterable[tuple[str, int | None]]:
    data = _mapping(doc.data)
    jobs = _mapping(data.get("jobs"))
    for jname, job in jobs.items():
        if not isinstance(job, dict):
            continue
        if isinstance(job.get("uses"), str):
            yield job["uses"], doc.line(("jobs", jname, "uses"))
        for i, step in enumerate(job.get("steps") or []):
            if isinstance(step, dict) and isinstance(step.get("uses"), str):
                yield step["uses"], doc.line(("jobs", jname, "steps", i, "uses"))
    runs = _mapping(data.get("runs"))
    for i, step in enumerate(runs.get("steps") or []):
        if isinstance(step, dict) and isinstance(step.get("uses"), str):
            yield step["uses"], doc.line(("runs", "steps", i, "uses"))


def _writes(perms: Any) -> list[str]:
    if perms == "write-all":
        return ["write-all"]
    if isinstance(perms, dict):
        return [f"{k}: write" for k, v in perms.items() if v == "write"]
    return []


def permission_problems(doc: yamlio.Located) -> list[tuple[str, int | None]]:
    """Where a workflow gives its token more than it needs."""
    data = _mapping(doc.data)
    jobs = _mapping(data.get("jobs"))
    problems: list[tuple[str, int | None]] = []
    if "permissions" in data:
        writes = _writes(data["permissions"])
        if writes:
            problems.append((f"top-level permissions grant {', '.join(writes)} to every job; "
                             "grant writes only to the job that needs them",
                             doc.line(("permissions",))))
    for jname, job in jobs.items():
        if not isinstance(job, dict):
            continue
        if "permissions" not in job and "permissions" not in data:
            problems.append((f"job '{jname}' gets the default token permissions: declare "
                             "'permissions' at the top level or on the job",
                             doc.line(("jobs", jname))))
        elif job.get("permissions") == "write-all":
            problems.append((f"job '{jname}' has write-all permissions",
                             doc.line(("jobs", jname, "permissions"))))
    return problems


_TRUST_FIX = {
    "allowed_signers": "Commit an SSH allowed-signers file there, one line per maintainer key "
                       "(`PRINCIPAL namespaces=\"git\" ssh-ed25519 AAAA...`), or correct the "
                       "option.",
    "gpg_keyring": "Commit the maintainers' OpenPGP public keys there "
                   "(`gpg --export --armor KEYID`), or correct the option.",
}
_NOT_VERIFIABLE = {
    None: "unsigned",
    "unknown": "a signature header git does not recognise",
    "x509": "X.509 signatures are not verified",
    "ssh": "no allowed-signers file is configured (repo.hygiene option allowed_signers)",
    "openpgp": "no OpenPGP keyring is configured (repo.hygiene option gpg_keyring)",
}


def _ssh_key(line: str) -> bytes | None:
    """The public key blob an allowed-signers line names, or None."""
    try:
        tokens = shlex.split(line)
    except ValueError:
        return None
    for kind, data in itertools.pairwise(tokens):
        if not kind.startswith(("ssh-", "ecdsa-", "sk-")):
            continue
        try:
            blob = base64.b64decode(data, validate=True)
        except binascii.Error:
            continue
        size = int.from_bytes(blob[:4], "big")
        if blob[4:4 + size] == kind.encode():
            return blob
    return None


def allowed_signer_keys(path: Path, shown: str) -> list[str]:
    """SHA256 fingerprints of the keys of an SSH allowed-signers file (ssh-keygen's form).

    A line that names no key is a ConfigError with its line number: ssh-keygen would skip it
    silently, and the maintainer whose key it was meant to be would find no signature verified.
    """
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot be read: {exc}.", file=shown) from exc
    keys = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        blob = _ssh_key(line)
        if blob is None:
            raise ConfigError("this line names no SSH public key.", file=shown, line=number,
                              fix=_TRUST_FIX["allowed_signers"])
        digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
        keys.append(f"SHA256:{digest}")
    if not keys:
        template = " (it is still the template)" if placeholders.marker_lines(text) else ""
        raise ConfigError(f"holds no SSH public key{template}.", file=shown,
                          fix=_TRUST_FIX["allowed_signers"])
    return keys


ALLOWED_SIGNERS = ".margo-ssdf/allowed_signers"
"""Where a project keeps its maintainers' SSH keys when the policy names no other file."""


def trust_value(project: Project, options: Mapping[str, Any], name: str) -> str:
    """The trusted-keys file an option names; for SSH, the project's conventional file if any."""
    value = str(options.get(name) or "")
    if not value and name == "allowed_signers" and (project.root / ALLOWED_SIGNERS).is_file():
        return ALLOWED_SIGNERS
    return value


def _trust_path(project: Project, options: Mapping[str, Any], name: str) -> Path | None:
    value = trust_value(project, options, name)
    if not value:
        return None
    path = Path(value) if Path(value).is_absolute() else project.root / value
    if not path.is_file():
        raise ConfigError(f"names {value}, which is not a file (relative paths are read from "
                          f"{project.root}).", key=f"checks.repo.hygiene.options.{name}",
                          fix=_TRUST_FIX[name])
    return path


def _trust_record(path: Path | None, value: str, keys: Iterable[str]) -> dict[str, Any] | None:
    if path is None:
        return None
    return {"path": value, "sha256": sha256_file(path), "keys": list(keys)}


def _trust_words(record: Mapping[str, Any]) -> str:
    named = [f"the keys in {r['path']}" for r in (record["allowed_signers"],
                                                  record["gpg_keyring"]) if r]
    return " and ".join(named) or "no key (neither allowed_signers nor gpg_keyring is set)"


def _verify_all(top: Path, commits: list[Commit], v: Verifiers) -> list[dict[str, Any]]:
    checked = []
    for c in commits:
        ok, detail = (verify_commit(top, c.sha, v) if v.handles(c.signature)
                      else (False, _NOT_VERIFIABLE[c.signature]))
        checked.append({"commit": c.sha, "signature": c.signature, "verified": ok,
                        "detail": detail})
    return checked


def commit_signatures(project: Project, top: Path, commits: list[Commit],
                      options: Mapping[str, Any]) -> dict[str, Any]:
    """Each commit's signature checked against the configured keys, with what was trusted.

    ConfigError when a configured key file is missing or unreadable, ToolError when the
    program that verifies them is missing: signatures are then not counted as verified.
    """
    allowed = _trust_path(project, options, "allowed_signers")
    keyring = _trust_path(project, options, "gpg_keyring")
    shown = trust_value(project, options, "allowed_signers")
    ssh_keys = allowed_signer_keys(allowed, shown) if allowed else []
    with verifiers(allowed, keyring) as v:
        checked = _verify_all(top, commits, v)
        pgp_keys = v.openpgp_keys
    return {
        "allowed_signers": _trust_record(allowed, shown, ssh_keys),
        "gpg_keyring": _trust_record(keyring, trust_value(project, options, "gpg_keyring"),
                                     pgp_keys),
        "count_unverified_signatures": bool(options.get("count_unverified_signatures")),
        "commits": checked,
    }


def signature_probes(record: Mapping[str, Any]) -> list[Probe]:
    """signed-commits (PS.1.1, held to min_signed_commits) and unverified-signatures."""
    commits = record["commits"]
    verified = [c for c in commits if c["verified"]]
    unverified = [c for c in commits if c["signature"] is not None and not c["verified"]]
    unsigned = [c for c in commits if c["signature"] is None]
    lenient = record["count_unverified_signatures"]
    missing = unsigned if lenient else unsigned + unverified
    reason = (f"{len(verified)} of the last {len(commits)} commits carry a signature that "
              f"verifies against {_trust_words(record)}")
    if unverified:
        reason += (f"; {len(unverified)} more are signed but do not verify"
                   + (" and count, as count_unverified_signatures is true" if lenient else ""))
    if unsigned:
        reason += f"; {len(unsigned)} are unsigned"
    signed = Probe(id="signed-commits", tasks=("PS.1.1",),
                   outcome=Outcome.FAIL if missing else Outcome.PASS, reason=reason,
                   value=round(1 - len(missing) / len(commits), 4),
                   locations=tuple(c["commit"][:12] for c in commits if c in missing))
    # A fact beside the share, tied to no task: it never judges PS.1.1 on its own.
    words = (f"{len(unverified)} of the last {len(commits)} commits carry a signature that "
             f"does not verify ({'counted' if lenient else 'not counted'} as signed)"
             if unverified else f"every signature among the last {len(commits)} commits verifies")
    problem = Probe(id="unverified-signatures", tasks=(),
                    outcome=Outcome.FAIL if unverified and not lenient else Outcome.PASS,
                    reason=words, value=float(len(unverified)),
                    locations=tuple(f"{c['commit'][:12]}: {c['detail']}" for c in unverified))
    return [signed, problem]


def hygiene_outcome(probes: Sequence[Probe]) -> Outcome:
    """The check's outcome from its probes (as hygiene.json records them): any failure fails."""
    return Outcome.FAIL if any(p.outcome is Outcome.FAIL for p in probes) else Outcome.PASS


class RepoHygiene(Check):
    """Repository-level evidence: security policy, owners, signed commits, workflow hygiene."""

    id = "repo.hygiene"
    title = "SECURITY.md, CODEOWNERS, signed commits, pinned least-privilege workflows"
    tasks = ("RV.1.3", "PO.2.1", "PS.1.1", "PO.3.2")
    tool = "gitpython"
    distribution = "GitPython"
    remediation = (
        "Add SECURITY.md (how to report a vulnerability) and CODEOWNERS; sign commits "
        "(git config commit.gpgsign true) and commit the signers' public keys to the file the "
        "allowed_signers option names; pin every third-party action to a full commit SHA "
        "and declare least-privilege 'permissions' in every workflow."
    )
    thresholds: ClassVar[Mapping[str, str]] = {
        "min_signed_commits": "lowest share (0..1) of the last N commits whose signature "
                              "verifies",
        "max_workflow_pins": "most `uses:` references allowed that are not pinned to a SHA",
    }
    options: ClassVar[Mapping[str, Any]] = {
        "commit_window": 30,
        "allowed_signers": "",  # SSH allowed-signers file (default: .margo-ssdf/allowed_signers)
        "gpg_keyring": "",  # OpenPGP public keys (armored or binary); relative to the root
        "count_unverified_signatures": False,  # count signatures that do not verify as signed
    }

    def inputs(self, project: Project, options: Mapping[str, Any]) -> Iterable[str]:
        wanted = set(SECURITY_FILES) | set(OWNER_FILES)
        return [f for f in project.files if f in wanted or is_workflow(f) or is_action(f)]

    def fingerprint(self, project: Project, options: Mapping[str, Any]) -> str:
        git = project.git
        if git is None:
            return "no-git"
        # The trusted keys decide the result as much as the history does.
        keys = [sha256_file(p) for name in ("allowed_signers", "gpg_keyring")
                if (value := trust_value(project, options, name))
                and (p := project.root / value).is_file()]
        return "|".join([git.head or "", *keys])

    def run(self, ctx: CheckContext) -> CheckResult:
        project = ctx.project
        signature_probes, signatures = self._signed_commits(project, ctx.options)
        probes = [
            self._file_probe(project, "security-policy", ("RV.1.3",), SECURITY_FILES,
                             "security policy"),
            self._file_probe(project, "code-owners", ("PO.2.1",), OWNER_FILES,
                             "CODEOWNERS or MAINTAINERS file"),
            *signature_probes,
            *self._workflows(project),
        ]
        record: dict[str, Any] = {"probes": [p.model_dump(mode="json") for p in probes]}
        if signatures is not None:
            record["commit_signatures"] = signatures
        evidence = ctx.write_evidence(self.id, "hygiene.json",
                                      json.dumps(record, indent=2).encode(), "application/json")
        failing = [p for p in probes if p.outcome is Outcome.FAIL]
        reason = "; ".join(p.reason for p in failing) or None
        return self.result(ctx, hygiene_outcome(probes), reason, probes=probes,
                           evidence=[evidence])

    @staticmethod
    def _file_probe(project: Project, pid: str, tasks: tuple[str, ...],
                    candidates: tuple[str, ...], what: str) -> Probe:
        present = set(project.files)
        found = [c for c in candidates if c in present
                 and project.path(c).stat().st_size > 0]
        marks = placeholders.marker_lines(
            project.path(found[0]).read_text("utf-8", "replace")) if found else []
        if marks:
            return Probe(id=pid, tasks=tasks, outcome=Outcome.FAIL,
                         reason=f"{found[0]} is still the template: it holds a "
                                f"{placeholders.MARKER} marker (line "
                                f"{', '.join(map(str, marks))}); replace it by the project's "
                                "own words", locations=(found[0],))
        if found:
            return Probe(id=pid, tasks=tasks, outcome=Outcome.PASS,
                         reason=f"{what} is present ({found[0]})", locations=(found[0],))
        return Probe(id=pid, tasks=tasks, outcome=Outcome.FAIL,
                     reason=f"no {what} (looked for {', '.join(candidates[:3])}, ...)")

    @staticmethod
    def _signed_commits(project: Project,
                        options: Mapping[str, Any]) -> tuple[list[Probe], dict[str, Any] | None]:
        tasks = ("PS.1.1",)
        facts = project.git
        # Missing history is missing evidence (not_satisfied), never "does not apply".
        if facts is None:
            return [Probe(id="signed-commits", tasks=tasks, outcome=Outcome.FAIL,
                          reason="not a git repository, so no commit signature can be shown: "
                                 "run margo-ssdf in a clone of the repository")], None
        if facts.head is None:
            return [Probe(id="signed-commits", tasks=tasks, outcome=Outcome.FAIL,
                          reason="the repository has no commits yet, so no commit "
                                 "signature can be shown")], None
        try:
            commits = recent_commits(facts.top, facts.head, max(int(options["commit_window"]), 1))
            record = commit_signatures(project, facts.top, commits, options)
        except MargoError as exc:  # fail closed: nothing counts as verified
            return [Probe(id="signed-commits", tasks=tasks, outcome=Outcome.ERROR,
                          reason=f"commit signatures could not be verified: "
                                 f"{exc.diagnostics()}")], None
        return signature_probes(record), record

    @staticmethod
    def _workflows(project: Project) -> list[Probe]:
        tasks = ("PO.3.2",)
        files = [f for f in project.files if is_workflow(f) or is_action(f)]
        if not files:
            skipped = ("no GitHub workflow or action files (looked for .github/workflows/*.yml, "
                       "action.yml)")
            return [Probe(id=pid, tasks=tasks, outcome=Outcome.SKIPPED, reason=skipped)
                    for pid in ("workflow-pins", "workflow-permissions")]
        unpinned: list[str] = []
        perm_problems: list[str] = []
        unreadable: list[str] = []
        for rel in files:
            try:
                doc = yamlio.load(project.path(rel), rel)
            except ConfigError as exc:
                unreadable.append(exc.diagnostics())
                continue
            unpinned += [f"{rel}:{line or 1}: {uses}" for uses, line in _uses(doc)
                         if not pinned(uses)]
            if is_workflow(rel):
                perm_problems += [f"{rel}:{line or 1}: {msg}"
                                  for msg, line in permission_problems(doc)]
        if unreadable:
            reason = "workflow files could not be read: " + "; ".join(unreadable)
            return [Probe(id=pid, tasks=tasks, outcome=Outcome.ERROR, reason=reason)
                    for pid in ("workflow-pins", "workflow-permissions")]
        pins = Probe(
            id="workflow-pins", tasks=tasks,
            outcome=Outcome.FAIL if unpinned else Outcome.PASS,
            reason=(f"{len(unpinned)} action reference(s) not pinned to a full commit SHA"
                    if unpinned else f"every action reference in {len(files)} file(s) is pinned"),
            value=float(len(unpinned)), locations=tuple(unpinned),
        )
        perms = Probe(
            id="workflow-permissions", tasks=tasks,
            outcome=Outcome.FAIL if perm_problems else Outcome.PASS,
            reason=(f"{len(perm_problems)} workflow permission problem(s)" if perm_problems
                    else "every workflow declares least-privilege permissions"),
            locations=tuple(perm_problems),
        )
        return [pins, perms]
