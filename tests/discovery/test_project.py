"""The walk records what each of the configuration's exclude patterns removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from margo_ssdf.discovery import discover
from margo_ssdf.errors import UsageError


def _tree(root: Path, *files: str) -> Path:
    for rel in files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x\n")
    return root


def test_each_pattern_is_recorded_with_the_files_it_removed(tmp_path: Path) -> None:
    root = _tree(tmp_path, "README.md", "src/a.py", "src/pkg/b.py", "uv.lock", "docs/uv.lock",
                 "gen/c.pb.go")
    project = discover(root, ["src", "uv.lock", "*.pb.go", "nothing-here"])
    assert project.files == ("README.md",)
    assert project.excluded == {"src": ("src/a.py", "src/pkg/b.py"),
                                "uv.lock": ("docs/uv.lock", "uv.lock"),
                                "*.pb.go": ("gen/c.pb.go",), "nothing-here": ()}


def test_a_file_under_two_patterns_is_counted_under_both(tmp_path: Path) -> None:
    root = _tree(tmp_path, "keep.txt", "src/a.py")
    project = discover(root, ["src", "*.py"])
    assert project.excluded == {"src": ("src/a.py",), "*.py": ("src/a.py",)}
    assert project.unexcluded().files == ("keep.txt", "src/a.py")


def test_patterns_match_directories_by_path_as_the_walk_always_did(tmp_path: Path) -> None:
    root = _tree(tmp_path, "keep.txt", "a/third_party/x.py", "third_party/y.py", "a/b/z.py")
    project = discover(root, ["a/b", "third_party"])
    assert project.files == ("keep.txt",)
    assert project.excluded["third_party"] == ("a/third_party/x.py", "third_party/y.py")
    assert project.excluded["a/b"] == ("a/b/z.py",)


def test_built_in_excludes_are_not_walked_or_counted(tmp_path: Path) -> None:
    root = _tree(tmp_path, "app.py", ".venv/lib/x.py", "node_modules/m/i.js")
    project = discover(root)
    assert project.files == ("app.py",) and project.excluded == {}
    assert project.unexcluded().files == ("app.py",)


def test_excluding_everything_is_still_refused(tmp_path: Path) -> None:
    root = _tree(tmp_path, "src/a.py")
    with pytest.raises(UsageError, match="no files to check"):
        discover(root, ["src"])


def test_a_project_stays_hashable(tmp_path: Path) -> None:
    project = discover(_tree(tmp_path, "a.py", "b/c.py"), ["b"])
    assert hash(project) == hash(discover(tmp_path, ["b"]))
