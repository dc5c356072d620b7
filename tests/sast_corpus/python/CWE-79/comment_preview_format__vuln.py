"""Shows a preview of a comment before it is posted."""

from flask import Flask, request

app = Flask(__name__)


@app.post("/comments/preview")
def preview():
    return "<div class='comment'>{}</div>".format(request.form["body"])
