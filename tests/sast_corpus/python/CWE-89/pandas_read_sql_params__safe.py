"""Exports a customer's orders as CSV with pandas and a bound parameter."""

import pandas as pd
from flask import Flask, Response, g, request

app = Flask(__name__)


@app.get("/orders.csv")
def orders_csv():
    frame = pd.read_sql(
        "SELECT * FROM orders WHERE customer = ?", g.db, params=(request.args["customer"],)
    )
    return Response(frame.to_csv(index=False), mimetype="text/csv")
