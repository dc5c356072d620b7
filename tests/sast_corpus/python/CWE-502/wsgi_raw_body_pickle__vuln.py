"""WSGI endpoint of the metrics collector; agents post pickled samples."""

import pickle


def application(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    samples = pickle.loads(environ["wsgi.input"].read(length))
    start_response("202 Accepted", [("Content-Type", "text/plain")])
    return [str(len(samples)).encode()]
