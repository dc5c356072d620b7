"""Issues device enrolment tokens with NumPy's generator (PCG64 is not a CSPRNG)."""

import numpy as np
from fastapi import FastAPI

app = FastAPI()
_rng = np.random.default_rng()
ENROLMENTS: dict[str, str] = {}


@app.post("/devices/{serial}/enrol")
def enrol(serial: str) -> dict:
    token = bytes(_rng.integers(0, 256, size=24, dtype=np.uint8)).hex()
    ENROLMENTS[token] = serial
    return {"token": token}
