"""Offline OSV vulnerability data: the advisory model, version orderings, matching, the store.

`OsvStore` imports OSV advisories (JSON or YAML, from a directory tree or a zip) into a local
SQLite file and answers "which advisories affect this package version?" without the network.
The store itself is `store`, filling it `importer` (from the files `sources` reads), looking
advisories up `queries`. `fetch` downloads the OSV exports for `db update`, the only network
code of the package; `freshness` says how old each ecosystem's data is and refuses stale data.
The matching rules live in `match` and follow the OSV schema's evaluation algorithm.
"""

from __future__ import annotations

from margo_ssdf.vulndb.errors import DB_ENV, NoDatabaseError, StoreError
from margo_ssdf.vulndb.importer import ImportProblem, ImportReport
from margo_ssdf.vulndb.match import (
    GO_STDLIB,
    GO_TOOLCHAIN,
    AdvisoryMatcher,
    Match,
    PackageVersion,
    Vulnerability,
    affects,
    fixed_versions,
    go_toolchain_packages,
    match_advisory,
    merge_aliases,
    normalise_name,
)
from margo_ssdf.vulndb.osv import (
    Advisory,
    AdvisoryError,
    Affected,
    Event,
    Package,
    Range,
    Reference,
    SeverityScore,
    load_advisory,
    parse_advisory,
    read_document,
)
from margo_ssdf.vulndb.store import (
    EcosystemStatus,
    ImportRecord,
    OsvStore,
    StoreStatus,
    default_db_path,
)
from margo_ssdf.vulndb.versions import GO, PYPI, SemVer, VersionError, canonical_ecosystem

__all__ = [
    "DB_ENV",
    "GO",
    "GO_STDLIB",
    "GO_TOOLCHAIN",
    "PYPI",
    "Advisory",
    "AdvisoryError",
    "AdvisoryMatcher",
    "Affected",
    "EcosystemStatus",
    "Event",
    "ImportProblem",
    "ImportRecord",
    "ImportReport",
    "Match",
    "NoDatabaseError",
    "OsvStore",
    "Package",
    "PackageVersion",
    "Range",
    "Reference",
    "SemVer",
    "SeverityScore",
    "StoreError",
    "StoreStatus",
    "VersionError",
    "Vulnerability",
    "affects",
    "canonical_ecosystem",
    "default_db_path",
    "fixed_versions",
    "go_toolchain_packages",
    "load_advisory",
    "match_advisory",
    "merge_aliases",
    "normalise_name",
    "parse_advisory",
    "read_document",
]
