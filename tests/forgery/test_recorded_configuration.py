"""Issue #15, attack 2: `exclude:` patterns that hide the source tree and the lockfile.

Before: the excludes were in no digest and no statement; bandit and semgrep had nothing to scan,
so the SAST tasks became `not_applicable`, the dependency audit audited nothing, and the release
was attested and audited `compliant` with `eval`, `shell=True`, a hard-coded password and a
known-vulnerable `requests` in it. Now the statement lists every exclude with the files it
removed and the checks it kept them from, the policy fails the tasks of a check whose files
were hidden, and audit and every report format show it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest.signers import SignMode
from margo_ssdf.cli import main
from margo_ssdf.errors import ExitCode
from tests.conftest import make_project

Attacked = dict[str, Any]
SAST_TASKS = ("PW.5.1", "PW.7.2", "RV.1.2")
DEPS_TASKS = ("PW.4.1", "PW.4.4", "RV.1.1")
HIDING = "exclude: [src, requirements.txt]\n"


def _attack_project(root: Path) -> Path:
    make_project(root)
    (root / "app.py").unlink()  # all the code is under src/, which the excludes hide
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text(
        "import subprocess\n\nPASSWORD = 'hunter2hunter2'\n\n\n"
        "def run(cmd):\n    subprocess.call(cmd, shell=True)\n    return eval(cmd)\n")
    (root / "requirements.txt").write_text("requests==2.19.0\n")  # PYSEC-2018-28, high
    (root / ".margo-ssdf.yaml").write_text(HIDING)
    return root


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Attacked:
    base = tmp_path_factory.mktemp("forgery-config")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(base / "cache"))
        root = _attack_project(base / "proj")
        artifact = base / "demo-1.0.0.tar.gz"
        artifact.write_bytes(b"release")
        assert main(["keygen", "--out", str(base / "k")]) == 0
        out = base / "out"
        code = main(["attest", str(root), "--artifact", str(artifact), "--sign", "key",
                     "--key", str(base / "k.key"), "--out", str(out)])
    signed = next(out.glob("*.dsse.json"))
    payload = json.loads(base64.b64decode(json.loads(signed.read_text())["payload"]))
    return {"code": code, "base": base, "out": out, "signed": signed,
            "predicate": payload["predicate"], "statement": payload, "artifact": artifact}


def _states(predicate: Attacked) -> dict[str, str]:
    return {t["task_id"]: t["state"] for t in predicate["tasks"]}


def test_hiding_the_code_and_the_lockfile_is_not_compliant(attacked: Attacked) -> None:
    predicate = attacked["predicate"]
    assert attacked["code"] == ExitCode.NOT_COMPLIANT
    assert predicate["verdict"] == "not_compliant"
    states = _states(predicate)
    # Fail closed: a check left with nothing to look at by an exclude is not "not applicable".
    assert {t: states[t] for t in SAST_TASKS} == dict.fromkeys(SAST_TASKS, "not_satisfied")
    assert {t: states[t] for t in DEPS_TASKS} == dict.fromkeys(DEPS_TASKS, "not_satisfied")
    reasons = " ".join(predicate["reasons"])
    assert ("sast.bandit: no files to scan (.py) after excludes; the configuration's excludes "
            "kept 1 file(s) it would read from it (policy maximum 0)") in reasons
    assert "deps.audit: " in reasons and "kept 1 file(s) it would read" in reasons


def test_the_statement_lists_each_exclude_with_what_it_removed(attacked: Attacked) -> None:
    config = attacked["predicate"]["configuration"]
    by_pattern = {e["pattern"]: e for e in config["exclude"]}
    assert by_pattern["src"] == {"pattern": "src", "source": ".margo-ssdf.yaml", "files": 1,
                                 "checks": {"sast.bandit": 1, "sast.semgrep": 1}}
    assert by_pattern["requirements.txt"]["files"] == 1
    assert by_pattern["requirements.txt"]["checks"] == {"deps.audit": 1, "sbom": 1,
                                                       "vuln.response": 1}
    assert config["excluded_inputs"] == {"sast.bandit": 1, "sast.semgrep": 1, "deps.audit": 1,
                                         "sbom": 1, "vuln.response": 1}
    checks = {c["check_id"]: c for c in attacked["predicate"]["checks"]}
    assert checks["sast.bandit"]["outcome"] == "skipped"
    assert checks["sast.bandit"]["excluded_inputs"] == 1
    assert config["file"] == ".margo-ssdf.yaml"
    assert config["file_sha256"] is not None


def test_audit_shows_the_excludes(attacked: Attacked, capsys: pytest.CaptureFixture[str]) -> None:
    base = attacked["base"]
    code = main(["audit", str(attacked["signed"]), "--key", str(base / "k.pub"),
                 "--evidence-dir", str(attacked["out"]), "--format", "json"])
    shown = json.loads(capsys.readouterr().out)
    step = next(s for s in shown["steps"] if s["name"] == "configuration")
    assert step["ok"] is True
    assert ("'src' (.margo-ssdf.yaml) removed 1 file(s), kept from sast.bandit 1, "
            "sast.semgrep 1") in step["detail"]
    assert "'requirements.txt' (.margo-ssdf.yaml) removed 1 file(s)" in step["detail"]
    assert shown["verdict"] == "not_compliant"
    assert code == ExitCode.VERIFIED_NOT_COMPLIANT  # verified, and judged not compliant


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_every_report_format_shows_the_excludes(attacked: Attacked, fmt: str,
                                                tmp_path: Path) -> None:
    base = attacked["base"]
    out = tmp_path / f"report.{fmt}"
    main(["report", str(attacked["signed"]), "--key", str(base / "k.pub"), "--evidence-dir",
          str(attacked["out"]), "--format", fmt, "-o", str(out)])
    text = out.read_text()
    assert "2 exclude patterns removed 2 files" in text
    assert "0 findings triaged as false positive, 0 accepted risks" in text
    assert "sast.bandit 1, sast.semgrep 1" in text  # the checks 'src' kept its file from
    assert "deps.audit 1, sbom 1, vuln.response 1" in text


def _resign(attacked: Attacked, predicate: Attacked, tmp_path: Path) -> Path:
    from margo_ssdf.attest import intoto

    statement = intoto.Statement.model_validate({**attacked["statement"],
                                                 "predicate": predicate})
    signer = SignMode.KEY.signer(key=attacked["base"] / "k.key")
    assert signer is not None
    path = tmp_path / attacked["signed"].name
    path.write_bytes(signer.sign(intoto.canonical_bytes(statement)))
    return path


def test_a_record_edited_to_hide_the_excludes_is_refused(
        attacked: Attacked, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The producer's own key re-signs a statement whose excludes were removed afterwards.
    predicate = json.loads(json.dumps(attacked["predicate"]))
    predicate["configuration"]["exclude"] = []
    signed = _resign(attacked, predicate, tmp_path)
    code = main(["audit", str(signed), "--key", str(attacked["base"] / "k.pub"),
                 "--format", "json"])
    shown = json.loads(capsys.readouterr().out)
    assert code == ExitCode.NOT_COMPLIANT and shown["verified"] is False
    step = next(s for s in shown["steps"] if s["name"] == "configuration")
    assert not step["ok"] and "not the" in step["detail"] and "it states" in step["detail"]


def test_results_made_to_disagree_with_the_record_are_refused(
        attacked: Attacked, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predicate = json.loads(json.dumps(attacked["predicate"]))
    for check in predicate["checks"]:
        check["excluded_inputs"] = 0
    signed = _resign(attacked, predicate, tmp_path)
    code = main(["audit", str(signed), "--key", str(attacked["base"] / "k.pub"),
                 "--format", "json"])
    shown = json.loads(capsys.readouterr().out)
    assert code == ExitCode.NOT_COMPLIANT and shown["verified"] is False
    step = next(s for s in shown["steps"] if s["name"] == "configuration")
    assert "sast.bandit records 0 excluded input(s), the configuration 1" in step["detail"]
