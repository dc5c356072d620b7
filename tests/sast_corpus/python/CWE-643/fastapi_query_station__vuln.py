"""FastAPI endpoint that reads a weather station's last reading."""

from fastapi import FastAPI
from lxml import etree

app = FastAPI()
READINGS = etree.parse("/srv/weather/readings.xml")


@app.get("/reading")
def reading(station: str):
    values = READINGS.xpath(f"//station[@code='{station}']/reading[last()]/@value")
    return {"value": str(values[0]) if values else None}
