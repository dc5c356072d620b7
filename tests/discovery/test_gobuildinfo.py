"""Go build info read in pure Python, compared field by field with `go version -m -json`."""

from __future__ import annotations

import os
import struct
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.discovery import gobuildinfo
from margo_ssdf.discovery.gobuildinfo import (
    GoBuildInfo,
    GoBuildInfoError,
    GoModule,
    NotGoBinaryError,
)
from margo_ssdf.discovery.goexe import MAGIC
from tests.conftest import git
from tests.discovery import gobuild
from tests.discovery.gobuild import Builds

STDLIB_BUILDS = ["plain", "trimpath", "stripped", "windows", "darwin", "elf32", "bigendian",
                 "vcs", "vcs-modified"]


def _module_json(module: GoModule | None) -> dict[str, Any]:
    if module is None:
        return {}
    return {"Path": module.path, "Version": module.version, "Sum": module.sum,
            "Replace": _module_json(module.replace)}


def as_go_json(info: GoBuildInfo) -> dict[str, Any]:
    """Our parse in the shape of `go version -m -json`."""
    return _pruned({"GoVersion": info.go_version, "Path": info.path,
                    "Main": _module_json(info.main),
                    "Deps": [_module_json(m) for m in info.deps],
                    "Settings": [{"Key": k, "Value": v} for k, v in info.settings]})


def _pruned(value: Any) -> Any:
    """Empty fields dropped, as Go's `omitempty` does."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def assert_same_as_go(binary: Path, info: GoBuildInfo) -> None:
    assert as_go_json(info) == _pruned(gobuild.go_version_json(binary))


# ---- the reference: every real build reads exactly as `go version -m` reads it ------------------

@pytest.mark.parametrize("name", STDLIB_BUILDS)
def test_matches_go_version_m(go_builds: Builds, name: str) -> None:
    binary = go_builds[name]
    info = gobuildinfo.read(binary)
    assert info.file == str(binary)
    assert_same_as_go(binary, info)
    assert info.main is not None and info.main.sum is None
    assert info.main.path == ("example.com/vcs" if "vcs" in name else "example.com/hello")


@pytest.mark.parametrize(("name", "fmt", "goos", "goarch"), [
    ("plain", "elf", "linux", "amd64"), ("windows", "pe", "windows", "amd64"),
    ("darwin", "macho", "darwin", "arm64"), ("elf32", "elf", "linux", "386"),
    ("bigendian", "elf", "linux", "s390x")])
def test_formats_and_targets(go_builds: Builds, name: str, fmt: str, goos: str,
                             goarch: str) -> None:
    info = gobuildinfo.read(go_builds[name])
    assert (info.executable_format, info.goos, info.goarch) == (fmt, goos, goarch)
    assert info.cgo_enabled is False


def test_settings_the_audit_needs(go_builds: Builds) -> None:
    plain = gobuildinfo.read(go_builds["plain"])
    version = gobuild.run_go(["env", "GOVERSION"], go_builds.root).stdout.strip()
    assert plain.go_version == version and plain.go_release == version.removeprefix("go")
    assert not plain.trimpath and plain.vcs_revision is None and plain.deps == ()
    assert gobuildinfo.read(go_builds["trimpath"]).trimpath
    stripped = gobuildinfo.read(go_builds["stripped"])
    assert stripped.setting("-ldflags") == gobuild.LDFLAGS  # Go quoted it; we unquoted it
    assert '-ldflags="-s -w' in stripped.modinfo


def test_vcs_settings_from_a_git_repository(go_builds: Builds) -> None:
    clean, dirty = (gobuildinfo.read(go_builds[n]) for n in ("vcs", "vcs-modified"))
    head = git(go_builds.root / "vcs", "rev-parse", "HEAD").strip()
    assert (clean.setting("vcs"), clean.vcs_revision, clean.vcs_time) == (
        "git", head, "2024-05-06T07:08:09Z")
    assert clean.vcs_modified is False and dirty.vcs_modified is True
    assert dirty.vcs_revision == head
    # Since Go 1.24 the main module's version is stamped from the commit.
    pseudo = f"v0.0.0-20240506070809-{head[:12]}"
    assert clean.main and clean.main.version == pseudo
    assert dirty.main and dirty.main.version == pseudo + "+dirty"


@pytest.mark.goproxy
def test_a_real_old_module_and_a_replacement(deps_binary: Path) -> None:
    """golang.org/x/text v0.3.7 (fetched once through the module proxy, then cached)."""
    info = gobuildinfo.read(deps_binary)
    assert_same_as_go(deps_binary, info)
    deps = {m.path: m for m in info.deps}
    assert deps["golang.org/x/text"] == GoModule("golang.org/x/text", gobuild.OLD_TEXT,
                                                 gobuild.OLD_TEXT_SUM)
    util = deps["example.com/util"]
    assert (util.version, util.sum) == ("v0.0.0", None)
    assert util.replace == GoModule("./util", "(devel)") and util.built is util.replace


def test_bytes_and_path_read_the_same(go_builds: Builds) -> None:
    path = go_builds["darwin"]
    from_bytes = gobuildinfo.read(path.read_bytes(), name="x")
    assert from_bytes == gobuildinfo.read(path, name="x")
    assert gobuildinfo.read(bytearray(path.read_bytes())).file == "<memory>"


# ---- binaries without the section: the writable segment is searched ----------------------------

def test_elf_without_section_headers(go_builds: Builds, tmp_path: Path) -> None:
    data = bytearray(go_builds["stripped"].read_bytes())
    struct.pack_into("<Q", data, 40, 0)  # e_shoff
    struct.pack_into("<HHH", data, 60, 0, 0, 0)  # e_shentsize, e_shnum, e_shstrndx
    out = tmp_path / "sectionless"
    out.write_bytes(data)
    assert gobuildinfo.read(out, name="x") == gobuildinfo.read(go_builds["stripped"], name="x")
    assert_same_as_go(out, gobuildinfo.read(out))


def test_macho_without_the_section(go_builds: Builds, tmp_path: Path) -> None:
    data = go_builds["darwin"].read_bytes()
    assert data.count(b"__go_buildinfo\0") == 1
    out = tmp_path / "renamed"
    out.write_bytes(data.replace(b"__go_buildinfo\0", b"__go_elsewhere\0"))
    assert gobuildinfo.read(out, name="x") == gobuildinfo.read(go_builds["darwin"], name="x")


def test_universal_macho(go_builds: Builds, tmp_path: Path) -> None:
    thin = go_builds["darwin"].read_bytes()
    offset = 1 << 14
    header = struct.pack(">II5I", 0xCAFEBABE, 1, 0x0100000C, 0, offset, len(thin), 14)
    out = tmp_path / "universal"
    out.write_bytes(header.ljust(offset, b"\0") + thin)
    info = gobuildinfo.read(out)
    assert info.executable_format == "macho" and info.goarch == "arm64"
    assert_same_as_go(out, info)


# ---- is_go_binary: cheap, and never an error -------------------------------------------------

def test_is_go_binary(go_builds: Builds, tmp_path: Path) -> None:
    assert all(gobuildinfo.is_go_binary(go_builds[n]) for n in STDLIB_BUILDS)
    (tmp_path / "text").write_text("hello " * 100)
    (tmp_path / "tiny").write_bytes(b"\x7fELF")
    (tmp_path / "nogo").write_bytes(go_builds["plain"].read_bytes().replace(MAGIC, b"x" * 14))
    os.mkfifo(tmp_path / "fifo")
    for name in ("text", "tiny", "nogo", "fifo", "missing", "."):
        assert not gobuildinfo.is_go_binary(tmp_path / name), name


# ---- hostile and damaged input: our error, naming the file; never IndexError or struct.error ---

def _blob(data: bytes) -> int:
    at = data.find(MAGIC)
    assert at > 0
    return at


def _patch(data: bytes, at: int, new: bytes) -> bytes:
    return data[:at] + new + data[at + len(new):]


DAMAGE = {
    "cut at 10 bytes": (lambda d: d[:10], NotGoBinaryError, "too small"),
    "cut in the headers": (lambda d: d[:200], GoBuildInfoError, "lies beyond the end"),
    "cut inside the header": (lambda d: d[:_blob(d) + 20], GoBuildInfoError, "truncated"),
    "cut inside the strings": (lambda d: d[:_blob(d) + 60], GoBuildInfoError, "truncated"),
    "wrong magic": (lambda d: _patch(d, _blob(d), b"\xff Go buildinF:"), NotGoBinaryError,
                    "without Go build information"),
    "pointer format": (lambda d: _patch(d, _blob(d) + 15, b"\0"), GoBuildInfoError,
                       "Go 1.17 and older"),
    "huge varint": (lambda d: _patch(d, _blob(d) + 32, b"\xff" * 10 + b"\x01"),
                    GoBuildInfoError, "not a valid varint"),
    "length past the section": (lambda d: _patch(d, _blob(d) + 32, b"\x80\x80\x80\x80\x08"),
                                GoBuildInfoError, "claims a Go version of 2147483648 bytes"),
    "unprintable version": (lambda d: _patch(d, _blob(d) + 33, b"\x01"), GoBuildInfoError,
                            "unprintable"),
    "unknown ELF class": (lambda d: _patch(d, 4, b"\x07"), GoBuildInfoError, "unknown class"),
    "section table past the end": (lambda d: _patch(d, 40, struct.pack("<Q", 1 << 40)),
                                   GoBuildInfoError, "section table at byte 1099511627776"),
    "section string index": (lambda d: _patch(d, 62, b"\xff\x7f"), GoBuildInfoError,
                             "section table is damaged"),
    "not an executable": (lambda d: b"#!/bin/sh\n" + d, NotGoBinaryError, "not an executable"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_elf_is_refused_cleanly(go_builds: Builds, tmp_path: Path, damage: str) -> None:
    change, error, words = DAMAGE[damage]
    path = tmp_path / "damaged-binary"
    path.write_bytes(change(go_builds["plain"].read_bytes()))
    with pytest.raises(error) as raised:
        gobuildinfo.read(path)
    assert words in str(raised.value)
    assert str(path) in str(raised.value) and raised.value.fix


def _pe_sections(data: bytes) -> int:
    (lfanew,) = struct.unpack_from("<I", data, 0x3C)
    return lfanew


def test_damaged_pe_and_macho(go_builds: Builds) -> None:
    pe = go_builds["windows"].read_bytes()
    with pytest.raises(NotGoBinaryError, match="no PE header"):
        gobuildinfo.read(_patch(pe, 0x3C, struct.pack("<I", len(pe) + 8)), name="a.exe")
    with pytest.raises(GoBuildInfoError, match="claims 65535 PE sections"):
        gobuildinfo.read(_patch(pe, _pe_sections(pe) + 6, b"\xff\xff"), name="a.exe")
    macho = go_builds["darwin"].read_bytes()
    with pytest.raises(GoBuildInfoError, match="Mach-O load commands"):
        gobuildinfo.read(_patch(macho, 16, struct.pack("<I", 1 << 30)), name="m")
    with pytest.raises(GoBuildInfoError, match="does not fit"):
        gobuildinfo.read(_patch(macho, 36, struct.pack("<I", 1 << 20)), name="m")
    java = struct.pack(">IHH", 0xCAFEBABE, 0, 65) + b"\0" * 200
    with pytest.raises(NotGoBinaryError, match="Java class file"):
        gobuildinfo.read(java, name="A.class")


def test_directories_and_fifos_are_refused_without_blocking(tmp_path: Path) -> None:
    with pytest.raises(GoBuildInfoError, match="is a directory, not a file"):
        gobuildinfo.read(tmp_path)
    os.mkfifo(tmp_path / "fifo")
    done: list[BaseException] = []

    def attempt() -> None:
        try:
            gobuildinfo.read(tmp_path / "fifo")
        except GoBuildInfoError as exc:
            done.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    assert done and "FIFO" in str(done[0])
    with pytest.raises(GoBuildInfoError, match="does not exist"):
        gobuildinfo.read(tmp_path / "missing")


def test_a_2_gib_file_is_not_read_into_memory(go_builds: Builds, tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(go_builds["plain"].read_bytes())
    os.truncate(big, 2 << 30)  # sparse: 2 GiB on paper, a few MB on disk
    tracemalloc.start()
    try:
        info = gobuildinfo.read(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.goos == "linux" and peak < 4 << 20


# ---- the module information text, against Go's own runtime/debug.ParseBuildInfo -----------------

MODINFO = [
    "path\tex.com/a\nmod\tex.com/a\t(devel)\t\n",
    "path\tex.com/a\nmod\tex.com/a\tv1.0.0\th1:abc=\ndep\tx.org/y\tv0.1.0\th1:def=\n",
    "dep\tx.org/y\tv0.1.0\n=>\tx.org/z\tv0.2.0\th1:zz=\n",
    "dep\tx.org/y\tv0.1.0\n=>\t../local\t\t\n",
    "mod\tex.com/a\t(devel)\n=>\tex.com/b\tv1\th1:x=\n",
    "dep\tx.org/y\tv0.1.0\npath\tp\n=>\tx.org/z\tv0.2.0\t\n",
    'build\t-ldflags="-s -w -X \'main.v=1 2\'"\n',
    'build\t-tags=a,b\nbuild\tCGO_ENABLED=0\nbuild\tvcs.modified=true\n',
    'build\t"key with space"="a\\tb\\x41\\101\\u00e9\\U0001F600"\n',
    "build\t`raw key`=`raw\r value`\n",
    'build\tk="\\xff\\xfe"\n',
    "build\tk=\n",
    "build\tk=a=b\n",
    "go\tgo1.2\npath\tp\nunknown\tline\n\nbuild\tk=v\n",
    "path\tp\n",
    "",
    # Go refuses these; so must we.
    "dep\tx.org/y\n",
    "dep\tx.org/y\tv1\th1:x\textra\n",
    "=>\tx.org/z\tv0.2.0\t\n",
    "dep\tx.org/y\tv0.1.0\n=>\tx.org/z\tv0.2.0\n",
    "dep\tx.org/y\tv0.1.0\n=>\tx.org/z\tv0.2.0\t\n=>\tx.org/w\tv0.2.0\t\n",
    "build\t\n", "build\t=v\n", "build\tkey\n", "build\tk ey=v\n", "build\tk=a b\n",
    'build\t"k"v\n', 'build\t"k\n', 'build\tk="unterminated\n', 'build\tk="a"b\n',
    'build\tk="\\q"\n', 'build\tk="\\400"\n', 'build\tk="\\ud800"\n', "build\tk=`x\n",
    "build\tk=\"a\rb\"\n", "build\tk=`\n",
]
STRICTER = {  # Go accepts these; we refuse them on purpose (see the module docstring)
    "path\ta\npath\tb\n": "a second `path` line",
    "mod\ta\tv1\nmod\tb\tv1\n": "a second `mod` line",
    "dep\t\tv1\n": "an empty module path",
    "path\tp": "does not end with a newline",
}


def _ours(text: str) -> dict[str, Any]:
    try:
        info = gobuildinfo.from_modinfo("go1.2", text, file="t")
    except GoBuildInfoError as exc:
        return {"Error": str(exc)}
    doc = as_go_json(info)
    doc.pop("GoVersion")
    return {"Info": doc}


def test_module_information_parses_as_go_parses_it(go_parser: Path) -> None:
    for text, theirs in zip(MODINFO, gobuild.go_parse(go_parser, MODINFO), strict=True):
        ours = _ours(text)
        if "Error" in theirs:
            assert "Error" in ours, f"Go refuses {text!r} ({theirs['Error']}); we accepted it"
        else:
            info = _pruned(theirs["Info"])
            info.pop("GoVersion", None)
            assert ours == {"Info": info}, text


def test_where_we_are_stricter_than_go(go_parser: Path) -> None:
    for text, theirs in zip(STRICTER, gobuild.go_parse(go_parser, list(STRICTER)), strict=True):
        assert "Info" in theirs
        with pytest.raises(GoBuildInfoError, match=STRICTER[text]) as raised:
            gobuildinfo.from_modinfo("go1.2", text, file="evidence/app.modinfo")
        assert "evidence/app.modinfo" in str(raised.value)


def test_module_information_fields() -> None:
    info = gobuildinfo.from_modinfo(
        "go1.21rc2 X:nodwarf5",
        "path\tex.com/a/cmd\nmod\tex.com/a\tv1.0.0\th1:m=\ndep\tx.org/y\tv0.1.0\n"
        "=>\tx.org/z\tv0.2.0\th1:z=\nbuild\tGOOS=linux\nbuild\tGOOS=plan9\n"
        "build\tCGO_ENABLED=1\n", file="f")
    assert info.path == "ex.com/a/cmd" and info.go_release == "1.21rc2"
    assert info.main == GoModule("ex.com/a", "v1.0.0", "h1:m=")
    assert info.deps[0].built == GoModule("x.org/z", "v0.2.0", "h1:z=")
    assert info.goos == "plan9" and info.cgo_enabled is True  # the last value wins
    assert info.settings[0] == ("GOOS", "linux") and info.executable_format == ""
    assert gobuildinfo.from_modinfo("devel go1.27-abc123", "", file="f").go_release is None


PIECES = ["ex.com/a", "v1.0.0", "(devel)", "h1:x=", "", "a b", "é", "k=v", "k=", "=v", "k=a=b",
          '"k"=v', '"k"="v w"', 'k="a\\tb"', 'k="\\x41\\xff"', 'k="\\xc3\\xa9"', "k=`a b`",
          "`k`=1", 'k="\\q"', 'k="x', "k=`x", '"k', "\r", '"', "`", "k=a\rb", 'k="\\u00e9"',
          '"\\U0001F600"=1', "k=\\", "\\"]
KINDS = ["path", "mod", "dep", "=>", "build", "go", "other", ""]


def _random_modinfo(rng: Any) -> str:
    lines = []
    for _ in range(rng.randrange(1, 6)):
        fields = [rng.choice(PIECES) for _ in range(rng.randrange(0, 5))]
        lines.append(rng.choice(KINDS) + "\t" + "\t".join(fields))
    return "\n".join(lines) + ("\n" if rng.random() < 0.9 else "")


def test_random_module_information_agrees_with_go(go_parser: Path) -> None:
    """600 texts from the format's own vocabulary: where Go refuses, we refuse; where Go
    accepts, we read the same fields, or refuse for one of our documented stricter reasons."""
    import random

    rng = random.Random(17)
    texts = [_random_modinfo(rng) for _ in range(600)]
    agreed = refused = 0
    for text, theirs in zip(texts, gobuild.go_parse(go_parser, texts), strict=True):
        ours = _ours(text)
        if "Error" in theirs:
            assert "Error" in ours, f"Go refuses {text!r} ({theirs['Error']}); we accepted it"
            refused += 1
        elif "Error" in ours:
            assert any(reason in ours["Error"] for reason in STRICTER.values()), (text, ours)
        else:
            info = _pruned(theirs["Info"])
            info.pop("GoVersion", None)
            assert ours == {"Info": info}, text
            agreed += 1
    assert agreed > 100 and refused > 100  # both branches were really exercised
