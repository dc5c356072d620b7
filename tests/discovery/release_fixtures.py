"""Projects whose examples, docs and test data carry manifests that are not the release's.

`flask_like` is shaped like flask: the release is pinned by its uv.lock at the root, and
`examples/celery/requirements.txt` pins requests 2.19.0 (PYSEC-2018-28 in the test OSV store).
`go_with_testdata` is a Go module whose `testdata/` modules pin a vulnerable golang.org/x/net and
a vulnerable Go release.
"""

from __future__ import annotations

from pathlib import Path

from tests.discovery.test_dependencies import write

EXAMPLE_REQUIREMENTS = "examples/celery/requirements.txt"
EXAMPLE_RULE = "default '**/examples/**'"

FLASK_UV_LOCK = """\
version = 1
requires-python = ">=3.9"

[[package]]
name = "flask"
version = "3.1.0"
source = { editable = "." }
dependencies = [{ name = "click" }, { name = "itsdangerous" }]

[package.dev-dependencies]
tests = [{ name = "pytest" }]

[[package]]
name = "click"
version = "8.1.7"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://x/click.tar.gz", hash = "sha256:%s", size = 1 }

[[package]]
name = "itsdangerous"
version = "2.2.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.3"
source = { registry = "https://pypi.org/simple" }
""" % ("cd" * 32)


def flask_like(root: Path) -> Path:
    """The release pinned by uv.lock; the example, the docs and a vendored copy pin others."""
    return write(root, {
        "pyproject.toml": '[project]\nname = "flask"\nversion = "3.1.0"\n'
                          'authors = [{name = "Pallets"}]\n'
                          'dependencies = ["click>=8.1.3", "itsdangerous>=2.2"]\n',
        "uv.lock": FLASK_UV_LOCK,
        "src/flask/__init__.py": "__version__ = '3.1.0'\n",
        EXAMPLE_REQUIREMENTS: "requests==2.19.0\n",
        "examples/celery/pyproject.toml": '[project]\nname = "flask-example-celery"\n'
                                          'version = "1.0.0"\ndependencies = ["celery"]\n',
        "docs/requirements.txt": "sphinx==7.0.0\n",
        "tests/test_apps/requirements.txt": "urllib3==1.23\n",
    })


GO_MOD = ("module example.com/agent\n\ngo 1.22.0\n\nrequire golang.org/x/text v0.14.0\n")
GO_SUM = ("golang.org/x/text v0.14.0 h1:TEXT=\n"
          "golang.org/x/text v0.14.0/go.mod h1:TEXTMOD=\n")
VULNERABLE_GO_MOD = ("module example.com/agent/testdata/old\n\ngo 1.21.0\n\nrequire "
                     "golang.org/x/net v0.0.0-20210226172049-e18ecbb05110\n")


def go_with_testdata(root: Path) -> Path:
    """A Go module; `testdata/go.mod` and `pkg/foo/testdata/go.mod` are test inputs."""
    return write(root, {
        "go.mod": GO_MOD, "go.sum": GO_SUM, "main.go": "package main\n\nfunc main() {}\n",
        "testdata/go.mod": VULNERABLE_GO_MOD,
        "pkg/foo/testdata/go.mod": VULNERABLE_GO_MOD.replace("/old", "/foo"),
        "vendor/golang.org/x/net/go.mod": "module golang.org/x/net\n\ngo 1.17\n",
    })
