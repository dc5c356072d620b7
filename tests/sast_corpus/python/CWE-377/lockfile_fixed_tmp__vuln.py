"""Writes the agent's state to a fixed, predictable file in /tmp."""

import json


def save_state(state: dict) -> None:
    with open("/tmp/margo-agent-state.json", "w", encoding="utf-8") as handle:
        json.dump(state, handle)
