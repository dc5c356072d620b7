"""Restores a shopping cart kept in a signed JSON cookie."""

from flask import Flask, request
from itsdangerous import BadSignature, URLSafeSerializer

app = Flask(__name__)


@app.get("/cart")
def cart():
    serializer = URLSafeSerializer(app.config["SECRET_KEY"], salt="cart")
    try:
        items = serializer.loads(request.cookies.get("cart", "W10"))
    except BadSignature:
        items = []
    return {"count": len(items)}
