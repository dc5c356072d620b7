"""Configures Flask-Login's remember-me cookie, Secure on."""

from datetime import timedelta

from flask import Flask
from flask_login import LoginManager

app = Flask(__name__)
app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=14)
app.config["REMEMBER_COOKIE_HTTPONLY"] = True
app.config["REMEMBER_COOKIE_SECURE"] = True
login_manager = LoginManager(app)
