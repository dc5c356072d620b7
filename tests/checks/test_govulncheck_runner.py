"""The govulncheck runner: finding it, running it offline, and reading its JSON stream.

A stand-in govulncheck (a Python script) checks the argv, the environment and the error paths
without Go; the real govulncheck v1.9.0 then runs on two real modules and their binaries, one
calling a vulnerable function of golang.org/x/text v0.3.7 and one only importing its package.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from margo_ssdf.errors import ToolError, UsageError
from margo_ssdf.govulncheck import (
    NOT_ANALYSED,
    CallStack,
    Reach,
    ScanMode,
    locate,
    parse_stream,
    scan_binary,
    scan_source,
)
from margo_ssdf.vulndb import OsvStore
from margo_ssdf.vulndb.export import export_govulncheck
from tests import golang
from tests.reliability.fuzzing import fuzz_settings

TEXT = "golang.org/x/text"


def stream(*messages: dict[str, Any]) -> bytes:
    """Messages as govulncheck writes them: indented JSON objects one after another."""
    return "\n".join(json.dumps(m, indent=2) for m in messages).encode()


def config(db: str = "file:///db", level: str = "symbol") -> dict[str, Any]:
    return {"config": {"protocol_version": "v1.0.0", "scanner_name": "govulncheck",
                       "scanner_version": "v1.9.0", "db": db,
                       "db_last_modified": "2024-01-01T00:00:00Z", "go_version": "go1.26.8",
                       "scan_level": level, "scan_mode": "source"}}


def finding(osv: str, *frames: dict[str, Any]) -> dict[str, Any]:
    return {"finding": {"osv": osv, "fixed_version": "v0.3.8", "trace": list(frames)}}


MODULE_FRAME = {"module": TEXT, "version": "v0.3.7"}
PACKAGE_FRAME = {**MODULE_FRAME, "package": f"{TEXT}/language"}
CALLED = {**PACKAGE_FRAME, "function": "ParseAcceptLanguage",
          "position": {"filename": "language/parse.go", "offset": 1, "line": 158, "column": 6}}
CALLER = {"module": "example.com/calls", "package": "example.com/calls", "function": "main",
          "position": {"filename": "main.go", "offset": 1, "line": 11, "column": 46}}


def sample(db: str = "file:///db", level: str = "symbol") -> bytes:
    return stream(
        config(db, level),
        {"progress": {"message": "Scanning your code..."}},
        {"SBOM": {"go_version": "go1.26.8", "modules": [], "roots": []}},
        {"osv": {"id": "GO-1"}},
        finding("GO-1", MODULE_FRAME), finding("GO-2", MODULE_FRAME),
        finding("GO-1", PACKAGE_FRAME), finding("GO-3", MODULE_FRAME),
        finding("GO-3", PACKAGE_FRAME), finding("GO-1", CALLED, CALLER),
        finding("GO-1", CALLED, CALLER),  # the same stack twice is kept once
    )


def test_the_stream_gives_reached_not_reached_and_the_call_stack() -> None:
    result = parse_stream(sample(), mode=ScanMode.SOURCE, target="m")
    assert (result.scanner_name, result.scanner_version, result.go_version) == \
        ("govulncheck", "v1.9.0", "go1.26.8")
    assert [(v.osv_id, v.reach, v.level) for v in result.vulns] == [
        ("GO-1", Reach.REACHED, "symbol"),
        ("GO-2", Reach.NOT_REACHED, "module"),
        ("GO-3", Reach.NOT_REACHED, "package"),
    ]
    reached = result.vulns[0]
    assert reached.symbols == (f"{TEXT}/language.ParseAcceptLanguage",)
    assert reached.modules == ((TEXT, "v0.3.7"),)
    assert reached.fixed_version == "v0.3.8"
    assert len(reached.stacks) == 1
    assert str(reached.stacks[0]) == (f"{TEXT}/language.ParseAcceptLanguage "
                                      "(language/parse.go:158:6) <- "
                                      "example.com/calls.main (main.go:11:46)")
    assert [v.osv_id for v in result.not_reached] == ["GO-2", "GO-3"]
    assert [v.osv_id for v in result.reached] == ["GO-1"]


def test_below_symbol_level_nothing_is_claimed_not_reached() -> None:
    result = parse_stream(stream(config(level="package"), finding("GO-3", PACKAGE_FRAME)),
                          mode=ScanMode.SOURCE, target="m")
    assert result.vulns[0].reach is Reach.UNKNOWN
    assert result.not_reached == ()


@pytest.mark.parametrize(("data", "why"), [
    (b"\xff\xfe", "not UTF-8"),
    (b"{\"config\": ", "not JSON at character 0"),
    (b"[1, 2]", "is not a JSON object"),
    (stream({"progress": {}}, config()), "does not start with a config message"),
    (stream({"config": {"protocol_version": "v2.0.0"}}), "protocol version is 'v2.0.0'"),
    (stream(config(), {"finding": {"trace": []}}), "a finding has no advisory id"),
    (stream(config(), {"finding": {"osv": "GO-1", "trace": {"module": "m"}}}),
     "the trace of a finding of GO-1 is not a list of frames"),
    (stream(config(), finding("GO-1", {"module": 3})), "'module' is not a string"),
    (b"", "does not start with a config message"),
])
def test_malformed_streams_are_tool_errors(data: bytes, why: str) -> None:
    with pytest.raises(ToolError) as caught:
        parse_stream(data, mode=ScanMode.BINARY, target="app")
    assert "govulncheck's JSON output on app cannot be read" in caught.value.message
    assert why in caught.value.message
    assert "govulncheck@v1.9.0" in (caught.value.fix or "")


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**65), 2**65) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["osv", "trace", "module", "package", "function", "receiver",
                         "position", "line", "filename", "config", "finding", "x"]),
        inner, max_size=4),
    max_leaves=12)


@pytest.mark.deep
@fuzz_settings()
@given(index=st.integers(0, 11), path=st.lists(st.integers(0, 5), max_size=4), value=JSONISH,
       cut=st.integers(0, 4000))
def test_a_mangled_stream_is_read_or_refused_cleanly(index: int, path: list[int], value: Any,
                                                     cut: int) -> None:
    """Whatever govulncheck prints, the reader returns a result or raises ToolError."""
    messages = [json.loads(m) for m in
                sample().decode().replace("}\n{", "}\x00{").split("\x00")]
    node: Any = messages[index % len(messages)]
    for step in path:  # walk down into the message and replace what is there
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        child = node[keys[step % len(keys)]] if keys else None
        if not isinstance(child, dict | list) or not child:
            node[keys[step % len(keys)] if keys else "x"] = value
            break
        node = child
    else:
        messages[index % len(messages)] = value
    data = stream(*messages)[: cut or None] if cut % 3 else stream(*messages)
    try:
        result = parse_stream(data, mode=ScanMode.SOURCE, target="m")
    except ToolError as exc:
        assert exc.message.startswith("govulncheck's JSON output on m cannot be read")
    else:
        assert all(v.reach in Reach for v in result.vulns)


# -- a stand-in govulncheck ------------------------------------------------------------------


def fake_tool(folder: Path, name: str, body: str) -> Path:
    """An executable Python script called `name` in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!{sys.executable}\nimport json, os, sys\n{body}\n")
    path.chmod(0o755)
    return path


def fake_govulncheck(folder: Path, output: bytes, *, code: int = 0,
                     echo_db: bool = True) -> Path:
    """Records its argv and environment, then prints `output` (with -db's value as the db)."""
    record = folder / "record.json"
    return fake_tool(folder, "govulncheck", f"""
argv = sys.argv[1:]
json.dump({{"argv": argv, "env": dict(os.environ)}}, open({str(record)!r}, "w"))
out = {output.decode()!r}
if {echo_db!r}:
    out = out.replace("file:///db", argv[argv.index("-db") + 1])
sys.stdout.write(out)
sys.stderr.write("boom: something failed")
sys.exit({code})""")


@pytest.fixture
def export_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "vulndb"
    (folder / "index").mkdir(parents=True)
    (folder / "index" / "db.json").write_text('{"modified":"2024-01-01T00:00:00Z"}')
    return folder


@pytest.fixture
def module_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "module"
    folder.mkdir()
    (folder / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    return folder


def test_source_mode_runs_offline_with_an_allow_listed_environment(
        tmp_path: Path, export_dir: Path, module_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    tool = fake_govulncheck(tmp_path / "bin", sample())
    monkeypatch.setenv("GITHUB_TOKEN", "secret")
    monkeypatch.setenv("GOFLAGS", "-mod=mod")  # would let go rewrite the project's go.mod
    monkeypatch.setenv("GOPROXY", "https://proxy.golang.org")
    monkeypatch.setenv("GOMODCACHE", str(tmp_path / "modcache"))
    result = scan_source(module_dir, export_dir, command=[str(tool)], env={"GOOS": "windows"})
    seen = json.loads((tmp_path / "bin" / "record.json").read_text())
    assert seen["argv"] == ["-format", "json", "-db", export_dir.as_uri(), "-C",
                            str(module_dir), "./..."]
    env = seen["env"]
    assert (env["GOPROXY"], env["GOTOOLCHAIN"], env["GOWORK"], env["GOFLAGS"]) == \
        ("off", "local", "off", "")
    assert env["GOMODCACHE"] == str(tmp_path / "modcache") and env["GOOS"] == "windows"
    assert "GITHUB_TOKEN" not in env
    assert result.mode is ScanMode.SOURCE and result.target == str(module_dir)
    assert [v.osv_id for v in result.reached] == ["GO-1"]


def test_binary_mode_argv(tmp_path: Path, export_dir: Path) -> None:
    tool = fake_govulncheck(tmp_path / "bin", sample())
    app = tmp_path / "app"
    app.write_bytes(b"\x7fELF")
    result = scan_binary(app, export_dir, command=[str(tool)])
    seen = json.loads((tmp_path / "bin" / "record.json").read_text())
    assert seen["argv"] == ["-format", "json", "-mode", "binary", "-db", export_dir.as_uri(),
                            str(app)]
    assert result.mode is ScanMode.BINARY


def test_a_failing_govulncheck_is_a_tool_error_with_its_message(
        tmp_path: Path, export_dir: Path, module_dir: Path) -> None:
    tool = fake_govulncheck(tmp_path / "bin", sample(), code=1)
    with pytest.raises(ToolError) as caught:
        scan_source(module_dir, export_dir, command=[str(tool)])
    assert f"govulncheck failed on {module_dir} (exit 1): boom: something failed" in \
        caught.value.message
    assert "go mod download" in (caught.value.fix or "")


def test_a_govulncheck_that_reads_another_database_is_refused(
        tmp_path: Path, export_dir: Path, module_dir: Path) -> None:
    tool = fake_govulncheck(tmp_path / "bin", sample(db="https://vuln.go.dev"), echo_db=False)
    with pytest.raises(ToolError) as caught:
        scan_source(module_dir, export_dir, command=[str(tool)])
    assert f"read the database 'https://vuln.go.dev', not '{export_dir.as_uri()}'" in \
        caught.value.message


def test_garbage_output_is_a_tool_error(tmp_path: Path, export_dir: Path,
                                        module_dir: Path) -> None:
    tool = fake_govulncheck(tmp_path / "bin", b"Scanning your code...\nNo vulnerabilities.")
    with pytest.raises(ToolError, match="cannot be read: it is not JSON"):
        scan_source(module_dir, export_dir, command=[str(tool)])


def test_bad_targets_are_usage_errors(tmp_path: Path, export_dir: Path,
                                      module_dir: Path) -> None:
    tool = fake_govulncheck(tmp_path / "bin", sample())
    with pytest.raises(UsageError, match="is not a Go module"):
        scan_source(tmp_path, export_dir, command=[str(tool)])
    with pytest.raises(UsageError, match="is not a govulncheck database"):
        scan_source(module_dir, tmp_path, command=[str(tool)])
    with pytest.raises(UsageError, match="is not a file"):
        scan_binary(tmp_path / "missing", export_dir, command=[str(tool)])


# -- finding it --------------------------------------------------------------------------------


def test_missing_govulncheck_means_reachability_not_analysed(
        tmp_path: Path, export_dir: Path, module_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    found = locate()
    assert not found.available and found.command is None
    assert found.reason.startswith(f"{NOT_ANALYSED}: govulncheck is not on PATH, and Go is "
                                   "not installed")
    assert "go install golang.org/x/vuln/cmd/govulncheck@v1.9.0" in found.reason
    with pytest.raises(ToolError, match=NOT_ANALYSED):
        scan_source(module_dir, export_dir)


def test_govulncheck_is_found_in_the_go_path(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    gopath = tmp_path / "gopath"
    tool = fake_tool(gopath / "bin", "govulncheck", "")
    fake_tool(tmp_path / "gobin-less", "go",
              f"print(); print({str(tmp_path / 'elsewhere') + ':' + str(gopath)!r})")
    monkeypatch.setenv("PATH", str(tmp_path / "gobin-less"))
    assert locate().command == (str(tool),)


def test_govulncheck_on_path_comes_first_and_a_configured_command_must_exist(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool = fake_tool(tmp_path / "bin", "govulncheck", "")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert locate().command == (str(tool),)
    assert locate(["govulncheck", "-tags", "x"]).command == (str(tool), "-tags", "x")
    with pytest.raises(ToolError, match="configured govulncheck command '/nowhere/gv'"):
        locate(["/nowhere/gv"])


# -- the real govulncheck v1.9.0 ---------------------------------------------------------------


def go_advisory(advisory_id: str, package: str, symbols: list[str], fixed: str) -> dict[str, Any]:
    """An advisory of golang.org/x/text in the Go database's form (our own test data)."""
    return {
        "schema_version": "1.3.1", "id": advisory_id, "modified": "2024-01-01T00:00:00Z",
        "aliases": [], "summary": "test advisory", "details": "test advisory",
        "affected": [{
            "package": {"name": TEXT, "ecosystem": "Go"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": fixed}]}],
            "ecosystem_specific": {"imports": [{"path": f"{TEXT}/{package}",
                                                "symbols": symbols}]},
        }],
    }


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, golang.GoModules]:
    """govulncheck, an export of three advisories of golang.org/x/text, and the modules."""
    binary = golang.govulncheck()
    modules = golang.build_modules(tmp_path_factory.mktemp("go"))
    src = tmp_path_factory.mktemp("advisories")
    for advisory in (
        go_advisory("GO-2099-0001", "language", ["MatchStrings", "ParseAcceptLanguage"], "0.3.8"),
        go_advisory("GO-2099-0002", "unicode/norm", ["Form.String"], "0.39.0"),
        go_advisory("GO-2099-0003", "language", ["Parse"], "0.3.7"),  # fixed in v0.3.7
    ):
        (src / f"{advisory['id']}.json").write_text(json.dumps(advisory))
    export = tmp_path_factory.mktemp("export") / "vulndb"
    with OsvStore(tmp_path_factory.mktemp("db") / "osv.sqlite3") as store:
        store.import_source(src)
        export_govulncheck(store, export)
    return binary, export, modules


@pytest.fixture
def offline_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOMODCACHE", str(golang.GOMODCACHE))


def reach(result: Any) -> dict[str, tuple[Reach, str]]:
    return {v.osv_id: (v.reach, v.level) for v in result.vulns}


@pytest.mark.goproxy
@pytest.mark.usefixtures("offline_cache")
def test_source_mode_calling_the_vulnerable_function(
        real: tuple[Path, Path, golang.GoModules]) -> None:
    binary, export, modules = real
    result = scan_source(modules.calls, export, command=[str(binary)])
    assert result.scanner_version == golang.PINNED_VERSION and result.scan_level == "symbol"
    assert result.go_version.startswith("go1.")
    assert reach(result) == {"GO-2099-0001": (Reach.REACHED, "symbol"),
                             "GO-2099-0002": (Reach.NOT_REACHED, "module")}
    vuln = result.get("GO-2099-0001")
    assert vuln is not None
    assert vuln.symbols == (f"{TEXT}/language.ParseAcceptLanguage",)
    assert vuln.modules == ((TEXT, golang.TEXT_VERSION),)
    stack: CallStack = vuln.stacks[0]
    assert stack.frames[-1].symbol == "example.com/calls.main"
    assert (Path(stack.frames[-1].file).name, stack.frames[-1].line) == \
        ("main.go", golang.CALL_LINE)


@pytest.mark.goproxy
@pytest.mark.usefixtures("offline_cache")
def test_source_mode_importing_without_calling(
        real: tuple[Path, Path, golang.GoModules]) -> None:
    binary, export, modules = real
    result = scan_source(modules.imports_only, export, command=[str(binary)])
    assert reach(result) == {"GO-2099-0001": (Reach.NOT_REACHED, "package"),
                             "GO-2099-0002": (Reach.NOT_REACHED, "module")}
    assert result.get("GO-2099-0001").stacks == ()  # type: ignore[union-attr]


@pytest.mark.goproxy
def test_binary_mode_on_the_built_binaries(real: tuple[Path, Path, golang.GoModules]) -> None:
    binary, export, modules = real
    calls = scan_binary(modules.calls_binary, export, command=[str(binary)])
    imports_only = scan_binary(modules.imports_only_binary, export, command=[str(binary)])
    assert reach(calls)["GO-2099-0001"] == (Reach.REACHED, "symbol")
    assert calls.get("GO-2099-0001").symbols == (  # type: ignore[union-attr]
        f"{TEXT}/language.ParseAcceptLanguage",)
    assert reach(imports_only)["GO-2099-0001"] == (Reach.NOT_REACHED, "package")
    assert calls.go_version.startswith("go1.")  # from the SBOM message in binary mode


@pytest.mark.goproxy
def test_a_stripped_binary_never_counts_as_not_reached(
        real: tuple[Path, Path, golang.GoModules]) -> None:
    binary, export, modules = real
    result = scan_binary(modules.imports_only_stripped, export, command=[str(binary)])
    # Without a symbol table govulncheck assumes every vulnerable symbol of the package is in.
    assert reach(result)["GO-2099-0001"] == (Reach.REACHED, "symbol")


@pytest.mark.goproxy
def test_a_module_missing_from_the_cache_fails_offline(
        real: tuple[Path, Path, golang.GoModules], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    binary, export, _ = real
    monkeypatch.setenv("GOMODCACHE", str(golang.GOMODCACHE))
    module = tmp_path / "needs"
    module.mkdir()
    (module / "go.mod").write_text("module example.com/needs\n\ngo 1.22\n\n"
                                   "require example.invalid/nothing v1.0.0\n")
    (module / "main.go").write_text('package main\n\nimport _ "example.invalid/nothing"\n\n'
                                    "func main() {}\n")
    # go.sum lines, so go gets as far as fetching the module, which GOPROXY=off forbids.
    fake = "h1:" + "A" * 43 + "="
    (module / "go.sum").write_text(f"example.invalid/nothing v1.0.0 {fake}\n"
                                   f"example.invalid/nothing v1.0.0/go.mod {fake}\n")
    with pytest.raises(ToolError) as caught:
        scan_source(module, export, command=[str(binary)])
    assert "GOPROXY=off" in caught.value.message
