"""govulncheck, run offline on our own advisories: which known vulnerabilities are reached.

govulncheck reads the database written by `db export` (`-db file:///DIR`) and reports, per
advisory, whether the vulnerable module is required, whether its vulnerable package is
imported, and whether a vulnerable function is called (source mode: from the module's
packages; binary mode: present in the binary's symbol table). A stripped binary has no symbol
table, and govulncheck then counts every vulnerable symbol of an imported package as reached.

It runs with `GOPROXY=off`, `GOTOOLCHAIN=local` and `GOWORK=off`: it never downloads a module
or a toolchain, so the module cache must already hold every dependency of a module scanned in
source mode (`go mod download` once, with the network). It never rewrites `go.mod` or `go.sum`
either: the caller's `GOFLAGS` (which could say `-mod=mod`) is not passed on.

Missing govulncheck is not an error: `locate()` says so, and the caller records that
reachability was not analysed. Running it and reading its output raise `ToolError`.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from margo_ssdf import tools
from margo_ssdf.errors import ToolError, UsageError

__all__ = [
    "INSTALL_COMMAND",
    "NOT_ANALYSED",
    "PINNED_VERSION",
    "Availability",
    "CallStack",
    "Frame",
    "GovulncheckFailed",
    "GovulncheckResult",
    "Reach",
    "ScanMode",
    "VulnReach",
    "db_url",
    "locate",
    "parse_stream",
    "scan_binary",
    "scan_source",
]

PINNED_VERSION = "v1.9.0"
"""The govulncheck release CI installs and the tests run."""
INSTALL_COMMAND = f"go install golang.org/x/vuln/cmd/govulncheck@{PINNED_VERSION}"
"""How to install it."""

NOT_ANALYSED = "reachability not analysed"
_GO_ENV_PASSED = ("GOPATH", "GOMODCACHE", "GOCACHE", "GOROOT", "GOENV", "XDG_CACHE_HOME",
                  "XDG_CONFIG_HOME", "CGO_ENABLED", "CC", "CXX")
# Offline, with the local toolchain, on the module alone.
_GO_ENV_FIXED = {"GOPROXY": "off", "GOTOOLCHAIN": "local", "GOWORK": "off", "GOFLAGS": ""}
_LOCATE_TIMEOUT = 30.0


class GovulncheckFailed(ToolError):
    """govulncheck ran and exited with an error (in source mode: usually a module it could not
    load offline); its output, when there is any, is not read."""

    def __init__(self, message: str, *, returncode: int, stderr: str = "",
                 fix: str | None = None) -> None:
        super().__init__(message, stderr=stderr, fix=fix)
        self.returncode = returncode


class ScanMode(StrEnum):
    """What govulncheck analysed."""

    SOURCE = "source"
    """A module's source: calls from its packages."""
    BINARY = "binary"
    """A built binary: the symbols linked into it."""


class Reach(StrEnum):
    """Whether a vulnerability's code is reached."""

    REACHED = "reached"
    """A vulnerable function is called (source) or linked in (binary)."""
    NOT_REACHED = "not_reached"
    """The vulnerable module is there, but no vulnerable function is called or linked in."""
    UNKNOWN = "unknown"
    """The scan did not go down to symbols, so it cannot tell."""


@dataclass(frozen=True)
class Frame:
    """One function of a call stack."""

    module: str
    """The module path (`stdlib` for the standard library)."""
    version: str
    """The module version, when govulncheck gives it."""
    package: str
    """The import path."""
    function: str
    """The function name."""
    receiver: str
    """The receiver type of a method, else empty."""
    file: str = ""
    """The source file (source mode only)."""
    line: int = 0
    """The line in it, 0 when unknown."""
    column: int = 0
    """The column in it, 0 when unknown."""

    @property
    def symbol(self) -> str:
        """`package.Function` or `package.Receiver.Function`."""
        name = f"{self.receiver}.{self.function}" if self.receiver else self.function
        return f"{self.package}.{name}" if self.package else name

    def __str__(self) -> str:
        where = f" ({self.file}:{self.line}:{self.column})" if self.file and self.line else ""
        return self.symbol + where


@dataclass(frozen=True)
class CallStack:
    """A path from the vulnerable function (first) to an entry point of the program (last)."""

    frames: tuple[Frame, ...]
    """The functions, vulnerable one first."""

    @property
    def symbol(self) -> str:
        """The vulnerable function reached."""
        return self.frames[0].symbol

    def __str__(self) -> str:
        return " <- ".join(str(f) for f in self.frames)


@dataclass(frozen=True)
class VulnReach:
    """What govulncheck found about one advisory."""

    osv_id: str
    """The advisory id (as in our database)."""
    reach: Reach
    """Reached, not reached, or unknown."""
    level: str
    """The deepest level found: `module` (required), `package` (imported) or `symbol`."""
    modules: tuple[tuple[str, str], ...]
    """The vulnerable (module, version) pairs found, sorted."""
    fixed_version: str
    """The version that fixes it, as govulncheck reports it ("" when none)."""
    symbols: tuple[str, ...]
    """The vulnerable functions reached, sorted."""
    stacks: tuple[CallStack, ...]
    """Call stacks of the reached functions (one frame each in binary mode)."""

    @property
    def reached(self) -> bool:
        """True when a vulnerable function is reached."""
        return self.reach is Reach.REACHED


@dataclass(frozen=True)
class GovulncheckResult:
    """One govulncheck run, read."""

    mode: ScanMode
    """Source or binary."""
    target: str
    """The module directory or the binary."""
    scanner_name: str
    """`govulncheck`, or the name a wrapper gives."""
    scanner_version: str
    """Its version (for example `v1.9.0`), from its config message."""
    db: str
    """The database it read (our export's `file://` URL)."""
    db_last_modified: str
    """That database's `modified`."""
    go_version: str
    """The Go version the standard library was judged at."""
    scan_level: str
    """`symbol`, `package` or `module`."""
    vulns: tuple[VulnReach, ...]
    """One per advisory found, sorted by id."""
    seconds: float = 0.0
    """Wall time of the run."""

    def get(self, osv_id: str) -> VulnReach | None:
        """The entry of one advisory, if govulncheck found it."""
        return next((v for v in self.vulns if v.osv_id == osv_id), None)

    @property
    def reached(self) -> tuple[VulnReach, ...]:
        """The advisories whose vulnerable code is reached."""
        return tuple(v for v in self.vulns if v.reach is Reach.REACHED)

    @property
    def not_reached(self) -> tuple[VulnReach, ...]:
        """The advisories found whose vulnerable code is not reached (machine VEX candidates)."""
        return tuple(v for v in self.vulns if v.reach is Reach.NOT_REACHED)


@dataclass(frozen=True)
class Availability:
    """Whether govulncheck can be run, and if not, the sentence to record."""

    command: tuple[str, ...] | None
    """The argv prefix that runs it, or None."""
    reason: str = ""
    """Empty when available; else why reachability was not analysed."""

    @property
    def available(self) -> bool:
        """True when govulncheck was found."""
        return self.command is not None


def locate(command: Sequence[str] | None = None) -> Availability:
    """Find govulncheck: the configured command, else PATH, else `$(go env GOPATH)/bin`.

    Not finding it is an answer, not an error: the result's `reason` reads "reachability not
    analysed: ...". A configured command that does not exist is a `ToolError`.
    """
    if command:
        found = shutil.which(command[0])
        if found is None:
            raise ToolError(f"The configured govulncheck command '{command[0]}' is not "
                            "installed or not executable.",
                            fix=f"Fix the command, or install govulncheck: {INSTALL_COMMAND}.")
        return Availability((found, *command[1:]))
    found = shutil.which("govulncheck") or _in_go_bin()
    if found:
        return Availability((found,))
    if shutil.which("go"):
        where = "on PATH nor in $(go env GOPATH)/bin"
    else:
        where = "on PATH, and Go is not installed"
    return Availability(None, f"{NOT_ANALYSED}: govulncheck is not {where} "
                              f"(install it with `{INSTALL_COMMAND}`)")


def _in_go_bin() -> str | None:
    go = shutil.which("go")
    if go is None:
        return None
    try:
        run = tools.run([go, "env", "GOBIN", "GOPATH"], timeout=_LOCATE_TIMEOUT, env=_go_env())
    except ToolError:
        return None
    lines = run.stdout.decode("utf-8", "replace").splitlines() if run.returncode == 0 else []
    gobin = lines[0].strip() if lines else ""
    gopath = lines[1].strip() if len(lines) > 1 else ""
    dirs = [gobin] if gobin else []
    dirs += [str(Path(p) / "bin") for p in gopath.split(os.pathsep) if p]
    for folder in dirs:
        candidate = Path(folder) / "govulncheck"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def _go_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    passed = {k: os.environ[k] for k in _GO_ENV_PASSED if k in os.environ}
    return tools.tool_env({**passed, **_GO_ENV_FIXED, **(extra or {})})


def db_url(db_dir: Path) -> str:
    """The `-db` argument for an export directory, checked to be one."""
    folder = Path(db_dir).absolute()
    if not (folder / "index" / "db.json").is_file():
        raise UsageError(f"{folder} is not a govulncheck database (it has no index/db.json).",
                         fix="Write one with `margo-ssdf db export --format govulncheck DIR`.")
    return folder.as_uri()


def scan_source(
    module_dir: Path,
    db_dir: Path,
    *,
    command: Sequence[str] | None = None,
    timeout: float = tools.DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
) -> GovulncheckResult:
    """Run govulncheck in source mode on the module in `module_dir` (all its packages).

    `env` adds to the environment (for example GOOS and GOARCH to analyse another platform).
    """
    folder = Path(module_dir).absolute()
    if not (folder / "go.mod").is_file():
        raise UsageError(f"{folder} is not a Go module (it has no go.mod).",
                         fix="Give the directory that holds the module's go.mod.")
    url = db_url(db_dir)
    argv = ["-format", "json", "-db", url, "-C", str(folder), "./..."]
    return _scan(argv, ScanMode.SOURCE, str(folder), url, command, timeout, env)


def scan_binary(
    binary: Path,
    db_dir: Path,
    *,
    command: Sequence[str] | None = None,
    timeout: float = tools.DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
) -> GovulncheckResult:
    """Run govulncheck in binary mode on a Go executable."""
    path = Path(binary).absolute()
    if not path.is_file():
        raise UsageError(f"{path} is not a file.", fix="Give the path of a Go binary.")
    url = db_url(db_dir)
    argv = ["-format", "json", "-mode", "binary", "-db", url, str(path)]
    return _scan(argv, ScanMode.BINARY, str(path), url, command, timeout, env)


def _scan(args: list[str], mode: ScanMode, target: str, url: str,
          command: Sequence[str] | None, timeout: float,
          env: Mapping[str, str] | None) -> GovulncheckResult:
    found = locate(command)
    if found.command is None:
        raise ToolError(f"govulncheck cannot run on {target}: {found.reason}.")
    run = tools.run([*found.command, *args], timeout=timeout, env=_go_env(env))
    if run.returncode != 0:
        raise GovulncheckFailed(
            f"govulncheck failed on {target} (exit {run.returncode}): {run.stderr_tail(1500)}",
            returncode=run.returncode, stderr=run.stderr_tail(),
            fix="In source mode the module must build offline: run `go mod download` in it "
            "once with network access, so the module cache holds every dependency.",
        )
    if run.truncated:
        raise ToolError(f"govulncheck's output on {target} was larger than margo-ssdf reads "
                        "and was cut.", fix="Scan a smaller module or binary.")
    result = parse_stream(run.stdout, mode=mode, target=target)
    if result.db != url:
        raise ToolError(f"govulncheck read the database {result.db!r}, not {url!r}.",
                        fix="Check the configured govulncheck command: it must pass -db on.")
    return _with_seconds(result, run.seconds)


def _with_seconds(result: GovulncheckResult, seconds: float) -> GovulncheckResult:
    return replace(result, seconds=round(seconds, 3))


# -- reading the JSON stream -----------------------------------------------------------------


def parse_stream(data: bytes, *, mode: ScanMode, target: str) -> GovulncheckResult:
    """Read govulncheck's `-format json` output: a stream of JSON objects, config first.

    Raises `ToolError` when it is not that stream (not JSON, no config first, a protocol
    other than v1, a finding without an id, a trace that is not a list of frames).
    """
    messages = _messages(data, target)
    if not messages or not isinstance(messages[0].get("config"), dict):
        raise _malformed(target, "it does not start with a config message")
    config: dict[str, Any] = messages[0]["config"]
    protocol = _text(config, "protocol_version", target)
    if not protocol.startswith("v1."):
        raise _malformed(target, f"its protocol version is {protocol!r}, not v1")
    go_version = _text(config, "go_version", target)
    findings: dict[str, list[dict[str, Any]]] = {}
    for message in messages[1:]:
        if isinstance(sbom := message.get("SBOM"), dict) and not go_version:
            go_version = _text(sbom, "go_version", target)
        if "finding" in message:
            finding = _finding(message["finding"], target)
            findings.setdefault(finding["osv"], []).append(finding)
    level = _text(config, "scan_level", target) or "symbol"
    return GovulncheckResult(
        mode=mode, target=target, scanner_name=_text(config, "scanner_name", target),
        scanner_version=_text(config, "scanner_version", target),
        db=_text(config, "db", target),
        db_last_modified=_text(config, "db_last_modified", target),
        go_version=go_version, scan_level=level,
        vulns=tuple(_vuln(osv_id, found, level, target)
                    for osv_id, found in sorted(findings.items())),
    )


def _messages(data: bytes, target: str) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed(target, "it is not UTF-8") from None
    decoder = json.JSONDecoder()
    out: list[dict[str, Any]] = []
    pos = 0
    while (pos := _skip_space(text, pos)) < len(text):
        try:
            value, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            raise _malformed(target, f"it is not JSON at character {pos}") from None
        if not isinstance(value, dict):
            raise _malformed(target, f"a message at character {pos} is not a JSON object")
        out.append(value)
    return out


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _finding(value: Any, target: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not isinstance(value.get("osv"), str) or not value["osv"]:
        raise _malformed(target, "a finding has no advisory id")
    trace = value.get("trace", [])
    if not isinstance(trace, list) or not all(isinstance(f, dict) for f in trace):
        raise _malformed(target, f"the trace of a finding of {value['osv']} is not a list "
                                 "of frames")
    return value


def _frame(value: dict[str, Any], target: str) -> Frame:
    position = value.get("position")
    where = position if isinstance(position, dict) else {}
    return Frame(
        module=_text(value, "module", target), version=_text(value, "version", target),
        package=_text(value, "package", target), function=_text(value, "function", target),
        receiver=_text(value, "receiver", target), file=_text(where, "filename", target),
        line=_number(where, "line", target), column=_number(where, "column", target),
    )


def _vuln(osv_id: str, findings: list[dict[str, Any]], scan_level: str,
          target: str) -> VulnReach:
    modules: set[tuple[str, str]] = set()
    stacks: set[CallStack] = set()
    level = "module"
    fixed = ""
    for finding in findings:
        frames = tuple(_frame(f, target) for f in finding.get("trace", []))
        fixed = fixed or _text(finding, "fixed_version", target)
        if not frames:
            continue
        modules.add((frames[0].module, frames[0].version))
        if frames[0].function:
            level = "symbol"
            stacks.add(CallStack(frames))
        elif frames[0].package and level == "module":
            level = "package"
    if level == "symbol":
        reach = Reach.REACHED
    else:
        reach = Reach.NOT_REACHED if scan_level == "symbol" else Reach.UNKNOWN
    ordered = tuple(sorted(stacks, key=lambda s: [(f.symbol, f.file, f.line) for f in s.frames]))
    return VulnReach(osv_id, reach, level, tuple(sorted(modules)), fixed,
                     tuple(sorted({s.symbol for s in ordered})), ordered)


def _text(value: dict[str, Any], key: str, target: str) -> str:
    got = value.get(key, "")
    if got is None:
        return ""
    if not isinstance(got, str):
        raise _malformed(target, f"'{key}' is not a string")
    return got


def _number(value: dict[str, Any], key: str, target: str) -> int:
    got = value.get(key, 0)
    if isinstance(got, bool) or not isinstance(got, int):
        raise _malformed(target, f"'{key}' is not a number")
    return got


def _malformed(target: str, why: str) -> ToolError:
    return ToolError(f"govulncheck's JSON output on {target} cannot be read: {why}.",
                     fix=f"Use govulncheck {PINNED_VERSION} or a later v1 release "
                         f"({INSTALL_COMMAND}).")
