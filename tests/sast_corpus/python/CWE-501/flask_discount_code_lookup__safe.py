"""Applies the discount that belongs to a known coupon code."""

from flask import Flask, abort, request, session

app = Flask(__name__)
COUPONS = {"WELCOME10": 10, "SPRING20": 20}


@app.post("/cart/discount")
def discount():
    code = request.form.get("code", "")
    if code not in COUPONS:
        abort(404)
    session["discount_percent"] = COUPONS[code]
    return "applied"
