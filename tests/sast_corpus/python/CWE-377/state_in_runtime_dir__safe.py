"""Writes the agent's state atomically inside its own state directory."""

import json
import os
import tempfile


def save_state(state: dict, state_dir: str) -> None:
    fd, tmp_path = tempfile.mkstemp(dir=state_dir, prefix=".state-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    os.replace(tmp_path, os.path.join(state_dir, "state.json"))
