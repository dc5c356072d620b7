"""A shared helper evaluates formulas; the request only picks a formula from a fixed table."""

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
FORMULAS = {"vat": "net * 0.19", "gross": "net * 1.19", "discount": "net * 0.9"}


def apply_formula(source: str, net: float) -> float:
    return eval(source, {"__builtins__": {}}, {"net": net})


@app.get("/formulas/<name>")
def formula(name):
    if name not in FORMULAS:
        abort(404)
    net = request.args.get("net", 0.0, type=float)
    return jsonify(value=apply_formula(FORMULAS[name], net))
