"""Test target for rules/semgrep/python.yml (`semgrep --test`).

A "ruleid" comment marks the next line as a finding the named rule must report; an "ok" comment
marks a safe near-miss it must not report. This file is read by semgrep, never imported or run.
"""

import hashlib
import os
import ssl
import tempfile

import httpx
import requests
from Crypto.Cipher import AES, DES
from flask import Flask, make_response

app = Flask(__name__)


# ---------------------------------------------------------------- TLS


def fetch_insecure(url: str) -> None:
    # ruleid: margo.python.tls-verify-disabled
    requests.get(url, verify=False, timeout=10)
    # ruleid: margo.python.tls-verify-disabled
    httpx.post(url, json={}, verify=False)
    session = requests.Session()
    # ruleid: margo.python.tls-verify-disabled
    session.verify = False
    # ok: margo.python.tls-verify-disabled
    requests.get(url, verify="/etc/ssl/certs/internal-ca.pem", timeout=10)
    # ok: margo.python.tls-verify-disabled
    requests.get(url, timeout=10)


async def fetch_aiohttp(session, url: str) -> int:
    # ruleid: margo.python.tls-verify-disabled
    async with session.get(url, ssl=False) as response:
        return response.status


def ssl_contexts() -> None:
    # ruleid: margo.python.ssl-verification-disabled
    ctx = ssl._create_unverified_context()
    strict = ssl.create_default_context()
    # ruleid: margo.python.ssl-verification-disabled
    strict.check_hostname = False
    # ruleid: margo.python.ssl-verification-disabled
    strict.verify_mode = ssl.CERT_NONE
    # ok: margo.python.ssl-verification-disabled
    strict.verify_mode = ssl.CERT_REQUIRED
    # ok: margo.python.ssl-verification-disabled
    strict.check_hostname = True
    # ok: margo.python.ssl-verification-disabled
    good = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")
    print(ctx, good)


# ---------------------------------------------------------------- weak hash


def digests(data: bytes) -> list[str]:
    return [
        # ruleid: margo.python.weak-hash
        hashlib.md5(data).hexdigest(),
        # ruleid: margo.python.weak-hash
        hashlib.sha1(data).hexdigest(),
        # ruleid: margo.python.weak-hash
        hashlib.new("md5", data).hexdigest(),
        # ok: margo.python.weak-hash
        hashlib.md5(data, usedforsecurity=False).hexdigest(),
        # ok: margo.python.weak-hash
        hashlib.sha256(data).hexdigest(),
        # ok: margo.python.weak-hash
        hashlib.new("sha256", data).hexdigest(),
    ]


def encrypt(key: bytes, data: bytes) -> bytes:
    # ruleid: margo.python.weak-cipher
    legacy = DES.new(key[:8], DES.MODE_ECB).encrypt(data)
    nonce = os.urandom(12)
    # ok: margo.python.weak-cipher
    modern = AES.new(key, AES.MODE_GCM, nonce=nonce).encrypt(data)
    return legacy + modern


# ---------------------------------------------------------------- hard-coded credentials

# ruleid: margo.python.hardcoded-credential
DB_PASSWORD = "s3cr3t-Passw0rd"
# ruleid: margo.python.hardcoded-credential
api_key = "AKIAIOSFODNN7EXAMPLE"
# ok: margo.python.hardcoded-credential
PASSWORD_FIELD = "password"
# ok: margo.python.hardcoded-credential
db_password = os.environ["DB_PASSWORD"]
# ok: margo.python.hardcoded-credential
token = ""
# ok: margo.python.hardcoded-credential
token_type = "Bearer"
# ok: margo.python.hardcoded-credential
DONE_TOKEN = "done."


def connect(driver) -> None:
    # ruleid: margo.python.hardcoded-credential
    driver.connect(host="db", user="app", password="hunter2")
    # ok: margo.python.hardcoded-credential
    driver.connect(host="db", user="app", password=os.environ.get("DB_PASSWORD", ""))
    # ruleid: margo.python.hardcoded-credential
    settings = {"client_secret": "0f9e8d7c6b5a"}
    # ok: margo.python.hardcoded-credential
    prompts = {"password": "<enter your password>"}
    # ruleid: margo.python.hardcoded-credential
    headers = {"Authorization": "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"}
    # ok: margo.python.hardcoded-credential
    accept = {"Accept": "application/json", "Authorization": os.environ["API_AUTH"]}
    print(settings, prompts, headers, accept)


# ---------------------------------------------------------------- temp files


def scratch_file() -> str:
    # ruleid: margo.python.insecure-tempfile
    path = tempfile.mktemp(suffix=".json")
    # ok: margo.python.insecure-tempfile
    handle, safe_path = tempfile.mkstemp(suffix=".json")
    # ruleid: margo.python.insecure-tempfile
    with open("/tmp/app-state.json", "w") as state:
        state.write("{}")
    # ok: margo.python.insecure-tempfile
    with open("/tmp/app-state.json") as state:
        state.read()
    os.close(handle)
    return path + safe_path


# ---------------------------------------------------------------- debug


if __name__ == "__main__":
    # ok: margo.python.flask-debug-enabled
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    # ruleid: margo.python.flask-debug-enabled
    app.run(host="0.0.0.0", debug=True)
    # ruleid: margo.python.flask-debug-enabled
    app.config["DEBUG"] = True
    # ok: margo.python.flask-debug-enabled
    app.config["TESTING"] = True

# Django settings module, in miniature.
# ruleid: margo.python.django-debug-enabled
DEBUG = True
# ok: margo.python.django-debug-enabled
TEMPLATE_DEBUG = True
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.admin"]


# ---------------------------------------------------------------- cookie flags


@app.route("/remember")
def remember():
    response = make_response("ok")
    # ruleid: margo.python.cookie-without-secure, margo.python.cookie-without-httponly
    response.set_cookie("remember_me", "1")
    # ruleid: margo.python.cookie-without-secure
    response.set_cookie("remember_me", "1", secure=False, httponly=True)
    # ruleid: margo.python.cookie-without-httponly
    response.set_cookie("remember_me", "1", secure=True)
    # ok: margo.python.cookie-without-secure, margo.python.cookie-without-httponly
    response.set_cookie("remember_me", "1", secure=True, httponly=True, samesite="Lax")
    # ok: margo.python.cookie-without-httponly, margo.python.cookie-without-secure
    response.set_cookie("remember_me", "", expires=0)
    # ok: margo.python.cookie-without-secure
    response.set_cookie("theme", "dark", secure=app.config["COOKIE_SECURE"], httponly=True)
    return response
