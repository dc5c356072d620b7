"""Unpacks an uploaded bundle next to the spool directory."""

import os
import tarfile
from tempfile import mktemp


def unpack(bundle: str, spool: str) -> str:
    target = mktemp(prefix="bundle-", dir=spool)
    os.mkdir(target)
    with tarfile.open(bundle) as archive:
        archive.extractall(target, filter="data")
    return target
