"""Reads KEY=VALUE settings from an .ini-like file supplied by the customer."""


def read_settings(text: str) -> dict:
    settings = {}
    for line in text.splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            settings[key.strip()] = eval(value.strip())
    return settings
