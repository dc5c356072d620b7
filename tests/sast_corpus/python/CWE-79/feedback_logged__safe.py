"""Records feedback and answers with a fixed thank-you page."""

import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.post("/feedback")
def feedback():
    log.info("feedback received: %r", request.form.get("text", ""))
    return "<html><body><p>Thank you for your feedback.</p></body></html>"
