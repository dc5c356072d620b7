"""FastAPI endpoint that marks the onboarding tour as seen in the session."""

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/tour/done")
def tour_done(request: Request, step: int = 0):
    request.session["tour_seen"] = True
    return {"last_step": step}
