"""Parses an application manifest with an explicit SafeLoader."""

import yaml


def parse_manifest(upload: bytes) -> dict:
    manifest = yaml.load(upload, Loader=yaml.SafeLoader)
    if not isinstance(manifest, dict):
        raise ValueError("manifest must be a mapping")
    return manifest
