"""Tags several photos at once with a tag from the form."""

from flask import Flask, g, request

app = Flask(__name__)


@app.post("/photos/tag")
def tag_photos():
    tag = request.form["tag"]
    ids = [(int(i),) for i in request.form.getlist("photo")]
    g.db.executemany(f"INSERT INTO photo_tags (photo_id, tag) VALUES (?, '{tag}')", ids)
    g.db.commit()
    return "", 204
