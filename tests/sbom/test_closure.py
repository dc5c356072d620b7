"""The release's part of an installed environment: its dependency closure."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from margo_ssdf.discovery import discover
from margo_ssdf.discovery.dependencies import inventory
from margo_ssdf.sbom.closure import release_closure, release_environment


class FakeDist(metadata.Distribution):
    """An installed distribution made of a METADATA text."""

    def __init__(self, name: str, version: str, *requires: str, extras: tuple[str, ...] = ()):
        lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
        lines += [f"Provides-Extra: {e}" for e in extras]
        lines += [f"Requires-Dist: {r}" for r in requires]
        self._text = "\n".join(lines) + "\n"

    def read_text(self, filename: str) -> str | None:
        return self._text if filename == "METADATA" else None

    def locate_file(self, path):  # type: ignore[no-untyped-def]
        return path


VENV = [
    FakeDist("demo", "1.0", "requests>=2", "rich ; python_version >= '3'",
             "colorama ; sys_platform == 'nonexistent'", "pytest ; extra == 'test'",
             "sphinx ; extra == 'docs'", extras=("test", "docs")),
    FakeDist("requests", "2.32.0", "urllib3<3", "PySocks ; extra == 'socks'", extras=("socks",)),
    FakeDist("urllib3", "2.2.0"),
    FakeDist("rich", "13.7.0", "pygments"),
    FakeDist("pygments", "2.18.0"),
    FakeDist("pytest", "8.3.0", "pluggy"),
    FakeDist("pluggy", "1.5.0"),
    # Installed, but nobody in the release needs them.
    FakeDist("pip", "24.0"),
    FakeDist("setuptools", "65.5.0"),
    FakeDist("colorama", "0.4.6"),
]


def names(dists: list[metadata.Distribution]) -> list[str]:
    return [str(d.metadata["Name"]) for d in dists]


def test_closure_follows_requirements_markers_and_installed_extras() -> None:
    # demo's `test` extra is installed (pytest is present), `docs` is not (no sphinx);
    # requests' `socks` extra is not installed; colorama's marker is false here.
    assert sorted(names(release_closure(["demo"], VENV))) == [
        "demo", "pluggy", "pygments", "pytest", "requests", "rich", "urllib3"]
    assert "pip" not in names(release_closure(["demo"], VENV))


def test_the_project_not_installed_starts_from_its_manifest(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        '[project]\nname = "other"\nversion = "0.1"\ndependencies = ["rich>=13"]\n'
        '[project.optional-dependencies]\ncli = ["requests"]\ngui = ["pyqt6"]\n'
        '[dependency-groups]\ndev = ["pytest"]\n')
    found = names(release_environment(inventory(discover(root)), VENV))
    # rich and its needs; the installed optional `requests` and its needs; not pip or pytest.
    assert sorted(found) == ["pygments", "requests", "rich", "urllib3"]
