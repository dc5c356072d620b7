"""Shows a comment with rich text reduced to a small tag allow-list."""

import bleach
from flask import Flask, request

app = Flask(__name__)
ALLOWED_TAGS = {"b", "i", "em", "strong", "p"}


@app.post("/comments/preview")
def preview():
    body = bleach.clean(request.form["body"], tags=ALLOWED_TAGS, strip=True)
    return f"<div class='comment'>{body}</div>"
