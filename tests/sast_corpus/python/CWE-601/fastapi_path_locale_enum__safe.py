"""FastAPI endpoint that redirects to the home page of a locale from an Enum."""

from enum import StrEnum

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


class Locale(StrEnum):
    en = "en"
    de = "de"
    fr = "fr"


@app.get("/l/{locale}")
def localized(locale: Locale):
    return RedirectResponse("/" + locale.value + "/", status_code=302)
