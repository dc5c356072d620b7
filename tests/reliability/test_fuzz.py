"""Fuzzed parsers: every reader of outside input returns or raises its own error, and never hangs.

Inputs come from three generators per target: random bytes, structures built from the format's
own vocabulary (so the validators past the JSON/YAML layer are reached), and mutations of valid
documents (structural: replace, delete or re-type one value; and byte-level: flip, cut or insert
bytes). Budgets and the property live in `fuzzing.py`; `pytest -rA` prints how many examples
each target ran in the terminal summary.

Bugs found are listed in `fuzzing.KNOWN_BUGS`; each has a strict xfail test below with its input.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import io
import json
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from margo_ssdf import catalog, triage, yamlio
from margo_ssdf.attest import dsse, intoto
from margo_ssdf.attest.audit import audit
from margo_ssdf.attest.errors import AttestationError, SignatureError
from margo_ssdf.attest.keys import KeySigner, load_private_key, load_public_key
from margo_ssdf.attest.trust import PublicKeySigner, SignerPolicy
from margo_ssdf.checks import registry
from margo_ssdf.checks.interface import CheckContext
from margo_ssdf.checks.test_results import ReportError, parse_junit
from margo_ssdf.discovery import artifacts, discover, gobuildinfo, gomod
from margo_ssdf.discovery.dependencies import inventory
from margo_ssdf.discovery.goexe import MAGIC
from margo_ssdf.errors import ConfigError, MargoError, UsageError
from margo_ssdf.isolation.documents import DocumentError, load_stream
from margo_ssdf.isolation.scan import scan
from margo_ssdf.policy import load_configuration
from margo_ssdf.sbom.rescan import read_sbom
from margo_ssdf.threatmodel import ModelError, parse_model, parse_tm7
from margo_ssdf.tools import ToolRun
from margo_ssdf.vex import VexError
from margo_ssdf.vex import load as load_vex
from margo_ssdf.vulndb import match, osv, versions
from tests.conftest import CORPORA, REPO, make_project
from tests.discovery import gobuild
from tests.reliability.fuzzing import (
    BUDGET,
    TALLY,
    Tally,
    fuzz_settings,
    no_hang,
    only_our_errors,
)

pytestmark = pytest.mark.deep

DATA = REPO / "tests" / "checks" / "data"

# ---- generators -------------------------------------------------------------------------------

SCALARS = (st.none() | st.booleans() | st.integers(-(2**70), 2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=24))


ANY_KEY = st.text(max_size=12)


def values(keys: st.SearchStrategy[str] = ANY_KEY, scalars: st.SearchStrategy[Any] = SCALARS,
           leaves: int = 30) -> st.SearchStrategy[Any]:
    """JSON-like values whose mapping keys come from `keys`."""
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                        | st.dictionaries(keys, inner, max_size=6), max_leaves=leaves)


def vocabulary(*words: str) -> st.SearchStrategy[str]:
    """Mostly the format's own keys, sometimes anything."""
    return st.sampled_from(words) | st.text(max_size=10)


def mutated(seeds: list[Any]) -> st.SearchStrategy[Any]:
    """A valid document with one to four values replaced, deleted, wrapped or stringified."""
    texts = [json.dumps(seed) for seed in seeds]

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        doc = json.loads(draw(st.sampled_from(texts)))
        for _ in range(draw(st.integers(1, 4))):
            # Walk down from the root, going deeper four times out of five.
            parent: Any = None
            key: Any = None
            node = doc
            while isinstance(node, dict | list) and node and (
                    parent is None or draw(st.integers(0, 4)) > 0):
                key = draw(st.sampled_from(list(node) if isinstance(node, dict)
                                           else range(len(node))))
                parent, node = node, node[key]
            if parent is None:
                return draw(values())
            action = draw(st.sampled_from(["replace", "delete", "wrap", "stringify"]))
            if action == "replace":
                parent[key] = draw(values(leaves=6))
            elif action == "delete":
                del parent[key]
            elif action == "wrap":
                parent[key] = draw(st.sampled_from([[node], {"x": node}]))
            else:
                parent[key] = json.dumps(node)
        return doc

    return build()


@st.composite
def flipped(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A valid file with one to eight bytes changed, cut or inserted."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.integers(0, 2))
        if action == 0:
            data[at] = draw(st.integers(0, 255))
        elif action == 1:
            del data[at]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


def as_json(doc: Any) -> bytes:
    return json.dumps(doc).encode()


def as_yaml(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True)


def nested(opener: str, closer: str, depth: int) -> str:
    return opener * depth + closer * depth


# Strings that break naive readers: deep nesting, huge numbers, bad dates, control characters.
NASTY_JSON = [b"[" * 3_000, b'{"a":' * 2_000 + b"1" + b"}" * 2_000, b"1" * 5_000,
              b'{"a": 1e999}', b"NaN", b'{"a": 1, "a": 2}', b"\xef\xbb\xbf{}", b"\xff\xfe{",
              b'"\\ud800"']
NASTY_YAML = ["a: " + nested("[", "]", 700), "a: 2024-13-45", "a: " + "9" * 5_000,
              "a: !!python/object:os.system x", "a: &a [*a]", "? [a, b]\n: 1",
              "a: !!binary '%%%'", "a: 0x" + "f" * 5_000, "<<: [1, 2]", "\t- x"]

# ---- scratch space shared by the file-based targets ---------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz")


def _fresh(root: Path) -> Path:
    """A new empty directory under root for one example."""
    n = sum(1 for _ in root.iterdir())
    d = root / f"x{n}"
    d.mkdir()
    return d


# ---- YAML, policy and configuration ------------------------------------------------------------

CONFIG_WORDS = ("policy", "exclude", "checks", "tasks", "timeout", "thresholds", "options",
                "required", "declared", "not_applicable", "name", "description", "render",
                "reports", "max_high", "max_critical", "min_ntia_score", "tool", "margo-ssdf",
                "release", "include", "examples/**", "",
                *list(registry()), *list(catalog.ssdf().tasks)[:12])


@fuzz_settings()
@given(text=st.text(max_size=300) | values(vocabulary(*CONFIG_WORDS)).map(as_yaml)
       | st.sampled_from(NASTY_YAML))
def test_yamlio_loads(text: str) -> None:
    only_our_errors("yamlio.loads", (ConfigError,), yamlio.loads, text, "f.yaml")


@fuzz_settings(100)
@given(doc=values(vocabulary(*CONFIG_WORDS)) | st.fixed_dictionaries(
    {"checks": st.dictionaries(st.sampled_from(list(registry())),
                               values(vocabulary(*CONFIG_WORDS), leaves=8), max_size=3)}),
    form=st.sampled_from(["yaml", "toml"]))
@example(doc={"checks": {"sast.bandit": {"thresholds": {"max_high": float("nan")}}}}, form="yaml")
def test_policy_configuration(scratch: Path, doc: Any, form: str) -> None:
    root = _fresh(scratch)
    if form == "yaml":
        (root / ".margo-ssdf.yaml").write_text(as_yaml(doc))
    else:
        table = doc if isinstance(doc, dict) else {"x": doc}
        (root / "pyproject.toml").write_text(_toml({"tool": {"margo-ssdf": table}}))
    only_our_errors("policy.load_configuration", (MargoError,), load_configuration, root,
                    checks=registry())


def _toml(doc: Any) -> str:
    """A small TOML writer: enough for fuzzed tables (keys quoted, values inline)."""
    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v).replace("inf", "inf").replace("nan", "nan")
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v if x is not None) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(str(k))} = {value(x)}" for k, x in v.items()
                                   if x is not None) + "}"
        return '""'
    return "".join(f"{json.dumps(str(k))} = {value(v)}\n" for k, v in doc.items()
                   if v is not None)


@fuzz_settings(100)
@given(text=values(vocabulary("findings", "fingerprint", "rule", "path", "decision",
                              "justification", "who", "when", "false_positive",
                              "accepted_risk")).map(as_yaml) | st.sampled_from(NASTY_YAML))
def test_triage_baseline(scratch: Path, text: str) -> None:
    root = _fresh(scratch)
    (root / triage.BASELINE).parent.mkdir(parents=True, exist_ok=True)
    (root / triage.BASELINE).write_text(text)
    only_our_errors("triage.load", (MargoError,), triage.load, root)


# ---- vulnerability data -------------------------------------------------------------------------

def _advisory_seeds() -> list[Any]:
    from tests.vulndb.test_scan import ADVISORIES

    return list(ADVISORIES.values())


OSV_WORDS = ("id", "modified", "published", "withdrawn", "aliases", "related", "summary",
             "details", "severity", "affected", "references", "database_specific",
             "schema_version", "package", "ecosystem", "name", "purl", "ranges", "type",
             "events", "introduced", "fixed", "last_affected", "limit", "repo", "versions",
             "ecosystem_specific", "score", "url", "PyPI", "Go", "SEMVER", "ECOSYSTEM", "GIT")


@fuzz_settings()
@given(raw=st.binary(max_size=300) | mutated(_advisory_seeds()).map(as_json)
       | values(vocabulary(*OSV_WORDS)).map(as_json)
       | flipped([as_json(a) for a in _advisory_seeds()]) | st.sampled_from(NASTY_JSON),
       yaml_form=st.booleans())
def test_osv_advisories(raw: bytes, yaml_form: bool) -> None:
    if yaml_form:
        with contextlib.suppress(ValueError, RecursionError):
            raw = as_yaml(json.loads(raw)).encode()
    name = "a.yaml" if yaml_form else "a.json"
    only_our_errors("osv.read_document + parse_advisory", (osv.AdvisoryError,),
                    osv.load_advisory, raw, name)


@fuzz_settings()
@given(doc=mutated(_advisory_seeds()),
       version=st.sampled_from(["0", "1.0", "2.20.0", "v1.2.3", "1.21.5", "go1.21.3", "1!2.0",
                                "0.0.0-20211209124913-491a49abca63"]) | st.text(max_size=12))
def test_advisory_matching(doc: Any, version: str) -> None:
    try:
        advisory = osv.parse_advisory(doc, "a.json")
    except osv.AdvisoryError:
        return
    packages = [(a.package.ecosystem, a.package.name) for a in advisory.affected if a.package]
    for ecosystem, name in packages[:2] or [("PyPI", "x")]:
        only_our_errors("vulndb.match.match_advisory", (MargoError,), match.match_advisory,
                        advisory, ecosystem, name, version)


@fuzz_settings()
@given(ecosystem=st.sampled_from(["PyPI", "Go", "npm", ""]),
       a=st.text(alphabet="0123456789.v-+abcrgo!_*", max_size=16) | st.text(max_size=8),
       b=st.text(alphabet="0123456789.v-+abcrgo!_*", max_size=16))
def test_version_order(ecosystem: str, a: str, b: str) -> None:
    x = only_our_errors("vulndb.versions.parse", (versions.VersionError,), versions.parse,
                        ecosystem, a)
    y = only_our_errors("vulndb.versions.parse", (versions.VersionError,), versions.parse,
                        ecosystem, b)
    if x is not None and y is not None and type(x) is type(y):
        assert not (x < y and y < x)  # type: ignore[operator]


# ---- VEX --------------------------------------------------------------------------------------

VEX_WORDS = ("@context", "@id", "author", "role", "timestamp", "last_updated", "version",
             "tooling", "statements", "vulnerability", "name", "aliases", "products",
             "subcomponents", "status", "status_notes", "justification", "impact_statement",
             "action_statement", "action_statement_timestamp", "supplier", "identifiers", "purl",
             "hashes", "bomFormat", "specVersion", "serialNumber", "metadata", "components",
             "vulnerabilities", "id", "source", "ratings", "affects", "ref", "versions",
             "analysis", "state", "response", "detail", "bom-ref", "not_affected", "affected",
             "fixed", "under_investigation", "CycloneDX", "https://openvex.dev/ns/v0.2.0")


def _vex_seeds() -> list[Any]:
    return [json.loads(p.read_text()) for p in sorted((REPO / "tests/vex/data").glob("*.json"))]


@fuzz_settings()
@given(raw=st.binary(max_size=300) | mutated(_vex_seeds()).map(as_json)
       | values(vocabulary(*VEX_WORDS)).map(as_json)
       | flipped([as_json(d) for d in _vex_seeds()]) | st.sampled_from(NASTY_JSON))
def test_vex_documents(scratch: Path, raw: bytes) -> None:
    path = _fresh(scratch) / "a.vex.json"
    path.write_bytes(raw)
    only_our_errors("vex.load", (VexError,), load_vex, path)


# ---- go.mod, go.sum and Python lockfiles ---------------------------------------------------------

GOMOD = ("module example.com/m\n\ngo 1.22\n\ntoolchain go1.22.1\n\nrequire (\n"
         "\tgolang.org/x/net v0.17.0 // indirect\n\tgithub.com/a/b v1.2.3\n)\n\n"
         "replace github.com/a/b => ../b\n\nexclude golang.org/x/net v0.1.0\n"
         "retract v1.0.0 // oops\n")
GOSUM = ("github.com/a/b v1.2.3 h1:abc=\ngithub.com/a/b v1.2.3/go.mod h1:def=\n")
GO_TOKENS = ("module", "go", "toolchain", "require", "replace", "exclude", "retract", "godebug",
             "tool", "ignore", "(", ")", "=>", "//", "indirect", "v1.2.3", "1.22", '"', "`",
             "\n", "\t", " ", "example.com/m", "h1:", "/go.mod")


@fuzz_settings()
@given(text=st.text(max_size=200)
       | st.lists(st.sampled_from(GO_TOKENS), max_size=40).map(" ".join)
       | flipped([GOMOD.encode(), GOSUM.encode()]).map(lambda b: b.decode("utf-8", "replace")))
def test_go_module_files(text: str) -> None:
    only_our_errors("gomod.parse_gomod", (gomod.GoModError,), gomod.parse_gomod, text, "go.mod")
    only_our_errors("gomod.parse_gosum", (gomod.GoModError,), gomod.parse_gosum, text, "go.sum")


LOCK_WORDS = ("package", "name", "version", "files", "hash", "groups", "category",
              "dependencies", "source", "editable", "virtual", "sdist", "wheels",
              "dev-dependencies", "project", "optional-dependencies", "tool", "poetry",
              "group", "main", "dev", "python", "requires-python", "default", "develop",
              "hashes", "==1.0")
POETRY = {"package": [{"name": "click", "version": "8.1.7", "groups": ["main"],
                       "files": [{"file": "click.whl", "hash": "sha256:" + "a" * 64}],
                       "dependencies": {"colorama": "*"}}]}
UV = {"package": [{"name": "demo", "version": "1.0", "source": {"editable": "."},
                   "dependencies": [{"name": "click"}]},
                  {"name": "click", "version": "8.1.7", "sdist": {"hash": "sha256:" + "b" * 64},
                   "dependencies": [{"name": "colorama"}]}]}
PYPROJECT = {"project": {"name": "demo", "version": "1.0", "dependencies": ["click==8.1.7"],
                         "optional-dependencies": {"x": ["rich>=13"]}},
             "tool": {"poetry": {"dependencies": {"python": "^3.11", "click": "*"}}}}
PIPFILE_LOCK = {"default": {"click": {"version": "==8.1.7", "hashes": ["sha256:" + "c" * 64]}},
                "develop": {"pytest": {"version": "==8.0.0"}}}


@fuzz_settings(100)
@given(name=st.sampled_from(["poetry.lock", "uv.lock", "pyproject.toml", "requirements.txt",
                             "go.mod", "Pipfile.lock"]),
       doc=mutated([POETRY, UV, PYPROJECT, PIPFILE_LOCK]) | values(vocabulary(*LOCK_WORDS)),
       text=st.text(max_size=200))
@example(name="poetry.lock", doc={"package": "x"}, text="")
def test_dependency_inventory(scratch: Path, name: str, doc: Any, text: str) -> None:
    root = _fresh(scratch)
    if name == "Pipfile.lock":
        body = json.dumps(doc)
    elif name.endswith((".lock", ".toml")):
        body = _toml(doc if isinstance(doc, dict) else {"package": doc})
        if name != "pyproject.toml":
            (root / "pyproject.toml").write_text(_toml(PYPROJECT))
    else:
        body = text
    (root / name).write_text(body)
    only_our_errors("discovery.dependencies.inventory", (), inventory, discover(root))


# ---- attestations: statements, envelopes, bundles, audit ----------------------------------------

@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> dict[str, Any]:
    """A real key-signed release attestation (one cheap check) to mutate."""
    from margo_ssdf.cli import main

    base = tmp_path_factory.mktemp("signed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(base / "cache"))
        mp.delenv("MARGO_SSDF_KEY_PASSWORD", raising=False)
        root = make_project(base / "proj")
        (base / "a.bin").write_bytes(b"release")
        assert main(["keygen", "--out", str(base / "k")]) == 0
        code = main(["attest", str(root), "--check", "repo.hygiene", "--artifact",
                     str(base / "a.bin"), "--sign", "key", "--key", str(base / "k.key"),
                     "--out", str(base / "out")])
        assert code in (0, 1, 3)
    envelope = next((base / "out").glob("*.dsse.json"))
    payload = dsse.parse_envelope(envelope.read_bytes()).payload_bytes()
    return {"envelope": envelope.read_bytes(), "statement": json.loads(payload),
            "pub": base / "k.pub", "signer": KeySigner(load_private_key(base / "k.key"))}


STATEMENT_WORDS = ("_type", "subject", "name", "digest", "sha256", "sha1", "md5", "sha3_256",
                   "predicateType", "predicate", "uri", "downloadLocation", "mediaType",
                   "annotations", "https://in-toto.io/Statement/v1", "payload", "payloadType",
                   "signatures", "sig", "keyid", "application/vnd.in-toto+json")


@fuzz_settings()
@given(data=st.data())
def test_in_toto_statements(signed: dict[str, Any], data: st.DataObject) -> None:
    raw = data.draw(st.binary(max_size=300) | mutated([signed["statement"]]).map(as_json)
                    | values(vocabulary(*STATEMENT_WORDS)).map(as_json)
                    | st.sampled_from(NASTY_JSON))
    only_our_errors("attest.intoto.parse_statement", (AttestationError,),
                    intoto.parse_statement, raw)


@fuzz_settings()
@given(data=st.data())
def test_dsse_envelopes(signed: dict[str, Any], data: st.DataObject) -> None:
    seed = json.loads(signed["envelope"])
    raw = data.draw(st.binary(max_size=300) | mutated([seed]).map(as_json)
                    | flipped([signed["envelope"]]) | st.sampled_from(NASTY_JSON)
                    | values(vocabulary(*STATEMENT_WORDS)).map(as_json))
    public = load_public_key(signed["pub"])

    def parse_and_verify(raw: bytes) -> bytes:
        return dsse.verify(dsse.parse_envelope(raw), public)

    payload = only_our_errors("attest.dsse.parse_envelope + verify", (SignatureError,),
                              parse_and_verify, raw)
    if payload is not None:  # only the untouched envelope, or a re-encoding of it, verifies
        assert payload == dsse.parse_envelope(signed["envelope"]).payload_bytes()


@fuzz_settings(150)
@given(data=st.data())
def test_audit_of_signed_garbage(signed: dict[str, Any], scratch: Path,
                                 data: st.DataObject) -> None:
    """A trusted key signed a damaged statement: audit reports steps, never crashes."""
    payload = data.draw(mutated([signed["statement"]]).map(as_json)
                        | values(vocabulary(*STATEMENT_WORDS)).map(as_json)
                        | flipped([as_json(signed["statement"])]))
    envelope = dsse.sign(payload, dsse.IN_TOTO_PAYLOAD_TYPE, signed["signer"])
    path = _fresh(scratch) / "a.dsse.json"
    path.write_bytes(envelope.to_json())
    result = only_our_errors("attest.audit.audit", (MargoError,), audit, path,
                             PublicKeySigner(signed["pub"]))
    if result is not None and payload != as_json(signed["statement"]):
        assert result.steps  # something was checked and said so


def _bundle_seeds() -> list[Any]:
    corpus = CORPORA / "sigstore"
    files = sorted(corpus.glob("*.sigstore")) + sorted(corpus.glob("*.sigstore.json"))
    return [json.loads(p.read_bytes()) for p in files[:6]] or [
        {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
         "verificationMaterial": {}, "messageSignature": {}}]


@fuzz_settings()
@given(doc=mutated(_bundle_seeds()) | values(vocabulary(
    "mediaType", "verificationMaterial", "certificate", "rawBytes", "tlogEntries",
    "messageSignature", "messageDigest", "algorithm", "digest", "signature", "dsseEnvelope",
    "application/vnd.dev.sigstore.bundle.v0.3+json")), raw=st.binary(max_size=200),
    use_raw=st.booleans())
def test_sigstore_bundles(scratch: Path, doc: Any, raw: bytes, use_raw: bool) -> None:
    from margo_ssdf.attest.sigstore_verify import verify_bundle

    d = _fresh(scratch)
    (d / "b.sigstore.json").write_bytes(raw if use_raw else as_json(doc))
    (d / "artifact").write_bytes(b"hello")
    only_our_errors("attest.sigstore_verify.verify_bundle", (AttestationError,), verify_bundle,
                    d / "b.sigstore.json", d / "artifact",
                    SignerPolicy.from_options(identity="a@example.org",
                                              issuer="https://github.com/login/oauth",
                                              staging=True))


@fuzz_settings(100)
@given(raw=st.binary(max_size=300) | flipped([
    b"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    b"-----END PUBLIC KEY-----\n"]))
def test_public_keys(scratch: Path, raw: bytes) -> None:
    path = _fresh(scratch) / "k.pub"
    path.write_bytes(raw)
    only_our_errors("attest.keys.load_public_key", (MargoError,), load_public_key, path)


# ---- SBOM re-scan -----------------------------------------------------------------------------

SBOM = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
    {"type": "library", "name": "click", "version": "8.1.7", "purl": "pkg:pypi/click@8.1.7"},
    {"type": "application", "bom-ref": "module:x", "name": "x", "purl": "pkg:golang/x@v1.0.0",
     "properties": [{"name": "margo-ssdf:go:version", "value": "1.22"}]}]}


@fuzz_settings()
@given(raw=mutated([SBOM]).map(as_json) | values(vocabulary(
    "bomFormat", "CycloneDX", "components", "purl", "properties", "name", "value", "type",
    "bom-ref", "application", "margo-ssdf:go:version")).map(as_json)
    | st.binary(max_size=200) | st.sampled_from(NASTY_JSON))
def test_sbom_rescan(scratch: Path, raw: bytes) -> None:
    path = _fresh(scratch) / "bom.json"
    path.write_bytes(raw)
    only_our_errors("sbom.rescan.read_sbom", (UsageError,), read_sbom, path)


# ---- Margo packages, Helm charts, compose files -------------------------------------------------

ISOLATION_WORDS = (
    "apiVersion", "kind", "metadata", "name", "namespace", "spec", "template", "containers",
    "initContainers", "image", "securityContext", "privileged", "runAsUser", "runAsNonRoot",
    "allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities", "add", "drop",
    "hostNetwork", "hostPID", "hostIPC", "volumes", "hostPath", "path", "resources", "limits",
    "cpu", "memory", "seccompProfile", "type", "services", "cap_add", "user", "network_mode",
    "pid", "ipc", "security_opt", "deploy", "ports", "volumes", "source", "target", "bind",
    "deploymentProfiles", "components", "properties", "packageLocation", "keyLocation",
    "catalog", "id", "version", "vendor", "ApplicationDescription", "Deployment", "Pod",
    "DaemonSet", "margo.org/v1-alpha1", "helm.v3", "compose", "/var/run/docker.sock", "host",
    "RuntimeDefault", "Unconfined", "ALL", "SYS_ADMIN", "0", "{{ .Values.image }}")


def _isolation_seeds() -> list[tuple[str, str]]:
    base = DATA / "isolation"
    return [(p.relative_to(base).as_posix().split("/", 1)[1], p.read_text())
            for p in sorted(base.rglob("*")) if p.is_file()]


TEMPLATE_BITS = ("{{", "}}", "{{-", "-}}", " if ", " else ", " end ", " range ", " with ",
                 " .Values.", " include ", " toYaml ", " indent 4 ", " default ", " | ",
                 " printf ", '"%s"', " quote ", " $x := ", " not ", " eq ", " and ", "\n",
                 "image: ", "  privileged: true\n", "---\n", "{{/* c */}}", " nindent 2 ")


@fuzz_settings(100)
@given(data=st.data())
def test_isolation_scan(scratch: Path, data: st.DataObject) -> None:
    seeds = _isolation_seeds()
    root = _fresh(scratch)
    chosen = data.draw(st.lists(st.sampled_from(seeds), min_size=1, max_size=5,
                                unique_by=lambda s: s[0]))
    for rel, text in chosen:
        how = data.draw(st.sampled_from(["keep", "replace", "flip", "template"]))
        if how == "replace":
            text = as_yaml(data.draw(values(vocabulary(*ISOLATION_WORDS))))
        elif how == "flip":
            text = data.draw(flipped([text.encode()])).decode("utf-8", "replace")
        elif how == "template":
            text = "".join(data.draw(st.lists(st.sampled_from(TEMPLATE_BITS), max_size=30)))
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    def no_helm(argv: list[str]) -> ToolRun:
        raise AssertionError("helm must not run in a static scan")

    only_our_errors("isolation.scan", (), scan, root, files, helm_path=None, run=no_helm,
                    static_note="static")


@fuzz_settings()
@given(text=values(vocabulary(*ISOLATION_WORDS)).map(as_yaml)
       | st.lists(values(vocabulary(*ISOLATION_WORDS), leaves=8).map(as_yaml),
                  max_size=4).map("---\n".join)
       | st.text(max_size=200) | st.sampled_from(NASTY_YAML))
def test_yaml_streams(text: str) -> None:
    only_our_errors("isolation.documents.load_stream", (DocumentError,), load_stream, text,
                    "x.yaml")


# ---- threat models and test reports (XML and JSON) ----------------------------------------------

DRAGON_WORDS = ("version", "summary", "detail", "diagrams", "diagramJson", "cells", "threats",
                "data", "title", "status", "severity", "priority", "description", "Open",
                "Mitigated", "High", "2.2.0", "1.0")


def _model_seeds() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted((DATA / "threat_model").iterdir())]


@fuzz_settings()
@given(data=st.data())
def test_threat_models(data: st.DataObject) -> None:
    seeds = _model_seeds()
    name, raw = data.draw(st.sampled_from(seeds))
    how = data.draw(st.sampled_from(["flip", "mutate", "random", "bytes"]))
    if how == "flip":
        raw = data.draw(flipped([raw]))
    elif how == "mutate" and name.endswith(".json"):
        raw = as_json(data.draw(mutated([json.loads(raw)])))
    elif how == "random":
        doc = data.draw(values(vocabulary(*DRAGON_WORDS)))
        raw = as_json({"summary": {}, "detail": {"diagrams": [doc]}, "version": doc}
                      if data.draw(st.booleans()) else doc)
        name = "model.json"
    else:
        raw = data.draw(st.binary(max_size=200))
    only_our_errors("threatmodel.parse_model", (ModelError,), parse_model,
                    name, raw)


@fuzz_settings()
@given(raw=flipped([p.read_bytes() for p in sorted((DATA / "junit").iterdir())])
       | st.binary(max_size=200)
       | st.builds(lambda tag, attrs: f"<{tag} {attrs}/>".encode(),
                   st.sampled_from(["testsuite", "testsuites", "testcase", "x"]),
                   st.lists(st.tuples(st.sampled_from(["tests", "failures", "errors", "skipped",
                                                       "disabled", "name"]),
                                      st.sampled_from(["1", "-1", "1e400", "nan", "inf", "x",
                                                       "9" * 30, ""])),
                            max_size=4).map(lambda kv: " ".join(f'{k}="{v}"' for k, v in
                                                                dict(kv).items()))))
def test_junit_reports(raw: bytes) -> None:
    only_our_errors("checks.test_results.parse_junit", (ReportError,), parse_junit, raw, "j.xml")


# ---- what the SAST tools print ------------------------------------------------------------------

BANDIT = {"errors": [], "results": [{
    "filename": "./app.py", "test_id": "B105", "test_name": "hardcoded_password_string",
    "issue_text": "Possible hardcoded password", "issue_severity": "LOW",
    "issue_confidence": "MEDIUM", "issue_cwe": {"id": 259}, "line_number": 1, "col_offset": 0,
    "more_info": "https://bandit.readthedocs.io/"}]}
SEMGREP = {"errors": [], "results": [{
    "check_id": "rules.semgrep.python-eval", "path": "app.py",
    "start": {"line": 1, "col": 1}, "extra": {"message": "eval", "severity": "ERROR"}}]}
ZIZMOR = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "zizmor", "rules": [
    {"id": "zizmor/unpinned-uses", "help": {"text": "pin"}, "helpUri": "https://x"}]}},
    "results": [{"ruleId": "zizmor/unpinned-uses", "message": {"text": "unpinned"},
                 "properties": {"zizmor/severity": "High"},
                 "locations": [{"physicalLocation": {
                     "artifactLocation": {"uri": ".github/workflows/ci.yml"},
                     "region": {"startLine": 3, "startColumn": 5}}}]}]}]}
SAST_WORDS = ("errors", "results", "filename", "reason", "test_id", "issue_text", "line_number",
              "col_offset", "check_id", "path", "start", "line", "col", "extra", "message",
              "severity", "level", "runs", "tool", "driver", "rules", "id", "ruleId",
              "locations", "physicalLocation", "artifactLocation", "uri", "region",
              "startLine", "properties")


@pytest.fixture(scope="module")
def sast_project(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = make_project(tmp_path_factory.mktemp("sast") / "p")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    return discover(root)


@fuzz_settings(120)
@given(check_id=st.sampled_from(["sast.bandit", "sast.semgrep", "sast.workflows"]),
       data=st.data())
def test_sast_tool_output(sast_project: Any, scratch: Path, check_id: str,
                          data: st.DataObject) -> None:
    seed = {"sast.bandit": BANDIT, "sast.semgrep": SEMGREP, "sast.workflows": ZIZMOR}[check_id]
    stdout = data.draw(mutated([seed]).map(as_json) | values(vocabulary(*SAST_WORDS)).map(as_json)
                       | flipped([as_json(seed)]) | st.binary(max_size=100))
    code = data.draw(st.sampled_from([0, 1, 2]))
    check = registry()[check_id]
    ctx = CheckContext(project=sast_project, options=dict(check.options),
                       evidence_root=_fresh(scratch), timeout=30)
    ctx.run_tool = lambda argv, **kw: ToolRun(tuple(argv), code, stdout, b"", False, 0.0)
    only_our_errors(f"checks.{check_id} reading its tool's output", (MargoError,), check.run,
                    ctx)


# ---- Go build info in real binaries, and the archives that carry them ---------------------------

GO_SEEDS = ("stripped", "windows", "darwin", "elf32", "bigendian")


def _windows(data: bytes) -> list[tuple[int, int]]:
    """The byte ranges worth mutating: file headers and tables, and the build-info blob."""
    blob = data.find(MAGIC)
    found = [(0, 4096), (blob, blob + 0x300)]
    if data.startswith(b"\x7fELF") and data[4] == 2:  # the 64-bit section table and names
        shoff = int.from_bytes(data[40:48], "little" if data[5] == 1 else "big")
        found.append((shoff, len(data)))
    return found


@pytest.fixture(scope="module")
def go_seeds(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[bytes, list[tuple[int,
                                                                                          int]]]]:
    gobuild.require_go()
    builds = gobuild.stdlib_builds(tmp_path_factory.getbasetemp() / "go-builds")
    return [(data, _windows(data)) for data in (builds[n].read_bytes() for n in GO_SEEDS)]


BOUNDARIES = (0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF_FFFF, 0xFFFF_FFFF, 1 << 40, (1 << 64) - 1)


@st.composite
def damaged_binary(draw: st.DrawFn, seeds: list[tuple[bytes, list[tuple[int, int]]]]) -> bytes:
    """A real Go binary with one to six changes inside its headers, tables or build info."""
    seed, windows = draw(st.sampled_from(seeds))
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        low, high = draw(st.sampled_from(windows))
        at = draw(st.integers(low, max(low, min(high, len(data)) - 1)))
        action = draw(st.sampled_from(["byte", "int", "delete", "insert", "cut"]))
        if action == "byte":
            data[at:at + 1] = bytes([draw(st.integers(0, 255))])
        elif action == "int":
            width = draw(st.sampled_from([2, 4, 8]))
            value = draw(st.sampled_from(BOUNDARIES)) % (1 << (8 * width))
            data[at:at + width] = value.to_bytes(width, draw(st.sampled_from(["little", "big"])))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at:]
    return bytes(data)


@fuzz_settings()
@given(data=st.data())
def test_go_build_info_of_damaged_binaries(go_seeds: list[tuple[bytes, list[tuple[int, int]]]],
                                           data: st.DataObject) -> None:
    raw = data.draw(damaged_binary(go_seeds) | st.binary(max_size=300))
    info = only_our_errors("discovery.gobuildinfo.read", (gobuildinfo.GoBuildInfoError,),
                           gobuildinfo.read, raw, name="fuzzed")
    if info is not None:
        assert info.go_version.isprintable() and info.file == "fuzzed"


@fuzz_settings()
@given(data=st.data())
def test_go_module_information(go_seeds: list[tuple[bytes, list[tuple[int, int]]]],
                               data: st.DataObject) -> None:
    texts = [gobuildinfo.read(seed).modinfo.encode() for seed, _ in go_seeds]
    words = st.sampled_from(["path\t", "mod\t", "dep\t", "=>\t", "build\t", "\t", "\n", "k=v",
                             '"k"=', '"\\x41"', "`r`", "v1.0.0", "h1:x=", "=", " ", "\r"])
    raw = data.draw(flipped(texts) | st.lists(words, max_size=30).map(
        lambda p: "".join(p).encode()))
    only_our_errors("discovery.gobuildinfo.from_modinfo", (gobuildinfo.GoBuildInfoError,),
                    gobuildinfo.from_modinfo, "go1.26", raw.decode("utf-8", "surrogateescape"),
                    file="fuzzed")


@pytest.fixture(scope="module")
def archive_seeds(go_seeds: list[tuple[bytes, list[tuple[int, int]]]]) -> list[tuple[str, bytes]]:
    """A .tar, .tar.gz and .zip holding a README, a real Go binary and a cut one."""
    binary = go_seeds[0][0]
    members = [("README.md", b"# app\n"), ("app", binary), ("app_1.0/cut", binary[:65536])]
    out = []
    for suffix, mode in ((".tar", "w"), (".tar.gz", "w:gz")):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode=mode) as tar:
            for name, body in members:
                info = tarfile.TarInfo(name)
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
        out.append((suffix, buf.getvalue()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members:
            archive.writestr(name, body)
    out.append((".zip", buf.getvalue()))
    return out


@fuzz_settings(100)
@given(data=st.data())
def test_release_archives(archive_seeds: list[tuple[str, bytes]], scratch: Path,
                          data: st.DataObject) -> None:
    suffix, raw = data.draw(st.sampled_from(archive_seeds))
    path = _fresh(scratch) / f"app{suffix}"
    path.write_bytes(data.draw(flipped([raw])) if data.draw(st.integers(0, 5)) else raw)
    only_our_errors("discovery.artifacts.entries", (MargoError,), list,
                    artifacts.entries([path], limits=artifacts.Limits(max_member_size=4 << 20)))


# ---- coverage-guided: atheris over the byte-level parsers ---------------------------------------

def test_atheris_campaign(tmp_path: Path) -> None:
    """A bounded libFuzzer campaign (skipped unless atheris is installed)."""
    pytest.importorskip("atheris")
    harness = Path(__file__).with_name("fuzz_atheris.py")
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(harness), "--write-seeds", str(corpus)], check=True,
                   timeout=120, capture_output=True)
    runs = max(BUDGET * 100, 1000)
    proc = subprocess.run([sys.executable, str(harness), f"-runs={runs}", "-max_len=4096",
                           "-max_total_time=20", "-timeout=10", str(corpus)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    counts = [line for line in proc.stderr.splitlines()
              if line.startswith("atheris runs per target")][-1]
    per_target, known = counts.split(": ", 1)[1].split("; known bugs hit: ")
    for target, n in ast.literal_eval(per_target).items():
        tally = TALLY.setdefault(f"atheris: {target}", Tally())
        tally.examples += n
    for bug, n in ast.literal_eval(known).items():
        TALLY.setdefault("atheris: known bugs", Tally()).known[bug] += n


# ---- explicit hostile inputs: alias bombs, entities, depth --------------------------------------

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


@pytest.mark.parametrize("reader", ["yamlio", "osv", "stream", "policy", "triage"])
def test_yaml_alias_bombs_are_refused_quickly(reader: str, tmp_path: Path) -> None:
    started = time.monotonic()
    with no_hang(20):
        if reader == "yamlio":
            with pytest.raises(ConfigError, match="alias bomb"):
                yamlio.loads(LAUGHS, "bomb.yaml")
        elif reader == "osv":
            with pytest.raises(osv.AdvisoryError, match="alias bomb"):
                osv.read_document(LAUGHS.encode(), "bomb.yaml")
        elif reader == "stream":
            with pytest.raises(DocumentError, match="alias bomb"):
                load_stream("kind: Pod\n---\n" + LAUGHS, "bomb.yaml")
        elif reader == "policy":
            (tmp_path / ".margo-ssdf.yaml").write_text("exclude: []\n" + LAUGHS)
            with pytest.raises(ConfigError, match="alias bomb"):
                load_configuration(tmp_path, checks=registry())
        else:
            (tmp_path / triage.BASELINE).parent.mkdir(parents=True)
            (tmp_path / triage.BASELINE).write_text(LAUGHS)
            with pytest.raises(ConfigError, match="alias bomb"):
                triage.load(tmp_path)
    assert time.monotonic() - started < 10


XML_ATTACKS = {
    "billion-laughs": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                      + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                                for i in range(8))
                      + ']><{root}>&i;</{root}>',
    "external-file": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY s SYSTEM "file://{secret}">]>'
                     "<{root}>&s;</{root}>",
    "external-dtd": '<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.invalid/x.dtd">'
                    "<{root}/>",
    "parameter-entity": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file://{secret}">'
                        "%p;]><{root}/>",
}


@pytest.mark.parametrize("attack", list(XML_ATTACKS))
@pytest.mark.parametrize("kind", ["tm7", "junit"])
def test_xml_entities_are_never_resolved(attack: str, kind: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-ENTITY-CONTENT")
    root = "ThreatModel" if kind == "tm7" else "testsuite"
    doc = XML_ATTACKS[attack].replace("{root}", root).replace("{secret}", str(secret)).encode()
    error = ModelError if kind == "tm7" else ReportError
    with no_hang(10), pytest.raises(error, match=r"DOCTYPE|entit") as raised:
        if kind == "tm7":
            parse_tm7(doc, "m.tm7")
        else:
            parse_junit(doc, "j.xml")
    assert "TOP-SECRET" not in str(raised.value)


def test_xinclude_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-XINCLUDE")
    doc = (f'<ThreatModel xmlns:xi="http://www.w3.org/2001/XInclude"><ThreatInstances><i><Value>'
           f'<Title><xi:include href="file://{secret}" parse="text"/></Title><State>Mitigated'
           f"</State></Value></i></ThreatInstances></ThreatModel>").encode()
    threats = parse_tm7(doc, "m.tm7")
    assert "TOP-SECRET" not in repr(threats)


# ---- the bugs found, one input each (strict xfail: they XPASS once fixed) -----------------------

def _xfail(bug: str, *raises: type[BaseException]) -> pytest.MarkDecorator:
    from tests.reliability.fuzzing import KNOWN_BUGS

    found = next(b for b in KNOWN_BUGS if b.id == bug)
    return pytest.mark.xfail(strict=True, raises=raises,
                             reason=f"{bug}: {found.where}; fix: {found.fix}")


@pytest.mark.parametrize("reader", ["envelope", "statement"])
def test_bug_deep_json_in_attestations(reader: str) -> None:
    with pytest.raises(AttestationError):
        (dsse.parse_envelope if reader == "envelope" else intoto.parse_statement)(b"[" * 100_000)


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a": ' + b"1" * 5_000 + b"}"])
def test_bug_audit_of_a_deep_or_huge_number_json_file(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "a.dsse.json"
    path.write_bytes(body)
    result = audit(path, PublicKeySigner(tmp_path / "none.pub"))
    assert not result.ok and result.steps[0].name == "signature"


@pytest.mark.parametrize("text", ["a: " + nested("[", "]", 800), "a: &a [*a]",
                                  "a: 2024-13-45", "a: " + "9" * 5_000])
def test_bug_yaml_values_escape_yamlio(text: str) -> None:
    with pytest.raises(ConfigError):
        yamlio.loads(text, "f.yaml")


@pytest.mark.parametrize(("name", "raw"), [("a.yaml", b"id: X\nmodified: 2024-13-45\n"),
                                           ("a.json", b'{"id": ' + b"1" * 5_000 + b"}")])
def test_bug_osv_advisory_values_escape(name: str, raw: bytes) -> None:
    with pytest.raises(osv.AdvisoryError):
        osv.read_document(raw, name)


@pytest.mark.parametrize(("name", "text"), [
    ("poetry.lock", 'package = "x"\n'),
    ("poetry.lock", '[[package]]\nname = "a"\nversion = "1"\ndependencies = ["b"]\n'),
    ("uv.lock", '[[package]]\nname = "a"\nversion = "1"\ndependencies = ["b"]\n'),
    ("pyproject.toml", 'project = "x"\n'),
    ("pyproject.toml", '[project]\nname = "a"\noptional-dependencies = [1]\n')])
def test_bug_lockfile_shapes_crash_the_inventory(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    inv = inventory(discover(tmp_path))
    assert [p.file for p in inv.problems] == [name]
    assert "must be" in inv.problems[0].reason


def test_bug_pyproject_tool_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 5\n")
    with pytest.raises(ConfigError):
        load_configuration(tmp_path, checks=registry())


@pytest.mark.parametrize("body", [b"[]", b'{"bomFormat": "CycloneDX", "components": [5]}',
                                  b"[" * 100_000])
def test_bug_sbom_rescan_shapes(tmp_path: Path, body: bytes) -> None:
    (tmp_path / "bom.json").write_bytes(body)
    with pytest.raises(UsageError):
        read_sbom(tmp_path / "bom.json")


@pytest.mark.parametrize("body", [
    b'{"summary": {}, "detail": {"diagrams": [{"diagramJson": 5}]}}',
    b'{"summary": {}, "version": "2.0", "detail": {"diagrams": [{"cells": [{"data": 5}]}]}}',
    b'{"summary": {}, "detail": {"diagrams": []}, "x": ' + b"[" * 100_000 + b"}"])
def test_bug_threat_dragon_shapes(body: bytes) -> None:
    with pytest.raises(ModelError):
        parse_model("model.json", body)


def test_bug_junit_infinite_counts() -> None:
    report = parse_junit(b'<testsuite tests="1e400" failures="0"/>', "j.xml")
    assert report.tests >= 0


@pytest.mark.parametrize("check_id", ["sast.bandit", "sast.semgrep"])
@pytest.mark.parametrize("stdout", [b"[]", b'{"results": [{}]}', b"{}"])
def test_bug_sast_reports_of_the_wrong_shape(sast_project: Any, tmp_path: Path, check_id: str,
                                             stdout: bytes) -> None:
    """Valid JSON that is not a report must be a ToolError naming the tool, never a pass."""
    check = registry()[check_id]
    ctx = CheckContext(project=sast_project, options=dict(check.options), evidence_root=tmp_path,
                       timeout=30)
    ctx.run_tool = lambda argv, **kw: ToolRun(tuple(argv), 0, stdout, b"", False, 0.0)
    try:
        result = check.run(ctx)
    except MargoError as exc:
        assert check.tool in str(exc)
        return
    except Exception as exc:
        raise AssertionError(f"{type(exc).__name__} escaped: {exc}") from exc
    raise AssertionError(f"{check_id} took {stdout!r} for a clean scan: {result.outcome}")


def test_bug_zizmor_sarif_result_without_location(sast_project: Any, tmp_path: Path) -> None:
    check = registry()["sast.workflows"]
    log = copy.deepcopy(ZIZMOR)
    del log["runs"][0]["results"][0]["locations"]
    ctx = CheckContext(project=sast_project, options={}, evidence_root=tmp_path, timeout=30)
    ctx.run_tool = lambda argv, **kw: ToolRun(tuple(argv), 0, as_json(log), b"", False, 0.0)
    try:
        check.run(ctx)
    except MargoError as exc:
        assert "zizmor" in str(exc)
    except Exception as exc:
        raise AssertionError(f"{type(exc).__name__} escaped: {exc}") from exc


def test_bug_nan_threshold_is_accepted(tmp_path: Path) -> None:
    (tmp_path / ".margo-ssdf.yaml").write_text(
        "checks:\n  sast.bandit:\n    thresholds:\n      max_high: .nan\n")
    with pytest.raises(ConfigError):
        load_configuration(tmp_path, checks=registry())


def test_bug_vex_huge_number(tmp_path: Path) -> None:
    (tmp_path / "a.vex.json").write_bytes(b'{"a": ' + b"1" * 5_000 + b"}")
    with pytest.raises(VexError):
        load_vex(tmp_path / "a.vex.json")


def test_bug_bundle_media_type_not_a_string(tmp_path: Path) -> None:
    from margo_ssdf.attest.sigstore_verify import verify_bundle

    (tmp_path / "b.json").write_text('{"mediaType": ["x"]}')
    (tmp_path / "a").write_bytes(b"a")
    with pytest.raises(AttestationError):
        verify_bundle(tmp_path / "b.json", tmp_path / "a",
                      SignerPolicy.from_options(identity="a@example.org",
                                                issuer="https://github.com/login/oauth"))


def test_bug_audit_of_a_signed_statement_whose_policy_lacks_a_task(
        signed: dict[str, Any], tmp_path: Path) -> None:
    statement = copy.deepcopy(signed["statement"])
    del statement["predicate"]["policy"]["rules"]["tasks"]["PO.1.1"]
    envelope = dsse.sign(as_json(statement), dsse.IN_TOTO_PAYLOAD_TYPE, signed["signer"])
    (tmp_path / "a.dsse.json").write_bytes(envelope.to_json())
    result = audit(tmp_path / "a.dsse.json", PublicKeySigner(signed["pub"]))
    assert not result.ok
