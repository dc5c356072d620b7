"""Reads KEY=VALUE settings, decoding each value as JSON."""

import json


def read_settings(text: str) -> dict:
    settings = {}
    for line in text.splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            settings[key.strip()] = json.loads(value.strip())
    return settings
