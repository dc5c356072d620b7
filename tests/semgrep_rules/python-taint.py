"""Test target for rules/semgrep/python-taint.yml (`semgrep --test`).

A "ruleid" comment marks the next line as a finding the named rule must report; an "ok" comment
marks a safe near-miss it must not report. Each sink has a vulnerable case fed from a request and
a safe twin that uses one of the sanitizers real code uses. Read by semgrep, never imported.
"""

import ast
import html
import marshal
import os
import pickle
import random
import re
import secrets
import shlex
import subprocess
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as StdlibET
from pathlib import Path
from xml.sax import handler, make_parser

import defusedxml.ElementTree as SafeET
import httpx
import jsonpickle
import ldap
import psycopg2.sql
import requests
import urllib3
import shelve
import sqlite3
import yaml
from django.db.models.expressions import RawSQL
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect as django_redirect
from django.utils.html import escape as django_escape
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from fastapi import Depends, FastAPI, Query
from fastapi.responses import HTMLResponse, RedirectResponse
from flask import (Flask, Markup, Response, abort, make_response, redirect, render_template,
                   render_template_string, request, send_file, send_from_directory, session,
                   url_for)
from ldap3.utils.conv import escape_filter_chars
from lxml import etree
from markupsafe import escape
from sqlalchemy import text
from werkzeug.utils import safe_join, secure_filename
from werkzeug.wrappers import Request as WerkzeugRequest
from werkzeug.wrappers import Response as WerkzeugResponse

app = Flask(__name__)
api = FastAPI()
BASE_DIR = "/srv/app/files"
ALLOWED_HOSTS = {"api.example.com", "cdn.example.com"}
ALLOWED_COLUMNS = {"name", "email"}
REPORTS = {"q1": "/srv/app/reports/q1.pdf", "q2": "/srv/app/reports/q2.pdf"}


# ---------------------------------------------------------------- SQL injection


@app.route("/users")
def users():
    name = request.args.get("name", "")
    conn = sqlite3.connect("app.db")
    cursor = conn.cursor()
    # ruleid: margo.python.sql-built-from-strings
    cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")
    query = "SELECT id FROM users WHERE name = '" + name + "'"
    # ruleid: margo.python.sql-built-from-strings
    cursor.execute(query)
    # ruleid: margo.python.sql-built-from-strings
    conn.execute(text("DELETE FROM users WHERE name = '%s'" % name))
    # ok: margo.python.sql-built-from-strings
    cursor.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ok: margo.python.sql-built-from-strings
    conn.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})
    # ok: margo.python.sql-built-from-strings
    cursor.execute("SELECT * FROM users WHERE id = %d" % int(request.args["id"]))
    column = request.args.get("sort", "name")
    # ok: margo.python.sql-built-from-strings
    cursor.execute(psycopg2.sql.SQL("SELECT {} FROM users").format(psycopg2.sql.Identifier(column)))
    # ruleid: margo.python.sql-built-from-strings
    cursor.execute(f"SELECT * FROM users ORDER BY {column}")
    if column not in ALLOWED_COLUMNS:
        abort(400)
    # ok: margo.python.sql-built-from-strings
    cursor.execute(f"SELECT * FROM users ORDER BY {column}")
    return "ok"


def django_search(request, slug):
    # ruleid: margo.python.sql-built-from-strings
    rows = User.objects.raw("SELECT * FROM app_user WHERE slug = '%s'" % slug)
    # ruleid: margo.python.sql-built-from-strings
    extra = User.objects.extra(where=["name = '%s'" % request.GET["q"]])
    # ruleid: margo.python.sql-built-from-strings
    annotated = User.objects.annotate(v=RawSQL("SELECT " + request.GET["col"], ()))
    # ok: margo.python.sql-built-from-strings
    safe = User.objects.raw("SELECT * FROM app_user WHERE slug = %s", [slug])
    # ok: margo.python.sql-built-from-strings
    internal = User.objects.raw("SELECT * FROM app_user WHERE active")
    return (rows, extra, annotated, safe, internal)


@api.get("/items/{item_id}")
async def read_item(item_id: int, q: str = Query(None), db=Depends(get_db)):
    # ok: margo.python.sql-built-from-strings
    db.execute(f"SELECT * FROM items WHERE id = {item_id}")
    # ruleid: margo.python.sql-built-from-strings
    return db.execute(f"SELECT * FROM items WHERE title LIKE '%{q}%'")


def wsgi_app(environ, start_response):
    params = urllib.parse.parse_qs(environ["QUERY_STRING"])
    cursor = sqlite3.connect("app.db").cursor()
    # ruleid: margo.python.sql-built-from-strings
    cursor.execute("SELECT * FROM t WHERE a = '" + params["a"][0] + "'")
    start_response("200 OK", [])
    return [b"ok"]


def report_job(cursor, month):
    # Not request data: a batch job's own parameter.
    # ok: margo.python.sql-built-from-strings
    cursor.execute(f"SELECT * FROM sales WHERE month = '{month}'")


# ---------------------------------------------------------------- command injection


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.run(f"ping -c 1 {host}", shell=True, check=True)
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.getoutput("nslookup " + host)
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.check_call(["sh", "-c", "traceroute " + host])
    # ruleid: margo.python.subprocess-shell-injection
    subprocess.run([request.args["tool"], "--version"], check=True)
    # ok: margo.python.subprocess-shell-injection
    subprocess.run(["ping", "-c", "1", host], check=True)
    # ok: margo.python.subprocess-shell-injection
    subprocess.run(f"ping -c 1 {shlex.quote(host)}", shell=True, check=True)
    # ok: margo.python.subprocess-shell-injection
    subprocess.run(["ping -c 1 \"$1\"", "ping", host], shell=True, check=True)
    # ok: margo.python.subprocess-shell-injection
    subprocess.run("uptime", shell=True, check=True)
    # ruleid: margo.python.os-command-injection
    os.system("ping -c 1 " + host)
    # ruleid: margo.python.os-command-injection
    out = os.popen(f"whois {host}").read()
    # ok: margo.python.os-command-injection
    os.system("ping -c 1 " + shlex.quote(host))
    # ok: margo.python.os-command-injection
    os.system("ping -c 1 localhost")
    # ruleid: margo.python.os-command-injection
    os.execvp(request.args["tool"], ["tool"])
    return out


def deploy(branch):
    # Not request data.
    # ok: margo.python.subprocess-shell-injection
    subprocess.run(f"git checkout {branch}", shell=True, check=True)


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
    with open(os.path.join(BASE_DIR, os.path.basename(name)), "rb") as handle:
        data += handle.read()
    # ok: margo.python.path-traversal
    with open(safe_join(BASE_DIR, name), "rb") as handle:
        data += handle.read()
    # ok: margo.python.path-traversal
    with open(os.path.join(BASE_DIR, "index.txt"), "rb") as handle:
        data += handle.read()
    # ruleid: margo.python.path-traversal
    os.remove(os.path.join(BASE_DIR, name))
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


@app.route("/checked-path")
def checked_path():
    target = (Path(BASE_DIR) / request.args["name"]).resolve()
    if not target.is_relative_to(BASE_DIR):
        abort(404)
    # ok: margo.python.path-traversal
    return target.read_text()


@app.route("/report")
def report():
    # ok: margo.python.path-traversal
    return send_file(REPORTS[request.args.get("quarter", "q1")])


@app.route("/unchecked")
def unchecked():
    full = Path(BASE_DIR) / request.args["name"]
    # ruleid: margo.python.path-traversal
    return full.read_text()


def django_attachment(request, attachment_id):
    # ok: margo.python.path-traversal
    with open(os.path.join(BASE_DIR, str(uuid.UUID(attachment_id))), "rb") as handle:
        first = handle.read()
    # ruleid: margo.python.path-traversal
    with open(os.path.join(BASE_DIR, request.GET["file"]), "rb") as handle:
        return first + handle.read()


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
    if urllib.parse.urlparse(target).hostname not in ALLOWED_HOSTS:
        abort(400)
    # ok: margo.python.ssrf
    return requests.get(target, timeout=5).text


@app.route("/fetch-parsed")
def fetch_parsed():
    target = request.args.get("url", "")
    parts = urllib.parse.urlparse(target)
    if parts.netloc not in ALLOWED_HOSTS:
        abort(400)
    # ok: margo.python.ssrf
    return requests.get(target, timeout=5).text


shared_session = requests.Session()
shared_pool = urllib3.PoolManager()
BLOCKED_HOSTS = {"localhost", "127.0.0.1", "169.254.169.254"}
ENDPOINTS = {"users": "/v1/users", "orders": "/v1/orders"}


@app.route("/explore", methods=["POST"])
def explore():
    body = request.get_json()
    # ruleid: margo.python.ssrf
    sent = shared_session.request(body.get("method", "GET"), body["url"], timeout=10)
    # ruleid: margo.python.ssrf
    mirrored = shared_pool.request("GET", body["firmware"])
    # ok: margo.python.ssrf
    fixed = shared_pool.request("GET", "https://updates.example.com/latest")
    # ok: margo.python.ssrf
    listed = shared_session.request("GET", "https://api.example.com" + ENDPOINTS.get(body["e"]))
    # ruleid: margo.python.ssrf
    unlisted = shared_session.request("GET", "https://api.example.com" + body["e"])
    # ruleid: margo.python.ssrf
    tenant = requests.get("https://%s/.well-known/tenant.json" % body["domain"], timeout=5)
    return str(sent.status_code + mirrored.status + fixed.status + tenant.status_code
               + listed.status_code + unlisted.status_code)


@app.route("/feeds", methods=["POST"])
def add_feed_denylist():
    target = request.form["url"]
    if urllib.parse.urlparse(target).hostname in BLOCKED_HOSTS:
        abort(400)
    # ruleid: margo.python.ssrf
    return requests.get(target, timeout=10).text


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


@api.post("/hook")
async def hook(callback: str):
    # ruleid: margo.python.ssrf
    return httpx.post(callback, json={"ok": True}).status_code


@app.route("/webhook-test", methods=["POST"])
def webhook_test():
    hook_url = request.form.get("url", "")
    parts = urllib.parse.urlsplit(hook_url)
    if parts.scheme != "https" or parts.hostname != "hooks.slack.com":
        abort(400)
    # ok: margo.python.ssrf
    sent = requests.post(hook_url, json={"text": "test"}, timeout=5)
    feed = request.form.get("feed", "")
    if urllib.parse.urlparse(feed).netloc != "feeds.example.com":
        abort(400)
    # ok: margo.python.ssrf
    fetched = requests.get(feed, timeout=5)
    # Only the scheme is checked: the host is still the caller's.
    other = request.form.get("other", "")
    if urllib.parse.urlsplit(other).scheme != "https":
        abort(400)
    # ruleid: margo.python.ssrf
    return sent.text + fetched.text + requests.get(other, timeout=5).text


# ---------------------------------------------------------------- open redirect


@app.route("/login")
def login():
    target = request.args.get("next", "/")
    if request.args.get("strict"):
        # ok: margo.python.open-redirect
        return redirect(url_for("profile", tab=target))
    if request.args.get("home"):
        # ok: margo.python.open-redirect
        return redirect(f"/profile/{target}")
    # ruleid: margo.python.open-redirect
    return redirect(target)


@app.route("/go")
def go():
    target = request.args.get("to", "")
    if urllib.parse.urlparse(target).netloc not in ALLOWED_HOSTS:
        abort(400)
    # ok: margo.python.open-redirect
    return redirect(target)


def django_next(request):
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    # ok: margo.python.open-redirect
    first = HttpResponseRedirect(target)
    # ruleid: margo.python.open-redirect
    return first or django_redirect(request.POST["next"])


@api.get("/out")
async def out(url: str):
    # ruleid: margo.python.open-redirect
    return RedirectResponse(url)


def is_local_path(target):
    parts = urllib.parse.urlsplit(target)
    return not parts.netloc and target.startswith("/") and not target.startswith("//")


@app.route("/back")
def back():
    referer = request.headers.get("Referer", "/")
    if urllib.parse.urlsplit(referer).netloc != request.host:
        referer = "/"
    # ok: margo.python.open-redirect
    first = redirect(referer)
    target = request.args.get("next", "/")
    # ok: margo.python.open-redirect
    second = redirect(target if is_local_path(target) else "/")
    local = request.args.get("then", "/")
    if not local.startswith("/") or local.startswith("//"):
        local = "/"
    # ok: margo.python.open-redirect
    third = redirect(local)
    # A slash at the start alone is not enough: "//evil.example" is another host.
    lax = request.args.get("after", "/")
    if not lax.startswith("/"):
        lax = "/"
    # ruleid: margo.python.open-redirect
    return first or second or third or redirect(lax)


# ---------------------------------------------------------------- XSS


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    if name == "x":
        # ruleid: margo.python.xss-html-response
        return f"<h1>Hello {name}</h1>"
    if name == "y":
        # ruleid: margo.python.xss-html-response
        return "<h1>Hello {}</h1>".format(name)
    if name == "z":
        # ruleid: margo.python.xss-html-response
        return Markup("<b>%s</b>" % name)
    if name == "t":
        # ruleid: margo.python.xss-html-response
        return render_template_string("<h1>Hello " + name + "</h1>")
    if name == "e":
        # ok: margo.python.xss-html-response
        return f"<h1>Hello {escape(name)}</h1>"
    if name == "h":
        # ok: margo.python.xss-html-response
        return "<h1>Hello %s</h1>" % html.escape(name)
    if name == "r":
        # ok: margo.python.xss-html-response
        return render_template_string("<h1>Hello {{ name }}</h1>", name=name)
    if name == "p":
        # ok: margo.python.xss-html-response
        return Response(name, mimetype="text/plain")
    if name == "f":
        # ok: margo.python.xss-html-response
        return render_template("hello.html", name=name)
    # ok: margo.python.xss-html-response
    return {"name": name}


def django_greet(request):
    name = request.GET.get("name", "")
    # ok: margo.python.xss-html-response
    plain = HttpResponse(name, content_type="text/plain")
    # ok: margo.python.xss-html-response
    escaped = HttpResponse("<p>%s</p>" % django_escape(name))
    # ruleid: margo.python.xss-html-response
    marked = mark_safe("<p>" + name + "</p>")
    # ruleid: margo.python.xss-html-response
    return plain or escaped or marked or HttpResponse("<p>%s</p>" % name)


@api.get("/page")
async def page(title: str):
    # ruleid: margo.python.xss-html-response
    return HTMLResponse(f"<title>{title}</title>")


# Flask's method decorators send a returned string as HTML too; FastAPI's return JSON unless
# the route declares an HTML response class.
flask_site = Flask(__name__)


@flask_site.get("/greet")
def flask_greet():
    who = request.args.get("who", "")
    if who == "plain":
        # ok: margo.python.xss-html-response
        return Response(f"hello {who}", mimetype="text/plain")
    if who == "jsonp":
        # ruleid: margo.python.xss-html-response
        return Response(f"{who}({{}});", mimetype="application/javascript")
    # ruleid: margo.python.xss-html-response
    return f"<p>Hello {who}</p>"


@api.get("/greet-json")
async def api_greet(who: str):
    # ok: margo.python.xss-html-response
    return f"<p>Hello {who}</p>"


@api.get("/greet-html", response_class=HTMLResponse)
async def api_greet_html(who: str):
    # ruleid: margo.python.xss-html-response
    return f"<p>Hello {who}</p>"


@WerkzeugRequest.application
def werkzeug_app(request):
    colour = request.args.get("colour", "")
    if colour == "plain":
        # ok: margo.python.xss-html-response
        return WerkzeugResponse(colour, mimetype="text/plain")
    if colour == "keyword":
        # ruleid: margo.python.xss-html-response
        return WerkzeugResponse(response=f"<p>{colour}</p>", mimetype="text/html")
    # ruleid: margo.python.xss-html-response
    return WerkzeugResponse(f"<p>{colour}</p>", mimetype="text/html")


@flask_site.get("/status.js")
def flask_jsonp():
    callback = request.args.get("callback", "cb")
    checked = request.args.get("checked", "cb")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", checked):
        abort(400)
    # ok: margo.python.xss-html-response
    safe = Response(f"{checked}({{}});", mimetype="application/javascript")
    # ruleid: margo.python.xss-html-response
    return safe or Response(f"{callback}({{}});", mimetype="text/javascript")


def wsgi_echo(environ, start_response):
    message = environ.get("QUERY_STRING", "")
    if message == "plain":
        start_response("200 OK", [("Content-Type", "text/plain")])
        # ok: margo.python.xss-html-response
        return [f"{message}".encode()]
    body = f"<p>{message}</p>".encode()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    # ruleid: margo.python.xss-html-response
    return [body]


def django_label(request):
    name = request.GET.get("name", "")
    # ok: margo.python.xss-html-response
    escaped = format_html("<span>{}</span>", name)
    # ruleid: margo.python.xss-html-response
    label = format_html(f"<b>{name}</b>")
    # ruleid: margo.python.xss-html-response
    return escaped or label or HttpResponse(format_html("<span>{}</span>".format(name)))


# ---------------------------------------------------------------- LDAP injection


@app.route("/directory")
def directory():
    uid = request.args.get("uid", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    # ruleid: margo.python.ldap-injection
    found = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={uid})")
    # ok: margo.python.ldap-injection
    safe = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE,
                         f"(uid={ldap.filter.escape_filter_chars(uid)})")
    return str(found) + str(safe)


@app.route("/people")
def people():
    name = request.form["name"]
    # ruleid: margo.python.ldap-injection
    server_conn.search("dc=example,dc=com", "(&(objectClass=person)(cn=" + name + "))")
    # ok: margo.python.ldap-injection
    server_conn.search("dc=example,dc=com", f"(cn={escape_filter_chars(name)})")
    # ok: margo.python.ldap-injection
    hit = re.search(name, "some text")
    return str(hit)


# ---------------------------------------------------------------- XPath injection


@app.route("/lookup")
def lookup():
    user = request.args.get("user", "")
    tree = etree.parse("users.xml")
    # ruleid: margo.python.xpath-injection
    found = tree.xpath(f"//user[@name='{user}']/email/text()")
    # ok: margo.python.xpath-injection
    safe = tree.xpath("//user[@name=$name]/email/text()", name=user)
    root = StdlibET.parse("users.xml").getroot()
    # ruleid: margo.python.xpath-injection
    nodes = root.findall(".//user[@name='" + user + "']")
    # ok: margo.python.xpath-injection
    position = user.find("@")
    if user not in ALLOWED_COLUMNS:
        abort(400)
    # ok: margo.python.xpath-injection
    checked = tree.xpath(f"//user[@name='{user}']")
    return str((found, safe, nodes, position, checked))


# ---------------------------------------------------------------- eval injection


@app.route("/calc")
def calc():
    expression = request.args.get("expr", "")
    # ruleid: margo.python.eval-injection
    result = eval(expression)
    # ruleid: margo.python.eval-injection
    exec("value = " + expression, {})
    # ruleid: margo.python.eval-injection
    code = compile(request.form["code"], "<form>", "exec")
    # ok: margo.python.eval-injection
    literal = ast.literal_eval(expression)
    # ok: margo.python.eval-injection
    fixed = eval("1 + 2")
    # ok: margo.python.eval-injection
    number = eval(str(int(expression)))
    return str((result, code, literal, fixed, number))


# ---------------------------------------------------------------- deserialisation


@app.route("/restore", methods=["POST"])
def restore():
    blob = request.get_data()
    # ruleid: margo.python.pickle-deserialization
    state = pickle.loads(blob)
    # ruleid: margo.python.pickle-deserialization
    prefs = pickle.loads(bytes.fromhex(request.cookies["prefs"]))
    # ruleid: margo.python.pickle-deserialization
    code = marshal.loads(request.files["code"].read())
    # ruleid: margo.python.pickle-deserialization
    obj = jsonpickle.decode(request.form["obj"])
    # ruleid: margo.python.pickle-deserialization
    db = shelve.open(request.args["store"])
    with open("/srv/app/cache.pickle", "rb") as handle:
        # ok: margo.python.pickle-deserialization
        cached = pickle.load(handle)
    # ok: margo.python.pickle-deserialization
    out = pickle.dumps(state)
    # ruleid: margo.python.yaml-unsafe-load
    cfg = yaml.load(blob, Loader=yaml.Loader)
    # ruleid: margo.python.yaml-unsafe-load
    cfg2 = yaml.unsafe_load(request.form["doc"])
    # ruleid: margo.python.yaml-unsafe-load
    cfg3 = yaml.load(request.form["doc"])
    # ok: margo.python.yaml-unsafe-load
    cfg4 = yaml.safe_load(blob)
    # ok: margo.python.yaml-unsafe-load
    cfg5 = yaml.load(blob, Loader=yaml.SafeLoader)
    # ok: margo.python.yaml-unsafe-load
    cfg6 = yaml.load(blob, Loader=yaml.CSafeLoader)
    with open("/srv/app/config.yml") as handle:
        # ok: margo.python.yaml-unsafe-load
        settings = yaml.load(handle, Loader=yaml.FullLoader)
    return str((prefs, code, obj, db, cached, out, cfg, cfg2, cfg3, cfg4, cfg5, cfg6, settings))


# ---------------------------------------------------------------- XML


@app.route("/import", methods=["POST"])
def import_xml():
    document = request.get_data()
    parser = etree.XMLParser(resolve_entities=True)
    # ruleid: margo.python.xml-external-entities
    tree = etree.fromstring(document, parser)
    # ruleid: margo.python.xml-external-entities
    tree2 = etree.fromstring(request.data)
    hardened = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: margo.python.xml-external-entities
    tree3 = etree.fromstring(document, hardened)
    # ok: margo.python.xml-external-entities
    tree4 = etree.fromstring(b"<config><debug>false</debug></config>")
    sax = make_parser()
    sax.setFeature(handler.feature_external_ges, True)
    # ruleid: margo.python.xml-external-entities
    sax.parse(request.files["doc"])
    # ok: margo.python.xml-external-entities, margo.python.xml-stdlib-parser
    root = SafeET.fromstring(document)
    # ruleid: margo.python.xml-stdlib-parser
    root2 = StdlibET.fromstring(document)
    # ok: margo.python.xml-stdlib-parser
    template = StdlibET.fromstring("<config><debug>false</debug></config>")
    return str((tree, tree2, tree3, tree4, root, root2, template))


# ---------------------------------------------------------------- trust boundary


@app.route("/prefs", methods=["POST"])
def prefs():
    theme = request.form.get("theme", "")
    # ruleid: margo.python.trust-boundary-session
    session["user"] = request.form["user"]
    # ok: margo.python.trust-boundary-session
    session["page_size"] = int(request.form["page_size"])
    # ok: margo.python.trust-boundary-session
    session["visited"] = True
    if theme not in {"light", "dark"}:
        abort(400)
    # ok: margo.python.trust-boundary-session
    session["theme"] = theme
    nickname = request.form.get("nickname", "")
    if not re.fullmatch(r"[A-Za-z0-9_]{3,16}", nickname):
        abort(400)
    # ok: margo.python.trust-boundary-session
    session["nickname"] = nickname
    return "ok"


def django_remember(request):
    # ruleid: margo.python.trust-boundary-session
    request.session["role"] = request.POST.get("role")
    return HttpResponse("ok")


def django_address(request, form_class, tenants_of):
    form = form_class(request.POST)
    if not form.is_valid():
        return HttpResponse("invalid", status=400)
    # ok: margo.python.trust-boundary-session
    request.session["address"] = form.cleaned_data
    # ruleid: margo.python.trust-boundary-session
    request.session["raw_address"] = form.data
    tenant = request.headers.get("X-Tenant")
    if tenant not in tenants_of(request.user):
        return HttpResponse("forbidden", status=403)
    # ok: margo.python.trust-boundary-session
    request.session["tenant"] = tenant
    return HttpResponse("ok")


@app.route("/page-size", methods=["POST"])
def page_size():
    # ok: margo.python.trust-boundary-session
    session["page_size"] = request.form.get("size", 25, type=int)
    # ruleid: margo.python.trust-boundary-session
    session["sort"] = request.form.get("sort", "name")
    return "ok"


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
    # ruleid: margo.python.insecure-random-secret
    key = "".join(random.choices("abcdef0123456789", k=40))
    # ruleid: margo.python.insecure-random-secret
    return {"name": name, "api_key": key}


@app.route("/remember")
def remember():
    value = random.random()
    # ruleid: margo.python.insecure-random-secret
    rememberMeKey = str(value)
    # semgrep 1.187 drops taint at a slice, and a propagator cannot restore it.
    # todoruleid: margo.python.insecure-random-secret
    rememberMeKey = str(value)[2:]
    response = make_response("ok")
    # ruleid: margo.python.insecure-random-secret
    response.set_cookie("remember", str(random.getrandbits(64)), secure=True, httponly=True)
    # ok: margo.python.insecure-random-secret
    response.set_cookie("remember", secrets.token_hex(16), secure=True, httponly=True)
    # ruleid: margo.python.insecure-random-secret
    session["nonce"] = random.randint(0, 10**9)
    # ok: margo.python.insecure-random-secret
    session["nonce"] = random.SystemRandom().randint(0, 10**9)
    return response, rememberMeKey


def pick_colour() -> str:
    # ok: margo.python.insecure-random-secret
    return random.choice(["red", "green", "blue"])
