"""Writes a trained model to the local cache (serialising is not the risk)."""

import pickle
from pathlib import Path


def save_model(model, cache: Path) -> Path:
    target = cache / "model.pkl"
    target.write_bytes(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    return target
