"""FastAPI form handler that puts the posted display name into the session."""

from typing import Annotated

from fastapi import FastAPI, Form, Request

app = FastAPI()


@app.post("/profile/name")
def set_name(request: Request, display_name: Annotated[str, Form()]):
    name = display_name.strip()
    request.session["display_name"] = name
    return {"ok": True}
