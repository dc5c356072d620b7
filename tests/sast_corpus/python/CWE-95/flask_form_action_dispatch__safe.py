"""Lets staff run one of the predefined data fixes against the order table."""

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ORDERS: dict[int, dict] = {}


def close_stale() -> int:
    stale = [o for o in ORDERS.values() if o.get("status") == "pending"]
    for order in stale:
        order["status"] = "closed"
    return len(stale)


def reset_flags() -> int:
    for order in ORDERS.values():
        order["flagged"] = False
    return len(ORDERS)


FIXES = {"close-stale": close_stale, "reset-flags": reset_flags}


@app.post("/admin/datafix")
def datafix():
    fix = FIXES.get(request.form["fix"])
    if fix is None:
        abort(400)
    return jsonify(changed=fix())
