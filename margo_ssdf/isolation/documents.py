"""YAML streams (several `---` documents) read through `yamlio`, with lines traced to a file.

`yamlio` reads one document and refuses alias bombs; Kubernetes manifests and rendered Helm
templates are streams, and rendered text has lines that came from elsewhere. So a stream is cut
at its document markers, each part goes through `yamlio.loads`, and every line is mapped back
through `origin` to the line of the file a person should edit.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from margo_ssdf import yamlio
from margo_ssdf.errors import ConfigError

TEMPLATED = "__templated__"
"""What the static Helm renderer writes where it cannot know a value (include, .Release, ...)."""

# A document marker is `---` or `...` at column 0, alone or followed by a space (YAML 1.2).
_MARKER = re.compile(r"^(?:---|\.\.\.)(?:[ \t].*)?$")


def templated(value: object) -> bool:
    """Whether a value came from a template expression the static renderer could not know."""
    return isinstance(value, str) and TEMPLATED in value


class DocumentError(ValueError):
    """A document of a stream is not valid YAML; the message names the file and line."""


@dataclass(frozen=True)
class Document:
    """One YAML document of a file, and where its lines are in that file."""

    path: str
    """Project-relative file a person edits to change this document."""
    located: yamlio.Located
    """The parsed document with the line of every key, relative to `first_line`."""
    origin: Sequence[int] = field(default=())
    """Line in `path` of each line of the parsed text (0-based index); empty = identity."""
    first_line: int = 1
    """Line of the parsed text where this document starts."""

    @property
    def data(self) -> object:
        return self.located.data

    def line(self, *keys: str | int) -> int:
        """Line in `path` of a key path (or of its nearest located parent); 1 if unknown."""
        local = self.located.line(tuple(keys))
        if local is None:
            local = min(self.located.lines.values(), default=1)
        text_line = self.first_line + local - 1
        if self.origin and 0 < text_line <= len(self.origin):
            return self.origin[text_line - 1]
        return text_line


def load_stream(text: str, path: str, origin: Sequence[int] = ()) -> list[Document]:
    """Every non-empty document of a YAML stream; raise DocumentError on the first bad one."""
    lines = text.split("\n")
    starts = [0]
    for i, text_of_line in enumerate(lines):
        if _MARKER.match(text_of_line):
            starts.append(i + 1)
    starts.append(len(lines) + 1)
    docs: list[Document] = []
    for begin, end in itertools.pairwise(starts):
        chunk = "\n".join(lines[begin:max(begin, end - 1)])
        if not chunk.strip():
            continue
        try:
            located = yamlio.loads(chunk, "")
        except ConfigError as exc:
            local = exc.line or 1
            text_line = begin + local
            line = origin[text_line - 1] if origin and text_line <= len(origin) else text_line
            fix = f" {exc.fix}" if exc.fix else ""
            raise DocumentError(f"{path}:{line}: {exc.message}{fix}") from exc
        if located.data is None:
            continue
        docs.append(Document(path=path, located=located, origin=origin, first_line=begin + 1))
    return docs
