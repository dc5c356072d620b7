"""A static reading of Helm (Go) templates, for when the `helm` binary is not installed.

The goal is not to be Helm. It is to get from a template the YAML a reviewer would picture, with
every line traced back to the template line it came from:

- plain references (`.Values.a.b`, `$.Values.x`, `.Chart.Name`) are replaced by the chart's
  default values, through the common functions (`quote`, `default`, `required`, `toYaml`,
  `nindent`, `indent`, `printf`, `not`, `and`, `or`, `eq`, ...);
- `if`/`with`/`range` blocks whose condition is known from values.yaml are kept or dropped as
  Helm would; unknown ones are kept (both branches), so nothing is hidden;
- anything else (`include`, `.Release.*`, `.Files`, `lookup`, variables) becomes the marker
  `__templated__`, or nothing where it would have produced a block of YAML.

Whitespace trimming (`{{-`, `-}}`) is applied as Go applies it, so the result parses as YAML
wherever the chart's own output does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from margo_ssdf.isolation.documents import TEMPLATED


class _Unknown:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNKNOWN: Any = _Unknown("UNKNOWN")
"""A value the static reading cannot know."""
UNKNOWN_BLOCK: Any = _Unknown("UNKNOWN_BLOCK")
"""An unknown value that would have been a block of YAML (toYaml, nindent): renders as nothing."""

_ACTION = re.compile(r"\{\{(-[ \t\r\n])?(.*?)([ \t\r\n]-)?\}\}", re.DOTALL)
_ASSIGN = re.compile(r"^\$[\w]*\s*(?:,\s*\$\w*\s*)?:?=")
_LEX = re.compile(r"""\s*(?:
     (?P<str>"(?:[^"\\]|\\.)*")
    |(?P<raw>`[^`]*`)
    |(?P<chr>'(?:[^'\\]|\\.)*')
    |(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?![\w.])
    |(?P<var>\$[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)
    |(?P<ref>\$?(?:\.[A-Za-z_]\w*)+|\.|\$)
    |(?P<ident>[A-Za-z_]\w*)
    |(?P<punct>[|(),])
    |(?P<assign>:?=)
    )""", re.VERBOSE)


@dataclass(frozen=True)
class Rendered:
    """The YAML text a template statically gives, and the template line of each of its lines."""

    text: str
    origin: tuple[int, ...]


@dataclass
class _Token:
    action: bool
    text: str
    line: int
    ltrim: bool = False
    rtrim: bool = False


def _tokens(template: str) -> list[_Token]:
    out: list[_Token] = []
    pos, line = 0, 1
    for m in _ACTION.finditer(template):
        text = template[pos:m.start()]
        out.append(_Token(False, text, line))
        line += text.count("\n")
        out.append(_Token(True, m.group(2), line, ltrim=bool(m.group(1)), rtrim=bool(m.group(3))))
        line += m.group(0).count("\n")
        pos = m.end()
    out.append(_Token(False, template[pos:], line))
    # Trim as Go does: `{{-` eats the whitespace before, `-}}` the whitespace after.
    for i, tok in enumerate(out):
        if not tok.action:
            continue
        if tok.ltrim and i > 0:
            out[i - 1].text = out[i - 1].text.rstrip(" \t\r\n")
        if tok.rtrim and i + 1 < len(out):
            nxt = out[i + 1]
            stripped = nxt.text.lstrip(" \t\r\n")
            nxt.line += nxt.text[:len(nxt.text) - len(stripped)].count("\n")
            nxt.text = stripped
    return out


# ---- expressions -------------------------------------------------------------------------

Operand = tuple[str, Any]


def _lex(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _LEX.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read '{text[pos:pos + 20]}'")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _parse(tokens: Sequence[tuple[str, str]], i: int = 0,
           closing: bool = False) -> tuple[list[list[Operand]], int]:
    """A pipeline: commands separated by `|`, each a list of operands."""
    commands: list[list[Operand]] = [[]]
    while i < len(tokens):
        kind, text = tokens[i]
        if kind == "punct" and text == ")":
            if closing:
                return commands, i + 1
            raise ValueError("unbalanced ')'")
        if kind == "punct" and text == "(":
            sub, i = _parse(tokens, i + 1, closing=True)
            commands[-1].append(("sub", sub))
            continue
        if kind == "punct" and text == "|":
            commands.append([])
        elif kind == "str":
            commands[-1].append(("lit", _unquote(text)))
        elif kind in ("raw", "chr"):
            commands[-1].append(("lit", text[1:-1]))
        elif kind == "num":
            commands[-1].append(("lit", float(text) if any(c in text for c in ".eE")
                                 else int(text)))
        elif kind == "ref":
            commands[-1].append(("ref", text))
        elif kind == "var":
            commands[-1].append(("lit", UNKNOWN))
        elif kind == "ident":
            literal = {"true": True, "false": False, "nil": None}
            if text in literal:
                commands[-1].append(("lit", literal[text]))
            else:
                commands[-1].append(("fn", text))
        else:
            raise ValueError(f"unexpected '{text}'")
        i += 1
    if closing:
        raise ValueError("unbalanced '('")
    return commands, i


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def truth(value: Any) -> bool | None:
    """Go template truth; None when the value is unknown."""
    if value is UNKNOWN or value is UNKNOWN_BLOCK:
        return None
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    return True


def to_text(value: Any) -> str:
    """How Go prints a value into the template's output (Helm prints nil as nothing)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (int, str)):
        return str(value)
    return TEMPLATED


def to_yaml(value: Any) -> str:
    if value is None:
        return "null"
    return yaml.safe_dump(value, default_flow_style=False, sort_keys=True).rstrip("\n")


MAX_INDENT = 256
"""Wider indentation is no chart's intent; refusing it keeps a hostile template small."""


def _indent(n: Any, text: Any, newline: bool) -> Any:
    if text is UNKNOWN or text is UNKNOWN_BLOCK or not isinstance(n, int) \
            or not 0 <= n <= MAX_INDENT:
        return UNKNOWN_BLOCK
    pad = " " * n
    body = "\n".join(pad + line for line in to_text(text).split("\n"))
    return "\n" + body if newline else body


def _printf(fmt: Any, *args: Any) -> Any:
    if not isinstance(fmt, str) or any(a is UNKNOWN or a is UNKNOWN_BLOCK for a in args):
        return UNKNOWN
    values = iter(args)
    try:
        return re.sub(r"%[svdq]", lambda m: (f'"{to_text(next(values))}"' if m.group(0) == "%q"
                                             else to_text(next(values))), fmt)
    except StopIteration:
        return UNKNOWN


def _default(default: Any, value: Any = None) -> Any:
    known = truth(value)
    return value if known is None or known else default


def _logic(op: str, *args: Any) -> Any:
    truths = [truth(a) for a in args]
    if op == "and":
        return False if False in truths else (None if None in truths else args[-1])
    return True if True in truths else (None if None in truths else args[-1])


_STRICT: dict[str, Callable[..., Any]] = {
    "quote": lambda *a: " ".join(f'"{to_text(x)}"' for x in a),
    "squote": lambda *a: " ".join(f"'{to_text(x)}'" for x in a),
    "required": lambda _msg, v: v,
    "toYaml": to_yaml,
    "toString": to_text,
    "trim": lambda s: to_text(s).strip(),
    "lower": lambda s: to_text(s).lower(),
    "upper": lambda s: to_text(s).upper(),
    "int": lambda v: int(v) if isinstance(v, (int, float, str)) and str(v).strip() else 0,
    "not": lambda v: not truth(v),
    "eq": lambda a, *b: any(a == x for x in b),
    "ne": lambda a, b: a != b,
    "empty": lambda v: not truth(v),
    "hasKey": lambda m, k: isinstance(m, dict) and k in m,
    "printf": _printf,
}


def _call(name: str, args: list[Any]) -> Any:
    if name in ("nindent", "indent") and len(args) == 2:
        return _indent(args[0], args[1], newline=name == "nindent")
    if name == "default" and 1 <= len(args) <= 2:
        return _default(*args)
    if name in ("and", "or") and args:
        result = _logic(name, *args)
        return UNKNOWN if result is None else result
    fn = _STRICT.get(name)
    if fn is None:
        return UNKNOWN  # include, template, tpl, lookup, b64enc, ...: not knowable here
    if any(a is UNKNOWN_BLOCK for a in args):
        return UNKNOWN_BLOCK
    if any(a is UNKNOWN for a in args):
        return UNKNOWN_BLOCK if name == "toYaml" else UNKNOWN
    try:
        return fn(*args)
    except (TypeError, ValueError):
        return UNKNOWN


class _Scope:
    """What `.` and `$` mean while rendering."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.dots: list[Any] = []

    @property
    def dot(self) -> Any:
        return self.dots[-1] if self.dots else self.root

    def resolve(self, ref: str) -> Any:
        if ref in (".", "$"):
            return self.dot if ref == "." else self.root
        absolute = ref.startswith("$")
        parts = ref.lstrip("$").strip(".").split(".")
        # `.Values` is the chart's values whatever `.` is (charts write it inside `with`, too).
        base = self.root if absolute or parts[0] in self.root else self.dot
        value: Any = base
        for p in parts:
            if isinstance(value, dict):
                value = value.get(p)
            elif value is None:
                return None
            else:
                return UNKNOWN
        return value

    def evaluate(self, pipeline: list[list[Operand]]) -> Any:
        piped: Any = _NOTHING
        for command in pipeline:
            if not command:
                return UNKNOWN
            piped = self._command(command, piped)
        return None if piped is _NOTHING else piped

    def _operand(self, op: Operand) -> Any:
        kind, value = op
        if kind == "lit":
            return value
        if kind == "ref":
            return self.resolve(value)
        if kind == "sub":
            return self.evaluate(value)
        return _call(value, [])  # a function named without arguments

    def _command(self, command: list[Operand], piped: Any) -> Any:
        head = command[0]
        extra = [] if piped is _NOTHING else [piped]
        if head[0] == "fn":
            return _call(head[1], [self._operand(o) for o in command[1:]] + extra)
        if len(command) == 1 and not extra:
            return self._operand(head)
        return UNKNOWN


_NOTHING: Any = _Unknown("NOTHING")


@dataclass
class _Frame:
    kind: str
    state: bool | None
    """Whether the current branch runs: True, False, or None (unknown: kept)."""
    earlier: list[bool | None] = field(default_factory=list)
    pushed_dot: bool = False


class _Renderer:
    def __init__(self, values: Any, chart: Mapping[str, Any]) -> None:
        root = {"Values": values if isinstance(values, dict) else {},
                "Chart": dict(chart), "Release": UNKNOWN, "Capabilities": UNKNOWN,
                "Files": UNKNOWN, "Template": UNKNOWN}
        self.scope = _Scope(root)
        self.frames: list[_Frame] = []
        self.pieces: list[tuple[str, int]] = []

    @property
    def active(self) -> bool:
        return all(f.state is not False for f in self.frames)

    def condition(self, expr: str) -> tuple[bool | None, Any]:
        expr = expr.strip()
        if ":=" in expr:  # `range $i, $v := .Values.x`
            expr = expr.split(":=", 1)[1]
        try:
            value = self.scope.evaluate(_parse(_lex(expr))[0])
        except ValueError:
            return None, UNKNOWN
        return truth(value), value

    def open(self, kind: str, expr: str) -> None:
        if not self.active:
            self.frames.append(_Frame(kind, False))
            return
        state, value = self.condition(expr)
        frame = _Frame(kind, state)
        if kind in ("with", "range"):
            self.scope.dots.append(value if kind == "with" and state else UNKNOWN)
            frame.pushed_dot = True
        self.frames.append(frame)

    def otherwise(self, rest: str) -> None:
        if not self.frames:
            return
        frame = self.frames[-1]
        frame.earlier.append(frame.state)
        outer = all(f.state is not False for f in self.frames[:-1])
        if not outer:
            frame.state = False
            return
        if frame.pushed_dot and self.scope.dots:
            # In a with's else branch `.` is the outer value again.
            self.scope.dots[-1] = self.scope.dots[-2] if len(self.scope.dots) > 1 \
                else self.scope.root
        if True in frame.earlier:
            frame.state = False
            return
        words = rest.split(None, 1)
        if words and words[0] in ("if", "with"):
            state, _ = self.condition(words[1] if len(words) > 1 else "")
        else:
            state = True
        frame.state = None if (None in frame.earlier and state is not False) else state

    def close(self) -> None:
        if self.frames:
            frame = self.frames.pop()
            if frame.pushed_dot and self.scope.dots:
                self.scope.dots.pop()

    def action(self, tok: _Token) -> None:
        body = tok.text.strip()
        if body.startswith("/*") or not body:
            return
        word, rest = [*body.split(None, 1), ""][:2]
        if word in ("if", "with", "range"):
            self.open(word, rest)
        elif word == "else":
            self.otherwise(rest.strip())
        elif word == "end":
            self.close()
        elif word == "define":
            self.frames.append(_Frame("define", False))
        elif word == "block":
            self.frames.append(_Frame("block", self.active))
        elif not self.active or word in ("break", "continue") or _ASSIGN.match(body):
            return
        elif word == "template":
            self.pieces.append((TEMPLATED, tok.line))
        else:
            self.pieces.append((self.output(body), tok.line))

    def output(self, body: str) -> str:
        try:
            value = self.scope.evaluate(_parse(_lex(body))[0])
        except ValueError:
            return TEMPLATED
        if value is UNKNOWN_BLOCK:
            return ""
        if value is UNKNOWN:
            return TEMPLATED
        return to_text(value)

    def text(self, tok: _Token) -> None:
        if not self.active or not tok.text:
            return
        for k, segment in enumerate(tok.text.split("\n")):
            if k:
                self.pieces.append(("\n", tok.line + k))
            if segment:
                self.pieces.append((segment, tok.line + k))

    def result(self) -> Rendered:
        lines: list[str] = [""]
        origin: list[int | None] = [None]
        fallback: list[int] = [1]
        for text, line in self.pieces:
            for k, part in enumerate(text.split("\n")):
                if k:
                    lines.append("")
                    origin.append(None)
                    fallback.append(line)
                lines[-1] += part
                if origin[-1] is None and part.strip():
                    origin[-1] = line
        resolved = tuple(o if o is not None else f for o, f in zip(origin, fallback, strict=True))
        return Rendered(text="\n".join(lines), origin=resolved)


def render(template: str, values: Any, chart: Mapping[str, Any] | None = None) -> Rendered:
    """Statically render one template with the chart's default values."""
    renderer = _Renderer(values, chart or {})
    for tok in _tokens(template):
        if tok.action:
            renderer.action(tok)
        else:
            renderer.text(tok)
    return renderer.result()
