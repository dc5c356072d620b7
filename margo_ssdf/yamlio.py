"""YAML reading that remembers where each key was, for errors that name the line.

Keys are kept as the strings written (so a workflow's `on:` stays "on", not True), aliases are
expanded under a node budget (a "billion laughs" document is refused, not expanded), and only
the safe YAML types are constructed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from margo_ssdf.errors import ConfigError

MAX_NODES = 200_000
MAX_BYTES = 16 * 1024 * 1024

KeyPath = tuple[str | int, ...]


@dataclass
class Located:
    """A parsed document and the 1-based line of every key and list item in it."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: KeyPath) -> int | None:
        """The line of `path`, or of its nearest located parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.budget = MAX_NODES
        self.lines: dict[KeyPath, int] = {}
        self._scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise ConfigError(
                f"the document expands to more than {MAX_NODES} nodes (an alias bomb?).",
                file=self.source,
                fix="Remove the repeated aliases.",
            )
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    merged = self.build(value_node, path)
                    for part in merged if isinstance(merged, list) else [merged]:
                        if isinstance(part, dict):
                            for k, v in part.items():
                                out.setdefault(k, v)
                    continue
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.lines[(*path, i)] = item.start_mark.line + 1
                items.append(self.build(item, (*path, i)))
            return items
        return self._scalars.construct_object(node, deep=True)


def loads(text: str, source: str) -> Located:
    """Parse YAML text; `source` names the file in errors."""
    if len(text) > MAX_BYTES:
        raise ConfigError(f"the file is larger than {MAX_BYTES // 2**20} MiB.", file=source)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(
            f"not valid YAML: {exc.problem or exc}.", file=source, line=line,
            fix="Fix the syntax at that line (tabs are not allowed for indentation).",
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}.", file=source) from exc
    except RecursionError:
        raise ConfigError("the YAML is nested too deeply.", file=source) from None
    if node is None:
        return Located(None)
    builder = _Builder(source)
    try:
        data = builder.build(node, ())
    except yaml.constructor.ConstructorError as exc:
        raise ConfigError(f"unsupported YAML value: {exc.problem}.", file=source) from exc
    except (ValueError, OverflowError) as exc:  # e.g. `2024-13-45`, an integer of 5,000 digits
        raise ConfigError(f"a value cannot be read: {exc}.", file=source,
                          fix="Quote it if it is meant as text.") from None
    except RecursionError:  # a self-referencing alias, or absurd nesting
        raise ConfigError("the YAML is nested too deeply (a recursive alias?).",
                          file=source) from None
    return Located(data, builder.lines)


def load(path: Path, source: str | None = None) -> Located:
    """Read and parse a YAML file."""
    name = source or str(path)
    try:
        if path.stat().st_size > MAX_BYTES:  # refuse before reading, not after
            raise ConfigError(f"the file is larger than {MAX_BYTES // 2**20} MiB.", file=name)
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError("the file is not UTF-8 text.", file=name) from exc
    except OSError as exc:
        raise ConfigError(f"cannot be read: {exc.strerror}.", file=name) from exc
    return loads(text, name)
