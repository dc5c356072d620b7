"""FastAPI endpoint for a route's stops; the route id is one of an Enum's values."""

from enum import StrEnum

from fastapi import FastAPI
from lxml import etree

app = FastAPI()
NETWORK = etree.parse("/srv/transit/network.xml")


class RouteId(StrEnum):
    red = "red"
    blue = "blue"
    green = "green"


@app.get("/routes/{route_id}/stops")
def stops(route_id: RouteId):
    expr = "//route[@id='" + route_id.value + "']/stop/@name"
    return [str(s) for s in NETWORK.xpath(expr)]
