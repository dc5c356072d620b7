"""Renders a profile page; the bio is marked as trusted markup."""

from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.post("/profile/preview")
def profile_preview():
    bio = Markup(request.form.get("bio", ""))
    return render_template("profile.html", bio=bio)
