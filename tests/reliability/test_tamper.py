"""Tamper suite: every single-byte change of a signed release is caught, and named.

A key-signed release of the sample project is audited after changing one byte at a time in
each of its files: the artifacts, the DSSE envelope, its decoded payload and signature
(re-encoded), the statements file and every evidence file of the output directory; Sigstore
bundles of the shared corpus are verified the same way. The changed byte gets another value
drawn from a seeded generator, so runs repeat exactly and every kind of value is reached.

Files up to `SMALL` bytes are changed at every position; larger ones at about `SAMPLES`
positions (both ends, evenly spaced, and random). `MARGO_SSDF_TAMPER_SMALL` and
`MARGO_SSDF_TAMPER_SAMPLES` run deeper campaigns, `MARGO_SSDF_TAMPER=all` changes every
position of every file (docs/reliability.md has the figures). Those defaults are the deep
tier's (`MARGO_SSDF_DEEP=1`, tests/depth.py); the README's test command uses 128 and 16
(and 8 positions at each end of a large file instead of 32).
A change that leaves a JSON container the same JSON value (one whitespace byte for another)
changes nothing signed or claimed; it is counted apart and must stay rare.
"""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from margo_ssdf.attest.audit import audit
from margo_ssdf.attest.trust import PublicKeySigner, SignerPolicy
from margo_ssdf.cli import main
from margo_ssdf.errors import MargoError
from margo_ssdf.flow import OUTPUT_MARKER
from tests.conftest import CORPORA, make_project
from tests.depth import depth

pytestmark = pytest.mark.deep

SMALL = int(os.environ.get("MARGO_SSDF_TAMPER_SMALL", depth(512, 128)))
"""Files up to this many bytes are changed at every position."""
SAMPLES = int(os.environ.get("MARGO_SSDF_TAMPER_SAMPLES", depth(64, 16)))
"""About this many positions of a larger file are changed (plus `ENDS` at each end)."""
ENDS = depth(32, 8)
EVERYTHING = os.environ.get("MARGO_SSDF_TAMPER") == "all"


@dataclass
class Tried:
    """Positions changed per target, for the terminal summary and docs/reliability.md."""

    positions: Counter[str] = field(default_factory=Counter)
    sizes: dict[str, int] = field(default_factory=dict)
    same_value: Counter[str] = field(default_factory=Counter)
    unverifiable: Counter[str] = field(default_factory=Counter)
    """Accepted changes in parts no offline verifier can check, by target and part."""


TRIED = Tried()


def positions(size: int, seed: str) -> list[int]:
    """Every position of a small file; both ends, a stride and random picks of a large one."""
    if EVERYTHING or size <= SMALL:
        return list(range(size))
    rng = random.Random(seed)
    picked = set(range(ENDS)) | set(range(size - ENDS, size))
    picked |= set(range(0, size, size // (SAMPLES // 2)))
    picked |= {rng.randrange(size) for _ in range(SAMPLES // 2)}
    return sorted(picked)


def changes(data: bytes, target: str) -> Iterator[tuple[int, bytes]]:
    """(position, data with that one byte replaced by another value)."""
    rng = random.Random(target)
    TRIED.sizes[target] = len(data)
    for pos in positions(len(data), target):
        TRIED.positions[target] += 1
        changed = bytearray(data)
        changed[pos] = (changed[pos] + rng.randrange(1, 256)) % 256
        yield pos, bytes(changed)


def same_json(a: bytes, b: bytes) -> bool:
    try:
        return bool(json.loads(a) == json.loads(b))
    except ValueError:
        return False


# ---- a signed release ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory, osv_db: Path) -> Iterator[dict[str, Path]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARGO_SSDF_DB", str(osv_db))
        mp.setenv("MARGO_SSDF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        base = tmp_path_factory.mktemp("tamper")
        root = make_project(base / "proj")
        small = base / "demo-1.0.0.tar.gz"
        small.write_bytes(random.Random(1).randbytes(700))
        large = base / "demo-1.0.0-py3-none-any.whl"
        large.write_bytes(random.Random(2).randbytes(1 << 20))
        assert main(["keygen", "--out", str(base / "release")]) == 0
        out = base / "out"
        assert main(["attest", str(root), "--artifact", str(small), "--artifact", str(large),
                     "--sign", "key", "--key", str(base / "release.key"), "--out",
                     str(out), "--no-cache"]) == 0
        yield {"base": base, "out": out, "key": base / "release.pub", "small": small,
               "large": large, "signed": next(out.glob("*.dsse.json")),
               "jsonl": next(out.glob("*.intoto.jsonl"))}


def failed_steps(rel: dict[str, Path], **kw: object) -> list[tuple[str, str]]:
    args: dict = {"signer": PublicKeySigner(rel["key"]), "artifacts": [rel["small"], rel["large"]],
                  "evidence_dir": rel["out"], **kw}
    result = audit(args.pop("signed", rel["signed"]), **args)
    return [(s.name, s.detail) for s in result.steps if not s.ok]


def test_the_untouched_release_passes(release: dict[str, Path]) -> None:
    assert failed_steps(release) == []


@pytest.mark.parametrize("which", ["small", "large"])
def test_every_changed_artifact_byte_is_named(release: dict[str, Path], tmp_path: Path,
                                              which: str) -> None:
    original = release[which]
    copy = tmp_path / original.name
    other = release["large" if which == "small" else "small"]
    for pos, data in changes(original.read_bytes(), f"artifact ({which})"):
        copy.write_bytes(data)
        failed = failed_steps(release, artifacts=[copy, other])
        assert [name for name, _ in failed] == [f"artifact {original.name}"], pos
        assert "NOT among the attested subjects" in failed[0][1]


def _tamper_signed(release: dict[str, Path], tmp_path: Path, target: str,
                   mutations: Iterator[tuple[int, bytes]]) -> None:
    original = release["signed"].read_bytes()
    path = tmp_path / release["signed"].name
    for pos, data in mutations:
        if same_json(original, data):
            TRIED.same_value[target] += 1
            continue
        path.write_bytes(data)
        failed = failed_steps(release, signed=path, evidence_dir=None, artifacts=[])
        assert [name for name, _ in failed] == ["signature"], (pos, failed)


def test_every_changed_envelope_byte_fails_the_signature(release: dict[str, Path],
                                                         tmp_path: Path) -> None:
    """The envelope file itself: exhaustive outside the payload, sampled inside it."""
    raw = release["signed"].read_bytes()
    start = raw.index(b'"payload":"') + len(b'"payload":"')
    end = raw.index(b'"', start)
    outside = raw[:start] + raw[end:]

    def envelope_changes() -> Iterator[tuple[int, bytes]]:
        for pos, data in changes(outside, "envelope (outside the payload)"):
            real = pos if pos < start else pos + (end - start)
            yield real, data[:start] + raw[start:end] + data[start:]
        for pos, data in changes(raw[start:end], "envelope (payload base64)"):
            yield start + pos, raw[:start] + data + raw[end:]

    _tamper_signed(release, tmp_path, "envelope", envelope_changes())


@pytest.mark.parametrize("part", ["payload", "signature"])
def test_every_changed_signed_byte_fails_the_signature(release: dict[str, Path],
                                                       tmp_path: Path, part: str) -> None:
    """The decoded payload (the statement) and the raw signature, re-encoded canonically."""
    envelope = json.loads(release["signed"].read_bytes())
    holder, key = (envelope, "payload") if part == "payload" else \
        (envelope["signatures"][0], "sig")
    decoded = base64.b64decode(holder[key])

    def encoded_changes() -> Iterator[tuple[int, bytes]]:
        for pos, data in changes(decoded, f"decoded {part}"):
            holder[key] = base64.b64encode(data).decode()
            yield pos, json.dumps(envelope, separators=(",", ":")).encode()

    _tamper_signed(release, tmp_path, part, encoded_changes())


def _evidence_files(release: dict[str, Path]) -> list[str]:
    out = release["out"]
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file() and p != release["signed"] and p.name != OUTPUT_MARKER)


def test_the_release_has_the_files_the_suite_expects(release: dict[str, Path]) -> None:
    files = _evidence_files(release)
    assert "summary.json" in files and "sast.sarif" in files
    assert any(f.endswith("/result.json") for f in files)
    assert any(f.endswith("/sbom.cdx.json") for f in files)
    assert release["jsonl"].name in files


def test_every_changed_byte_of_every_evidence_file_is_named(release: dict[str, Path],
                                                            tmp_path: Path) -> None:
    copy = tmp_path / "out"
    shutil.copytree(release["out"], copy)
    for rel in _evidence_files(release):
        path = copy / rel
        original = path.read_bytes()
        is_jsonl = rel.endswith(".intoto.jsonl")
        try:
            for pos, data in changes(original, f"evidence {rel}"):
                path.write_bytes(data)
                failed = failed_steps(release, evidence_dir=copy, artifacts=[])
                names = [name for name, _ in failed]
                if is_jsonl:
                    assert names[:1] == ["statements"], (rel, pos, failed)
                    assert failed[0][1].startswith(rel), failed
                    # A changed provenance line no longer evidences PS.3.1 and PO.5.1: fine.
                    assert set(names) <= {"statements", "tasks recomputed",
                                          "verdict recomputed"}, failed
                else:
                    assert names[:1] == ["evidence files"], (rel, pos, failed)
                    assert f"{rel} changed" in failed[0][1], failed
                    # A result the predicate embeds may also no longer recompute: fine.
                    assert set(names) <= {"evidence files", "tasks recomputed",
                                          "verdict recomputed"}, failed
        finally:
            path.write_bytes(original)


def test_an_added_file_is_named(release: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "out"
    shutil.copytree(release["out"], copy)
    (copy / "checks" / "sast.bandit" / "extra.sarif").write_text("{}")
    assert failed_steps(release, evidence_dir=copy) == [
        ("unattested files", "1 file(s) the attestation does not name: "
                             "checks/sast.bandit/extra.sarif")]


# ---- Sigstore bundles of the shared corpus ---------------------------------------------------

def _passing_bundles() -> list[dict[str, str]]:
    labels = CORPORA / "sigstore" / "LABELS.tsv"
    if not labels.is_file():
        return []
    header, *rows = [line.split("\t") for line in labels.read_text().splitlines() if line]
    return [row for row in (dict(zip(header, r, strict=True)) for r in rows)
            if row["expected"] == "pass"]


def unverifiable_part(original: bytes, changed: bytes) -> str | None:
    """Which part no offline verifier can check the change is in, if it is in one.

    Witness cosignatures of a checkpoint (the trust root holds no witness keys), and an RFC
    3161 token's SignerInfo identifiers, which its verification does not compare (see
    docs/reliability.md). Anything else that verifies after a change is a failure.
    """
    before, after = json.loads(original), json.loads(changed)
    try:
        # Put the original back into the one part that differs; the rest must then be equal.
        tsa = before["verificationMaterial"].get("timestampVerificationData")
        if after["verificationMaterial"].get("timestampVerificationData") != tsa:
            after["verificationMaterial"]["timestampVerificationData"] = tsa
            return "RFC 3161 token" if after == before else None
        for old, new in zip(before["verificationMaterial"]["tlogEntries"],
                            after["verificationMaterial"]["tlogEntries"], strict=True):
            lines = old["inclusionProof"]["checkpoint"]["envelope"].split("\n")
            edited = new["inclusionProof"]["checkpoint"]["envelope"].split("\n")
            log_line = lines.index("", 1) + 1  # the log's own signature follows the blank line
            if len(edited) == len(lines) and edited[:log_line + 1] == lines[:log_line + 1]:
                new["inclusionProof"]["checkpoint"]["envelope"] = "\n".join(lines)
                if after == before:
                    return "witness cosignature"
    except (KeyError, TypeError, ValueError):
        return None
    return None


@pytest.mark.parametrize("row", _passing_bundles() or [None], ids=lambda r: r and r["bundle"])
def test_every_changed_byte_of_a_sigstore_bundle_fails(row: dict[str, str] | None,
                                                       tmp_path: Path) -> None:
    from margo_ssdf.attest.sigstore_verify import verify_bundle, verify_dsse

    if row is None:
        pytest.skip("../shared/corpora/sigstore is not present")
    corpus = CORPORA / "sigstore"
    pinned = SignerPolicy.from_options(identity=row["identity"], issuer=row["issuer"],
                                       staging=row["trust_root"] == "staging")
    verify: Callable[[Path], object]
    if row["artifact"] == "-":
        verify = lambda path: verify_dsse(path, pinned)  # noqa: E731
    else:
        verify = lambda path: verify_bundle(path, corpus / row["artifact"], pinned)  # noqa: E731
    original = (corpus / row["bundle"]).read_bytes()
    path = tmp_path / row["bundle"]
    path.write_bytes(original)
    verify(path)  # the untouched bundle verifies
    accepted = []
    target = f"bundle {row['bundle']}"
    for pos, data in changes(original, target):
        if same_json(original, data):
            TRIED.same_value[target] += 1
            continue
        path.write_bytes(data)
        try:
            verify(path)
        except MargoError:
            continue
        part = unverifiable_part(original, data)
        if part is None:
            accepted.append((pos, original[max(0, pos - 24):pos + 8]))
        else:
            TRIED.unverifiable[f"{target}: {part}"] += 1
    assert not accepted, accepted
