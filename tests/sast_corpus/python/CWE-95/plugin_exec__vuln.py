"""Loads report plug-ins uploaded by tenants."""

from pathlib import Path


def load_plugin(path: Path) -> dict:
    namespace: dict = {}
    exec(path.read_text(), namespace)
    return namespace
