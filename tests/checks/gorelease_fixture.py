"""A release of real Go binaries to audit: the two x/text modules of tests/golang.py, their
binaries in goreleaser-style archives, and a store of advisories we write for x/text v0.3.7,
for the standard library of the compiler that built them, and for the `go 1.22` line."""

from __future__ import annotations

import json
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from margo_ssdf.discovery import gobuildinfo
from margo_ssdf.vulndb import OsvStore
from tests import golang
from tests.vulndb.factory import mark_current

TEXT = golang.TEXT_MODULE
REACHED_TEXT = "GO-2099-0001"  # language.ParseAcceptLanguage: called by `calls` only
UNIMPORTED_TEXT = "GO-2099-0002"  # unicode/norm: imported by neither
COMPILER_REACHED = "GO-2099-0010"  # the compiler's fmt.Println: both call it
COMPILER_UNREACHED = "GO-2099-0011"  # the compiler's net/http.Get: neither imports it
GO_LINE = "GO-2099-0020"  # stdlib of the go 1.22 line, fixed in 1.23.0
GO_LINE_TOOLCHAIN = "GO-2099-0021"  # the go command of the go 1.22 line


@dataclass(frozen=True)
class GoRelease:
    """Projects, archives, the store and the compiler's release."""

    modules: golang.GoModules
    release: str
    """The compiler's release, e.g. 1.26.8."""
    calls: Path
    """A project: the `calls` module, with dist/calls_linux_amd64.tar.gz."""
    imports_only: Path
    """A project: the `importsonly` module, with its archive and a stripped binary."""
    db: Path
    govulncheck: Path

    def archive(self, project: Path) -> Path:
        """The project's goreleaser-style archive."""
        return next((project / "dist").glob("*.tar.gz"))


def advisory(ident: str, module: str, package: str, symbols: list[str], introduced: str,
             fixed: str) -> dict[str, Any]:
    """An advisory in the Go database's form (our own test data)."""
    return {
        "schema_version": "1.3.1", "id": ident, "modified": "2024-01-01T00:00:00Z",
        "published": "2024-01-01T00:00:00Z", "aliases": [], "summary": f"test {ident}",
        "details": "test advisory",
        "affected": [{"package": {"name": module, "ecosystem": "Go"}, "ranges": [
            {"type": "SEMVER", "events": [{"introduced": introduced}, {"fixed": fixed}]}],
            "ecosystem_specific": {"imports": [{"path": package, "symbols": symbols}]}}],
    }


def _next_patch(release: str) -> str:
    major, minor, *patch = release.split(".")
    return f"{major}.{minor}.{int(patch[0]) + 1 if patch else 1}"


def _project(root: Path, module: Path, binary: Path, name: str) -> Path:
    project = root / name
    shutil.copytree(module, project)
    (project / "dist").mkdir()
    with tarfile.open(project / "dist" / f"{name}_linux_amd64.tar.gz", "w:gz") as tar:
        tar.add(binary, arcname=name)
        tar.add(project / "go.mod", arcname="README.md")  # not a binary: listed as skipped
    return project


def build(root: Path) -> GoRelease:
    """Build everything under `root` (skips without Go, or without the network on a first run)."""
    tool = golang.govulncheck()
    (root / "go").mkdir(parents=True)
    modules = golang.build_modules(root / "go")
    release = gobuildinfo.read(modules.calls_binary).go_release
    assert release is not None
    minor = ".".join(release.split(".")[:2])
    docs = [
        advisory(REACHED_TEXT, TEXT, f"{TEXT}/language", ["ParseAcceptLanguage"], "0", "0.3.8"),
        advisory(UNIMPORTED_TEXT, TEXT, f"{TEXT}/unicode/norm", ["Form.String"], "0", "0.39.0"),
        advisory(COMPILER_REACHED, "stdlib", "fmt", ["Println"], f"{minor}.0",
                 _next_patch(release)),
        advisory(COMPILER_UNREACHED, "stdlib", "net/http", ["Get"], f"{minor}.0",
                 _next_patch(release)),
        advisory(GO_LINE, "stdlib", "fmt", ["Println"], "1.22.0", "1.23.0"),
        advisory(GO_LINE_TOOLCHAIN, "toolchain", "cmd/go", ["Run"], "1.22.0", "1.23.0"),
    ]
    src = root / "advisories"
    src.mkdir()
    for doc in docs:
        (src / f"{doc['id']}.json").write_text(json.dumps(doc))
    db = root / "osv.sqlite3"
    with OsvStore(db) as store:
        store.import_source(src)
    mark_current(db)  # the fixture's advisories stand for today's data
    calls = _project(root / "projects", modules.calls, modules.calls_binary, "calls")
    imports_only = _project(root / "projects", modules.imports_only,
                            modules.imports_only_binary, "importsonly")
    shutil.copy(modules.imports_only_stripped, imports_only / "dist" / "importsonly-stripped")
    return GoRelease(modules, release, calls, imports_only, db, tool)
