"""Serves the WSGI app with werkzeug's development server and its debugger."""

from dashboard.wsgi import application
from werkzeug.serving import run_simple

if __name__ == "__main__":
    run_simple("127.0.0.1", 8080, application, use_reloader=False, use_debugger=True)
