"""attest + audit end to end on a sample project: round trip, tamper evidence, provenance."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.attest import compliance
from margo_ssdf.attest.audit import audit
from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.cli import main
from tests.conftest import REPO


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Iterator[dict[str, Path]]:
    with pytest.MonkeyPatch.context() as mp:  # module scope runs before the autouse isolation
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield _release(tmp_path_factory)


def _release(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.conftest import make_project

    base = tmp_path_factory.mktemp("rel")
    root = make_project(base / "proj")
    artifact = base / "demo-1.0.0.tar.gz"
    artifact.write_bytes(b"release bytes " * 100)
    for name in ("a", "b"):
        assert main(["keygen", "--out", str(base / name)]) == 0
    out = base / "out"
    code = main(["attest", str(root), "--artifact", str(artifact), "--subject",
                 "ghcr.io/demo/app@sha256:" + "a" * 64, "--sign", "key", "--key",
                 str(base / "a.key"), "--out", str(out)])
    assert code == 0
    return {"base": base, "root": root, "artifact": artifact, "out": out,
            "signed": next(out.glob("*.dsse.json")), "jsonl": next(out.glob("*.intoto.jsonl"))}


def audit_ok(rel: dict[str, Path], **kw: object) -> tuple[bool, list[str]]:
    kwargs: dict = {"signer": PublicKeySigner(rel["base"] / "a.pub"),
                    "artifacts": [rel["artifact"]], "evidence_dir": rel["out"], **kw}
    signed = kwargs.pop("signed", rel["signed"])
    result = audit(signed, **kwargs)
    return result.ok, [f"{s.name}: {s.detail}" for s in result.steps if not s.ok]


def test_audit_passes_on_the_untouched_release(released: dict[str, Path]) -> None:
    ok, failed = audit_ok(released)
    assert ok, failed


def test_statements_file_holds_compliance_provenance_and_sbom(released: dict[str, Path]) -> None:
    lines = [json.loads(line) for line in released["jsonl"].read_text().splitlines()]
    types = [s["predicateType"] for s in lines]
    assert types[:3] == [compliance.COMPLIANCE_PREDICATE, "https://slsa.dev/provenance/v1",
                         "https://cyclonedx.org/bom"]
    subjects = {s["name"]: s["digest"]["sha256"] for s in lines[0]["subject"]}
    assert subjects["ghcr.io/demo/app"] == "a" * 64
    predicate = lines[0]["predicate"]
    assert len(predicate["tasks"]) == 42 and predicate["verdict"] == "compliant"
    assert [s["id"] for s in predicate["cisa_form"]] == [
        "1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "1(f)", "2", "3", "4"]
    assert predicate["vulnerability_database"]["advisories"] == 4


def test_published_schema_is_the_model(released: dict[str, Path]) -> None:
    published = json.loads((REPO / "attestations/schema" / compliance.SCHEMA_FILE).read_text())
    assert published == json.loads(json.dumps(compliance.json_schema(), sort_keys=True))


def test_provenance_parses_with_in_toto_protobufs(released: dict[str, Path]) -> None:
    pytest.importorskip("in_toto_attestation")
    from google.protobuf import json_format
    from in_toto_attestation.predicates.provenance.v1 import provenance_pb2
    from in_toto_attestation.v1 import statement_pb2

    line = released["jsonl"].read_text().splitlines()[1]
    stmt = json_format.Parse(line, statement_pb2.Statement())
    assert stmt.predicate_type == "https://slsa.dev/provenance/v1"
    prov = json_format.ParseDict(json.loads(line)["predicate"], provenance_pb2.Provenance())
    assert prov.build_definition.build_type.startswith("https://margo-ssdf.dev/buildtypes/")
    assert prov.run_details.builder.id == "https://margo-ssdf.dev/builders/local/v1"


def test_changed_artifact_is_named(released: dict[str, Path], tmp_path: Path) -> None:
    changed = tmp_path / released["artifact"].name
    data = bytearray(released["artifact"].read_bytes())
    data[len(data) // 2] ^= 1
    changed.write_bytes(bytes(data))
    ok, failed = audit_ok(released, artifacts=[changed])
    assert not ok and failed == [f"artifact {changed.name}: " + failed[0].split(": ", 1)[1]]
    assert "NOT among the attested subjects" in failed[0]


def test_changed_evidence_file_is_named(released: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(released["out"], copy)
    sarif = copy / "sast.sarif"
    sarif.write_bytes(sarif.read_bytes() + b" ")
    ok, failed = audit_ok(released, evidence_dir=copy)
    assert not ok and failed[0] == "evidence files: sast.sarif changed (sha256 differs)"
    # Evidence that no longer matches its digest no longer evidences PO.3.3 and PO.4.2.
    assert failed[1:] == ["tasks recomputed: PO.3.3: recorded satisfied, recomputed "
                          "not_satisfied; PO.4.2: recorded satisfied, recomputed not_satisfied",
                          "verdict recomputed: verdict not_compliant, but the attestation "
                          "claims compliant"]


@pytest.mark.parametrize("where", ["payload", "signature"])
def test_every_sampled_byte_change_of_the_envelope_fails(released: dict[str, Path],
                                                         tmp_path: Path, where: str) -> None:
    envelope = json.loads(released["signed"].read_text())
    raw = bytearray(base64.b64decode(envelope[where] if where == "payload"
                                     else envelope["signatures"][0]["sig"]))
    for position in range(0, len(raw), max(1, len(raw) // 40)):
        changed = bytearray(raw)
        changed[position] ^= 0x01
        tampered = json.loads(json.dumps(envelope))
        text = base64.b64encode(bytes(changed)).decode()
        if where == "payload":
            tampered["payload"] = text
        else:
            tampered["signatures"][0]["sig"] = text
        path = tmp_path / "t.dsse.json"
        path.write_text(json.dumps(tampered))
        ok, failed = audit_ok(released, signed=path)
        assert not ok and failed[0].startswith("signature:"), (position, failed)


def test_resigned_with_another_key_fails_the_key_check(released: dict[str, Path],
                                                      tmp_path: Path) -> None:
    from margo_ssdf.attest.dsse import IN_TOTO_PAYLOAD_TYPE, parse_envelope, sign
    from margo_ssdf.attest.keys import KeySigner, load_private_key

    payload = parse_envelope(released["signed"].read_bytes()).payload_bytes()
    stmt = json.loads(payload)
    stmt["predicate"]["verdict"] = "compliant"
    stmt["predicate"]["tasks"][0]["state"] = "satisfied"
    forged = sign(json.dumps(stmt).encode(), IN_TOTO_PAYLOAD_TYPE,
                  KeySigner(load_private_key(released["base"] / "b.key")))
    path = tmp_path / "forged.dsse.json"
    path.write_bytes(forged.to_json())
    ok, failed = audit_ok(released, signed=path)
    assert not ok and "no signature in the DSSE envelope verifies" in failed[0]
    # Even trusting the forger's key, the recomputed statuses expose the edit.
    ok, failed = audit_ok(released, signed=path, signer=PublicKeySigner(released["base"] / "b.pub"))
    assert not ok and any(f.startswith("tasks recomputed: PO.1.1") for f in failed)


def test_secrets_in_the_environment_never_reach_any_output(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import make_project

    secrets = {"GITHUB_TOKEN": "ghp_FAKEsecret0123456789", "ACTIONS_ID_TOKEN_REQUEST_TOKEN":
               "fake-oidc-request-token", "AWS_SECRET_ACCESS_KEY": "fakeAWSsecretKEY/123",
               "PYPI_API_TOKEN": "pypi-FAKEtoken", "MARGO_SSDF_KEY_PASSWORD": "hunter2-fake"}
    for k, v in secrets.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_REPOSITORY", "margo/demo")
    monkeypatch.setenv("GITHUB_WORKFLOW_REF", "margo/demo/.github/workflows/rel.yml@refs/tags/v1")
    root = make_project(tmp_path / "p")
    artifact = tmp_path / "a.bin"
    artifact.write_bytes(b"x")
    out = tmp_path / "out"
    # Unsigned (the default --sign none), PS.2.1 is not satisfied: the verdict is not compliant.
    assert main(["attest", str(root), "--artifact", str(artifact), "--out", str(out)]) == 1
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            for value in secrets.values():
                assert value.encode() not in text, (path, value)
    prov = json.loads(next(out.glob("*.intoto.jsonl")).read_text().splitlines()[1])
    assert prov["predicate"]["runDetails"]["builder"]["id"] == \
        "https://github.com/margo/demo/.github/workflows/rel.yml@refs/tags/v1"


def test_bad_inputs_give_one_clear_reason(released: dict[str, Path], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    truncated = tmp_path / "cut.dsse.json"
    truncated.write_bytes(released["signed"].read_bytes()[:50])
    assert main(["audit", str(truncated), "--key", str(released["base"] / "a.pub")]) == 1
    assert "not a readable JSON attestation" in capsys.readouterr().out
    assert main(["audit", str(released["signed"])]) == 2
    assert "pass --key" in capsys.readouterr().err
    assert main(["attest", str(released["root"]), "--artifact", str(tmp_path / "none*.whl"),
                 "--out", str(tmp_path / "o")]) == 2
    assert "matches no file" in capsys.readouterr().err
    assert main(["attest", str(released["root"]), "--subject", "app:latest",
                 "--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()
    rsa = tmp_path / "rsa.pem"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa as rsa_keys

    rsa.write_bytes(rsa_keys.generate_private_key(public_exponent=65537, key_size=2048)
                    .private_bytes(serialization.Encoding.PEM,
                                   serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()))
    assert main(["attest", str(released["root"]), "--artifact", str(released["artifact"]),
                 "--sign", "key", "--key", str(rsa), "--out", str(tmp_path / "o")]) == 2
    assert "RSA" in capsys.readouterr().err


def test_verify_bundle_command_on_the_real_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import CORPORA

    corpus = CORPORA / "sigstore"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/sigstore is not present")
    ok = ["verify-bundle", str(corpus / "bundle.txt.sigstore"), "--artifact",
          str(corpus / "bundle.txt"), "--identity", "a@tny.town",
          "--issuer", "https://github.com/login/oauth"]
    assert main([*ok, "--staging"]) == 0  # LABELS.tsv: signed on Sigstore's staging
    assert capsys.readouterr().out.startswith("VERIFIED: bundle.txt")
    assert main(ok) == 1  # the production root must not accept it
    assert "NOT VERIFIED" in capsys.readouterr().out
    assert main([*ok[:-4], "--identity", "mallory@example.org", "--issuer",
                 "https://github.com/login/oauth", "--staging"]) == 1
    assert "NOT VERIFIED" in capsys.readouterr().out


def test_model_and_published_schema_agree_on_a_real_and_a_broken_predicate(
        released: dict[str, Path]) -> None:
    import jsonschema
    from pydantic import ValidationError

    predicate = json.loads(released["jsonl"].read_text().splitlines()[0])["predicate"]
    published = json.loads((REPO / "attestations/schema" / compliance.SCHEMA_FILE).read_text())
    jsonschema.Draft202012Validator(published).validate(predicate)
    compliance.CompliancePredicate.model_validate(predicate)
    broken = {**predicate, "verdict": "mostly_fine"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(published).validate(broken)
    with pytest.raises(ValidationError):
        compliance.CompliancePredicate.model_validate(broken)


def test_attest_from_a_run_missing_its_records_is_refused_whole(
        released: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = tmp_path / "run"
    assert main(["run", str(released["root"]), "--out", str(run)]) in (0, 1)
    (run / "checks" / "sbom" / "result.json").unlink()
    out = tmp_path / "att"
    code = main(["attest", str(released["root"]), "--from", str(run), "--artifact",
                 str(released["artifact"]), "--out", str(out)])
    assert code == 2 and not out.exists()
    assert "checks/sbom/result.json is missing" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".att.")]


# ---- the tasks the signed release itself evidences -------------------------------------------

RELEASE_TASKS = ("PO.3.3", "PO.4.2", "PO.5.1", "PS.2.1", "PS.3.1")


def _predicate(jsonl: Path) -> dict[str, Any]:
    predicate: dict[str, Any] = json.loads(jsonl.read_text().splitlines()[0])["predicate"]
    return predicate


def _release_tasks(tasks: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {t["task_id"]: (t["state"], t["reason"]) for t in tasks if t["task_id"] in RELEASE_TASKS}


def test_a_key_signed_release_evidences_its_own_tasks(released: dict[str, Path]) -> None:
    from margo_ssdf.attest.keys import keyid, load_public_key
    from margo_ssdf.evaluate import PENDING

    tasks = _release_tasks(_predicate(released["jsonl"])["tasks"])
    assert {tid: state for tid, (state, _) in tasks.items()} == dict.fromkeys(RELEASE_TASKS,
                                                                             "satisfied")
    key = keyid(load_public_key(released["base"] / "a.pub"))
    assert tasks["PS.2.1"][1] == ("2 artifact digest(s) published as subjects (demo-1.0.0.tar.gz,"
                                  f" ghcr.io/demo/app); the statement is signed with key {key}")
    assert tasks["PS.3.1"] == tasks["PO.5.1"]
    assert tasks["PS.3.1"][1] == (
        "SLSA provenance bound by digest in the signed compliance statement: builder "
        "https://margo-ssdf.dev/builders/local/v1, build type "
        "https://margo-ssdf.dev/buildtypes/release-evidence/v1, a local run of demo (no CI "
        "environment: the builder is the machine that ran attest)")
    assert tasks["PO.3.3"] == tasks["PO.4.2"]
    assert re.fullmatch(r"\d+ tool\(s\) named with their versions, \d+ evidence file\(s\) and "
                        r"\d+ run record\(s\) bound by sha256", tasks["PO.3.3"][1])
    # The run's own record keeps them pending: they were judged when the release was signed.
    summary = json.loads((released["out"] / "summary.json").read_text())
    assert set(_release_tasks(summary["evaluation"]["tasks"]).values()) == {
        ("not_assessed", PENDING)}


def test_audit_judges_the_release_tasks_again_from_what_it_verified(
        released: dict[str, Path]) -> None:
    result = audit(released["signed"], PublicKeySigner(released["base"] / "a.pub"),
                   artifacts=[released["artifact"]], evidence_dir=released["out"])
    assert result.ok and result.policy is not None
    tasks = {t.task_id: t for t in result.policy.evaluation.tasks if t.task_id in RELEASE_TASKS}
    assert {t.state.value for t in tasks.values()} == {"satisfied"}
    # Audit's own words: what it verified, not what the attestation recorded.
    assert "the statement is signed, and the signature verified: key " in tasks["PS.2.1"].reason
    assert "bound by digest in the statements file: builder " in tasks["PS.3.1"].reason
    assert tasks["PO.3.3"].reason.endswith("bound by sha256, every file matching its digest")
    bare = audit(released["signed"], PublicKeySigner(released["base"] / "a.pub"))
    assert bare.ok and bare.policy is not None
    ps31 = next(t for t in bare.policy.evaluation.tasks if t.task_id == "PS.3.1")
    assert ps31.state.value == "satisfied" and "were not read (pass --evidence-dir" in ps31.reason


def test_a_release_whose_provenance_statement_was_removed_fails_the_audit(
        released: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(released["out"], copy)
    jsonl = copy / released["jsonl"].name
    lines = jsonl.read_bytes().splitlines(keepends=True)
    assert json.loads(lines[1])["predicateType"] == "https://slsa.dev/provenance/v1"
    jsonl.write_bytes(b"".join(lines[:1] + lines[2:]))
    ok, failed = audit_ok(released, evidence_dir=copy)
    assert not ok
    assert failed[0] == (f"statements: {jsonl.name}: https://slsa.dev/provenance/v1 is missing "
                         "or changed")
    assert failed[1] == ("tasks recomputed: PO.5.1: recorded satisfied, recomputed "
                         "not_satisfied; PS.3.1: recorded satisfied, recomputed not_satisfied")
    result = audit(released["signed"], PublicKeySigner(released["base"] / "a.pub"),
                   evidence_dir=copy)
    assert result.policy is not None
    ps31 = next(t for t in result.policy.evaluation.tasks if t.task_id == "PS.3.1")
    assert ps31.reason.startswith("the SLSA provenance statement the attestation binds (sha256:")
    assert ps31.reason.endswith(f"is missing from {jsonl.name}")


def test_a_signed_claim_over_provenance_without_a_builder_is_refused(
        released: dict[str, Path], tmp_path: Path) -> None:
    """The producer's own key signs, and the statements file matches its digests; the
    provenance it binds names no builder, so audit's recomputed PS.3.1 and PO.5.1 expose it."""
    import hashlib
    import shutil

    from margo_ssdf.attest import intoto
    from margo_ssdf.attest.dsse import IN_TOTO_PAYLOAD_TYPE, sign
    from margo_ssdf.attest.keys import KeySigner, load_private_key

    copy = tmp_path / "out"
    shutil.copytree(released["out"], copy)
    first, prov, *rest = released["jsonl"].read_bytes().splitlines()
    bad = json.loads(prov)
    del bad["predicate"]["runDetails"]["builder"]
    prov = intoto.canonical_bytes(intoto.parse_statement(json.dumps(bad).encode()))
    stmt = json.loads(first)
    for entry in stmt["predicate"]["statements"]:
        if entry["predicate_type"] == "https://slsa.dev/provenance/v1":
            entry["sha256"] = hashlib.sha256(prov).hexdigest()
    payload = intoto.canonical_bytes(intoto.parse_statement(json.dumps(stmt).encode()))
    (copy / released["jsonl"].name).write_bytes(b"\n".join([payload, prov, *rest]) + b"\n")
    signed = copy / released["signed"].name
    signed.write_bytes(sign(payload, IN_TOTO_PAYLOAD_TYPE,
                            KeySigner(load_private_key(released["base"] / "a.key"))).to_json())
    ok, failed = audit_ok(released, signed=signed, evidence_dir=copy)
    assert not ok and [f.split(":", 1)[0] for f in failed] == ["tasks recomputed",
                                                               "verdict recomputed"]
    assert failed[0] == ("tasks recomputed: PO.5.1: recorded satisfied, recomputed "
                         "not_satisfied; PS.3.1: recorded satisfied, recomputed not_satisfied")
    result = audit(signed, PublicKeySigner(released["base"] / "a.pub"), evidence_dir=copy)
    assert result.policy is not None
    ps31 = next(t for t in result.policy.evaluation.tasks if t.task_id == "PS.3.1")
    assert ps31.reason == "the SLSA provenance names no builder (runDetails.builder.id)"


def test_an_unsigned_release_does_not_satisfy_ps_2_1(released: dict[str, Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    run = tmp_path / "run"
    assert main(["run", str(released["root"]), "--out", str(run)]) == 0
    assert "judged at attest time from the signed release" in capsys.readouterr().out
    out = tmp_path / "att"
    code = main(["attest", str(released["root"]), "--from", str(run), "--artifact",
                 str(released["artifact"]), "--sign", "none", "--out", str(out)])
    predicate = _predicate(next(out.glob("*.intoto.jsonl")))
    assert code == 1 and predicate["verdict"] == "not_compliant"
    assert predicate["reasons"] == [
        "PS.2.1 not_satisfied: 1 artifact digest(s) published as subjects (demo-1.0.0.tar.gz), "
        "but the statement is not signed (--sign none), so an acquirer cannot trust them"]
    tasks = _release_tasks(predicate["tasks"])
    assert [tid for tid, (state, _) in tasks.items() if state != "satisfied"] == ["PS.2.1"]
