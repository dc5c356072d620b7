"""Who must have signed each project's releases, and whose policy judges them: `--trust
PROJECT=KEY`, a trust file, or the audit options (and --policy / --policy-digest) for every
project not named.

The trust file is YAML (documented in docs/board.md):

    projects:
      alpha: {key: keys/alpha.pub, policy: policies/strict.yaml}
      beta: {identity: ..., issuer: ..., repository: org/beta, policy-digest: sha256:...}

Key and policy paths in the file are relative to the file. A project named nowhere falls back
to the default signer; with none either, its releases are shown as failed, never as verified.
A project's policy keys replace the command's --policy and --policy-digest for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from margo_ssdf import yamlio
from margo_ssdf.attest.audit_policy import PolicyPin, parse_digest
from margo_ssdf.attest.trust import SignerPolicy, Unpinned
from margo_ssdf.errors import ConfigError, MargoError, UsageError

PinMaker = Callable[[Path | None, str | None], PolicyPin]
"""Builds the verifier's pin from a policy file and a digest (the CLI's `policy_pin`)."""

# The trust file's keys, spelled as the audit options, and their SignerPolicy names.
_FILE_KEYS: Mapping[str, str] = {
    "key": "key", "identity": "identity", "issuer": "issuer",
    "repository": "source_repository", "ref": "source_ref", "trigger": "build_trigger",
    "workflow": "workflow", "staging": "staging", "trusted-root": "trusted_root",
}
_PATH_KEYS = frozenset({"key", "trusted-root"})
_POLICY_KEYS = frozenset({"policy", "policy-digest"})


@dataclass(frozen=True)
class TrustEntry:
    """One project of the trust file: its signer and the policy pin it asks for."""

    signer: SignerPolicy
    policy: Path | None = None
    """The verifier's policy file for this project (resolved against the trust file)."""
    policy_digest: str | None = None
    """The sha256 hex the project's recorded policy must have."""
    line: int | None = None

    @property
    def pins_policy(self) -> bool:
        return self.policy is not None or self.policy_digest is not None


@dataclass(frozen=True)
class BoardTrust:
    """The signer each project must have, and the one for projects not named."""

    projects: Mapping[str, SignerPolicy] = field(default_factory=dict)
    default: SignerPolicy = field(default_factory=Unpinned)
    policies: Mapping[str, PolicyPin] = field(default_factory=dict)
    """The trust file's per-project policy pins."""
    default_policy: PolicyPin | None = None
    """--policy / --policy-digest: the pin of every project without its own; None judges
    with the producer's policy."""

    def for_project(self, name: str) -> SignerPolicy:
        """The project's own signer, else the default (which may pin nobody)."""
        return self.projects.get(name, self.default)

    def policy_for(self, name: str) -> PolicyPin | None:
        """The project's own policy pin, else the command's."""
        return self.policies.get(name, self.default_policy)


def parse_pairs(pairs: Sequence[str]) -> dict[str, SignerPolicy]:
    """`--trust PROJECT=KEYFILE` values as signers; UsageError for a malformed one."""
    found: dict[str, SignerPolicy] = {}
    for pair in pairs:
        name, sep, key = pair.partition("=")
        if not sep or not name.strip() or not key.strip():
            raise UsageError(f"--trust {pair!r} is not PROJECT=KEYFILE.",
                             fix="Write e.g. --trust alpha=keys/alpha.pub (repeat it per "
                                 "project), or use --trust-file for Sigstore identities.")
        path = Path(key.strip())
        if not path.is_file():
            raise UsageError(f"--trust {pair}: the key file {path} does not exist.",
                             fix="Give the PEM public key that signs that project's releases.")
        _add(found, name.strip(), SignerPolicy.from_options(key=path), f"--trust {pair}")
    return found


def _add(found: dict[str, SignerPolicy], name: str, signer: SignerPolicy, where: str) -> None:
    if name in found:
        raise UsageError(f"{where}: project {name} is given a signer twice.",
                         fix="Name each project once, in --trust or in the trust file.")
    found[name] = signer


def load_trust_file(path: Path) -> dict[str, TrustEntry]:
    """The trust file's entries by project; ConfigError naming the file, line and key."""
    doc = yamlio.load(path)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("projects"), dict):
        raise ConfigError("a trust file is a mapping with a 'projects' mapping in it.",
                          file=str(path), key="projects",
                          fix="Write 'projects:' then one entry per project, e.g. "
                              "'alpha: {key: alpha.pub}'.")
    found: dict[str, TrustEntry] = {}
    for name, options in data["projects"].items():
        line = doc.line(("projects", name))
        signer = _signer(path, str(name), options, line)
        found[str(name)] = TrustEntry(signer, *_policy_keys(path, str(name), options, line),
                                      line=line)
    return found


def _policy_keys(path: Path, name: str, options: dict[str, Any],
                 line: int | None) -> tuple[Path | None, str | None]:
    """The project's `policy:` (relative to the trust file) and `policy-digest:` (its hex)."""
    policy, digest = options.get("policy"), options.get("policy-digest")
    try:
        hex_digest = parse_digest(digest) if digest is not None else None
    except UsageError as exc:
        raise ConfigError(f"policy-digest {digest!r} is not a sha256 digest.", file=str(path),
                          key=f"projects.{name}.policy-digest", line=line,
                          fix=exc.fix) from exc
    return (path.parent / policy if policy is not None else None), hex_digest


def _signer(path: Path, name: str, options: Any, line: int | None) -> SignerPolicy:
    if not isinstance(options, dict):
        raise ConfigError("a project's trust is a mapping of audit options.", file=str(path),
                          key=f"projects.{name}", line=line,
                          fix="Give 'key: FILE', or 'identity:' and 'issuer:' and pins.")
    unknown = sorted(set(options) - set(_FILE_KEYS) - _POLICY_KEYS)
    if unknown:
        raise ConfigError(f"unknown option {unknown[0]!r}.", file=str(path),
                          key=f"projects.{name}", line=line,
                          fix=f"Use only: {', '.join([*_FILE_KEYS, *sorted(_POLICY_KEYS)])}.")
    wrong = [k for k, v in options.items()
             if not isinstance(v, bool if k == "staging" else str)]
    if wrong:
        kind = "true or false" if wrong[0] == "staging" else "text"
        raise ConfigError(f"{wrong[0]!r} must be {kind}.",
                          file=str(path), key=f"projects.{name}", line=line)
    given: dict[str, Any] = {_FILE_KEYS[k]: (path.parent / v if k in _PATH_KEYS else v)
                             for k, v in options.items() if k in _FILE_KEYS}
    try:
        signer = SignerPolicy.from_options(**given)
    except UsageError as exc:
        raise ConfigError(exc.message, file=str(path), key=f"projects.{name}", line=line,
                          fix=exc.fix) from exc
    if isinstance(signer, Unpinned):
        raise ConfigError("pins nobody: give a key, or both an identity and an issuer.",
                          file=str(path), key=f"projects.{name}", line=line)
    return signer


def board_trust(pairs: Sequence[str], trust_file: Path | None, default: SignerPolicy,
                *, default_policy: PolicyPin | None = None,
                make_pin: PinMaker | None = None) -> BoardTrust:
    """The board's trust from the command's options; `make_pin` reads the trust file's
    policy keys (without it they are a configuration error)."""
    projects = parse_pairs(pairs)
    policies: dict[str, PolicyPin] = {}
    if trust_file is not None:
        if not trust_file.is_file():
            raise UsageError(f"--trust-file {trust_file} does not exist.",
                             fix="Give the YAML file mapping projects to their signers.")
        for name, entry in load_trust_file(trust_file).items():
            _add(projects, name, entry.signer, str(trust_file))
            if entry.pins_policy:
                policies[name] = _pin(trust_file, name, entry, make_pin)
    return BoardTrust(projects=projects, default=default, policies=policies,
                      default_policy=default_policy)


def _pin(trust_file: Path, name: str, entry: TrustEntry, make_pin: PinMaker | None) -> PolicyPin:
    """A project's policy pin, its errors naming the trust file's line."""
    key = f"projects.{name}.policy"
    if make_pin is None:
        raise ConfigError("policy keys cannot be read here.", file=str(trust_file), key=key,
                          line=entry.line)
    try:
        return make_pin(entry.policy, entry.policy_digest)
    except MargoError as exc:
        raise ConfigError(f"project {name}'s policy: {exc.message}", file=str(trust_file),
                          key=key, line=entry.line, fix=exc.fix) from exc
