"""Issue #15, item 8: the smaller holes, each tried as an attacker (or an unlucky user) would.

--out that deletes a user's files, `attest --from` following links, an evidence directory with
unattested links, pipes and statement-like names, FIFOs that would hang audit, and exit codes
that did not match the README.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.cli import main
from margo_ssdf.flow import OUTPUT_MARKER, is_output_marker, output_marker
from tests.conftest import CORPORA, REPO, make_project

FINISHED = (0, 1, 3)  # compliant, not compliant, incomplete: the run finished and wrote its output
CURRENT = REPO / "attestations" / "current"
PUBLIC = REPO / "attestations" / "margo-ssdf.pub"
GITHUB_BUNDLE = CORPORA / "sigstore" / "bundle_v3_github.whl.sigstore"


@contextlib.contextmanager
def deadline(seconds: int = 30) -> Iterator[None]:
    """Fail the test instead of hanging forever if something waits on a FIFO."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still waiting after {seconds} s: something opened a FIFO")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with deadline():
        code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Iterator[dict[str, Path]]:
    """A run directory of a compliant project, a release artifact and a signing key."""
    with pytest.MonkeyPatch.context() as mp:  # module scope runs before the autouse isolation
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        base = tmp_path_factory.mktemp("holes")
        root = make_project(base / "proj")
        artifact = base / "demo-1.0.0.tar.gz"
        artifact.write_bytes(b"release")
        assert main(["keygen", "--out", str(base / "rel")]) == 0
        run = base / "run"
        assert main(["run", str(root), "--check", "repo.hygiene", "--out", str(run)]) in FINISHED
        yield {"base": base, "root": root, "artifact": artifact, "run": run,
               "key": base / "rel.key", "pub": base / "rel.pub"}


# ---- (a) --out replaces only a directory that carries margo-ssdf's marker ------------------

def _users_directory(path: Path) -> Path:
    """A user's directory that happens to hold a summary.json."""
    (path / ".git").mkdir(parents=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (path / "notes.txt").write_text("mine")
    (path / "summary.json").write_text('{"mine": true}')
    return path


def _out_command(command: str, release: dict[str, Path], out: Path) -> list[str]:
    if command == "run":
        return ["run", str(release["root"]), "--check", "repo.hygiene", "--out", str(out)]
    if command == "attest":
        return ["attest", str(release["root"]), "--check", "repo.hygiene", "--artifact",
                str(release["artifact"]), "--out", str(out)]
    return ["aggregate", str(release["run"]), "--project", str(release["root"]),
            "--out", str(out)]


@pytest.mark.parametrize("command", ["run", "attest", "aggregate"])
def test_out_over_a_users_directory_with_a_stray_summary_is_refused(
        release: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        command: str) -> None:
    mine = _users_directory(tmp_path / "mine")
    code, _, err = cli(capsys, *_out_command(command, release, mine))
    assert code == 2, err
    assert "not an earlier margo-ssdf output" in err and OUTPUT_MARKER in err
    assert (mine / ".git" / "HEAD").is_file() and (mine / "notes.txt").read_text() == "mine"
    assert (mine / "summary.json").read_text() == '{"mine": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no staging left behind


@pytest.mark.parametrize("command", ["run", "attest", "aggregate"])
def test_every_output_carries_the_marker_and_can_be_replaced(
        release: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        command: str) -> None:
    out = tmp_path / "out"
    for _ in range(2):  # the second run replaces the first output whole
        code, _, err = cli(capsys, *_out_command(command, release, out))
        assert code in FINISHED, err
    assert is_output_marker(out / OUTPUT_MARKER)
    assert json.loads((out / OUTPUT_MARKER).read_text())["generator"] == "margo-ssdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("marker", ["foreign", "link", "directory", "huge"])
def test_a_marker_that_is_not_ours_is_not_enough(
        release: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        marker: str) -> None:
    mine = _users_directory(tmp_path / "mine")
    path = mine / OUTPUT_MARKER
    if marker == "foreign":
        path.write_text('{"generator": "someone-else"}')
    elif marker == "link":  # a link to a genuine marker elsewhere does not count
        real = tmp_path / "real-marker"
        real.write_bytes(output_marker())
        path.symlink_to(real)
    elif marker == "directory":
        path.mkdir()
    else:
        path.write_text(json.dumps({"generator": "margo-ssdf", "version": "x" * 4096}))
    code, _, err = cli(capsys, *_out_command("run", release, mine))
    assert code == 2 and "not an earlier margo-ssdf output" in err
    assert (mine / "notes.txt").read_text() == "mine"


def test_out_that_is_a_symlink_is_refused(release: dict[str, Path], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    earlier = tmp_path / "earlier"
    assert main(_out_command("run", release, earlier)) in FINISHED
    link = tmp_path / "link"
    link.symlink_to(earlier)
    code, _, err = cli(capsys, *_out_command("run", release, link))
    assert code == 2 and "is a symbolic link" in err
    assert link.is_symlink() and is_output_marker(earlier / OUTPUT_MARKER)


@pytest.mark.own_attestation
def test_our_committed_attestation_carries_the_marker_and_audits_clean(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert is_output_marker(CURRENT / OUTPUT_MARKER)  # attestations/make.sh can replace it
    [signed] = CURRENT.glob("*.dsse.json")
    code, out, _ = cli(capsys, "audit", str(signed), "--key", str(PUBLIC), "--evidence-dir",
                       str(CURRENT), "--format", "json")
    steps = {s["name"]: s for s in json.loads(out)["steps"]}
    assert code == 0 and steps["unattested files"]["ok"], steps["unattested files"]


# ---- (b) attest --from refuses links and special files --------------------------------------

def _attest_from(release: dict[str, Path], tmp_path: Path, source: Path) -> list[str]:
    return ["attest", str(release["root"]), "--from", str(source), "--artifact",
            str(release["artifact"]), "--out", str(tmp_path / "att")]


def _run_copy(release: dict[str, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "run"
    shutil.copytree(release["run"], copy)
    return copy


@pytest.mark.parametrize("which", ["checks/repo.hygiene/result.json", "summary.json",
                                   "checks/repo.hygiene/hygiene.json"])
def test_attest_from_refuses_a_file_replaced_by_a_symlink(
        release: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        which: str) -> None:
    copy = _run_copy(release, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.copyfile(copy / which, elsewhere)  # the very same bytes, reached through a link
    (copy / which).unlink()
    (copy / which).symlink_to(elsewhere)
    code, _, err = cli(capsys, *_attest_from(release, tmp_path, copy))
    assert code == 2 and f"{which} (a symbolic link)" in err, err
    assert not (tmp_path / "att").exists()


def test_attest_from_refuses_a_linked_directory_and_a_fifo(
        release: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = _run_copy(release, tmp_path)
    shutil.move(copy / "checks" / "repo.hygiene", tmp_path / "moved")
    (copy / "checks" / "repo.hygiene").symlink_to(tmp_path / "moved")
    os.mkfifo(copy / "pipe")
    code, _, err = cli(capsys, *_attest_from(release, tmp_path, copy))
    assert code == 2
    assert "checks/repo.hygiene (a symbolic link)" in err and "pipe (a FIFO)" in err


def test_attest_from_a_symlinked_run_directory_is_refused(
        release: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # DIR itself must be the real directory: the user names where the evidence comes from.
    link = tmp_path / "link"
    link.symlink_to(_run_copy(release, tmp_path))
    code, _, err = cli(capsys, *_attest_from(release, tmp_path, link))
    assert code == 2 and "is a symbolic link" in err and "Pass the run directory itself" in err
    code, _, err = cli(capsys, *_attest_from(release, tmp_path, tmp_path / "run"))
    assert code in FINISHED, err  # the same directory, named as itself, is attested
    assert next((tmp_path / "att").glob("*.intoto.jsonl")).is_file()


def test_attest_from_an_earlier_attest_output_is_refused(
        release: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Its old statements and signature would sit unsigned beside the new ones.
    copy = _run_copy(release, tmp_path)
    (copy / "demo-0.9.dsse.json").write_text("{}")
    code, _, err = cli(capsys, *_attest_from(release, tmp_path, copy))
    assert code == 2 and "holds statements or attestations (demo-0.9.dsse.json)" in err


# ---- (c) the evidence directory: every unattested entry is reported -------------------------

def _audit_current(capsys: pytest.CaptureFixture[str], evidence: Path,
                   signed: Path | None = None) -> tuple[int, dict[str, dict[str, Any]]]:
    signed = signed or next(evidence.glob("*.dsse.json"))
    code, out, err = cli(capsys, "audit", str(signed), "--key", str(PUBLIC),
                         "--evidence-dir", str(evidence), "--format", "json")
    assert out, err
    return code, {s["name"]: s for s in json.loads(out)["steps"]}


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    copy = tmp_path / "current"
    shutil.copytree(CURRENT, copy)
    return copy


@pytest.mark.own_attestation
def test_every_kind_of_unattested_entry_is_named(evidence: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (evidence / "checks" / "sbom" / "old.dsse.json").write_text("{}")
    (evidence / "checks" / "extra.intoto.jsonl").write_text("{}\n")
    (evidence / "other.sigstore.json").write_text("{}")
    (evidence / "file-link").symlink_to(PUBLIC)
    (evidence / "dir-link").symlink_to(tmp_path)
    (evidence / "loop").symlink_to("loop")
    os.mkfifo(evidence / "checks" / "pipe")
    code, steps = _audit_current(capsys, evidence)
    assert code == 1
    step = steps["unattested files"]
    assert not step["ok"] and step["detail"].startswith("7 file(s) the attestation does not")
    for entry in ("checks/sbom/old.dsse.json", "checks/extra.intoto.jsonl",
                  "other.sigstore.json", "file-link (a symbolic link)",
                  "dir-link (a symbolic link)", "loop (a symbolic link)",
                  "checks/pipe (a FIFO)"):
        assert entry in step["detail"], (entry, step["detail"])
    assert steps["evidence files"]["ok"] and steps["signature"]["ok"]


@pytest.mark.own_attestation
def test_an_evidence_file_replaced_by_a_symlink_with_the_right_digest_is_refused(
        evidence: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = "checks/sbom/ntia.json"
    twin = tmp_path / "ntia.json"
    shutil.copyfile(evidence / rel, twin)  # same bytes, same digest
    (evidence / rel).unlink()
    (evidence / rel).symlink_to(twin)
    code, steps = _audit_current(capsys, evidence)
    assert code == 1
    assert steps["evidence files"]["detail"] == f"{rel} is a symbolic link, not the attested file"
    assert f"{rel} (a symbolic link)" in steps["unattested files"]["detail"]


@pytest.mark.own_attestation
def test_a_linked_evidence_directory_is_refused(evidence: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    shutil.move(evidence / "checks" / "sbom", tmp_path / "sbom")
    (evidence / "checks" / "sbom").symlink_to(tmp_path / "sbom")
    code, steps = _audit_current(capsys, evidence)
    assert code == 1
    assert "checks/sbom is a symbolic link" in steps["evidence files"]["detail"]


@pytest.mark.own_attestation
def test_an_evidence_file_replaced_by_a_fifo_does_not_hang_audit(
        evidence: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (evidence / "sast.sarif").unlink()
    os.mkfifo(evidence / "sast.sarif")
    code, steps = _audit_current(capsys, evidence)
    assert code == 1
    assert "sast.sarif is a FIFO, not a regular file" in steps["evidence files"]["detail"]
    assert "sast.sarif (a FIFO)" in steps["unattested files"]["detail"]


@pytest.mark.own_attestation
def test_only_the_audited_attestation_is_exempt(evidence: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # Audited from outside the directory, the copy inside is still the same bytes: exempt.
    [inside] = evidence.glob("*.dsse.json")
    outside = tmp_path / inside.name
    shutil.copyfile(inside, outside)
    code, steps = _audit_current(capsys, evidence, outside)
    assert code == 0, steps["unattested files"]
    # Any other signed-looking file beside it is not.
    (evidence / "margo-ssdf-9.9.9.dsse.json").write_text('{"payloadType": "forged"}')
    code, steps = _audit_current(capsys, evidence, outside)
    assert code == 1 and "margo-ssdf-9.9.9.dsse.json" in steps["unattested files"]["detail"]


@pytest.mark.own_attestation
@pytest.mark.parametrize("kind", ["link", "fifo", "second"])
def test_the_statements_file_must_be_the_one_regular_file(
        evidence: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    [jsonl] = evidence.glob("*.intoto.jsonl")
    if kind == "second":
        shutil.copyfile(jsonl, evidence / "another.intoto.jsonl")
    else:
        shutil.move(jsonl, tmp_path / jsonl.name)
        if kind == "link":
            jsonl.symlink_to(tmp_path / jsonl.name)
        else:
            os.mkfifo(jsonl)
    code, steps = _audit_current(capsys, evidence)
    assert code == 1 and not steps["statements"]["ok"]
    assert not steps["unattested files"]["ok"]
    if kind == "second":
        assert "more than one statements file" in steps["statements"]["detail"]
    else:
        words = "a symbolic link" if kind == "link" else "a FIFO"
        assert words in steps["statements"]["detail"]
        assert f"{jsonl.name} ({words})" in steps["unattested files"]["detail"]


@pytest.mark.own_attestation
def test_a_forged_marker_is_an_unattested_file(evidence: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (evidence / OUTPUT_MARKER).write_text('{"generator": "margo-ssdf", "approved": "yes"}')
    code, steps = _audit_current(capsys, evidence)
    assert code == 1 and OUTPUT_MARKER in steps["unattested files"]["detail"]


# ---- (d) a FIFO given as an input is refused by name, not waited on --------------------------

@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "input.fifo"
    os.mkfifo(path)
    return path


@pytest.mark.own_attestation
def test_fifo_as_attestation_key_root_or_artifact_is_a_usage_error(
        fifo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [signed] = CURRENT.glob("*.dsse.json")
    attempts = {
        "attestation": ["audit", str(fifo), "--key", str(PUBLIC)],
        "public key": ["audit", str(signed), "--key", str(fifo)],
        "artifact": ["audit", str(signed), "--key", str(PUBLIC), "--artifact", str(fifo)],
        "trusted root": ["audit", str(GITHUB_BUNDLE), "--identity", "x", "--issuer", "y",
                         "--trusted-root", str(fifo)],
        "bundle": ["verify-bundle", str(fifo), "--artifact", str(PUBLIC), "--identity", "x",
                   "--issuer", "y"],
        "bundle artifact": ["verify-bundle", str(GITHUB_BUNDLE), "--artifact", str(fifo),
                            "--identity", "x", "--issuer", "y"],
        "report": ["report", str(fifo), "--key", str(PUBLIC), "--format", "text"],
    }
    for what, argv in attempts.items():
        code, _, err = cli(capsys, *argv)
        assert code == 2, (what, err)
        assert str(fifo) in err and "a FIFO, not a regular file" in err, (what, err)


def test_fifo_as_signing_key_or_attest_artifact_is_a_usage_error(
        release: dict[str, Path], tmp_path: Path, fifo: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    base = ["attest", str(release["root"]), "--check", "repo.hygiene", "--out",
            str(tmp_path / "o")]
    code, _, err = cli(capsys, *base, "--artifact", str(fifo))
    assert code == 2 and f"--artifact {fifo}: it is a FIFO" in err, err
    code, _, err = cli(capsys, *base, "--artifact", str(release["artifact"]),
                       "--sign", "key", "--key", str(fifo))
    assert code == 2 and f"cannot read private key {fifo}: it is a FIFO" in err, err
    assert not (tmp_path / "o").exists()


# ---- (e) exit codes match the README ---------------------------------------------------------

@pytest.mark.own_attestation
def test_missing_inputs_are_usage_errors(release: dict[str, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    [signed] = CURRENT.glob("*.dsse.json")
    missing = tmp_path / "missing"
    attempts = {
        "cannot read public key": ["audit", str(signed), "--key", str(missing)],
        "attestation": ["audit", str(missing), "--key", str(PUBLIC)],
        "--artifact": ["audit", str(signed), "--key", str(PUBLIC), "--artifact", str(missing)],
        "--evidence-dir": ["audit", str(signed), "--key", str(PUBLIC), "--evidence-dir",
                           str(missing)],
        "cannot read the trusted root": ["audit", str(GITHUB_BUNDLE), "--identity", "x",
                                         "--issuer", "y", "--trusted-root", str(missing)],
        "bundle": ["verify-bundle", str(missing), "--artifact", str(PUBLIC), "--identity", "x",
                   "--issuer", "y"],
        "cannot read private key": ["attest", str(release["root"]), "--artifact",
                                    str(release["artifact"]), "--sign", "key", "--key",
                                    str(missing), "--out", str(tmp_path / "o")],
    }
    for words, argv in attempts.items():
        code, _, err = cli(capsys, *argv)
        assert code == 2, (words, err)
        assert words in err and str(missing) in err and "Traceback" not in err, (words, err)


@pytest.mark.own_attestation
def test_a_key_of_the_wrong_kind_is_a_usage_error(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    [signed] = CURRENT.glob("*.dsse.json")
    not_a_key = tmp_path / "not-a-key.pub"
    not_a_key.write_text("hello")
    code, _, err = cli(capsys, "audit", str(signed), "--key", str(not_a_key))
    assert code == 2 and "is not a PEM public key" in err


@pytest.mark.own_attestation
def test_a_failed_verification_is_still_exit_1(release: dict[str, Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    [signed] = CURRENT.glob("*.dsse.json")
    code, out, _ = cli(capsys, "audit", str(signed), "--key", str(release["pub"]))
    assert code == 1 and "signature" in out  # another maker's key: a finding, not a typo
    garbage = tmp_path / "garbage.dsse.json"
    garbage.write_text("not json")
    code, out, _ = cli(capsys, "audit", str(garbage), "--key", str(PUBLIC))
    assert code == 1 and "not a readable JSON attestation" in out
