"""FastAPI endpoint that lists warehouses of the caller's region, bound as a variable."""

from typing import Annotated

from fastapi import FastAPI, Header
from lxml import etree

app = FastAPI()
SITES = etree.parse("/srv/logistics/sites.xml")


@app.get("/warehouses")
def warehouses(x_region: Annotated[str, Header()] = "eu"):
    return [str(n) for n in SITES.xpath("//warehouse[@region=$r]/@name", r=x_region)]
