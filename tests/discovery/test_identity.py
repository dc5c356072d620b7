"""One project name and one version: the package's own, as its build backend would stamp it."""

from __future__ import annotations

from pathlib import Path

import pytest

from margo_ssdf.discovery import discover
from margo_ssdf.discovery.identity import identity_of, project_name
from margo_ssdf.sbom.release import release_of
from tests.conftest import git


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _tagged_repo(root: Path, tag: str | None) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", "first")
    if tag:
        git(root, "tag", tag)


HATCH = ('[project]\nname = "Demo_App"\ndynamic = ["version"]\n'
         '[tool.hatch.version]\npath = "src/demo/__init__.py"\n')


def test_hatch_dynamic_version_wins_over_git_describe(tmp_path: Path) -> None:
    # The issue: an untagged commit gave 0.0.0+g<sha> for a wheel that says 0.1.0.
    root = _write(tmp_path / "checkout", {"pyproject.toml": HATCH,
                                          "src/demo/__init__.py": '__version__ = "0.1.0"\n'})
    _tagged_repo(root, None)
    ident = identity_of(discover(root))
    assert (ident.name, ident.version) == ("Demo_App", "0.1.0")
    assert ident.version_source == "hatch:src/demo/__init__.py"
    assert ident.purl == "pkg:pypi/demo-app@0.1.0"


def test_hatch_custom_pattern(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "pyproject.toml": HATCH + "pattern = \"REL = '(?P<version>[^']+)'\"\n",
        "src/demo/__init__.py": "REL = '2.0.1'\n"})
    assert identity_of(discover(root)).version == "2.0.1"


def test_setuptools_attr_in_src_layout(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "pyproject.toml": '[project]\nname = "demo"\ndynamic = ["version"]\n'
                          '[tool.setuptools.dynamic]\nversion = {attr = "demo.__version__"}\n',
        "src/demo/__init__.py": "__version__ = '3.4'\n"})
    ident = identity_of(discover(root))
    assert (ident.version, ident.version_source) == ("3.4", "setuptools:demo.__version__")


def test_dynamic_version_of_an_installed_distribution() -> None:
    # setuptools-scm and the like: the version exists only in the installed metadata, and it is
    # this project's only when pip installed it from this directory (our editable install).
    import margo_ssdf
    from margo_ssdf.discovery.identity import _installed_version

    repo = Path(margo_ssdf.__file__).resolve().parents[1]
    assert _installed_version("margo-ssdf", repo) == margo_ssdf.__version__


def test_a_same_named_package_installed_from_an_index_is_not_this_project(
        tmp_path: Path) -> None:
    # The review's case: a project named like a package in margo-ssdf's own venv.
    root = _write(tmp_path, {"pyproject.toml": '[project]\nname = "pytest"\n'
                                               'dynamic = ["version"]\n'})
    ident = identity_of(discover(root))
    assert ident.version is None and ident.version_source == "none"


@pytest.mark.parametrize("pyproject", [
    'project = "x"\n',
    '[project]\nname = "d"\n[tool]\nhatch = 5\n',
    '[project]\nname = "d"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = 3\n',
    '[project]\nname = "d"\n[tool.hatch.version]\npath = "v.py"\npattern = "(?P<version"\n',
])
def test_malformed_tables_are_no_version_not_a_crash(tmp_path: Path, pyproject: str) -> None:
    _write(tmp_path, {"pyproject.toml": pyproject, "v.py": "__version__ = '1'\n"})
    assert identity_of(discover(tmp_path)).version is None


def test_version_files_outside_the_project_or_not_a_version_are_not_read(
        tmp_path: Path) -> None:
    outside = _write(tmp_path / "outside", {"VERSION": "9.9.9\n", "bin": "\x00\xff"})
    for where in (str(outside / "VERSION"), "../outside/VERSION", "../outside/bin"):
        root = _write(tmp_path / "p", {"pyproject.toml": (
            '[project]\nname = "d"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\n'
            f'version = {{file = "{where}"}}\n')})
        assert identity_of(discover(root)).version is None, where
    inside = _write(tmp_path / "q", {"VERSION": "1.2.3\n", "pyproject.toml": (
        '[project]\nname = "d"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\n'
        'version = {file = "VERSION"}\n')})
    assert identity_of(discover(inside)).version == "1.2.3"


def test_static_version_is_kept_even_on_another_tag(tmp_path: Path) -> None:
    root = _write(tmp_path, {"pyproject.toml": '[project]\nname = "demo"\nversion = "1.2.0"\n'})
    _tagged_repo(root, "v9.9.9")
    assert identity_of(discover(root)).version == "1.2.0"


def test_go_module_is_named_by_its_path_and_versioned_by_its_tag(tmp_path: Path) -> None:
    root = _write(tmp_path / "agent-src", {"go.mod": "module example.com/agent\n\ngo 1.22\n"})
    _tagged_repo(root, "v1.4.0")
    ident = identity_of(discover(root))
    assert (ident.name, ident.version, ident.version_source) == (
        "example.com/agent", "v1.4.0", "git tag")
    assert ident.purl == "pkg:golang/example.com/agent@v1.4.0"


def test_git_describe_only_when_nothing_else_exists(tmp_path: Path) -> None:
    root = _write(tmp_path / "plain", {"a.sh": "echo\n"})
    _tagged_repo(root, None)
    ident = identity_of(discover(root))
    assert ident.name == "plain" and ident.purl is None
    assert ident.version_source == "git describe"
    assert ident.version is not None and ident.version.startswith("0.0.0+g")


def test_no_version_at_all(tmp_path: Path) -> None:
    root = _write(tmp_path / "bare", {"a.sh": "echo\n"})
    ident = identity_of(discover(root))
    assert (ident.name, ident.version, ident.version_source) == ("bare", None, "none")


def test_sbom_release_and_project_name_agree(tmp_path: Path) -> None:
    root = _write(tmp_path / "checkout", {"pyproject.toml": HATCH,
                                          "src/demo/__init__.py": '__version__ = "0.1.0"\n'})
    release = release_of(discover(root))
    assert (release.name, release.version) == ("Demo_App", "0.1.0")
    assert project_name(root) == release.name  # the run summary's and compliance's name
