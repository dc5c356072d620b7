"""--artifact on run and verify: globs expanded as attest does, refused when they match nothing,
and part of the cache key of the checks that read the artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from margo_ssdf.cache import cache_key
from margo_ssdf.checks.deps_audit import DepsAuditCheck
from margo_ssdf.checks.repo_hygiene import RepoHygiene
from margo_ssdf.cli import main
from margo_ssdf.discovery import discover
from margo_ssdf.errors import UsageError
from margo_ssdf.flow import expand_artifacts


def test_globs_expand_in_order_each_file_once(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "sub").mkdir(parents=True)
    for name in ("b.tar.gz", "a.tar.gz", "a.zip"):
        (dist / name).write_bytes(b"x")
    found = expand_artifacts([str(dist / "*.tar.gz"), str(dist / "a.*"), str(dist / "*")])
    assert [p.name for p in found] == ["a.tar.gz", "b.tar.gz", "a.zip"]


@pytest.mark.parametrize("command", ["verify", "run"])
def test_an_artifact_that_matches_nothing_is_refused_before_any_work(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text("x\n")
    extra = ["--out", str(tmp_path / "out")] if command == "run" else []
    code = main([command, str(tmp_path), *extra, "--artifact", str(tmp_path / "dist" / "*")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"--artifact '{tmp_path / 'dist' / '*'}' matches no file" in err
    assert not (tmp_path / "out").exists()
    with pytest.raises(UsageError):
        expand_artifacts([str(tmp_path / "missing")])


def test_the_artifacts_are_in_the_cache_key_of_the_checks_that_read_them(
        tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/x\n\ngo 1.22\n")
    artifact = tmp_path / "app"
    artifact.write_bytes(b"one")
    project = discover(tmp_path)
    audit, hygiene = DepsAuditCheck(), RepoHygiene()
    opts = {**audit.options, "reachability": False}
    before = cache_key(audit, project, opts, [artifact])
    assert before != cache_key(audit, project, opts)
    assert cache_key(hygiene, project, hygiene.options, [artifact]) == \
        cache_key(hygiene, project, hygiene.options)
    artifact.write_bytes(b"two")
    assert cache_key(audit, project, opts, [artifact]) != before


def test_every_check_job_of_the_reusable_workflow_gets_the_release_files() -> None:
    import yaml

    repo = Path(__file__).resolve().parents[1]
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "margo-ssdf.yml").read_text())
    steps = workflow["jobs"]["checks"]["steps"]
    names = [s.get("name", "") for s in steps]
    download = steps[names.index("Download release files")]
    assert download["with"] == {"name": "${{ inputs.artifact-name }}", "path": "dist"}
    run = steps[names.index("Run ${{ matrix.check }}")]
    assert run["env"]["ARTIFACTS"] == "${{ inputs.artifacts }}"
    assert 'args+=(--artifact "$item")' in run["run"] and '"${args[@]}"' in run["run"]
    example = yaml.safe_load((repo / "workflows" / "examples" / "go-goreleaser.yml")
                             .read_text())
    given = example["jobs"]["ssdf"]["with"]["artifacts"].split()
    assert {"dist/*.tar.gz", "dist/*_*/*"} <= set(given)  # archives and the binaries
    (upload,) = [s for s in example["jobs"]["build"]["steps"]
                 if "upload-artifact" in s.get("uses", "")]
    assert set(given) <= set(upload["with"]["path"].split())


def test_a_file_named_like_an_archive_that_is_none_is_skipped_saying_so(tmp_path: Path) -> None:
    import gzip
    import tarfile

    from margo_ssdf.discovery import artifacts

    fake = tmp_path / "demo-1.0.0.tar.gz"
    fake.write_bytes(b"release bytes " * 100)
    zipped = tmp_path / "demo.zip"
    zipped.write_bytes(gzip.compress(b"x" * 100))
    assert list(artifacts.entries([fake, zipped])) == [
        artifacts.Skipped(str(fake), artifacts.NOT_AN_ARCHIVE),
        artifacts.Skipped(str(zipped), artifacts.NOT_AN_ARCHIVE)]
    # An uncompressed tar under a .tar.gz name is still opened (tar itself would open it).
    (tmp_path / "README").write_text("hello\n")
    plain = tmp_path / "plain.tar.gz"
    with tarfile.open(plain, "w") as archive:
        archive.add(tmp_path / "README", arcname="README")
    assert list(artifacts.entries([plain])) == [
        artifacts.Skipped(f"{plain}!README", "not an executable")]
    # Starting like an archive and then failing to read is damage: an error, never a skip.
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(gzip.compress(plain.read_bytes())[:40])
    with pytest.raises(artifacts.ArtifactError, match="the archive cannot be read"):
        list(artifacts.entries([cut]))
