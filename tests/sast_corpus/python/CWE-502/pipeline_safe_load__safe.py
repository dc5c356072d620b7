"""Reads a CI pipeline definition with the safe YAML loader."""

import yaml


def read_pipeline(text: str) -> dict:
    return yaml.safe_load(text)
