"""Test target for rules/semgrep/python.yml (`semgrep --test`).

A "ruleid" comment marks the next line as a finding the named rule must report; an "ok" comment
marks a safe near-miss it must not report. This file is read by semgrep, never imported or run.
"""

# %-formatting and str.format() are what several rules look for.
# ruff: noqa: UP031, UP032

import ast
import builtins
import hashlib
import marshal
import os
import pickle
import random
import secrets
import shlex
import ssl
import subprocess
import tempfile
import urllib.parse
import urllib.request
import xml.etree.ElementTree as StdlibET
from pathlib import Path
from xml.dom import minidom
from xml.sax import handler, make_parser

import defusedxml.ElementTree as SafeET
import httpx
import psycopg2.sql
import requests
import yaml
from Crypto.Cipher import AES, DES
from flask import Flask, abort, request, send_file, send_from_directory
from lxml import etree
from werkzeug.utils import secure_filename

app = Flask(__name__)
BASE_DIR = "/srv/app/files"
ALLOWED_FETCH_HOSTS = {"api.example.com", "cdn.example.com"}
CLEAN_COMMAND = "make clean"


# ---------------------------------------------------------------- command injection


def run_user_command(user_arg: str) -> None:
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.run(f"ls -l {user_arg}", shell=True, check=True)
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.Popen("grep " + user_arg + " /var/log/app.log", shell=True)
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.check_output("tar -xzf %s" % user_arg, shell=True)
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.getoutput(f"file {user_arg}")
    # ok: margo.python.subprocess-shell-injection
    subprocess.run("make build", shell=True, check=True)
    # ok: margo.python.subprocess-shell-injection
    subprocess.run(CLEAN_COMMAND, shell=True, check=True)
    # ok: margo.python.subprocess-shell-injection
    subprocess.run(["ls", "-l", user_arg], check=True)
    # ok: margo.python.subprocess-shell-injection
    subprocess.run(f"ls -l {shlex.quote(user_arg)}", shell=True, check=True)
    quoted = f"du -sh {shlex.quote(user_arg)}"
    # ok: margo.python.subprocess-shell-injection
    subprocess.run(quoted, shell=True, check=True)
    mixed = f"du -sh {shlex.quote(user_arg)} {user_arg}"
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.run(mixed, shell=True, check=True)
    # ok: margo.python.subprocess-shell-injection
    subprocess.run("ls -l " + "/tmp", shell=True, check=True)
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.check_call(["sh", "-c", "convert " + user_arg + " out.png"])
    # ok: margo.python.subprocess-shell-injection
    subprocess.check_call(["sh", "-c", "make clean && make build"])


def run_with_os(user_arg: str) -> None:
    # ruleid: margo.python.os-command-injection
    os.system("ping -c 1 " + user_arg)
    # ruleid: margo.python.os-command-injection
    os.popen(f"whois {user_arg}").read()
    # ok: margo.python.os-command-injection
    os.system("sync")
    # ok: margo.python.os-command-injection
    os.system(f"ping -c 1 {shlex.quote(user_arg)}")


# ---------------------------------------------------------------- eval


def evaluate(expression: str) -> object:
    # ruleid: margo.python.eval-injection
    result = eval(expression)
    # ruleid: margo.python.eval-injection
    exec("value = " + expression, {})
    # ruleid: margo.python.eval-injection
    builtins.eval(expression)
    # ok: margo.python.eval-injection
    eval("1 + 2")
    # ok: margo.python.eval-injection
    return ast.literal_eval(expression) or result


# ---------------------------------------------------------------- SQL


def find_user(cursor, name: str, ids: list[int], column: str) -> None:
    # ruleid: margo.python.sql-built-from-strings
    cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")
    # ruleid: margo.python.sql-built-from-strings
    cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ruleid: margo.python.sql-built-from-strings
    cursor.execute("DELETE FROM users WHERE name = '{}'".format(name))
    query = "SELECT id FROM users WHERE name = '" + name + "'"
    # ruleid: margo.python.sql-built-from-strings
    cursor.execute(query)
    # ok: margo.python.sql-built-from-strings
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    # ok: margo.python.sql-built-from-strings
    cursor.execute("SELECT * FROM users " + "ORDER BY id")
    # ok: margo.python.sql-built-from-strings
    cursor.execute(psycopg2.sql.SQL("SELECT {} FROM users").format(psycopg2.sql.Identifier(column)))
    # ok: margo.python.sql-built-from-strings
    cursor.execute("SELECT * FROM users WHERE id IN ({})".format(",".join("?" * len(ids))), ids)


def find_many(cursor, ids: list[int]) -> None:
    placeholders = ", ".join(["%s"] * len(ids))
    # ok: margo.python.sql-built-from-strings
    cursor.execute(f"SELECT * FROM users WHERE id IN ({placeholders})", ids)


# ---------------------------------------------------------------- path traversal


@app.route("/download")
def download():
    name = request.args.get("name", "")
    # ruleid: margo.python.path-traversal
    with open(os.path.join(BASE_DIR, name), "rb") as handle:
        data = handle.read()
    # ok: margo.python.path-traversal
    with open(os.path.join(BASE_DIR, secure_filename(name)), "rb") as handle:
        data += handle.read()
    # ok: margo.python.path-traversal
    with open(os.path.join(BASE_DIR, "index.txt"), "rb") as handle:
        data += handle.read()
    return data


@app.route("/files/<path:filename>")
def serve(filename):
    # ruleid: margo.python.path-traversal
    return send_file(os.path.join(BASE_DIR, filename))


@app.route("/reports/<path:filename>")
def serve_report(filename):
    # ok: margo.python.path-traversal
    return send_from_directory(BASE_DIR, filename)


@app.route("/tenant-files")
def serve_tenant():
    # ruleid: margo.python.path-traversal
    return send_from_directory(request.args["tenant"], "report.pdf")


@app.route("/checked")
def checked():
    full = os.path.realpath(os.path.join(BASE_DIR, request.args["name"]))
    if not full.startswith(BASE_DIR + os.sep):
        abort(404)
    # ok: margo.python.path-traversal
    return send_file(full)


REPORTS = {"q1": "/srv/app/reports/q1.pdf", "q2": "/srv/app/reports/q2.pdf"}


@app.route("/report")
def report():
    # ok: margo.python.path-traversal
    return send_file(REPORTS[request.args.get("quarter", "q1")])


@app.route("/unchecked")
def unchecked():
    full = os.path.join(BASE_DIR, request.args["name"])
    # ruleid: margo.python.path-traversal
    return Path(full).read_text()


# ---------------------------------------------------------------- deserialisation

FAST_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(yaml.SafeLoader):
    """A safe loader that also rejects duplicate keys (body elided)."""


def load_blob(blob: bytes, text: str) -> object:
    # ruleid: margo.python.pickle-deserialization
    obj = pickle.loads(blob)
    # ruleid: margo.python.pickle-deserialization
    code = marshal.loads(blob)
    # ok: margo.python.pickle-deserialization
    out = pickle.dumps(obj)
    # ruleid: margo.python.yaml-unsafe-load
    cfg = yaml.load(text)
    # ruleid: margo.python.yaml-unsafe-load
    cfg2 = yaml.load(text, Loader=yaml.Loader)
    # ruleid: margo.python.yaml-unsafe-load
    cfg3 = yaml.unsafe_load(text)
    # ok: margo.python.yaml-unsafe-load
    cfg4 = yaml.safe_load(text)
    # ok: margo.python.yaml-unsafe-load
    cfg5 = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: margo.python.yaml-unsafe-load
    cfg6 = yaml.load(text, Loader=yaml.CSafeLoader)
    # ok: margo.python.yaml-unsafe-load
    cfg7 = yaml.load(text, Loader=FAST_SAFE_LOADER)
    # ok: margo.python.yaml-unsafe-load
    cfg8 = yaml.load(text, Loader=StrictLoader)
    # ruleid: margo.python.yaml-unsafe-load
    cfg9 = yaml.load(text, Loader=yaml.FullLoader)
    return (code, out, cfg, cfg2, cfg3, cfg4, cfg5, cfg6, cfg7, cfg8, cfg9)


# ---------------------------------------------------------------- XML


def parse_xml(document: bytes) -> object:
    # ruleid: margo.python.xml-external-entities
    parser = etree.XMLParser(resolve_entities=True)
    # ruleid: margo.python.xml-external-entities
    tree = etree.fromstring(document)
    # ok: margo.python.xml-external-entities
    hardened = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: margo.python.xml-external-entities
    tree2 = etree.fromstring(document, hardened)
    sax = make_parser()
    # ruleid: margo.python.xml-external-entities
    sax.setFeature(handler.feature_external_ges, True)
    # ok: margo.python.xml-external-entities
    sax.setFeature(handler.feature_external_ges, False)
    # ruleid: margo.python.xml-stdlib-parser
    root = StdlibET.fromstring(document)
    # ruleid: margo.python.xml-stdlib-parser
    dom = minidom.parseString(document)
    # ok: margo.python.xml-stdlib-parser
    root2 = SafeET.fromstring(document)
    # ok: margo.python.xml-stdlib-parser
    template = StdlibET.fromstring("<config><debug>false</debug></config>")
    return (parser, tree, tree2, root, dom, root2, template)


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


# ---------------------------------------------------------------- weak randomness


def generate_reset_token() -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    # ruleid: margo.python.insecure-random-secret
    return "".join(random.choice(alphabet) for _ in range(32))


def new_session(user: dict) -> None:
    # ruleid: margo.python.insecure-random-secret
    user["session_id"] = random.getrandbits(128)
    # ruleid: margo.python.insecure-random-secret
    api_key = "%032x" % random.getrandbits(128)
    # ok: margo.python.insecure-random-secret
    csrf_token = secrets.token_urlsafe(32)
    # ok: margo.python.insecure-random-secret
    backoff = random.uniform(0.5, 1.5)
    user.update(csrf_token=csrf_token, backoff=backoff)
    print(api_key)


def provision_integration(name: str) -> dict:
    key = "".join(random.choices("abcdef0123456789", k=40))
    # ruleid: margo.python.insecure-random-secret
    return {"name": name, "api_key": key}


def pick_colour() -> str:
    # ok: margo.python.insecure-random-secret
    return random.choice(["red", "green", "blue"])


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


# ---------------------------------------------------------------- SSRF


@app.route("/proxy")
def proxy():
    target = request.args.get("url")
    # ruleid: margo.python.ssrf
    upstream = requests.get(target, timeout=5)
    # ruleid: margo.python.ssrf
    page = urllib.request.urlopen(request.form["feed"]).read()
    user_id = request.args.get("id", "")
    # ok: margo.python.ssrf
    profile = requests.get(f"https://api.example.com/users/{user_id}", timeout=5)
    # ok: margo.python.ssrf
    search = requests.get("https://api.example.com/search", params={"q": target}, timeout=5)
    return upstream.text + page.decode() + profile.text + search.text


@app.route("/fetch")
def fetch_allowed():
    target = request.args.get("url", "")
    if urllib.parse.urlparse(target).hostname not in ALLOWED_FETCH_HOSTS:
        abort(400)
    # ok: margo.python.ssrf
    return requests.get(target, timeout=5).text


@app.route("/mirror")
def mirror():
    target = request.args.get("url", "")
    if not target.startswith("https://cdn.example.com/"):
        abort(400)
    # ok: margo.python.ssrf
    return requests.get(target, timeout=5).content


@app.route("/mirror-loose")
def mirror_loose():
    target = request.args.get("url", "")
    if not target.startswith("https://cdn.example.com"):
        abort(400)
    # ruleid: margo.python.ssrf
    return requests.get(target, timeout=5).content


@app.get("/hook")
def hook(callback: str):
    # ruleid: margo.python.ssrf
    return httpx.post(callback, json={"ok": True}).status_code


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
