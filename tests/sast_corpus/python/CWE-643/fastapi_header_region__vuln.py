"""FastAPI endpoint that lists the warehouses of the caller's region header."""

from typing import Annotated

from fastapi import FastAPI, Header
from lxml import etree

app = FastAPI()
SITES = etree.parse("/srv/logistics/sites.xml")


@app.get("/warehouses")
def warehouses(x_region: Annotated[str, Header()] = "eu"):
    return [str(n) for n in SITES.xpath(f"//warehouse[@region='{x_region}']/@name")]
