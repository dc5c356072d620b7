"""Configures verbose logging for a command-line tool (a log level, not a debug server)."""

import logging

VERBOSE_LEVEL = logging.DEBUG


def configure(verbose: bool) -> None:
    logging.basicConfig(level=VERBOSE_LEVEL if verbose else logging.INFO)
