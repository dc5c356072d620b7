from pathlib import Path

import pytest

from margo_ssdf.discovery.gomod import GoModError, parse_gomod, parse_gosum

GOMOD = """\
module example.com/edge/agent // the device agent

go 1.22.3

toolchain go1.22.5

require github.com/google/uuid v1.6.0

require (
\tgolang.org/x/net v0.0.0-20210226172049-e18ecbb05110
\tgithub.com/docker/docker v28.5.2+incompatible // indirect
\tgithub.com/old/lib v1.0.0
\tgithub.com/local/lib v0.1.0
)

replace github.com/old/lib v1.0.0 => github.com/new/lib v1.2.0

replace github.com/local/lib => ../lib

exclude golang.org/x/crypto v0.1.0

retract [v0.0.1, v0.0.5]
"""


def test_directives_blocks_comments_and_indirect() -> None:
    mod = parse_gomod(GOMOD, "go.mod")
    assert (mod.module, mod.go, mod.toolchain) == ("example.com/edge/agent", "1.22.3", "go1.22.5")
    reqs = {r.path: r for r in mod.requires}
    assert reqs["github.com/docker/docker"].indirect
    assert not reqs["golang.org/x/net"].indirect
    assert reqs["golang.org/x/net"].line == 10
    assert mod.excludes == [("golang.org/x/crypto", "v0.1.0")]


def test_replace_with_version_and_with_directory() -> None:
    mod = parse_gomod(GOMOD, "go.mod")
    reqs = {r.path: r for r in mod.requires}
    assert mod.resolve(reqs["github.com/old/lib"]) == ("github.com/new/lib", "v1.2.0")
    assert mod.resolve(reqs["github.com/local/lib"]) == ("../lib", None)
    assert mod.resolve(reqs["github.com/google/uuid"]) == ("github.com/google/uuid", "v1.6.0")


@pytest.mark.parametrize(("text", "line", "words"), [
    ("module a\n\nrequre x v1.0.0\n", 3, "unknown directive 'requre'"),
    ("module a\nrequire (\n  x v1.0.0\n", 3, "block is not closed"),
    ("module a\nrequire x\n", 2, "malformed 'require'"),
    ("module a\ngo banana\n", 2, "invalid go version"),
    ("go 1.21\n", 1, "no 'module' directive"),
])
def test_syntax_errors_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(GoModError) as info:
        parse_gomod(text, "svc/go.mod")
    assert info.value.line == line and words in str(info.value)
    assert str(info.value).startswith(f"svc/go.mod:{line}:")


def test_gosum_keeps_module_hashes_not_gomod_hashes() -> None:
    sums = parse_gosum("a v1.0.0 h1:AAA=\na v1.0.0/go.mod h1:BBB=\n\n", "go.sum")
    assert sums == {("a", "v1.0.0"): "h1:AAA="}
    with pytest.raises(GoModError, match=r"go\.sum:1"):
        parse_gosum("a v1.0.0 md5:xx\n", "go.sum")


def test_inventory_keeps_the_original_of_a_replace_and_finds_local_modules(
        tmp_path: Path) -> None:
    from margo_ssdf.discovery import discover
    from margo_ssdf.discovery.dependencies import inventory

    (tmp_path / "edge").mkdir()
    (tmp_path / "edge" / "go.mod").write_text(GOMOD)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "go.mod").write_text("module github.com/local/lib\n\ngo 1.22\n")
    deps = {d.name: d for d in inventory(discover(tmp_path)).dependencies}
    new = deps["github.com/new/lib"]
    assert (new.version, new.original, new.replaced_by) == (
        "v1.2.0", "github.com/old/lib@v1.0.0", "github.com/new/lib@v1.2.0")
    local = deps["github.com/local/lib"]
    assert (local.version, local.replaced_by, local.original) == (
        None, "../lib", "github.com/local/lib@v0.1.0")
    assert local.local_module == "lib/go.mod"  # the project's own module in that directory
    assert deps["github.com/google/uuid"].original is None
    (tmp_path / "lib" / "go.mod").unlink()
    outside = {d.name: d for d in inventory(discover(tmp_path)).dependencies}
    assert outside["github.com/local/lib"].local_module is None
