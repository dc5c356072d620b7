"""Configures Flask-Login's remember-me cookie."""

from datetime import timedelta

from flask import Flask
from flask_login import LoginManager

app = Flask(__name__)
app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=14)
app.config["REMEMBER_COOKIE_HTTPONLY"] = True
app.config["REMEMBER_COOKIE_SECURE"] = False
login_manager = LoginManager(app)
