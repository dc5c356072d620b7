"""Attack: a release judged with the producer's own lax policy, passed off as the default.

The producer attests a release full of hard-coded credentials, `shell=True`, `eval` and a
vulnerable dependency with a custom policy in which every task is optional, named exactly
like the bundled default (only its digest differs). The signature is genuine, so the audit
verifies; what must not happen is a clean `VERIFIED - COMPLIANT`, exit 0, for an auditor who
brought a policy. The auditor's policy recomputes the verdict (not compliant, exit 4), a
pinned digest refuses the release (exit 1), and without either the audit says that the
producer chose the policy and lists every task it made optional.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from margo_ssdf.checks import registry
from margo_ssdf.cli import main
from margo_ssdf.errors import ExitCode
from margo_ssdf.policy import load_policy_file
from tests.conftest import REPO, make_project

DEFAULT = REPO / "rules" / "policy" / "default.yaml"


@dataclass(frozen=True)
class Forged:
    signed: Path
    out: Path
    pub: Path
    key: Path
    artifact: Path
    weak: Path
    """The lax policy file the producer attested with."""


def _bad_project(root: Path) -> Path:
    make_project(root)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1.0.0"\nauthors = [{name = "Demo"}]\n'
        'dependencies = ["click==8.1.7", "requests==2.19.0"]\n')
    (root / "bad.py").write_text(
        "import subprocess\n\nPASSWORD = 'hunter2-hunter2'\n\n\n"
        "def run(arg):\n    subprocess.call('ls ' + arg, shell=True)\n    return eval(arg)\n")
    return root


def _weak_policy(path: Path) -> Path:
    doc = yaml.safe_load(DEFAULT.read_text())
    for rule in doc["tasks"].values():
        rule["required"] = False
    path.write_text(yaml.safe_dump(doc))  # the default's name, only its digest differs
    return path


@pytest.fixture(scope="module")
def forged(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Iterator[Forged]:
    base = tmp_path_factory.mktemp("forged")
    with pytest.MonkeyPatch.context() as mp:  # module scope runs before the autouse isolation
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(base / "cache"))
        mp.delenv("CI", raising=False)
        root = _bad_project(base / "proj")
        weak = _weak_policy(base / "weak.yaml")
        artifact = base / "demo-1.0.0.tar.gz"
        artifact.write_bytes(b"release " * 64)
        assert main(["keygen", "--out", str(base / "a")]) == 0
        out = base / "out"
        assert main(["attest", str(root), "--policy", str(weak), "--artifact", str(artifact),
                     "--sign", "key", "--key", str(base / "a.key"), "--out", str(out)]) == 0
        yield Forged(next(out.glob("*.dsse.json")), out, base / "a.pub", base / "a.key",
                     artifact, weak)


def audit(capsys: pytest.CaptureFixture[str], forged: Forged,
          *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    capsys.readouterr()
    code = main(["audit", str(forged.signed), "--key", str(forged.pub), "--artifact",
                 str(forged.artifact), "--evidence-dir", str(forged.out), "--format", "json",
                 *args])
    return code, json.loads(capsys.readouterr().out)


def test_the_forged_release_claims_compliance_under_the_defaults_name(forged: Forged) -> None:
    statement = json.loads(next(forged.out.glob("*.intoto.jsonl")).read_text().splitlines()[0])
    predicate = statement["predicate"]
    assert predicate["verdict"] == "compliant"
    assert predicate["policy"]["name"] == "margo-ssdf-default"
    default = load_policy_file(DEFAULT, checks=registry())
    assert predicate["policy"]["sha256"] != default.sha256
    failing = {t["task_id"] for t in predicate["tasks"] if t["state"] == "not_satisfied"}
    assert {"PW.5.1", "PW.7.2", "RV.1.1"} <= failing  # the findings are there, just optional


def test_the_auditors_policy_recomputes_not_compliant_and_exits_4(
        forged: Forged, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = audit(capsys, forged, "--policy", str(DEFAULT))
    assert code == ExitCode.VERIFIED_NOT_COMPLIANT == 4
    assert report["verified"] is True and report["compliant"] is False
    assert report["recorded_verdict"] == "compliant"
    assert report["verdict"] == "not_compliant"
    assert report["verdict_line"].startswith("VERIFIED - NOT COMPLIANT under your policy "
                                             "margo-ssdf-default")
    policy = report["policy"]
    assert policy["chosen_by"] == "auditor" and policy["source"] == str(DEFAULT)
    assert any(r.startswith("PW.7.2 not_satisfied") for r in policy["reasons"])
    optional = {d["subject"] for d in policy["differences"] if d["change"] == "made optional"}
    assert {"PW.5.1", "PW.7.2", "RV.1.1", "PO.1.1"} <= optional
    assert all(d["direction"] == "weaker" and d["recorded"] == "optional"
               for d in policy["differences"] if d["change"] == "made optional")
    steps = {s["name"]: s for s in report["steps"]}
    assert steps["policy: PW.7.2 made optional"]["note"] is True
    assert steps["policy: PW.7.2 made optional"]["detail"] == (
        "required in your policy, optional in the recorded policy (weaker)")


def test_the_auditors_policy_in_text_names_the_verdict_and_each_change(
        forged: Forged, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(["audit", str(forged.signed), "--key", str(forged.pub),
                 "--policy", str(DEFAULT)])
    out = capsys.readouterr().out
    assert code == 4
    assert "VERIFIED - NOT COMPLIANT under your policy margo-ssdf-default" in out
    assert "policy: PW.7.2 made optional" in out and "note" in out
    assert "NO artifact was checked against the subjects" in out


def test_a_pinned_digest_of_the_default_refuses_the_release(
        forged: Forged, capsys: pytest.CaptureFixture[str]) -> None:
    default = load_policy_file(DEFAULT, checks=registry()).sha256
    code, report = audit(capsys, forged, "--policy-digest", f"sha256:{default}")
    assert code == ExitCode.NOT_COMPLIANT == 1
    assert report["verified"] is False
    [failed] = [s for s in report["steps"] if not s["ok"]]
    assert failed["name"] == "policy digest"
    assert failed["detail"].endswith(f", not the pinned sha256:{default}")
    assert report["policy"]["chosen_by"] == "producer"  # not the pinned one: never trusted
    assert any(d["change"] == "made optional" for d in report["policy"]["differences"])
    assert report["verdict_line"].startswith("NOT VERIFIED - 1 step(s) failed, first policy "
                                             "digest: the release was judged with policy "
                                             "margo-ssdf-default")


def test_its_own_digest_is_accepted_and_said_to_be_pinned(
        forged: Forged, capsys: pytest.CaptureFixture[str]) -> None:
    weak = load_policy_file(forged.weak, checks=registry()).sha256
    code, report = audit(capsys, forged, "--policy-digest", f"SHA256:{weak.upper()}")
    assert code == 0 and report["compliant"] is True
    assert report["policy"]["chosen_by"] == "producer, pinned by digest"
    assert "pinned by digest" in report["verdict_line"]


def test_without_a_pin_the_audit_says_the_producer_chose_and_lists_the_weakened_tasks(
        forged: Forged, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = audit(capsys, forged)
    assert code == 0 and report["verdict"] == "compliant"
    assert "the producer's own policy margo-ssdf-default" in report["verdict_line"]
    assert "which nobody pinned" in report["verdict_line"]
    policy = report["policy"]
    assert policy["chosen_by"] == "producer"
    assert policy["compared_with"] == "the bundled default"
    default = load_policy_file(DEFAULT, checks=registry())
    required = {t for t, rule in default.tasks.items() if rule.required}
    weakened = {d["subject"] for d in policy["differences"]
                if d["change"] == "made optional" and d["direction"] == "weaker"}
    assert weakened == required
    [note] = [s for s in report["steps"] if s["name"] == "policy"]
    assert note["detail"].startswith("chosen by the producer")
    assert ", although it is named margo-ssdf-default like the default" in note["detail"]


@pytest.mark.parametrize("bad", ["sha256:abc", "md5:" + "0" * 32, "0" * 63])
def test_a_malformed_digest_is_a_usage_error(forged: Forged, bad: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(forged.signed), "--key", str(forged.pub),
                 "--policy-digest", bad]) == 2
    assert "is not a sha256 digest" in capsys.readouterr().err


def test_an_invalid_auditor_policy_names_its_file_and_key(
        forged: Forged, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "mine.yaml"
    broken.write_text(DEFAULT.read_text().replace("PW.7.2: {checks:", "PW.7.2: {chekcs:"))
    assert main(["audit", str(forged.signed), "--key", str(forged.pub),
                 "--policy", str(broken)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err and "PW.7.2" in err and "unknown key" in err
    assert main(["audit", str(forged.signed), "--key", str(forged.pub),
                 "--policy", str(tmp_path / "none.yaml")]) == 2
    assert "none.yaml" in capsys.readouterr().err


def test_exit_0_for_a_verified_noncompliant_release_only_when_asked(
        forged: Forged, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = audit(capsys, forged, "--policy", str(DEFAULT), "--allow-noncompliant")
    assert code == 0 and report["verified"] is True and report["verdict"] == "not_compliant"
    assert report["verdict_line"].endswith("1 artifact(s) checked against the subjects")


def test_without_an_artifact_the_verdict_line_says_none_was_checked(
        forged: Forged, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["audit", str(forged.signed), "--key", str(forged.pub), "--format",
                 "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["artifacts_checked"] == 0
    assert report["verdict_line"].endswith(
        "NO artifact was checked against the subjects (pass --artifact): a replayed "
        "attestation of another release would look the same")


def test_a_check_run_with_other_options_than_the_auditors_counts_as_not_run(
        forged: Forged, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The producer ran bandit with everything excluded, recorded that in its (signed)
    # policy, and re-signed: the statement is genuine, the result says nothing.
    import base64

    from margo_ssdf.attest.dsse import IN_TOTO_PAYLOAD_TYPE, sign
    from margo_ssdf.attest.keys import KeySigner, load_private_key
    from margo_ssdf.policy import Policy

    envelope = json.loads(forged.signed.read_text())
    statement = json.loads(base64.b64decode(envelope["payload"]))
    rules = statement["predicate"]["policy"]["rules"]
    rules["checks"]["sast.bandit"]["options"] = {"exclude": ["**"]}
    statement["predicate"]["policy"]["sha256"] = Policy.model_validate(rules).sha256
    signed = tmp_path / "edited.dsse.json"
    signed.write_bytes(sign(json.dumps(statement).encode(), IN_TOTO_PAYLOAD_TYPE,
                            KeySigner(load_private_key(forged.key))).to_json())
    capsys.readouterr()
    code = main(["audit", str(signed), "--key", str(forged.pub), "--policy", str(DEFAULT),
                 "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 4 and report["verified"] is True and report["verdict"] == "incomplete"
    assert any(r.startswith("PW.5.1 not_assessed: sast.bandit: ran with other options than "
                            "your policy sets (exclude)") for r in report["policy"]["reasons"])
    [option] = [d for d in report["policy"]["differences"] if d["subject"] == "sast.bandit"]
    assert option["change"] == "option exclude changed" and option["recorded"] == "['**']"


def test_the_report_shows_the_auditors_verdict_and_refuses_another_digest(
        forged: Forged, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["report", str(forged.signed), "--key", str(forged.pub), "--format", "md"]
    capsys.readouterr()
    assert main([*base, "--policy", str(DEFAULT)]) == 0  # report: 0 means verified
    mine = capsys.readouterr().out
    assert mine.startswith("## ✔ VERIFIED — NOT COMPLIANT")
    assert f"recomputed with the auditor's policy {DEFAULT}" in mine
    assert "PW.7.2 not\\_satisfied" in mine
    assert main(base) == 0
    theirs = capsys.readouterr().out
    assert theirs.startswith("## ✔ VERIFIED — COMPLIANT")
    required = sum(r.required for r in load_policy_file(DEFAULT, checks=registry()).tasks.values())
    assert (f"the producer's own policy, which the auditor did not pin; {required} of its "
            "rules are weaker than the bundled default's") in theirs
    html = forged.out.parent / "report.html"
    assert main([*base[:-2], "--policy", str(DEFAULT), "-o", str(html)]) == 0
    page = html.read_text()
    assert "recomputed with the auditor's policy" in page
    assert "policy: PW.7.2 made optional" in page and "• note" in page
    default = load_policy_file(DEFAULT, checks=registry()).sha256
    assert main([*base, "--policy-digest", default]) == 1
    refused = capsys.readouterr().out
    assert refused.startswith("## ✘ NOT VERIFIED") and "**policy digest**" in refused
