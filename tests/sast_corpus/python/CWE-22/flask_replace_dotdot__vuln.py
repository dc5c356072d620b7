"""Downloads a course handout after stripping '../' once ('....//' still climbs)."""

from flask import Flask, request, send_file

app = Flask(__name__)
HANDOUTS = "/srv/courses/handouts/"


@app.get("/handouts")
def handout():
    name = request.args.get("name", "").replace("../", "")
    return send_file(HANDOUTS + name)
