"""FastAPI endpoint that echoes a query parameter as HTML."""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/echo")
def echo(q: str = ""):
    return HTMLResponse(content=f"<pre>{q}</pre>")
