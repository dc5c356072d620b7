"""FastAPI endpoint that reads a station's last reading with an XPath variable."""

from fastapi import FastAPI
from lxml import etree

app = FastAPI()
READINGS = etree.parse("/srv/weather/readings.xml")


@app.get("/reading")
def reading(station: str):
    values = READINGS.xpath("//station[@code=$code]/reading[last()]/@value", code=station)
    return {"value": str(values[0]) if values else None}
