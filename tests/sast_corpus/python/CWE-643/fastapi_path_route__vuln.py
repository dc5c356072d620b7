"""FastAPI endpoint that lists the stops of a bus route named in the path."""

from fastapi import FastAPI
from lxml import etree

app = FastAPI()
NETWORK = etree.parse("/srv/transit/network.xml")


@app.get("/routes/{route_id}/stops")
def stops(route_id: str):
    expr = "//route[@id='" + route_id + "']/stop/@name"
    return [str(s) for s in NETWORK.xpath(expr)]
