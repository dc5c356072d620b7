"""Unpacks an uploaded bundle into a private temporary directory."""

import tarfile
import tempfile
from pathlib import Path


def list_bundle(bundle: str) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="bundle-") as target:
        with tarfile.open(bundle) as archive:
            archive.extractall(target, filter="data")
        return sorted(str(p.relative_to(target)) for p in Path(target).rglob("*"))
