"""Reads a CI pipeline definition pushed by any contributor."""

import yaml


def read_pipeline(text: str) -> dict:
    return yaml.load(text, Loader=yaml.Loader)
