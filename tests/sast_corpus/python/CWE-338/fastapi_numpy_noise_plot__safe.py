"""Adds NumPy random noise to a demo signal for the plotting tutorial."""

import numpy as np
from fastapi import FastAPI

app = FastAPI()


@app.get("/tutorial/signal")
def noisy_signal(points: int = 100) -> dict:
    rng = np.random.default_rng()
    x = np.linspace(0, 2 * np.pi, max(2, min(points, 1000)))
    return {"y": (np.sin(x) + rng.normal(0, 0.1, x.size)).round(3).tolist()}
