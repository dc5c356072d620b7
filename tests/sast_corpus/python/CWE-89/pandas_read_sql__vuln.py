"""Exports a customer's orders as CSV with pandas."""

import pandas as pd
from flask import Flask, Response, g, request

app = Flask(__name__)


@app.get("/orders.csv")
def orders_csv():
    customer = request.args["customer"]
    frame = pd.read_sql(f"SELECT * FROM orders WHERE customer = '{customer}'", g.db)
    return Response(frame.to_csv(index=False), mimetype="text/csv")
