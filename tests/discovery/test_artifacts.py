"""Go binaries found in release artifacts: plain files and goreleaser-like archives."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import stat
import tarfile
import threading
import zipfile
from pathlib import Path

import pytest

from margo_ssdf.discovery import artifacts, gobuildinfo
from margo_ssdf.discovery.artifacts import ArtifactError, GoArtifact, Limits, Skipped
from margo_ssdf.discovery.gobuildinfo import GoBuildInfoError
from margo_ssdf.discovery.goexe import MAGIC
from tests.discovery.gobuild import Builds


def add_tar(tar: tarfile.TarFile, name: str, data: bytes, **fields: object) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o755
    for key, value in fields.items():
        setattr(info, key, value)
    tar.addfile(info, io.BytesIO(data) if info.isfile() else None)


def make_tar(path: Path, members: list[tuple[str, bytes]], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tar:
        for name, data in members:
            add_tar(tar, name, data)
    return path


def make_zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            archive.writestr(info, data)
    return path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def dist(go_builds: Builds, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A goreleaser-like dist/ directory."""
    root = tmp_path_factory.mktemp("release") / "dist"
    root.mkdir()
    docs = [("README.md", b"# hello\n"), ("LICENSE", b"MIT\n")]
    make_tar(root / "hello_1.0.0_linux_amd64.tar.gz",
             [("hello", go_builds["plain"].read_bytes()), *docs])
    with tarfile.open(root / "hello_1.0.0_linux_386.tar.gz", "w:gz") as tar:  # wrapped
        add_tar(tar, "hello_1.0.0_linux_386", b"", type=tarfile.DIRTYPE)
        add_tar(tar, "hello_1.0.0_linux_386/hello", go_builds["elf32"].read_bytes())
        add_tar(tar, "./hello_1.0.0_linux_386/README.md", docs[0][1])
    make_zip(root / "hello_1.0.0_windows_amd64.zip",
             [("hello.exe", go_builds["windows"].read_bytes()), *docs])
    make_tar(root / "hello_1.0.0_darwin_arm64.tar.xz",
             [("hello", go_builds["darwin"].read_bytes())], mode="w:xz")
    (root / "hello_1.0.0_linux_s390x.gz").write_bytes(
        gzip.compress(go_builds["bigendian"].read_bytes(), compresslevel=1))
    (root / "hello_linux_amd64_v1").mkdir()
    (root / "hello_linux_amd64_v1" / "hello").write_bytes(go_builds["stripped"].read_bytes())
    (root / "checksums.txt").write_text("abc  hello_1.0.0_linux_amd64.tar.gz\n")
    return root


def test_a_release_directory(dist: Path, go_builds: Builds) -> None:
    names = ["hello_1.0.0_linux_amd64.tar.gz", "hello_1.0.0_linux_386.tar.gz",
             "hello_1.0.0_windows_amd64.zip", "hello_1.0.0_darwin_arm64.tar.xz",
             "hello_1.0.0_linux_s390x.gz", "hello_linux_amd64_v1/hello", "checksums.txt"]
    found = list(artifacts.entries(str(dist / n) for n in names))
    shown = {e.name.removeprefix(f"{dist}/"): e for e in found}
    expected = {"hello_1.0.0_linux_amd64.tar.gz!hello": "plain",
                "hello_1.0.0_linux_386.tar.gz!hello_1.0.0_linux_386/hello": "elf32",
                "hello_1.0.0_windows_amd64.zip!hello.exe": "windows",
                "hello_1.0.0_darwin_arm64.tar.xz!hello": "darwin",
                "hello_1.0.0_linux_s390x.gz!hello_1.0.0_linux_s390x": "bigendian",
                "hello_linux_amd64_v1/hello": "stripped"}
    binaries = {k: v for k, v in shown.items() if isinstance(v, GoArtifact)}
    assert set(binaries) == set(expected)
    for key, build in expected.items():
        entry = binaries[key]
        data = go_builds[build].read_bytes()
        assert (entry.sha256, entry.size) == (sha(data), len(data))
        assert entry.info == gobuildinfo.read(go_builds[build], name=entry.name)
    skipped = {k: v.reason for k, v in shown.items() if isinstance(v, Skipped)}
    assert skipped == {
        "hello_1.0.0_linux_amd64.tar.gz!README.md": "not an executable",
        "hello_1.0.0_linux_amd64.tar.gz!LICENSE": "not an executable",
        "hello_1.0.0_linux_386.tar.gz!hello_1.0.0_linux_386/README.md": "not an executable",
        "hello_1.0.0_windows_amd64.zip!README.md": "not an executable",
        "hello_1.0.0_windows_amd64.zip!LICENSE": "not an executable",
        "checksums.txt": "not an executable or an archive that is opened"}
    assert [a.name for a in artifacts.go_binaries([dist / names[0]])] == [
        f"{dist}/hello_1.0.0_linux_amd64.tar.gz!hello"]


# ---- hostile archives ---------------------------------------------------------------------------

UNSAFE = ["../evil", "a/../../evil", "/etc/evil", "C:/evil", "a\\..\\evil", "ok\nforged: yes",
          "bell\x07", "..", "./../x"]


@pytest.mark.parametrize("name", UNSAFE)
@pytest.mark.parametrize("kind", ["tar", "zip"])
def test_unsafe_member_names_are_refused(tmp_path: Path, name: str, kind: str) -> None:
    members = [("fine", b"x"), (name, b"\x7fELF" + b"\0" * 100)]
    path = (make_tar(tmp_path / "a.tar.gz", members) if kind == "tar"
            else make_zip(tmp_path / "a.zip", members))
    with pytest.raises(ArtifactError, match="member name") as raised:
        list(artifacts.entries([path]))
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


def test_links_are_not_followed(tmp_path: Path, go_builds: Builds) -> None:
    target = str(go_builds["plain"])
    with tarfile.open(tmp_path / "links.tar", "w") as tar:
        add_tar(tar, "soft", b"", type=tarfile.SYMTYPE, linkname=target)
        add_tar(tar, "hard", b"", type=tarfile.LNKTYPE, linkname="soft")
        add_tar(tar, "dev", b"", type=tarfile.CHRTYPE)
    with zipfile.ZipFile(tmp_path / "links.zip", "w") as archive:
        info = zipfile.ZipInfo("soft")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, target)
    found = list(artifacts.entries([tmp_path / "links.tar", tmp_path / "links.zip"]))
    assert [(e.name.rsplit("/", 1)[-1], getattr(e, "reason", None)) for e in found] == [
        ("links.tar!soft", "a link, not followed"), ("links.tar!hard", "a link, not followed"),
        ("links.tar!dev", "not a regular file"), ("links.zip!soft", "a link, not followed")]


@pytest.mark.parametrize("kind", ["tar", "zip"])
@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_member_twice_is_refused(tmp_path: Path, kind: str) -> None:
    members = [("app", b"one"), ("app", b"two")]
    path = (make_tar(tmp_path / "a.tgz", members) if kind == "tar"
            else make_zip(tmp_path / "a.zip", members))
    with pytest.raises(ArtifactError, match="appears twice"):
        list(artifacts.entries([path]))


def test_limits(tmp_path: Path, go_builds: Builds) -> None:
    binary = go_builds["stripped"].read_bytes()
    path = make_tar(tmp_path / "a.tar.gz", [("a", b"1"), ("b", b"2"), ("app", binary)])
    with pytest.raises(ArtifactError, match="more than 2 members"):
        list(artifacts.entries([path], limits=Limits(max_members=2)))
    with pytest.raises(ArtifactError, match=r"a\.tar\.gz!app: the executable is") as raised:
        list(artifacts.entries([path], limits=Limits(max_member_size=100_000)))
    assert "max_member_size" in str(raised.value)
    with pytest.raises(ArtifactError, match="add up to more than 1000 bytes"):
        list(artifacts.entries([path], limits=Limits(max_total_size=1000)))
    # A single .gz says nothing about its size: the cap holds while streaming.
    (tmp_path / "app.gz").write_bytes(gzip.compress(binary, compresslevel=1))
    with pytest.raises(ArtifactError, match=r"app\.gz!app: the executable is \d+ bytes or more"):
        list(artifacts.entries([tmp_path / "app.gz"], limits=Limits(max_member_size=100_000)))


def test_damaged_archives(tmp_path: Path, go_builds: Builds) -> None:
    good = make_tar(tmp_path / "good.tar.gz", [("app", go_builds["plain"].read_bytes())])
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    (tmp_path / "fake.zip").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    (tmp_path / "plain.tar.gz").write_bytes(gzip.compress(b"not a tar archive" * 100))
    for name in ("cut.tar.gz", "fake.zip", "plain.tar.gz"):
        with pytest.raises(ArtifactError, match="the archive cannot be read") as raised:
            list(artifacts.entries([tmp_path / name]))
        assert str(tmp_path / name) in str(raised.value)


def test_formats_not_opened(tmp_path: Path) -> None:
    (tmp_path / "app.tar.zst").write_bytes(b"(\xb5/\xfd" + b"\0" * 50)
    with pytest.raises(ArtifactError, match="cannot be opened, so the binaries in it"):
        list(artifacts.entries([tmp_path / "app.tar.zst"]))
    (tmp_path / "app.deb").write_bytes(b"!<arch>\n" + b"\0" * 100)
    assert list(artifacts.entries([tmp_path / "app.deb"])) == [
        Skipped(str(tmp_path / "app.deb"), "not an executable or an archive that is opened")]


def test_paths_that_are_not_files(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="not a regular file"):
        list(artifacts.entries([tmp_path]))
    with pytest.raises(ArtifactError, match="no such file"):
        list(artifacts.entries([tmp_path / "missing.tar.gz"]))
    os.mkfifo(tmp_path / "app.tar.gz")
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            list(artifacts.entries([tmp_path / "app.tar.gz"]))
        except ArtifactError as exc:
            errors.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    assert errors and "not a regular file" in str(errors[0])


def test_encrypted_zip_member(tmp_path: Path) -> None:
    make_zip(tmp_path / "a.zip", [("app", b"\x7fELF" + b"\0" * 100)])
    data = bytearray((tmp_path / "a.zip").read_bytes())
    for magic, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the flag bit
        data[data.find(magic) + flags_at] |= 1
    (tmp_path / "a.zip").write_bytes(data)
    with pytest.raises(ArtifactError, match="encrypted"):
        list(artifacts.entries([tmp_path / "a.zip"]))


def test_executables_that_are_not_go_and_go_binaries_that_are_damaged(
        tmp_path: Path, go_builds: Builds) -> None:
    plain = go_builds["plain"].read_bytes()
    not_go = plain.replace(MAGIC, b"x" * len(MAGIC))
    at = plain.find(MAGIC) + 15
    old_format = plain[:at] + b"\0" + plain[at + 1:]
    path = make_zip(tmp_path / "a.zip", [("c-tool", not_go), ("old", old_format)])
    found: list[GoArtifact | Skipped] = []
    with pytest.raises(GoBuildInfoError, match=r"Go 1\.17 and older") as raised:
        found.extend(artifacts.entries([path]))
    assert f"{path}!old" in str(raised.value)
    assert len(found) == 1 and isinstance(found[0], Skipped)
    assert "without Go build information" in found[0].reason
