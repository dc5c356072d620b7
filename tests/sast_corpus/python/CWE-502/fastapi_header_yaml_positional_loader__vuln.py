"""Reads a client's feature overrides sent as YAML in a header; the Loader is positional."""

import yaml
from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/features")
def features(x_overrides: str = Header("{}")) -> dict:
    overrides = yaml.load(x_overrides, yaml.Loader)
    return {"overrides": sorted(overrides)}
