"""Coverage-guided fuzzing of the byte-level parsers with atheris (libFuzzer), where it helps.

Hypothesis (test_fuzz.py) drives the structured inputs; atheris explores the bytes of the
parsers that take bytes, guided by coverage of margo_ssdf's own code. Same property: only the
documented error, and bugs already listed in fuzzing.KNOWN_BUGS are counted, not fatal.

    python tests/reliability/fuzz_atheris.py --write-seeds corpus/
    python tests/reliability/fuzz_atheris.py -runs=50000 -max_len=4096 corpus/    # bounded
    python tests/reliability/fuzz_atheris.py -max_total_time=3600 -max_len=65536 corpus/
test_fuzz.py runs a short campaign when atheris is installed (`pip install atheris`).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports(include=["margo_ssdf"]):
    from margo_ssdf import yamlio
    from margo_ssdf.attest import dsse, intoto
    from margo_ssdf.attest.errors import AttestationError, SignatureError
    from margo_ssdf.checks.test_results import ReportError, parse_junit
    from margo_ssdf.discovery import gomod
    from margo_ssdf.errors import ConfigError
    from margo_ssdf.isolation.documents import DocumentError, load_stream
    from margo_ssdf.threatmodel import ModelError, parse_model
    from margo_ssdf.vulndb import osv

from tests.reliability.fuzzing import known_bug


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


Target = tuple[str, Callable[[bytes], Any], tuple[type[BaseException], ...]]
TARGETS: list[Target] = [
    ("dsse.parse_envelope", dsse.parse_envelope, (SignatureError,)),
    ("intoto.parse_statement", intoto.parse_statement, (AttestationError,)),
    ("osv.load_advisory (json)", lambda b: osv.load_advisory(b, "a.json"), (osv.AdvisoryError,)),
    ("osv.load_advisory (yaml)", lambda b: osv.load_advisory(b, "a.yaml"), (osv.AdvisoryError,)),
    ("gomod.parse_gomod", lambda b: gomod.parse_gomod(_text(b), "go.mod"), (gomod.GoModError,)),
    ("parse_junit", lambda b: parse_junit(b, "j.xml"), (ReportError,)),
    ("threat model .tm7", lambda b: parse_model("m.tm7", b), (ModelError,)),
    ("threat model .json", lambda b: parse_model("m.json", b), (ModelError,)),
    ("yamlio.loads", lambda b: yamlio.loads(_text(b), "f.yaml"), (ConfigError,)),
    ("load_stream", lambda b: load_stream(_text(b), "f.yaml"), (DocumentError,)),
]
SEEDS = [b'{"payload":"e30","payloadType":"x","signatures":[{"sig":"AA"}]}',
         b'{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"x"}',
         b'{"id":"X","modified":"2024-01-01T00:00:00Z","affected":[]}',
         b"module m\nrequire a v1.0.0\n", b'<testsuite tests="1"><testcase name="a"/></testsuite>',
         b"<ThreatModel><ThreatInstances/></ThreatModel>", b"a: [1, {b: c}]\n---\nkind: Pod\n"]
RUNS: Counter[str] = Counter()
KNOWN: Counter[str] = Counter()


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    name, parse, allowed = TARGETS[provider.ConsumeIntInRange(0, len(TARGETS) - 1)]
    raw = provider.ConsumeBytes(provider.remaining_bytes())
    RUNS[name] += 1
    if sum(RUNS.values()) % 1000 == 0:
        report()  # libFuzzer ends the process with exit(): no atexit, so report as we go
    try:
        parse(raw)
    except allowed as exc:
        if not str(exc).strip():
            raise AssertionError(f"{name}: {type(exc).__name__} without a message") from exc
    except Exception as exc:
        bug = known_bug(exc)
        if bug is None:
            raise
        KNOWN[bug] += 1


def report() -> None:
    print(f"\natheris runs per target: {dict(sorted(RUNS.items()))}; known bugs hit: "
          f"{dict(sorted(KNOWN.items()))}", file=sys.stderr)


def write_seeds(corpus: Path) -> None:
    """One seed file per (target, seed): the first byte picks the target."""
    corpus.mkdir(parents=True, exist_ok=True)
    for i in range(len(TARGETS)):
        for j, seed in enumerate(SEEDS):
            (corpus / f"seed-{i}-{j}").write_bytes(bytes([i]) + seed)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-seeds"]:
        write_seeds(Path(sys.argv[2]))
    else:
        atheris.Setup(sys.argv, one_input)
        atheris.Fuzz()
