"""Two projects with two real releases each, attested by the pipeline and signed by their own
keys, and a tampered third release of alpha.

alpha 1.0.0 is compliant; alpha 1.1.0 drops SECURITY.md (tasks get worse) and moves to a Go
release with an open advisory (published 2023). beta 2.0.0 lacks SECURITY.md; beta 2.1.0
adds it (tasks get better) and pins a vulnerable requests (advisories of 2018, so its fixes
are due years before alpha's, although alpha sorts first by name). alpha 1.2.0 is 1.1.0's
statement edited to claim compliance and not signed again.
"""

from __future__ import annotations

import base64
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.cli import main
from tests.conftest import make_project


@dataclass(frozen=True)
class Release:
    out: Path
    signed: Path

    @property
    def predicate(self) -> dict[str, Any]:
        envelope = json.loads(self.signed.read_text())
        return json.loads(base64.b64decode(envelope["payload"]))["predicate"]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Fleet:
    base: Path
    alpha: tuple[Release, Release]
    beta: tuple[Release, Release]
    tampered: Release

    @property
    def root(self) -> Path:
        """The directory holding every release's evidence directory."""
        return self.base / "published"

    def pub(self, project: str) -> Path:
        return self.base / f"{project}.pub"


def _pyproject(root: Path, name: str, version: str, deps: str = '"click==8.1.7"') -> None:
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "{name}"\nversion = "{version}"\nauthors = [{{name = "Demo"}}]\n'
        f"dependencies = [{deps}]\n")


def _attest(root: Path, base: Path, project: str, version: str) -> Release:
    artifact = base / f"{project}-{version}.tar.gz"
    artifact.write_bytes(f"{project} {version}".encode() * 100)
    out = base / "published" / f"{project}-{version}"
    code = main(["attest", str(root), "--artifact", str(artifact), "--sign", "key", "--key",
                 str(base / f"{project}.key"), "--out", str(out)])
    assert code in (0, 1), code
    return Release(out=out, signed=next(out.glob("*.dsse.json")))


def _tamper(release: Release, base: Path) -> Release:
    """1.1.0's evidence with its signed statement edited: claims compliance, as 1.2.0."""
    out = Path(shutil.copytree(release.out, base / "published" / "alpha-1.2.0"))
    signed = next(out.glob("*.dsse.json"))
    envelope = json.loads(signed.read_text())
    statement = json.loads(base64.b64decode(envelope["payload"]))
    statement["predicate"]["verdict"] = "compliant"
    statement["predicate"]["release"]["version"] = "1.2.0"
    statement["predicate"]["finished_on"] = "2099-01-01T00:00:00Z"
    envelope["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
    signed.write_text(json.dumps(envelope))
    return Release(out=out, signed=signed)


def _build(base: Path) -> Fleet:
    for name in ("alpha", "beta"):
        assert main(["keygen", "--out", str(base / name)]) == 0
    a1 = make_project(base / "src" / "alpha1")
    _pyproject(a1, "alpha", "1.0.0")
    a2 = make_project(base / "src" / "alpha2")
    _pyproject(a2, "alpha", "1.1.0")
    (a2 / "SECURITY.md").unlink()
    (a2 / "go.mod").write_text("module example.com/alpha\n\ngo 1.21.0\n")
    b1 = make_project(base / "src" / "beta1")
    _pyproject(b1, "beta", "2.0.0")
    (b1 / "SECURITY.md").unlink()
    b2 = make_project(base / "src" / "beta2")
    _pyproject(b2, "beta", "2.1.0", '"click==8.1.7", "requests==2.19.0"')
    alpha = (_attest(a1, base, "alpha", "1.0.0"), _attest(a2, base, "alpha", "1.1.0"))
    beta = (_attest(b1, base, "beta", "2.0.0"), _attest(b2, base, "beta", "2.1.0"))
    return Fleet(base=base, alpha=alpha, beta=beta, tampered=_tamper(alpha[1], base))


@pytest.fixture(scope="session")
def fleet(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Fleet:
    with pytest.MonkeyPatch.context() as mp:  # session scope runs before the autouse isolation
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("CI", raising=False)
        return _build(tmp_path_factory.mktemp("fleet"))


@pytest.fixture(scope="session")
def site(fleet: Fleet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The board of the whole fleet, built by the command with a trust file for alpha and
    --trust for beta."""
    trust = fleet.base / "trust.yaml"
    trust.write_text("projects:\n  alpha:\n    key: alpha.pub\n")
    out = tmp_path_factory.mktemp("site") / "board"
    code = main(["board", str(fleet.root), "-o", str(out), "--trust-file", str(trust),
                 "--trust", f"beta={fleet.pub('beta')}"])
    assert code == 1  # the tampered release does not verify
    return out
