"""Who must have signed each project's releases: `--trust PROJECT=KEY`, a trust file, or the
audit options as the signer of every project not named.

The trust file is YAML (documented in docs/board.md):

    projects:
      alpha: {key: keys/alpha.pub}
      beta: {identity: ..., issuer: ..., repository: org/beta}

A key path in the file is relative to the file. A project named nowhere falls back to the
default signer; with none either, its releases are shown as failed, never as verified.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from margo_ssdf import yamlio
from margo_ssdf.attest.trust import SignerPolicy, Unpinned
from margo_ssdf.errors import ConfigError, UsageError

# The trust file's keys, spelled as the audit options, and their SignerPolicy names.
_FILE_KEYS: Mapping[str, str] = {
    "key": "key", "identity": "identity", "issuer": "issuer",
    "repository": "source_repository", "ref": "source_ref", "trigger": "build_trigger",
    "workflow": "workflow", "staging": "staging", "trusted-root": "trusted_root",
}
_PATH_KEYS = frozenset({"key", "trusted-root"})


@dataclass(frozen=True)
class BoardTrust:
    """The signer each project must have, and the one for projects not named."""

    projects: Mapping[str, SignerPolicy] = field(default_factory=dict)
    default: SignerPolicy = field(default_factory=Unpinned)

    def for_project(self, name: str) -> SignerPolicy:
        """The project's own signer, else the default (which may pin nobody)."""
        return self.projects.get(name, self.default)


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


def load_trust_file(path: Path) -> dict[str, SignerPolicy]:
    """The trust file's signers by project; ConfigError naming the file, line and key."""
    doc = yamlio.load(path)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("projects"), dict):
        raise ConfigError("a trust file is a mapping with a 'projects' mapping in it.",
                          file=str(path), key="projects",
                          fix="Write 'projects:' then one entry per project, e.g. "
                              "'alpha: {key: alpha.pub}'.")
    found: dict[str, SignerPolicy] = {}
    for name, options in data["projects"].items():
        line = doc.line(("projects", name))
        signer = _signer(path, str(name), options, line)
        _add(found, str(name), signer, f"{path}:{line or '?'}")
    return found


def _signer(path: Path, name: str, options: Any, line: int | None) -> SignerPolicy:
    if not isinstance(options, dict):
        raise ConfigError("a project's trust is a mapping of audit options.", file=str(path),
                          key=f"projects.{name}", line=line,
                          fix="Give 'key: FILE', or 'identity:' and 'issuer:' and pins.")
    unknown = sorted(set(options) - set(_FILE_KEYS))
    if unknown:
        raise ConfigError(f"unknown option {unknown[0]!r}.", file=str(path),
                          key=f"projects.{name}", line=line,
                          fix=f"Use only: {', '.join(_FILE_KEYS)}.")
    wrong = [k for k, v in options.items()
             if not isinstance(v, bool if k == "staging" else str)]
    if wrong:
        kind = "true or false" if wrong[0] == "staging" else "text"
        raise ConfigError(f"{wrong[0]!r} must be {kind}.",
                          file=str(path), key=f"projects.{name}", line=line)
    given: dict[str, Any] = {_FILE_KEYS[k]: (path.parent / v if k in _PATH_KEYS else v)
                             for k, v in options.items()}
    try:
        signer = SignerPolicy.from_options(**given)
    except UsageError as exc:
        raise ConfigError(exc.message, file=str(path), key=f"projects.{name}", line=line,
                          fix=exc.fix) from exc
    if isinstance(signer, Unpinned):
        raise ConfigError("pins nobody: give a key, or both an identity and an issuer.",
                          file=str(path), key=f"projects.{name}", line=line)
    return signer


def board_trust(pairs: Sequence[str], trust_file: Path | None,
                default: SignerPolicy) -> BoardTrust:
    """The board's trust from the command's options."""
    projects = parse_pairs(pairs)
    if trust_file is not None:
        if not trust_file.is_file():
            raise UsageError(f"--trust-file {trust_file} does not exist.",
                             fix="Give the YAML file mapping projects to their signers.")
        for name, signer in load_trust_file(trust_file).items():
            _add(projects, name, signer, str(trust_file))
    return BoardTrust(projects=projects, default=default)
