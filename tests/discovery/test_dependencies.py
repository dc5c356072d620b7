from pathlib import Path

import pytest

from margo_ssdf.discovery import discover
from margo_ssdf.discovery.dependencies import Ecosystem, inventory
from tests.conftest import CORPORA


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_requirements_with_hashes_includes_and_bad_lines(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "requirements.txt": "requests==2.19.0 \\\n    --hash=sha256:abc\n-r base.txt\n"
                            "flask>=2\nnot a requirement ===\n",
        "base.txt": "Jinja2==2.10\n",
    })
    inv = inventory(discover(root))
    deps = {d.key: d for d in inv.dependencies}
    assert deps["requests"].version == "2.19.0" and deps["requests"].hashes == ("sha256:abc",)
    assert deps["jinja2"].source == "base.txt" and deps["jinja2"].purl == "pkg:pypi/jinja2@2.10"
    assert deps["flask"].version is None and deps["flask"].specifier == ">=2"
    assert [(p.file, p.line) for p in inv.problems] == [("requirements.txt", 5)]


def test_pyproject_pep621_without_lock(tmp_path: Path) -> None:
    root = write(tmp_path, {"pyproject.toml": '[project]\nname = "demo"\nversion = "1.2"\n'
                            'dependencies = ["pyyaml==5.3", "click>=8"]\n'
                            '[project.optional-dependencies]\ntest = ["pytest==8.0.0"]\n'})
    inv = inventory(discover(root))
    assert [(c.name, c.version) for c in inv.components] == [("demo", "1.2")]
    deps = {d.key: d for d in inv.dependencies}
    assert deps["pyyaml"].version == "5.3" and deps["click"].version is None
    assert deps["pytest"].scope == "optional"


def test_uv_lock_graph_direct_and_dev(tmp_path: Path) -> None:
    root = write(tmp_path, {"uv.lock": """\
version = 1
[[package]]
name = "demo"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "requests" }]
[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "requests"
version = "2.32.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "urllib3" }]
sdist = { url = "https://x/requests.tar.gz", hash = "sha256:55", size = 1 }
wheels = [{ url = "https://x/requests.whl", hash = "sha256:70", size = 1 }]

[[package]]
name = "urllib3"
version = "2.2.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.3"
source = { registry = "https://pypi.org/simple" }
"""})
    deps = {d.key: d for d in inventory(discover(root)).dependencies}
    assert set(deps) == {"requests", "urllib3", "pytest"}
    assert deps["requests"].direct and not deps["urllib3"].direct
    assert deps["requests"].requires == ("urllib3",)
    assert deps["requests"].hashes == ("sha256:55", "sha256:70")
    assert deps["pytest"].scope == "dev"


def test_broken_files_are_problems_not_crashes(tmp_path: Path) -> None:
    root = write(tmp_path, {"poetry.lock": "[[package]\n", "svc/go.mod": "module x\nrequire (\n",
                            "ok/go.mod": "module ok\nrequire a.b/c v1.0.0\n"})
    inv = inventory(discover(root))
    files = sorted(p.file for p in inv.problems)
    assert files == ["poetry.lock", "svc/go.mod"]
    assert [d.name for d in inv.dependencies] == ["a.b/c"]


@pytest.mark.corpus
def test_margo_sandbox_go_modules_and_specification_lock() -> None:
    margo = CORPORA / "margo"
    if not margo.is_dir():
        pytest.skip("../shared/corpora/margo is not present")
    inv = inventory(discover(margo))
    assert not inv.problems
    go = [d for d in inv.dependencies if d.ecosystem is Ecosystem.GO]
    modules = {c.name for c in inv.components if c.ecosystem is Ecosystem.GO}
    assert {"github.com/margo/sandbox", "github.com/margo/sandbox/standard"} <= modules
    assert all(d.hashes and d.hashes[0].startswith("h1:") for d in go)
    docker = next(d for d in go if d.name == "github.com/docker/docker")
    assert docker.version == "v28.5.2+incompatible" and docker.direct
    locked = [d for d in inv.dependencies if d.source == "specification/poetry.lock"]
    assert locked and all(d.version for d in locked)
    # Only the two packages poetry took from git lack artefact hashes.
    assert sorted(d.name for d in locked if not d.hashes) == ["linkml", "linkml-runtime"]
    tools = [d for d in inv.dependencies if d.source.endswith("likml-to-openapi/pyproject.toml")]
    assert {d.name for d in tools} >= {"pyyaml", "pytest"} and all(not d.version for d in tools)
