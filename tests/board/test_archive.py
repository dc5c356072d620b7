"""Evidence published as `<release>.evidence.tar.gz` beside the attestation: packed by the
reusable workflow's own publish step, unpacked safely by the board, every file still checked
by digest; a malicious or broken archive fails its release with the reason, never the board."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.board import archive
from margo_ssdf.board.collect import collect
from margo_ssdf.board.model import Board, BoardRelease
from margo_ssdf.board.trust import BoardTrust
from margo_ssdf.cli import main
from tests.board.conftest import Fleet, Release
from tests.board.test_workflow import WORKFLOW

GNU_TAR = shutil.which("tar") is not None and "GNU tar" in subprocess.run(
    ["tar", "--version"], capture_output=True, text=True, timeout=30, check=False).stdout


def _pack_script() -> str:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["publish"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "Pack the evidence"]
    return str(step["run"])


def _pack(release: Release, work: Path) -> Path:
    """The publish job's own step, run over a copy of the release directory."""
    shutil.copytree(release.out, work / "release")
    subprocess.run(["bash", "-c", _pack_script()], cwd=work, check=True, timeout=120)
    (packed,) = (work / "packed").iterdir()
    return packed


def _assets(release: Release, archive_file: Path, where: Path) -> Path:
    """What `gh release download` leaves: the attestation and the archive, side by side."""
    where.mkdir(parents=True)
    shutil.copy(release.signed, where)
    shutil.copy(archive_file, where / (release.signed.name.removesuffix(".dsse.json")
                                       + archive.ARCHIVE_SUFFIX))
    return where


def _trust(fleet: Fleet) -> BoardTrust:
    return BoardTrust({name: PublicKeySigner(fleet.pub(name)) for name in ("alpha", "beta")})


def _beta(board: Board) -> BoardRelease:
    (release,) = [r for r in board.releases if r.project == "beta"]
    return release


@pytest.fixture(scope="module")
def packed(fleet: Fleet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not GNU_TAR:
        pytest.skip("the publish job packs with GNU tar, which is not installed")
    return _pack(fleet.beta[1], tmp_path_factory.mktemp("pack"))


def test_the_publish_step_packs_the_same_bytes_from_the_same_evidence(
        fleet: Fleet, packed: Path, tmp_path: Path) -> None:
    assert packed.name == "beta-2.1.0.evidence.tar.gz"
    again = tmp_path / "again"
    again.mkdir()
    shutil.copytree(fleet.beta[1].out, again / "release")
    for path in (again / "release").rglob("*"):
        path.touch()  # other mtimes, as another runner's download gives
    subprocess.run(["bash", "-c", _pack_script()], cwd=again, check=True, timeout=120)
    assert (again / "packed" / packed.name).read_bytes() == packed.read_bytes()
    with tarfile.open(packed) as tar:
        members = tar.getmembers()
    assert all(m.mtime == 0 and m.uid == 0 and m.gid == 0 and not m.uname for m in members)


def test_a_downloaded_release_with_its_archive_shows_its_evidence(
        fleet: Fleet, packed: Path, tmp_path: Path) -> None:
    board = collect([_assets(fleet.beta[1], packed, tmp_path / "assets")], _trust(fleet))
    beta = _beta(board)
    assert beta.verified and beta.evidence_source == packed.name
    assert isinstance(beta.components, int) and beta.components > 0
    assert beta.open_vulnerabilities and {r.project for r in board.cra} == {"beta"}
    assert beta.evidence_dir is not None and not beta.evidence_dir.exists()  # cleaned up


def _rewrite(packed: Path, out: Path,
             change: Callable[[tarfile.TarFile], None] | None = None,
             edit: dict[str, bytes] | None = None) -> Path:
    """The packed evidence with members replaced (`edit`) or added (`change`)."""
    with tarfile.open(packed) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member) if member.isfile() else None
            name = member.name.removeprefix("./")
            if data is not None and edit and name in edit:
                member.size = len(edit[name])
                data = io.BytesIO(edit[name])
            dst.addfile(member, data)
        if change is not None:
            change(dst)
    return out


def test_an_evidence_file_changed_in_the_archive_fails_the_release(
        fleet: Fleet, packed: Path, tmp_path: Path) -> None:
    forged = json.dumps({"ntia": {"components": 1}}).encode()
    bad = _rewrite(packed, tmp_path / "bad.tar.gz", edit={"checks/sbom/ntia.json": forged})
    beta = _beta(collect([_assets(fleet.beta[1], bad, tmp_path / "assets")], _trust(fleet)))
    assert not beta.verified and beta.verdict is None and beta.components is None
    assert "checks/sbom/ntia.json" in (beta.failure or "")


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "",
            data: bytes = b"x") -> Callable[[tarfile.TarFile], None]:
    def add(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo(name)
        info.type, info.linkname = kind, link
        info.size = len(data) if kind == tarfile.REGTYPE else 0
        tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    return add


MALICIOUS = {
    "parent": (_member("../escaped.txt"), "outside the archive"),
    "absolute": (_member("/tmp/margo-board-escaped.txt"), "outside the archive"),
    "symlink": (_member("checks/evil", tarfile.SYMTYPE, "/etc/passwd"), "link"),
    "hardlink": (_member("checks/hard", tarfile.LNKTYPE, "summary.json"), "link"),
    "device": (_member("checks/dev", tarfile.CHRTYPE), "special file"),
    "fifo": (_member("checks/fifo", tarfile.FIFOTYPE), "special file"),
}


@pytest.mark.parametrize("kind", sorted(MALICIOUS))
def test_a_malicious_archive_fails_its_release_not_the_board(
        fleet: Fleet, packed: Path, tmp_path: Path, kind: str) -> None:
    add, why = MALICIOUS[kind]
    bad = _rewrite(packed, tmp_path / "bad.tar.gz", change=add)
    assets = _assets(fleet.beta[1], bad, tmp_path / "downloads" / "beta")
    shutil.copytree(fleet.alpha[0].out, tmp_path / "downloads" / "alpha")
    site = tmp_path / "site"
    code = main(["board", str(tmp_path / "downloads"), "-o", str(site),
                 "--trust", f"alpha={fleet.pub('alpha')}",
                 "--trust", f"beta={fleet.pub('beta')}"])
    assert code == 1  # shown as failed; the board is still written
    index = json.loads((site / "index.json").read_text())
    releases = {p["name"]: p["releases"] for p in index["projects"]}
    (beta,) = releases["beta"]
    assert beta["verified"] is False and beta["verdict"] is None
    assert "evidence archive" in beta["failure"] and "refused" in beta["failure"]
    assert why in beta["failure"]
    assert releases["alpha"][0]["verified"] is True
    assert not (tmp_path / "escaped.txt").exists()
    assert not Path("/tmp/margo-board-escaped.txt").exists()
    assert not (assets / "checks").exists()


def test_without_pythons_data_filter_our_own_checks_still_hold(
        fleet: Fleet, packed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(tarfile, "data_filter", raising=False)
    good = _beta(collect([_assets(fleet.beta[1], packed, tmp_path / "good")], _trust(fleet)))
    assert good.verified and isinstance(good.components, int)
    bad = _rewrite(packed, tmp_path / "bad.tar.gz", change=MALICIOUS["symlink"][0])
    refused = _beta(collect([_assets(fleet.beta[1], bad, tmp_path / "bad")], _trust(fleet)))
    assert not refused.verified and "link" in (refused.failure or "")


def test_an_archive_over_the_size_cap_is_refused_before_unpacking(
        packed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 100)
    into = tmp_path / "into"
    into.mkdir()
    with pytest.raises(archive.EvidenceArchiveError, match="unpacks to more than 100 bytes"):
        archive.unpack_evidence(packed, into)
    assert not any(into.iterdir())


def test_a_file_that_is_not_a_tar_gz_is_refused_with_a_clear_reason(tmp_path: Path) -> None:
    junk = tmp_path / "x.evidence.tar.gz"
    junk.write_bytes(b"<html>not found</html>")
    with pytest.raises(archive.EvidenceArchiveError) as exc:
        archive.unpack_evidence(junk, tmp_path)
    assert "x.evidence.tar.gz was refused" in exc.value.message
    assert "could not be unpacked" in exc.value.message and exc.value.fix
