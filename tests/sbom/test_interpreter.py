"""`sbom --python PATH`: the environment of another interpreter, as cyclonedx-py reads it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from margo_ssdf.cli import main
from margo_ssdf.sbom.build import SbomError
from margo_ssdf.sbom.interpreter import interpreter_environment


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second venv (no pip, nothing from the network) holding a hand-written distribution."""
    root = tmp_path_factory.mktemp("other") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True,
                   timeout=120)
    python = root / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"], check=True,
                               capture_output=True, text=True, timeout=60).stdout.strip())
    info = site / "onlyhere-4.2.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: onlyhere\nVersion: 4.2.0\n")
    return python


def test_reads_the_other_interpreters_distributions(venv: Path) -> None:
    names = {d.metadata["Name"]: d.version for d in interpreter_environment(venv)}
    assert names == {"onlyhere": "4.2.0"}  # not ours: click, pydantic... are absent


def test_sbom_python_lists_the_other_environment(venv: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "1.0"\n'
                                         'dependencies = ["onlyhere"]\n')
    bom = tmp_path / "bom.json"
    assert main(["sbom", str(root), "-o", str(bom), "--python", str(venv)]) == 0, \
        capsys.readouterr().err
    purls = {c.get("purl") for c in json.loads(bom.read_text())["components"]}
    # The range-only requirement got its version from the other interpreter's environment.
    assert "pkg:pypi/onlyhere@4.2.0" in purls


def test_not_an_interpreter_is_an_error_naming_it(tmp_path: Path) -> None:
    script = tmp_path / "python"
    script.write_text("#!/bin/sh\necho nope\n")
    script.chmod(0o755)
    with pytest.raises(SbomError, match="did not report its import path") as exc:
        interpreter_environment(script)
    assert exc.value.fix and "--python" in exc.value.fix
    with pytest.raises(SbomError, match="no such interpreter"):
        interpreter_environment(tmp_path / "missing")


def test_the_sbom_checks_python_option_reads_that_environment(
        venv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`checks.sbom.options.python` in .margo-ssdf.yaml does what `sbom --python` does."""
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "1.0"\n'
                                         'dependencies = ["onlyhere"]\n')
    (root / ".margo-ssdf.yaml").write_text(
        f"checks:\n  sbom:\n    options: {{python: {json.dumps(str(venv))}}}\n")
    out = tmp_path / "out"
    main(["run", str(root), "--out", str(out), "--check", "sbom", "--format", "json"])
    summary = json.loads(capsys.readouterr().out)
    (result,) = summary["results"]
    assert result["outcome"] != "error", result
    bom = json.loads(next(out.rglob("sbom.cdx.json")).read_text())
    assert "pkg:pypi/onlyhere@4.2.0" in {c.get("purl") for c in bom["components"]}


def test_a_relative_python_on_the_command_line_is_the_callers(
        venv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "1.0"\n'
                                         'dependencies = ["onlyhere"]\n')
    monkeypatch.chdir(venv.parents[2])
    relative = venv.relative_to(venv.parents[2])
    assert main(["sbom", str(root), "-o", str(tmp_path / "bom.json"),
                 "--python", str(relative)]) == 0, capsys.readouterr().err
