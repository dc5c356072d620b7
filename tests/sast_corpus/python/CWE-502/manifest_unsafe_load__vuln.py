"""Parses an application manifest uploaded to the store."""

import yaml


def parse_manifest(upload: bytes) -> dict:
    manifest = yaml.unsafe_load(upload)
    if not isinstance(manifest, dict):
        raise ValueError("manifest must be a mapping")
    return manifest
