"""Runs alerting rules written by users as Python snippets."""


def run_rule(source: str, metrics: dict) -> bool:
    scope = {"metrics": metrics, "fired": False}
    exec(compile(source, "<rule>", "exec"), scope)
    return bool(scope["fired"])
