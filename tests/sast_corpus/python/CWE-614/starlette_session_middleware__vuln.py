"""Starlette app whose session cookie is sent over plain HTTP too."""

import os

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

app = Starlette(
    middleware=[
        Middleware(SessionMiddleware, secret_key=os.environ["SESSION_SECRET"], https_only=False)
    ]
)
