"""The build information the Go linker embeds in a binary, read in pure Python (Go 1.18+).

`read(path_or_bytes)` returns a `GoBuildInfo`: the compiler's version, the main module, every
module linked in with its version, `h1:` sum and replacement, and the build settings (GOOS,
GOARCH, CGO_ENABLED, -trimpath, -ldflags, vcs.revision, vcs.time, vcs.modified, ...). It needs no
Go toolchain and reads ELF, Mach-O (thin and universal) and PE files, stripped or not, through a
read-only memory map, so a 2 GB file is never read into memory. `go version -m FILE` is the
reference: the tests compare both field by field on binaries they build.

The format: a 32-byte header (`goexe.MAGIC`, pointer size, flags) followed, since Go 1.18, by two
strings, each prefixed by its length as an unsigned varint: the Go version and the module
information, which is the text of `runtime/debug.BuildInfo.String()` framed by 16 bytes on each
side. Go 1.17 and older stored pointers instead; those binaries are refused with a clear error.

Stricter than `go version -m`, to fail closed on forged input: a second `path` or `mod` line, a
module line with an empty path, text that does not end with a newline, or a Go version with
control characters is refused. Lines of an unknown kind are ignored, as Go does.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import re
import stat
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from margo_ssdf.discovery import goexe
from margo_ssdf.discovery.goexe import Buffer, GoBuildInfoError, NotGoBinaryError

__all__ = ["GoBuildInfo", "GoBuildInfoError", "GoModule", "NotGoBinaryError", "from_modinfo",
           "is_go_binary", "read"]

MAX_VERSION = 1024
"""Longest Go version string read (real ones are under 100 bytes)."""
MAX_MODINFO = 16 << 20
"""Longest module information read (large programs embed under 100 KiB)."""
_MIN_FILE = 64
_FRAME = 16
_Where = Callable[[int, str], GoBuildInfoError]
_RELEASE = re.compile(r"go(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)(?=\s|$)")


@dataclass(frozen=True)
class GoModule:
    """One module as the Go linker recorded it (a `mod`, `dep` or `=>` line)."""

    path: str
    """The module path, e.g. `golang.org/x/text`, or a directory for a local replacement."""
    version: str
    """The version, e.g. `v0.3.7`; `(devel)` for a main module built from a checkout; empty for
    a directory replacement."""
    sum: str | None = None
    """The go.sum hash (`h1:` and a base64 SHA-256 of the module tree); None when the linker
    recorded none (the main module, a replaced module, a directory replacement)."""
    replace: GoModule | None = None
    """The module built in this one's place (a `=>` line), or None."""

    @property
    def built(self) -> GoModule:
        """The module whose code is in the binary: the replacement if there is one."""
        return self.replace or self


@dataclass(frozen=True)
class GoBuildInfo:
    """What a Go binary says about how it was built."""

    file: str
    """The name the binary was read under (a path, or `archive!member`)."""
    go_version: str
    """The compiler's version exactly as embedded, e.g. `go1.26.8` (experiments may follow
    after a space, e.g. `go1.26.8 X:nodwarf5`)."""
    path: str
    """The main package's import path (the `path` line); empty when none was recorded."""
    main: GoModule | None
    """The main module (the `mod` line); None for binaries built outside module mode."""
    deps: tuple[GoModule, ...]
    """Every other module linked in, in the order the linker wrote them (sorted by path)."""
    settings: tuple[tuple[str, str], ...]
    """The build settings as (key, value) pairs in embedded order: `-buildmode`, `-compiler`,
    `-ldflags`, `-trimpath`, `CGO_ENABLED`, `GOARCH`, `GOOS`, `GOAMD64`, `vcs`,
    `vcs.revision`, `vcs.time`, `vcs.modified`, ... Note that `-ldflags` may carry `-X` values
    the builder set."""
    executable_format: str
    """`elf`, `macho` or `pe`; empty when the info was parsed from text (`from_modinfo`)."""
    modinfo: str
    """The module information text as embedded (framing removed), for evidence."""

    def setting(self, key: str) -> str | None:
        """The value of a build setting (the last one if repeated), or None."""
        return self.settings_map.get(key)

    @property
    def settings_map(self) -> dict[str, str]:
        """The build settings as a mapping (a repeated key keeps its last value)."""
        return dict(self.settings)

    @property
    def go_release(self) -> str | None:
        """The release number without the `go` prefix (`1.26.8`, `1.21rc2`); None for a
        development build such as `devel go1.27-abc123`."""
        found = _RELEASE.match(self.go_version)
        return found.group(1) if found else None

    @property
    def goos(self) -> str | None:
        """The target operating system (the GOOS setting)."""
        return self.setting("GOOS")

    @property
    def goarch(self) -> str | None:
        """The target architecture (the GOARCH setting)."""
        return self.setting("GOARCH")

    @property
    def cgo_enabled(self) -> bool | None:
        """Whether cgo was enabled; None when not recorded."""
        return _flag(self.setting("CGO_ENABLED"))

    @property
    def trimpath(self) -> bool:
        """Whether the build used -trimpath."""
        return self.setting("-trimpath") == "true"

    @property
    def vcs_revision(self) -> str | None:
        """The commit the binary was built from (vcs.revision), when recorded."""
        return self.setting("vcs.revision")

    @property
    def vcs_time(self) -> str | None:
        """The commit time (vcs.time, RFC 3339), when recorded."""
        return self.setting("vcs.time")

    @property
    def vcs_modified(self) -> bool | None:
        """Whether the working tree had uncommitted changes (vcs.modified)."""
        return _flag(self.setting("vcs.modified"))


def _flag(value: str | None) -> bool | None:
    return {"1": True, "true": True, "0": False, "false": False}.get(value or "")


# ---- reading a file -----------------------------------------------------------------------------

def read(source: bytes | bytearray | memoryview | str | os.PathLike[str], *,
         name: str | None = None) -> GoBuildInfo:
    """The build information of a Go binary, given as a path or as its bytes.

    `name` is what messages and `GoBuildInfo.file` call it (default: the path, or `<memory>`).
    Raises `NotGoBinaryError` for a file that is not an executable or has no Go build info,
    and `GoBuildInfoError` for one that is damaged, truncated, hostile or unsupported.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return _decode(bytes(source), name or "<memory>")
    label = name or os.fspath(source)
    with _mapped(Path(source), label) as buf:
        return _decode(buf, label)


def is_go_binary(path: str | os.PathLike[str]) -> bool:
    """True when path is a regular file in a format we read that holds a Go build-info header.

    Cheap: it reads the executable's headers and searches one section, never the whole file.
    Anything else (missing, a directory, a FIFO, unreadable, not Go) is False, never an error.
    """
    label = os.fspath(path)
    try:
        with _mapped(Path(path), label) as buf:
            _, regions = goexe.data_regions(buf, label)
            goexe.find_header(buf, label, regions)
    except GoBuildInfoError:
        return False
    return True


@contextlib.contextmanager
def _mapped(path: Path, label: str) -> Iterator[Buffer]:
    """A read-only map of a regular file; never blocks on a FIFO or reads a device."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise GoBuildInfoError(label, "it does not exist", fix="Check the path.") from None
    except OSError as exc:
        raise GoBuildInfoError(label, f"it cannot be opened: {exc.strerror}",
                               fix="Check the path and its permissions.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO, socket or device"
            raise GoBuildInfoError(label, f"it is {kind}, not a file",
                                   fix="Pass the binary file itself.")
        if info.st_size < _MIN_FILE:
            raise NotGoBinaryError(label, f"it is {info.st_size} bytes long, too small to be an "
                                   "executable", fix="Pass only Go binaries, or skip this file.")
        try:
            buf = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise GoBuildInfoError(label, f"it cannot be mapped into memory: {exc}",
                                   fix="Copy it to a local file system and retry.") from None
    finally:
        os.close(fd)
    try:
        yield buf
    finally:
        buf.close()


def _decode(buf: Buffer, name: str) -> GoBuildInfo:
    kind, regions = goexe.data_regions(buf, name)
    at, region = goexe.find_header(buf, name, regions)
    if not buf[at + 15] & 2:
        raise GoBuildInfoError(
            name, "it holds its build information in the pointer format of Go 1.17 and older, "
            "which is not read", fix="Rebuild it with a supported Go release (1.18 or newer; "
            "older ones get no security fixes), or inspect it with `go version -m`.")
    version, after = _string(buf, name, at + goexe.HEADER_SIZE, region, MAX_VERSION,
                             "Go version")
    raw, _ = _string(buf, name, after, region, MAX_MODINFO, "module information")
    if not version or not all(32 <= c < 127 for c in version):
        raise GoBuildInfoError(name, f"its Go version {version[:40]!r} is empty or unprintable")
    # Go frames the text with 16 bytes on each side; without the frame there is no module info.
    framed = len(raw) >= 2 * _FRAME + 1 and raw[-_FRAME - 1] == ord("\n")
    text = raw[_FRAME:-_FRAME] if framed else b""
    return from_modinfo(version.decode("ascii"), text.decode("utf-8", "surrogateescape"),
                        file=name, executable_format=kind)


def _string(buf: Buffer, name: str, at: int, region: goexe.Region, cap: int,
            what: str) -> tuple[bytes, int]:
    """A varint-prefixed string inside the region: (its bytes, the offset after it)."""
    length = shift = 0
    for i in range(10):
        if at + i >= region.end:
            raise GoBuildInfoError(name, f"the length of the {what} runs past the end of the "
                                   f"{region.where}: the file is truncated or damaged")
        byte = buf[at + i]
        if i == 9 and byte > 1:
            break
        length |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            start = at + i + 1
            if length > cap or start + length > region.end:
                raise GoBuildInfoError(name, f"it claims a {what} of {length} bytes, longer than "
                                       f"the {region.where} (or the {cap}-byte limit): the file "
                                       "is truncated or damaged")
            return bytes(buf[start:start + length]), start + length
    raise GoBuildInfoError(name, f"the length of the {what} is not a valid varint (more than "
                           "64 bits): the file is damaged or hostile")


# ---- the module information text ----------------------------------------------------------------

def from_modinfo(go_version: str, modinfo: str, *, file: str,
                 executable_format: str = "") -> GoBuildInfo:
    """Build info from the Go version and module information text (e.g. kept as evidence).

    Raises `GoBuildInfoError` naming `file` and the line when the text is malformed.
    """
    shown = _clean(modinfo)
    if not modinfo:
        return GoBuildInfo(file, go_version, "", None, (), (), executable_format, shown)
    lines = modinfo.split("\n")
    if lines[-1]:
        raise GoBuildInfoError(file, "the embedded module information does not end with a "
                               "newline: it is truncated or damaged")
    path: str | None = None
    main: GoModule | None = None
    modules: list[GoModule] = []
    settings: list[tuple[str, str]] = []
    last: int | None = None  # index into modules of the line a `=>` may replace; -1 is main

    def where(number: int, reason: str) -> GoBuildInfoError:
        return GoBuildInfoError(file, f"line {number} of the embedded module information: "
                                f"{reason}")

    for number, line in enumerate(lines[:-1], 1):
        kind, tab, rest = line.partition("\t")
        if not tab:
            continue
        if kind == "path":
            if path is not None:
                raise where(number, "a second `path` line")
            path = _clean(rest)
        elif kind == "mod":
            if main is not None:
                raise where(number, "a second `mod` line")
            main, last = _module(rest, number, where), -1
        elif kind == "dep":
            modules.append(_module(rest, number, where))
            last = len(modules) - 1
        elif kind == "=>":
            if last is None:
                raise where(number, "a replacement (`=>`) that follows no module line")
            new = _module(rest, number, where, columns=(3,))
            if last == -1 and main is not None:
                main = replace(main, replace=new)
            else:
                modules[last] = replace(modules[last], replace=new)
            last = None
        elif kind == "build":
            settings.append(_setting(rest, number, where))
    return GoBuildInfo(file, go_version, path or "", main, tuple(modules), tuple(settings),
                       executable_format, shown)


def _module(rest: str, number: int, where: _Where,
            columns: tuple[int, ...] = (2, 3)) -> GoModule:
    fields = rest.split("\t")
    if len(fields) not in columns:
        wanted = " or ".join(map(str, columns))
        raise where(number, f"a module line has {len(fields)} tab-separated fields, not {wanted}")
    if not fields[0]:
        raise where(number, "a module line with an empty module path")
    sum_ = _clean(fields[2]) if len(fields) == 3 and fields[2] else None
    return GoModule(_clean(fields[0]), _clean(fields[1]), sum_)


def _setting(rest: str, number: int, where: _Where) -> tuple[str, str]:
    if rest[:1] in ('"', "`"):
        quoted = _quoted_prefix(rest)
        if quoted is None or not quoted[1].startswith("="):
            raise where(number, "a build setting whose quoted key is malformed")
        key, raw = quoted[0], quoted[1][1:]
    else:
        key, eq, raw = rest.partition("=")
        if not eq or not key or any(c in key for c in ' \t\r"`'):
            raise where(number, "a build setting without `key=value`, or with a key that "
                        "should have been quoted")
    if raw[:1] in ('"', "`"):
        quoted = _quoted_prefix(raw)
        if quoted is None or quoted[1]:
            raise where(number, f"the build setting {key!r} has a malformed quoted value")
        raw = quoted[0]
    elif any(c in raw for c in ' \t\r"`'):
        raise where(number, f"the build setting {key!r} has a value that should have been "
                    "quoted")
    return _clean(key), _clean(raw)


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            "\\": "\\", '"': '"'}


def _quoted_prefix(text: str) -> tuple[str, str] | None:
    """The Go string literal at the start of text, decoded, and the rest; None if malformed."""
    if text.startswith("`"):
        end = text.find("`", 1)
        return None if end < 0 else (text[1:end].replace("\r", ""), text[end + 1:])
    out: list[str] = []
    i = 1
    while i < len(text):
        char = text[i]
        if char == '"':
            return "".join(out), text[i + 1:]
        if char == "\n":
            return None
        if char != "\\":
            out.append(char)
            i += 1
            continue
        decoded = _escape(text, i)
        if decoded is None:
            return None
        out.append(decoded[0])
        i = decoded[1]
    return None


def _escape(text: str, i: int) -> tuple[str, int] | None:
    """The escape sequence at text[i] (a backslash): its value and the index after it."""
    code = text[i + 1:i + 2]
    if code in _ESCAPES:
        return _ESCAPES[code], i + 2
    width = {"x": 2, "u": 4, "U": 8}.get(code)
    if width:
        digits = text[i + 2:i + 2 + width]
        if len(digits) != width or any(c not in string.hexdigits for c in digits):
            return None
        value = int(digits, 16)
        if code == "x":
            return _byte(value), i + 2 + width
        if value > 0x10FFFF or 0xD800 <= value < 0xE000:
            return None
        return chr(value), i + 2 + width
    digits = text[i + 1:i + 4]
    if len(digits) == 3 and all(c in "01234567" for c in digits) and int(digits, 8) < 256:
        return _byte(int(digits, 8)), i + 4
    return None


def _byte(value: int) -> str:
    """One raw byte, kept as surrogateescape so that `_clean` decodes multi-byte runs."""
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


def _clean(text: str) -> str:
    """Text as Go would print it: invalid UTF-8 replaced by U+FFFD."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no byte decoding made: the caller's own text
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")
