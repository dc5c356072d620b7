"""SLSA provenance names the source by a valid absolute URI and the project by its own name."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from margo_ssdf.attest import provenance
from margo_ssdf.discovery import discover
from tests.conftest import git

T = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(("remote", "uri"), [
    ("https://github.com/o/r.git", "git+https://github.com/o/r.git"),
    ("https://user:token@github.com/o/r", "git+https://github.com/o/r"),  # no credentials
    ("git+https://github.com/o/r", "git+https://github.com/o/r"),
    ("git@github.com:o/r.git", "git+ssh://github.com/o/r.git"),
    ("file:///srv/git/r.git", "file:///srv/git/r.git"),
    ("/srv/git/r.git", "file:///srv/git/r.git"),
])
def test_remote_becomes_an_absolute_uri(remote: str, uri: str) -> None:
    assert provenance.source_uri(remote, Path("/work/tree")) == uri


def test_relative_local_remote_is_resolved_against_the_work_tree(tmp_path: Path) -> None:
    assert provenance.source_uri("../upstream", tmp_path / "tree") == \
        (tmp_path / "upstream").resolve().as_uri()


def _repo(root: Path, origin: str | None) -> Path:
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "demo-pkg"\nversion = "1.0"\n')
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", "first")
    if origin:
        git(root, "remote", "add", "origin", origin)
    return root


def test_local_origin_is_a_file_uri_and_the_project_its_package_name(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream.git"
    root = _repo(tmp_path / "checkout-dir", str(upstream))
    body = provenance.predicate(discover(root), started=T, finished=T, env={}, lockfiles=[])
    source = body["buildDefinition"]["resolvedDependencies"][0]
    assert source["uri"] == upstream.resolve().as_uri()  # was the non-URI git+/path
    assert source["uri"].startswith("file:///")
    assert body["buildDefinition"]["externalParameters"]["project"] == "demo-pkg"


def test_no_origin_names_the_work_tree_by_file_uri(tmp_path: Path) -> None:
    root = _repo(tmp_path / "tree", None)
    body = provenance.predicate(discover(root), started=T, finished=T, env={}, lockfiles=[])
    assert body["buildDefinition"]["resolvedDependencies"][0]["uri"] == root.resolve().as_uri()
