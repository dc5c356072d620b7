"""The HTML page's building blocks: safe elements, and the pieces every section repeats.

`h` escapes every text child and attribute value it is given. Only `Markup` passes through
unescaped, and only the functions here make it, so a string from an attestation can never
become a tag or an attribute.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from margo_ssdf.models import TaskState
from margo_ssdf.report.styles import NOT_RECORDED_SYMBOL, STATE_STYLES
from margo_ssdf.report.views import Unavailable
from margo_ssdf.report.wording import clean


class Markup(str):
    """HTML that is already safe: written by us, or escaped by `h`."""

    __slots__ = ()


_VOID = frozenset({"meta", "br", "hr", "img", "wbr"})


def _attr_name(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


def h(tag: str, *children: object, **attrs: object) -> Markup:
    """An element. Text children and attribute values are escaped; Markup children are not.

    Children may be nested lists or generators; None and False are left out. An attribute
    whose value is None or False is left out, True writes it bare.
    """
    parts = [f"<{tag}"]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            parts.append(f" {_attr_name(name)}")
        else:
            parts.append(f' {_attr_name(name)}="{html.escape(clean(value), quote=True)}"')
    parts.append(">")
    if tag in _VOID:
        return Markup("".join(parts))
    parts.extend(_children(children))
    parts.append(f"</{tag}>")
    return Markup("".join(parts))


def _children(children: Iterable[object]) -> Iterable[str]:
    for child in children:
        if child is None or child is False:
            continue
        if isinstance(child, Markup):
            yield child
        elif isinstance(child, str | int | float):
            yield html.escape(clean(child), quote=False)
        elif isinstance(child, Iterable):
            yield from _children(child)
        else:
            yield html.escape(clean(child), quote=False)


def join(*parts: object) -> Markup:
    """Several children as one piece of Markup (text parts escaped)."""
    return Markup("".join(_children(parts)))


def symbol(mark: str) -> Markup:
    """A status symbol in its coloured disc; hidden from screen readers, the word follows."""
    return h("span", mark, class_="sym", aria_hidden="true")


def state_chip(state: TaskState | None, text: str | None = None, title: str | None = None
               ) -> Markup:
    """A status with its colour, symbol and word."""
    if state is None:
        return h("span", symbol(NOT_RECORDED_SYMBOL), text or "not recorded",
                 class_="chip st-missing", title=title)
    style = STATE_STYLES[state]
    return h("span", symbol(style.symbol), text or style.label, class_=f"chip st-{style.css}",
             title=title)


def table(caption: str | None, headers: Iterable[str], rows: Iterable[Markup],
          **attrs: object) -> Markup:
    """A table with column headers; `rows` are `tr` elements."""
    return h("table",
             h("caption", caption) if caption else None,
             h("thead", h("tr", [h("th", c, scope="col") for c in headers])),
             h("tbody", list(rows)), **attrs)


def unavailable(what: str, u: Unavailable) -> Markup:
    """A note saying a part is not shown, and why."""
    return h("p", f"{what} not shown: {u.reason}.", class_="note")
