"""Two real releases of a small project, attested by the pipeline and signed with a key.

`old` is the baseline: no SECURITY.md, a vulnerable `requests`, Go 1.22.0, one bandit finding in
old_only.py. `new` adds SECURITY.md, upgrades `requests` to its fix, moves to a vulnerable Go
release and an old golang.org/x/net, drops old_only.py and adds a shell-injection finding, so
every part of the report and of the comparison has something to show.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf.cli import main
from tests.conftest import make_project


@dataclass(frozen=True)
class Release:
    out: Path
    """The evidence directory `attest --out` wrote."""
    signed: Path
    """The DSSE attestation."""

    def statement(self) -> dict[str, Any]:
        envelope = json.loads(self.signed.read_text())
        return json.loads(base64.b64decode(envelope["payload"]))  # type: ignore[no-any-return]

    @property
    def predicate(self) -> dict[str, Any]:
        return self.statement()["predicate"]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Releases:
    base: Path
    old: Release
    new: Release

    @property
    def pub(self) -> Path:
        return self.base / "a.pub"

    @property
    def key(self) -> Path:
        return self.base / "a.key"

    @property
    def other_pub(self) -> Path:
        return self.base / "b.pub"


def _attest(root: Path, base: Path, name: str) -> Release:
    artifact = base / f"{name}.tar.gz"
    artifact.write_bytes(name.encode() * 100)
    out = base / f"out-{name}"
    code = main(["attest", str(root), "--artifact", str(artifact), "--sign", "key", "--key",
                 str(base / "a.key"), "--out", str(out)])
    assert code in (0, 1), code  # not compliant is fine: the report must show why
    return Release(out=out, signed=next(out.glob("*.dsse.json")))


def _build(base: Path) -> Releases:
    for name in ("a", "b"):
        assert main(["keygen", "--out", str(base / name)]) == 0
    old = make_project(base / "old")
    (old / "SECURITY.md").unlink()
    (old / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1.0.0"\nauthors = [{name = "Demo"}]\n'
        'dependencies = ["click==8.1.7", "requests==2.19.0"]\n')
    (old / "go.mod").write_text("module example.com/demo\n\ngo 1.22.0\n")
    (old / "old_only.py").write_text("def f(x):\n    return eval(x)\n")
    new = make_project(base / "new")
    (new / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1.1.0"\nauthors = [{name = "Demo"}]\n'
        'dependencies = ["click==8.1.7", "requests==2.20.0"]\n')
    (new / "go.mod").write_text(
        "module example.com/demo\n\ngo 1.21.0\n\nrequire "
        "golang.org/x/net v0.0.0-20210226172049-e18ecbb05110\n")
    # The Go advisories carry no rating; this project's policy counts those medium (the
    # default is high), so the comparison has tasks that got better as well as new findings.
    (new / ".margo-ssdf.yaml").write_text(
        "checks:\n  deps.audit:\n    options: {unknown_severity: medium}\n"
        "  vuln.response:\n    options: {unknown_severity: medium}\n")
    (new / "run.py").write_text(
        "import subprocess\n\n\ndef run(arg):\n"
        "    subprocess.call('ls ' + arg, shell=True)\n")
    return Releases(base=base, old=_attest(old, base, "old"), new=_attest(new, base, "new"))


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Iterator[Releases]:
    with pytest.MonkeyPatch.context() as mp:  # session scope runs before the autouse isolation
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("CI", raising=False)
        yield _build(tmp_path_factory.mktemp("releases"))


def resign(releases: Releases, statement: dict[str, Any], path: Path) -> Path:
    """Sign an edited statement with the release key, as a hostile but trusted maker would.

    Beside `path`, `evidence/` is a copy of the release's evidence whose statements file holds
    the edited statement, as that maker would publish it.
    """
    import shutil

    from margo_ssdf.attest.dsse import IN_TOTO_PAYLOAD_TYPE, sign
    from margo_ssdf.attest.keys import KeySigner, load_private_key

    payload = json.dumps(statement).encode()
    envelope = sign(payload, IN_TOTO_PAYLOAD_TYPE, KeySigner(load_private_key(releases.key)))
    path.write_bytes(envelope.to_json())
    evidence = shutil.copytree(releases.new.out, path.parent / "evidence")
    for old in evidence.glob("*.dsse.json"):
        old.unlink()
    jsonl = next(evidence.glob("*.intoto.jsonl"))
    lines = jsonl.read_bytes().splitlines(keepends=True)
    jsonl.write_bytes(payload + b"\n" + b"".join(lines[1:]))
    return path
