"""Package URLs as VEX matching compares them: type, namespace, name and version; nothing else."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from packageurl import PackageURL
from packaging.version import InvalidVersion, Version

_PEP503 = re.compile(r"[-_.]+")


class PackageKey(NamedTuple):
    """What makes two package URLs the same package, normalised for comparison."""

    type: str
    namespace: str
    name: str


class ParsedPurl(NamedTuple):
    """A package URL reduced to what matching looks at."""

    package: PackageKey
    version: str | None


def is_purl(text: str) -> bool:
    """Whether an id claims to be a package URL (whether or not it is a well-formed one)."""
    return text[:4].lower() == "pkg:"


def check(text: str) -> str | None:
    """Why `text`, which claims to be a package URL, is not a valid one; None when it is."""
    try:
        PackageURL.from_string(text)
    except ValueError as exc:
        return str(exc).rstrip(".")
    return None


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> ParsedPurl | None:
    """The package and version of a package URL; None for any other id or a malformed purl."""
    if not is_purl(text):
        return None
    try:
        purl = PackageURL.from_string(text)
    except ValueError:
        return None
    name = purl.name
    if purl.type == "pypi":
        name = _PEP503.sub("-", name).lower()
    key = PackageKey(purl.type, purl.namespace or "", name)
    return ParsedPurl(key, purl.version or None)


def with_version(text: str, version: str) -> str:
    """The same package URL at another version (qualifiers and subpath kept)."""
    return PackageURL.from_string(text)._replace(version=version).to_string()


def same_version(package_type: str, wanted: str, actual: str) -> bool:
    """Whether two versions of one package are equal; PyPI versions compare as PEP 440 says."""
    if wanted == actual:
        return True
    if package_type == "pypi":
        try:
            return Version(wanted) == Version(actual)
        except InvalidVersion:
            return False
    return False
