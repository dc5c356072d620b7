"""The layout rules of docs/architecture.md, checked on the package's own source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import margo_ssdf

PACKAGE = Path(margo_ssdf.__file__).parent
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _top_level_imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Package modules imported when this module is imported (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports never run
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
            if base in known:
                out.add(base)
    out.discard(name)
    return out


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_product_module_is_over_500_lines() -> None:
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_only_the_cli_imports_click() -> None:
    importers = [name for name, path in _modules().items()
                 if not name.startswith("margo_ssdf.cli")
                 and any(isinstance(node, ast.Import | ast.ImportFrom)
                         and ("click" in [a.name for a in getattr(node, "names", [])]
                              or getattr(node, "module", None) == "click")
                         for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))]
    assert importers == []


def test_module_imports_have_no_cycle() -> None:
    # A parent package is imported before its children; that edge is Python's, not ours.
    modules = _modules()
    known = set(modules)
    graph = {name: {dep for dep in _top_level_imports(path, name, known)
                    if not name.startswith(dep + ".")}
             for name, path in modules.items()}
    assert _cycle(graph) is None


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_package_ships_type_information() -> None:
    assert (PACKAGE / "py.typed").is_file()


@pytest.mark.own_attestation
def test_the_documented_audit_example_verifies_our_own_attestation() -> None:
    # The example in margo_ssdf/__init__.py, run on attestations/current (what CI audits).
    from margo_ssdf.attest.audit import audit
    from margo_ssdf.attest.trust import SignerPolicy

    here = PACKAGE.parent / "attestations"
    signer = SignerPolicy.from_options(key=here / "margo-ssdf.pub")
    [signed] = (here / "current").glob("*.dsse.json")
    result = audit(signed, signer, evidence_dir=here / "current")
    assert result.ok, [s for s in result.steps if not s.ok]
    assert result.predicate is not None
    assert result.predicate.verdict.value == "compliant"
    assert "from margo_ssdf.attest.audit import audit" in (margo_ssdf.__doc__ or "")
