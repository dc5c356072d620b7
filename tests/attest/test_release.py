"""attest + audit end to end on a sample project: round trip, tamper evidence, provenance."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

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
    assert not ok and failed == ["evidence files: sast.sarif changed (sha256 differs)"]


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
    assert main(["attest", str(root), "--artifact", str(artifact), "--out", str(out)]) == 0
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
    assert "checks/sbom/result.json missing" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".att.")]
