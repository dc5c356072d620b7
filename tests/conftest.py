"""Shared fixtures. Every test runs with the network cut off."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that tries to reach the network fails loudly instead of passing by luck."""

    def refuse(self: socket.socket, address: object) -> None:
        if isinstance(address, str) or (isinstance(address, tuple) and address
                                        and str(address[0]) in ("127.0.0.1", "::1", "localhost")):
            return real_connect(self, address)
        raise OSError(f"network access attempted in a test: {address!r}")

    real_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="session")
def osv_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small OSV database of advisories we wrote (tests never use the user's database)."""
    import json

    from margo_ssdf.vulndb import OsvStore
    from tests.vulndb.factory import mark_current
    from tests.vulndb.test_scan import ADVISORIES

    src = tmp_path_factory.mktemp("osv")
    for name, doc in ADVISORIES.items():
        (src / name).write_text(json.dumps(doc))
    path = tmp_path_factory.mktemp("db") / "osv.sqlite3"
    with OsvStore(path) as store:
        store.import_source(src)
    mark_current(path)  # the advisories stand for today's data (see test_freshness for age)
    return path


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path_factory: pytest.TempPathFactory, osv_db: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never share or pollute the user's result cache or vulnerability database.
    monkeypatch.setenv("MARGO_SSDF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("MARGO_SSDF_DB", str(osv_db))
    monkeypatch.delenv("CI", raising=False)


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full_env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org",
                **(env or {})}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=full_env, timeout=60).stdout


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SSH key for signing test commits (git's ssh signing format)."""
    key = tmp_path_factory.mktemp("key") / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)],
                   check=True, timeout=60)
    return key


DECLARATIONS = "\n".join(
    f"## {t}\nWe do this." for t in (
        "PO.1.1", "PO.1.2", "PO.1.3", "PO.2.2", "PO.2.3", "PO.3.1", "PO.4.1", "PO.5.2",
        "PW.1.3", "PW.4.2", "PW.6.1", "PW.6.2", "PW.7.1", "PW.8.1", "RV.3.1", "RV.3.2",
        "RV.3.4"))


@functools.cache
def _project_signing_key() -> Path:
    """One SSH key for every make_project repository of the session (ssh-keygen runs once)."""
    key = Path(tempfile.mkdtemp(prefix="margo-ssdf-test-key-")) / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)],
                   check=True, timeout=60)
    return key


def _commit_signed(root: Path) -> None:
    """Make `root` a git repository whose one commit is signed by a key it trusts."""
    key = _project_signing_key()
    (root / ".margo-ssdf").mkdir(exist_ok=True)
    (root / ".margo-ssdf" / "allowed_signers").write_text(
        f't@example.org namespaces="git" {(key.parent / "id_ed25519.pub").read_text()}')
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "gpg.format", "ssh")
    git(root, "config", "user.signingkey", f"{key}.pub")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-S", "-m", "release")


def make_project(root: Path, *, compliant: bool = True, in_git: bool = True) -> Path:
    """A small project, compliant under the default policy when `compliant`.

    In git by default, with one commit signed by a key its `.margo-ssdf/allowed_signers`
    trusts: PS.1.1 needs history, and a plain directory cannot show any (`in_git=False`).
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "app.py").write_text("print('hello')\n")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1.0.0"\nauthors = [{name = "Demo"}]\n'
        'dependencies = ["click==8.1.7"]\n')
    if compliant:
        (root / "SECURITY.md").write_text("Report vulnerabilities privately.\n")
        (root / "CODEOWNERS").write_text("* @team\n")
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / "SSDF.md").write_text(DECLARATIONS)
        (root / "THREAT_MODEL.md").write_text(
            "# Threat model\n\n| ID | Threat | Priority | Status |\n|----|----|----|----|\n"
            "| T1 | Tampered release | High | Mitigated |\n")
        (root / "test-results").mkdir(exist_ok=True)
        (root / "test-results" / "junit.xml").write_text(
            '<testsuite name="demo" tests="1" failures="0" errors="0" skipped="0">'
            '<testcase classname="demo" name="test_ok"/></testsuite>\n')
    if in_git:
        _commit_signed(root)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


@pytest.fixture
def signed_repo(tmp_path: Path, signing_key: Path) -> Iterator[Path]:
    """A compliant project in git with two signed commits."""
    root = make_project(tmp_path / "repo", in_git=False)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "gpg.format", "ssh")
    git(root, "config", "user.signingkey", f"{signing_key}.pub")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-S", "-m", "first")
    (root / "more.py").write_text("x = 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-S", "-m", "second")
    yield root


@pytest.fixture(scope="session")
def sarif_schema() -> dict[str, object]:
    """The official SARIF 2.1.0 schema from ../shared/corpora (skips when absent)."""
    import json

    path = CORPORA / "schemas" / "sarif-schema-2.1.0.json"
    if not path.is_file():
        pytest.skip("../shared/corpora/schemas is not present")
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def validate_sarif(log: object, schema: dict[str, object]) -> None:
    import jsonschema

    jsonschema.Draft4Validator(schema).validate(log)
