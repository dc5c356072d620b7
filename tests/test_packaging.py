"""The built wheel carries the rules and the catalogue, and works without the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(REPO)], check=True, timeout=300)
    return next(out.glob("margo_ssdf-*.whl"))


def test_wheel_contains_rules_catalogue_and_entry_points(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "margo_ssdf/_rules/policy/default.yaml" in names
    assert "margo_ssdf/data/ssdf-1.1.yaml" in names
    shipped = {n.removeprefix("margo_ssdf/_rules/") for n in names
               if n.startswith("margo_ssdf/_rules/")}
    in_tree = {p.relative_to(REPO / "rules").as_posix()
               for p in (REPO / "rules").rglob("*") if p.is_file()}
    assert in_tree <= shipped  # everything under rules/ ships
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "repo.hygiene = margo_ssdf.checks.repo_hygiene:RepoHygiene" in text
    assert "margo-ssdf = margo_ssdf.cli:main" in text


def test_installed_wheel_finds_its_rules_outside_the_checkout(
        wheel: Path, tmp_path: Path, project: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = ("import margo_ssdf, margo_ssdf.resources as r; "
            "print(margo_ssdf.__file__); print(r.rules_dir())")
    where = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                           capture_output=True, text=True, timeout=60).stdout.split()
    assert where[0].startswith(str(target)) and where[1] == str(target / "margo_ssdf/_rules")
    proc = subprocess.run([sys.executable, "-m", "margo_ssdf", "practices", "--format", "json",
                           str(project)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["tasks"]) == 42
    proc = subprocess.run([sys.executable, "-m", "margo_ssdf", "verify", str(project)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
