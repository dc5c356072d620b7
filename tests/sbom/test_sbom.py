"""SBOMs built with cyclonedx-python-lib, validated strictly against CycloneDX 1.6."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from margo_ssdf.cli import main
from margo_ssdf.discovery import discover
from margo_ssdf.errors import UsageError
from margo_ssdf.sbom import build, ntia
from margo_ssdf.sbom.generate import generate
from tests.conftest import CORPORA
from tests.discovery.test_dependencies import write

UV_LOCK = """\
version = 1
[[package]]
name = "demo"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "requests" }, { name = "ruamel.yaml" }]

[[package]]
name = "requests"
version = "2.19.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "urllib3" }]
sdist = { url = "https://x/r.tar.gz", hash = "sha256:%s", size = 1 }

[[package]]
name = "urllib3"
version = "1.23"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "ruamel.yaml"
version = "0.18.6"
source = { registry = "https://pypi.org/simple" }
""" % ("ab" * 32)

GO_MOD = "module example.com/agent\n\ngo 1.22\n\nrequire (\n\tgolang.org/x/net v0.0.0-20210226172049-e18ecbb05110\n\tgithub.com/a/b v1.0.0 // indirect\n)\n"  # noqa: E501
GO_SUM = ("golang.org/x/net v0.0.0-20210226172049-e18ecbb05110 h1:NET=\n"
          "golang.org/x/net v0.0.0-20210226172049-e18ecbb05110/go.mod h1:MOD=\n"
          "github.com/a/b v1.0.0 h1:AB=\n")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    return write(tmp_path / "mixed", {
        "pyproject.toml": '[project]\nname = "demo"\nversion = "0.1.0"\n'
                          'authors = [{name = "Demo Team"}]\ndependencies = ["requests"]\n',
        "uv.lock": UV_LOCK, "agent/go.mod": GO_MOD, "agent/go.sum": GO_SUM})


def components(bom: dict) -> dict[str, dict]:
    return {c["bom-ref"]: c for c in bom["components"]}


def test_python_and_go_components_with_purls_hashes_and_graph(mixed: Path) -> None:
    generated = generate(discover(mixed))
    bom = json.loads(generated.text)
    assert bom["specVersion"] == "1.6"
    assert bom["metadata"]["component"]["name"] == "demo"
    assert bom["metadata"]["authors"] == [{"name": "Demo Team"}]
    comps = components(bom)
    req = comps["pkg:pypi/requests@2.19.0"]
    assert req["hashes"] == [{"alg": "SHA-256", "content": "ab" * 32}]
    assert "pkg:pypi/ruamel.yaml@0.18.6" in comps  # purl keeps dots, unlike PEP 503
    net = comps["pkg:golang/golang.org/x/net@v0.0.0-20210226172049-e18ecbb05110"]
    assert {"name": "margo-ssdf:go:h1", "value": "h1:NET="} in net["properties"]
    deps = {d["ref"]: set(d.get("dependsOn", [])) for d in bom["dependencies"]}
    assert deps["pkg:pypi/requests@2.19.0"] == {"pkg:pypi/urllib3@1.23"}
    assert "pkg:pypi/requests@2.19.0" in deps["module:pyproject.toml"]
    assert "pkg:pypi/urllib3@1.23" not in deps["module:pyproject.toml"]  # transitive
    assert net["bom-ref"] in deps["module:agent/go.mod"]
    assert "module:agent/go.mod" in deps["release:demo"]
    assert generated.score.coverage["relationship"] == 1.0
    assert generated.score.coverage["version"] == 1.0


def test_unpinned_dependency_is_kept_and_fails_version(tmp_path: Path) -> None:
    root = write(tmp_path / "p", {"requirements.txt": "flask>=2\nclick==8.1.7\n"})
    generated = generate(discover(root))
    comps = components(json.loads(generated.text))
    assert comps["pkg:pypi/flask"].get("version") is None
    assert generated.score.coverage["version"] < 1.0
    assert "pkg:pypi/flask" in generated.score.missing["version"]


def test_artifacts_and_images(mixed: Path, tmp_path: Path) -> None:
    wheel = tmp_path / "demo-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel bytes")
    image = "ghcr.io/margo/agent:1.0@sha256:" + "c" * 64
    bom = json.loads(generate(discover(mixed), artifacts=[wheel], images=[image]).text)
    files = [c for c in bom["components"] if c["type"] == "file"]
    assert files[0]["name"] == wheel.name
    assert files[0]["hashes"][0]["content"] == hashlib.sha256(b"wheel bytes").hexdigest()
    container = next(c for c in bom["components"] if c["type"] == "container")
    assert container["version"] == "sha256:" + "c" * 64
    assert container["purl"].startswith("pkg:oci/agent@sha256")
    assert "repository_url=ghcr.io/margo/agent" in container["purl"]
    with pytest.raises(UsageError, match="pinned by digest"):
        build.parse_image("ghcr.io/margo/agent:latest")
    with pytest.raises(UsageError, match="does not exist"):
        generate(discover(mixed), artifacts=[tmp_path / "missing.tar.gz"])


def test_xml_output_validates(mixed: Path) -> None:
    text = generate(discover(mixed), fmt="xml").text
    assert text.startswith("<?xml") and "http://cyclonedx.org/schema/bom/1.6" in text


def test_ntia_score_reports_what_is_missing_where() -> None:
    bom = {"metadata": {"timestamp": "2026-01-01T00:00:00Z",
                        "component": {"bom-ref": "r", "name": "r", "version": "1",
                                      "purl": "pkg:pypi/r@1"}},
           "components": [{"bom-ref": "a", "name": "a", "purl": "pkg:pypi/a"}],
           "dependencies": [{"ref": "r", "dependsOn": []}]}
    score = ntia.score(bom)
    assert score.coverage["version"] == 0.5 and score.missing["version"] == ["a"]
    assert score.coverage["relationship"] == 0.5 and score.missing["relationship"] == ["a"]
    assert score.coverage["author"] == 0.0 and score.coverage["timestamp"] == 1.0


def test_sbom_command_writes_valid_file(mixed: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bom.json"
    assert main(["sbom", str(mixed), "-o", str(out)]) == 0
    build.validate(out.read_text())
    assert "NTIA" in capsys.readouterr().err
    assert main(["sbom", str(mixed), "-o", str(out), "--image", "x:latest"]) == 2
    build.validate(out.read_text())  # the earlier file is untouched by the failed run


def test_environment_closure_matches_cyclonedx_py(tmp_path: Path) -> None:
    # cyclonedx-py lists the whole environment with its dependency graph; the release's part
    # is what its graph reaches from margo-ssdf, and ours must be exactly that.
    exe = shutil.which("cyclonedx-py") or str(Path(sys.executable).with_name("cyclonedx-py"))
    if not Path(exe).exists():
        pytest.skip("cyclonedx-py (cyclonedx-bom) is not installed")
    theirs_file = tmp_path / "theirs.json"
    subprocess.run([exe, "environment", sys.executable, "-o", str(theirs_file)], check=True,
                   capture_output=True, timeout=600)
    theirs = json.loads(theirs_file.read_text())
    comps = {c["bom-ref"]: c for c in theirs["components"]}
    edges = {d["ref"]: d.get("dependsOn", []) for d in theirs["dependencies"]}
    todo = [r for r, c in comps.items() if c["name"].lower() == "margo-ssdf"]
    reached: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref not in reached:
            reached.add(ref)
            todo += edges.get(ref, [])
    root = write(tmp_path / "p", {"pyproject.toml": '[project]\nname = "margo-ssdf"\n'
                                                    'version = "0.1.0"\n'})
    bom = json.loads(generate(discover(root), use_environment=True).text)
    ours = {(c["name"].lower(), c.get("version")) for c in bom["components"]
            if c.get("purl", "").startswith("pkg:pypi/")}
    expected = {(comps[r]["name"].lower(), comps[r].get("version")) for r in reached}
    assert ours == expected, (sorted(expected - ours), sorted(ours - expected))


@pytest.mark.corpus
def test_margo_sandbox_sbom_lists_every_module_at_its_gosum_version() -> None:
    sandbox = CORPORA / "margo" / "sandbox"
    if not sandbox.is_dir():
        pytest.skip("../shared/corpora/margo is not present")
    from margo_ssdf.discovery.gomod import parse_gomod

    bom = json.loads(generate(discover(sandbox)).text)
    listed = {(c["name"], c.get("version")) for c in bom["components"]}
    for gomod in sandbox.rglob("go.mod"):
        for req in parse_gomod(gomod.read_text(), "go.mod").requires:
            assert (req.path, req.version) in listed, req
    deps = {d["ref"]: d.get("dependsOn", []) for d in bom["dependencies"]}
    assert len(deps["module:go.mod"]) == 280


def _distribution(metadata_text: str) -> object:
    from importlib import metadata

    class Dist(metadata.Distribution):
        def read_text(self, filename: str) -> str | None:
            return metadata_text if filename == "METADATA" else None

        def locate_file(self, path):  # type: ignore[no-untyped-def]
            return path

    return Dist()


def test_unknown_licence_is_kept_as_a_name() -> None:
    comp = build._env_component(_distribution(  # type: ignore[arg-type]
        "Metadata-Version: 2.1\nName: odd-lib\nVersion: 1.0\n"
        "License: Acme Internal Licence v3\nAuthor: Acme\n"))
    (lic,) = list(comp.licenses)
    assert getattr(lic, "name", None) == "Acme Internal Licence v3"
    assert comp.supplier is not None and comp.supplier.name == "Acme"


def test_license_unknown_falls_back_to_the_classifiers() -> None:
    # setuptools writes "License: UNKNOWN" for a project that declared none in that field.
    comp = build._env_component(_distribution(  # type: ignore[arg-type]
        "Metadata-Version: 2.1\nName: old-lib\nVersion: 2.0\nLicense: UNKNOWN\n"
        "Classifier: License :: OSI Approved :: MIT License\n"))
    (lic,) = list(comp.licenses)
    assert getattr(lic, "name", None) == "MIT License"
