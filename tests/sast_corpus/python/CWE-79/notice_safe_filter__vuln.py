"""Shows a notice; the template prints it with the safe filter."""

from flask import Flask, render_template_string, request

app = Flask(__name__)
PAGE = "<section class='notice'>{{ message|safe }}</section>"


@app.get("/notice")
def notice():
    return render_template_string(PAGE, message=request.args.get("message", ""))
