"""`--format json` on the commands whose text result is a summary, and shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from margo_ssdf.cli import main


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = json.loads(out)  # stdout holds exactly one JSON object, nothing else
    assert isinstance(doc, dict)
    return doc


def test_keygen_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json(capsys, "keygen", "--out", str(tmp_path / "rel"), "--format", "json")
    assert doc["public_key"] == str(tmp_path / "rel.pub")
    assert Path(str(doc["private_key"])).is_file()
    assert doc["kind"] == "ecdsa-p256" and isinstance(doc["keyid"], str) and doc["keyid"]


def test_keygen_text_keeps_stdout_empty(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keygen", "--out", str(tmp_path / "k")]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "Wrote" in err


def _advisories(tmp_path: Path) -> Path:
    from tests.vulndb.test_scan import ADVISORIES

    src = tmp_path / "osv"
    src.mkdir()
    for name, doc in ADVISORIES.items():
        (src / name).write_text(json.dumps(doc))
    return src


def test_db_import_and_export_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db.sqlite3"
    src = _advisories(tmp_path)
    doc = _json(capsys, "db", "import", str(src), "--db", str(db), "--format", "json")
    assert doc["database"] == str(db)
    imports = doc["imports"]
    assert isinstance(imports, list) and imports[0]["source"] == str(src)
    assert imports[0]["added"] == len(list(src.iterdir())) and imports[0]["rejected"] == 0
    out = tmp_path / "govulndb"
    doc = _json(capsys, "db", "export", str(out), "--db", str(db), "--summary-format", "json")
    assert doc["url"] == out.resolve().as_uri() and doc["format"] == "govulncheck"
    assert isinstance(doc["advisories"], int) and doc["advisories"] > 0


def test_sbom_summary_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "1.0"\n'
                                         'dependencies = ["click==8.1.7"]\n')
    bom = tmp_path / "bom.json"
    doc = _json(capsys, "sbom", str(root), "-o", str(bom), "--summary-format", "json")
    assert doc["release"] == {"name": "demo", "version": "1.0", "purl": "pkg:pypi/demo@1.0"}
    assert doc["output"] == str(bom) and doc["format"] == "json"
    # The score counts the release's own component (metadata.component) as well.
    assert doc["components"] == len(json.loads(bom.read_text())["components"]) + 1
    assert isinstance(doc["ntia"], dict) and doc["ntia"]


@pytest.mark.parametrize(("shell", "marker"), [
    ("bash", "complete -o nosort -F"), ("zsh", "#compdef margo-ssdf"),
    ("fish", "complete --no-files --command margo-ssdf")])
def test_completion_script_is_produced(shell: str, marker: str) -> None:
    env = {**os.environ, "_MARGO_SSDF_COMPLETE": f"{shell}_source"}
    done = subprocess.run([sys.executable, "-c",
                           "import sys; from margo_ssdf.cli import cli; "
                           "sys.argv[0] = 'margo-ssdf'; cli(prog_name='margo-ssdf')"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout
    assert "_MARGO_SSDF_COMPLETE" in done.stdout  # the script calls back into us
