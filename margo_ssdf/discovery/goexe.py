"""Where a Go executable keeps its build information: ELF, Mach-O (thin and universal) and PE.

The Go linker writes a 32-byte header that starts with the magic `\\xff Go buildinf:` at a
16-byte boundary: in its own section (`.go.buildinfo` in ELF, `__go_buildinfo` in Mach-O), or
near the start of the first writable data section or segment (PE, and binaries whose section
table was stripped). This module only finds that byte range; `gobuildinfo` decodes it.

Every offset and count read from the file is checked before use, so a truncated or hostile file
raises `GoBuildInfoError` naming the file, never `IndexError` or `struct.error`.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from typing import Any

from margo_ssdf.errors import MargoError

Buffer = bytes | mmap.mmap
"""What the readers work on: a whole file in memory, or a read-only memory map of it."""

MAGIC = b"\xff Go buildinf:"
HEADER_SIZE = 32
ALIGN = 16
MAX_LOAD_COMMANDS = 4096
MAX_PE_SECTIONS = 4096
MAX_REGIONS = 16
"""Most writable segments or sections searched when there is no build-info section."""
MAX_FAT_ARCHES = 32
"""A universal binary holds a few architectures; a Java class file shares its magic and reads as
45 or more."""

_SKIP = "Pass only Go binaries, or skip this file."
_FIX = ("Pass the Go binary exactly as it was built and released; if it really is one, run "
        "`go version -m FILE` on it and report the difference.")


class GoBuildInfoError(MargoError):
    """A file's Go build information cannot be read: damaged, truncated, hostile or unsupported."""

    def __init__(self, file: str, reason: str, *, fix: str | None = None) -> None:
        super().__init__(f"Cannot read the Go build information of {file}: {reason}.",
                         fix=fix or _FIX)
        self.file, self.reason = file, reason


class NotGoBinaryError(GoBuildInfoError):
    """The file is not an executable we read, or an executable without Go build information."""


@dataclass(frozen=True)
class Region:
    """The byte range of the file where the build-info header is searched."""

    start: int
    end: int
    where: str
    """What the range is, for messages: e.g. "section .go.buildinfo"."""


def executable_format(head: bytes) -> str | None:
    """'elf', 'macho', 'macho-universal' or 'pe' from a file's first four bytes; else None."""
    if head.startswith(b"\x7fELF"):
        return "elf"
    if head[:4] in (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
                    b"\xcf\xfa\xed\xfe"):
        return "macho"
    if head[:4] in (b"\xca\xfe\xba\xbe", b"\xca\xfe\xba\xbf"):
        return "macho-universal"
    if head.startswith(b"MZ"):
        return "pe"
    return None


class _Reader:
    """Bounds-checked reads of buf[base:limit], at offsets relative to base."""

    def __init__(self, buf: Buffer, name: str, base: int = 0, limit: int | None = None) -> None:
        self.buf, self.name, self.base = buf, name, base
        self.size = (len(buf) if limit is None else limit) - base

    def fail(self, reason: str) -> GoBuildInfoError:
        return GoBuildInfoError(self.name, reason)

    def unpack(self, fmt: str, off: int, what: str) -> tuple[Any, ...]:
        size = struct.calcsize(fmt)
        if off < 0 or off + size > self.size:
            raise self.fail(f"the {what} at byte {off} lies beyond the end of the file "
                            f"({self.size} bytes): it is truncated or damaged")
        return struct.unpack_from(fmt, self.buf, self.base + off)

    def need(self, off: int, size: int, what: str) -> None:
        if off < 0 or size < 0 or off + size > self.size:
            raise self.fail(f"the {what} at byte {off} lies beyond the end of the file "
                            f"({self.size} bytes): it is truncated or damaged")

    def raw(self, off: int, size: int, what: str) -> bytes:
        self.need(off, size, what)
        return bytes(self.buf[self.base + off:self.base + off + size])

    def region(self, off: int, size: int, where: str) -> Region:
        if off + size > self.size:
            raise self.fail(f"the {where} (bytes {off} to {off + size}) lies beyond the end of "
                            f"the file ({self.size} bytes): it is truncated")
        return Region(self.base + off, self.base + off + size, where)


def data_regions(buf: Buffer, name: str) -> tuple[str, list[Region]]:
    """The executable format and the byte ranges to search for the build-info header, in order:
    the build-info section if there is one, else every writable data segment or section."""
    kind = executable_format(bytes(buf[:4]))
    if kind is None or len(buf) < 64:
        raise NotGoBinaryError(name, "it is not an executable (ELF, Mach-O or PE)",
                               fix="Pass a Go binary, or an archive that holds one.")
    reader = _Reader(buf, name)
    if kind == "elf":
        return kind, _elf(reader)
    if kind == "macho":
        return kind, _macho(reader)
    if kind == "pe":
        return kind, _pe(reader)
    return "macho", _universal(reader)


def find_header(buf: Buffer, name: str, regions: list[Region]) -> tuple[int, Region]:
    """The file offset of the first 16-byte aligned build-info header, and its region.

    A hostile file may list thousands of overlapping segments: at most MAX_REGIONS distinct
    ones are searched, and no more bytes than twice the file's size in all.
    """
    budget = 2 * len(buf)
    for region in list(dict.fromkeys(regions))[:MAX_REGIONS]:
        budget -= region.end - region.start
        if budget < 0:
            break
        at = region.start
        while at < region.end:
            found = buf.find(MAGIC, at, region.end)
            if found < 0:
                break
            if (found - region.start) % ALIGN == 0:
                if region.end - found < HEADER_SIZE:
                    raise GoBuildInfoError(name, f"the build-info header in the {region.where} "
                                           "is cut short: the file is truncated or damaged")
                return found, region
            at = found + 1
    searched = regions[0].where if len(regions) == 1 else f"{len(regions)} writable segments"
    raise NotGoBinaryError(name, f"it is an executable without Go build information (none in "
                           f"its {searched}), so not built by the Go toolchain", fix=_SKIP)


# ---- ELF ----------------------------------------------------------------------------------------

def _elf(r: _Reader) -> list[Region]:
    klass, order = r.unpack("BB", 4, "ELF identification")
    if klass not in (1, 2) or order not in (1, 2):
        raise r.fail(f"its ELF header has an unknown class {klass} or byte order {order}")
    e = "<" if order == 1 else ">"
    wide = klass == 2
    phoff, shoff = r.unpack(e + ("QQ" if wide else "II"), 32 if wide else 28, "ELF header")
    phentsize, phnum, shentsize, shnum, shstrndx = r.unpack(e + "5H", 54 if wide else 42,
                                                            "ELF header")
    if shoff and shnum:
        found = _elf_section(r, e, wide, shoff, shentsize, shnum, shstrndx)
        if found is not None:
            return [found]
    return _elf_segments(r, e, wide, phoff, phentsize, phnum)


def _elf_section(r: _Reader, e: str, wide: bool, shoff: int, entsize: int, count: int,
                 strndx: int) -> Region | None:
    fmt = e + ("IIQQQQ" if wide else "IIIIII")
    if entsize < (64 if wide else 40) or strndx >= count:
        raise r.fail(f"its ELF section table is damaged (entry size {entsize}, string table "
                     f"{strndx} of {count} sections)")
    r.need(shoff, entsize * count, "ELF section table")
    _, _, _, _, str_off, str_size = r.unpack(fmt, shoff + strndx * entsize, "ELF section")
    names = r.raw(str_off, str_size, "ELF section-name table")
    for i in range(count):
        name_at, kind, _, _, off, size = r.unpack(fmt, shoff + i * entsize, "ELF section")
        if names[name_at:name_at + 14] == b".go.buildinfo\0":
            if kind == 8:  # SHT_NOBITS: the section has no bytes in the file
                raise r.fail("its .go.buildinfo section has no content in the file")
            return r.region(off, size, "section .go.buildinfo")
    return None


def _elf_segments(r: _Reader, e: str, wide: bool, phoff: int, entsize: int,
                  count: int) -> list[Region]:
    if entsize < (56 if wide else 32):
        raise r.fail(f"its ELF program header table is damaged (entry size {entsize})")
    r.need(phoff, entsize * count, "ELF program header table")
    found = []
    for i in range(count):
        at = phoff + i * entsize
        if wide:
            kind, flags, off, _, _, size = r.unpack(e + "IIQQQQ", at, "ELF program header")
        else:
            kind, off, _, _, size, _, flags = r.unpack(e + "7I", at, "ELF program header")
        if kind == 1 and flags & 3 == 2:  # PT_LOAD, writable, not executable
            found.append(r.region(off, size, "writable segment"))
    if found:
        return found
    raise NotGoBinaryError(r.name, "it is an ELF file without a .go.buildinfo section or a "
                           "writable segment, so not a Go executable",
                           fix=_SKIP)


# ---- Mach-O -------------------------------------------------------------------------------------

def _macho(r: _Reader) -> list[Region]:
    magic = r.raw(0, 4, "Mach-O header")
    e = ">" if magic.startswith(b"\xfe") else "<"
    wide = magic in (b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe")
    ncmds, cmds_size = r.unpack(e + "II", 16, "Mach-O header")
    if ncmds > MAX_LOAD_COMMANDS:
        raise r.fail(f"it claims {ncmds} Mach-O load commands; at most {MAX_LOAD_COMMANDS} "
                     "are read")
    off = 32 if wide else 28
    end = off + cmds_size
    r.need(off, cmds_size, "Mach-O load commands")
    writable: list[Region] = []
    for _ in range(ncmds):
        cmd, size = r.unpack(e + "II", off, "Mach-O load command")
        if size < 8 or off + size > end:
            raise r.fail(f"its Mach-O load command of size {size} at byte {off} does not "
                         "fit the load-command area")
        if cmd == (0x19 if wide else 0x1):  # LC_SEGMENT_64 / LC_SEGMENT
            found, segment = _macho_segment(r, e, wide, off, size)
            if found is not None:
                return [found]
            writable += [segment] if segment else []
        off += size
    if not writable:
        raise NotGoBinaryError(r.name, "it is a Mach-O file without a __go_buildinfo section or a "
                               "writable segment, so not a Go executable",
                               fix=_SKIP)
    return writable


def _macho_segment(r: _Reader, e: str, wide: bool, off: int,
                   size: int) -> tuple[Region | None, Region | None]:
    """(the __go_buildinfo section, the segment if it is a writable data segment)."""
    seg_fmt, sect_fmt = (("16sQQQQiiII", "16s16sQQIIIII") if wide
                        else ("16sIIIIiiII", "16s16sIIIIIII"))
    head, step = (72, 80) if wide else (56, 68)
    _, vmaddr, _, fileoff, filesize, maxprot, initprot, nsects, _ = r.unpack(
        e + seg_fmt, off + 8, "Mach-O segment")
    if head + nsects * step > size:
        raise r.fail(f"its Mach-O segment at byte {off} is too small for its {nsects} sections")
    for i in range(nsects):
        at = off + head + i * step
        name, _, _, sect_size, sect_off, _, _, _, flags = r.unpack(e + sect_fmt, at,
                                                                   "Mach-O section")
        if name.rstrip(b"\0") == b"__go_buildinfo":
            if flags & 0xFF in (0x1, 0xC, 0x12):  # zero-fill sections have no file bytes
                raise r.fail("its __go_buildinfo section has no content in the file")
            return r.region(sect_off, sect_size, "section __go_buildinfo"), None
    writable = vmaddr and filesize and maxprot == 3 and initprot == 3
    return None, (r.region(fileoff, filesize, "writable segment") if writable else None)


def _universal(r: _Reader) -> list[Region]:
    magic, count = r.unpack(">II", 0, "universal binary header")
    if not 0 < count <= MAX_FAT_ARCHES:
        raise NotGoBinaryError(r.name, f"it starts like a Mach-O universal binary but lists "
                               f"{count} architectures: a Java class file or a damaged binary",
                               fix=_SKIP)
    if magic == 0xCAFEBABF:
        off, size = r.unpack(">QQ", 16, "universal binary architecture")
    else:
        off, size = r.unpack(">II", 16, "universal binary architecture")
    r.need(off, size, "first architecture of the universal binary")
    inner = _Reader(r.buf, r.name, r.base + off, r.base + off + size)
    if executable_format(inner.raw(0, 4, "Mach-O header")) != "macho" or size < 64:
        raise r.fail("the first architecture of its universal binary is not a Mach-O file")
    return _macho(inner)


# ---- PE -----------------------------------------------------------------------------------------

def _pe(r: _Reader) -> list[Region]:
    (lfanew,) = r.unpack("<I", 0x3C, "DOS header")
    if lfanew + 4 > r.size or r.raw(lfanew, 4, "PE signature") != b"PE\0\0":
        raise NotGoBinaryError(r.name, "it starts with MZ but has no PE header, so it is not a "
                               "Windows executable", fix=_SKIP)
    count, _, _, _, opt_size = r.unpack("<HIIIH", lfanew + 6, "PE file header")
    if count > MAX_PE_SECTIONS:
        raise r.fail(f"it claims {count} PE sections; at most {MAX_PE_SECTIONS} are read")
    table = lfanew + 24 + opt_size
    found = []
    for i in range(count):
        _, vsize, vaddr, raw_size, raw_off, _, _, _, _, flags = r.unpack(
            "<8sIIIIIIHHI", table + i * 40, "PE section header")
        # Initialised, readable, writable data and nothing else (alignment bits aside).
        if vaddr and raw_size and flags & ~0x00F00000 == 0xC0000040:
            size = min(raw_size, vsize) if vsize else raw_size
            found.append(r.region(raw_off, size, "writable data section"))
    if found:
        return found
    raise NotGoBinaryError(r.name, "it is a PE file without a writable data section, so not a "
                           "Go executable", fix=_SKIP)
