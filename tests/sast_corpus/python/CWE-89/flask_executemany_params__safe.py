"""Tags several photos at once, binding both the id and the tag."""

from flask import Flask, g, request

app = Flask(__name__)


@app.post("/photos/tag")
def tag_photos():
    tag = request.form["tag"]
    rows = [(int(i), tag) for i in request.form.getlist("photo")]
    g.db.executemany("INSERT INTO photo_tags (photo_id, tag) VALUES (?, ?)", rows)
    g.db.commit()
    return "", 204
