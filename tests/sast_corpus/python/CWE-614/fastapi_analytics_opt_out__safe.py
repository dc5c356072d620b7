"""FastAPI endpoint that records an analytics opt-out in a non-secret cookie."""

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/privacy/opt-out")
def opt_out(response: Response):
    response.set_cookie("analytics_opt_out", "1", max_age=31_536_000, samesite="lax")
    return {"opted_out": True}
