"""The release's scope: examples, docs, tests, test data and vendored manifests are not the
release's by default; `release.include` re-admits, `release.exclude` leaves more out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from margo_ssdf.discovery import ReleaseScope, discover
from margo_ssdf.discovery.dependencies import Ecosystem, inventory
from margo_ssdf.discovery.scope import Decision, matches, pattern_problem
from tests.discovery.release_fixtures import (
    EXAMPLE_REQUIREMENTS,
    EXAMPLE_RULE,
    flask_like,
    go_with_testdata,
)
from tests.discovery.test_dependencies import write


@pytest.mark.parametrize(("rel", "pattern", "expected"), [
    ("examples/celery/requirements.txt", "**/examples/**", True),
    ("a/b/examples/requirements.txt", "**/examples/**", True),
    ("myexamples/requirements.txt", "**/examples/**", False),
    ("examples.txt", "**/examples/**", False),
    ("examples/celery/requirements.txt", "examples/**", True),
    ("pkg/examples/requirements.txt", "examples/**", False),  # a '/' anchors at the root
    ("pkg/legacy/requirements.txt", "legacy", True),  # no '/': a name at any depth
    ("pkg/legacy/requirements.txt", "legacy/", True),  # a trailing '/' does not anchor
    ("legacy/sub/requirements.txt", "legacy/*", True),  # a matched directory takes its files
    ("tools/requirements-dev.txt", "requirements-*.txt", True),
    ("tools/requirements-dev.txt", "tools/requirements-[dp]*.txt", True),
    ("tools/requirements-x.txt", "tools/requirements-[!x]*.txt", False),
    ("tools/a[b.txt", "tools/a[b.txt", True),  # an unclosed '[' is itself
    ("a/b/go.mod", "a/*.mod", False),  # '*' stays within one directory
])
def test_patterns_are_gitignore_style(rel: str, pattern: str, expected: bool) -> None:
    assert matches(rel, pattern) is expected


def test_manifests_under_the_default_directories_are_skipped_with_their_rule() -> None:
    files = ["uv.lock", "pyproject.toml", EXAMPLE_REQUIREMENTS, "docs/requirements.txt",
             "tests/requirements.txt", "test/go.mod", "pkg/foo/testdata/go.mod",
             "vendor/github.com/x/y/go.mod", "contest/requirements.txt"]
    split = ReleaseScope().split(files)
    assert split.kept == ("uv.lock", "pyproject.toml", "contest/requirements.txt")
    assert {d.manifest: d.rule for d in split.skipped} == {
        EXAMPLE_REQUIREMENTS: EXAMPLE_RULE,
        "docs/requirements.txt": "default '**/docs/**'",
        "tests/requirements.txt": "default '**/tests/**'",
        "test/go.mod": "default '**/test/**'",
        "pkg/foo/testdata/go.mod": "default '**/testdata/**'",
        "vendor/github.com/x/y/go.mod": "default '**/vendor/**'"}
    assert split.readmitted == ()


def test_include_readmits_and_exclude_wins_over_include() -> None:
    scope = ReleaseScope(include=("examples/**", "uv.lock"),
                         exclude=("examples/old/**", "tools/requirements.txt"))
    split = scope.split([EXAMPLE_REQUIREMENTS, "examples/old/requirements.txt", "uv.lock",
                         "tools/requirements.txt"])
    assert split.kept == (EXAMPLE_REQUIREMENTS, "uv.lock")
    # Only a manifest a default rule left out counts as re-admitted.
    assert split.readmitted == (Decision(EXAMPLE_REQUIREMENTS, "release.include 'examples/**'"),)
    assert split.skipped == (
        Decision("examples/old/requirements.txt", "release.exclude 'examples/old/**'"),
        Decision("tools/requirements.txt", "release.exclude 'tools/requirements.txt'"))
    assert scope.without_exclude() == ReleaseScope(include=("examples/**", "uv.lock"))


@pytest.mark.parametrize(("pattern", "words"), [
    ("", "must name a path"), ("/", "must name a path"), ("a\\b", "use '/'"),
    ("../other/**", "'..' never matches"),
])
def test_unusable_patterns_are_named(pattern: str, words: str) -> None:
    assert words in (pattern_problem(pattern) or "")


def test_flask_like_inventory_is_the_release_only(tmp_path: Path) -> None:
    inv = inventory(discover(flask_like(tmp_path)))
    assert {d.key for d in inv.dependencies} == {"click", "itsdangerous", "pytest"}
    assert [c.name for c in inv.components] == ["flask"]
    assert inv.manifests == ["pyproject.toml", "uv.lock"]
    assert {d.manifest: d.rule for d in inv.skipped} == {
        EXAMPLE_REQUIREMENTS: EXAMPLE_RULE,
        "examples/celery/pyproject.toml": EXAMPLE_RULE,
        "docs/requirements.txt": "default '**/docs/**'",
        "tests/test_apps/requirements.txt": "default '**/tests/**'"}
    assert json.loads(json.dumps(inv.scope_json()))["skipped"][0] == {
        "manifest": "docs/requirements.txt", "rule": "default '**/docs/**'"}


def test_flask_like_example_is_back_when_included(tmp_path: Path) -> None:
    root = flask_like(tmp_path)
    inv = inventory(discover(root, release=ReleaseScope(include=("examples/**",))))
    requests = [d for d in inv.dependencies if d.key == "requests"]
    assert [(d.version, d.source) for d in requests] == [("2.19.0", EXAMPLE_REQUIREMENTS)]
    assert EXAMPLE_REQUIREMENTS in inv.manifests
    assert [d.manifest for d in inv.readmitted] == ["examples/celery/pyproject.toml",
                                                    EXAMPLE_REQUIREMENTS]


def test_go_testdata_and_vendor_modules_are_not_the_release(tmp_path: Path) -> None:
    inv = inventory(discover(go_with_testdata(tmp_path)))
    assert [(c.name, c.go_version) for c in inv.components] == [("example.com/agent",
                                                                  "1.22.0")]
    assert [(d.name, d.version) for d in inv.dependencies] == [("golang.org/x/text",
                                                                "v0.14.0")]
    assert {d.manifest: d.rule for d in inv.skipped} == {
        "testdata/go.mod": "default '**/testdata/**'",
        "pkg/foo/testdata/go.mod": "default '**/testdata/**'",
        "vendor/golang.org/x/net/go.mod": "default '**/vendor/**'"}
    back = inventory(discover(tmp_path, release=ReleaseScope(include=("**/testdata/**",))))
    assert {d.name for d in back.dependencies if d.ecosystem is Ecosystem.GO} == {
        "golang.org/x/text", "golang.org/x/net"}


def test_release_exclude_leaves_a_root_manifest_out(tmp_path: Path) -> None:
    root = write(tmp_path, {"requirements.txt": "click==8.1.7\n",
                            "tools/requirements.txt": "black==24.1.0\n"})
    inv = inventory(discover(root, release=ReleaseScope(exclude=("tools",))))
    assert [d.key for d in inv.dependencies] == ["click"]
    assert [(d.manifest, d.rule) for d in inv.skipped] == [("tools/requirements.txt",
                                                            "release.exclude 'tools'")]


PIPFILE_LOCK = {
    "_meta": {"hash": {"sha256": "x"}},
    "default": {"requests": {"version": "==2.19.0", "hashes": ["sha256:aa"]},
                "urllib3": {"version": "==1.23"},
                "mylib": {"git": "https://example.org/mylib.git", "ref": "abc"}},
    "develop": {"pytest": {"version": "==8.3.3"}},
}


def test_pipfile_lock_is_read_and_its_pipfile_says_what_is_direct(tmp_path: Path) -> None:
    root = write(tmp_path, {"Pipfile.lock": json.dumps(PIPFILE_LOCK),
                            "Pipfile": '[packages]\nrequests = "*"\n\n[dev-packages]\n'
                                       'pytest = "*"\n',
                            "examples/Pipfile.lock": json.dumps(PIPFILE_LOCK)})
    inv = inventory(discover(root))
    deps = {d.key: d for d in inv.dependencies}
    assert {k: (d.version, d.direct, d.scope) for k, d in deps.items()} == {
        "requests": ("2.19.0", True, "required"), "urllib3": ("1.23", False, "required"),
        "pytest": ("8.3.3", True, "dev")}
    assert deps["requests"].hashes == ("sha256:aa",)
    assert [str(p) for p in inv.problems] == [
        "Pipfile.lock: default.mylib has no exact version (a VCS, path or unpinned entry)"]
    assert [d.manifest for d in inv.skipped] == ["examples/Pipfile.lock"]


def test_a_broken_pipfile_lock_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    root = write(tmp_path, {"Pipfile.lock": "{not json", "sub/Pipfile.lock": '{"default": []}'})
    problems = [str(p) for p in inventory(discover(root)).problems]
    assert problems[0].startswith("Pipfile.lock: not valid JSON")
    assert problems[1].startswith("sub/Pipfile.lock: default must be a table")
