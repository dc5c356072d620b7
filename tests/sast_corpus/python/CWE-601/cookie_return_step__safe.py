"""Resumes a checkout at the step remembered in a cookie, mapped to a fixed path."""

from flask import Flask, redirect, request

app = Flask(__name__)
STEPS = {"cart": "/cart", "address": "/checkout/address", "payment": "/checkout/payment"}


@app.get("/checkout/resume")
def resume():
    return redirect(STEPS.get(request.cookies.get("step", ""), "/cart"))
