"""Which VEX statement speaks for a vulnerability found in a package."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from margo_ssdf.vex import _purl
from margo_ssdf.vex.model import VexError, VexStatement

_UNKNOWN_TIME = datetime.min.replace(tzinfo=UTC)


def applicable(
    statements: Iterable[VexStatement], ids: set[str], purl: str
) -> VexStatement | None:
    """The statement about a vulnerability known as any of `ids`, in the package `purl`.

    A statement is about the vulnerability when any of `ids` equals its vulnerability or one
    of its aliases, ignoring case. It is about the package when one of its products (or of its
    subcomponents, the packages inside a product) is a package URL with the same type,
    namespace and name (PyPI names compared after PEP 503 normalisation) and either no version
    or the package's version (PEP 440 equality for PyPI); qualifiers and subpath are ignored.
    Ids that are not package URLs match nothing, so a statement without products covers
    nothing. Of several applicable statements the newest wins; a statement without a time is
    older than any with one, and between equal times the later one in `statements` wins.
    """
    target = _purl.parse(purl)
    if target is None:
        problem = _purl.check(purl) if _purl.is_purl(purl) else "it does not start with pkg:"
        raise VexError(f"'{purl}' is not a valid package URL ({problem}).", field="purl",
                       fix="Pass the package's purl, e.g. pkg:pypi/requests@2.31.0.")
    wanted = {i.casefold() for i in ids}
    best: VexStatement | None = None
    best_key: tuple[datetime, int] | None = None
    for index, statement in enumerate(statements):
        if wanted.isdisjoint(statement.names) or not _covers(statement, target):
            continue
        key = (_instant(statement.timestamp), index)
        if best_key is None or key >= best_key:
            best, best_key = statement, key
    return best


def _instant(moment: datetime | None) -> datetime:
    # Readers always give aware times; a statement built by hand might not (taken as UTC).
    if moment is None:
        return _UNKNOWN_TIME
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _covers(statement: VexStatement, target: _purl.ParsedPurl) -> bool:
    for pid in (*statement.products, *statement.subcomponents):
        product = _purl.parse(pid)
        if product is None or product.package != target.package:
            continue
        if product.version is None:
            return True
        if target.version is not None and _purl.same_version(
            target.package.type, product.version, target.version
        ):
            return True
    return False
