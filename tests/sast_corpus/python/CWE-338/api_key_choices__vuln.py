"""Provisions API keys for integrations."""

import random
import string
from dataclasses import dataclass


@dataclass
class Integration:
    name: str
    api_key: str = ""


def provision(name: str) -> Integration:
    key = "".join(random.choices(string.ascii_letters + string.digits, k=40))
    return Integration(name=name, api_key=key)
