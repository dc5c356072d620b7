"""`-v` shows margo-ssdf's own debug lines and tracebacks, not every library's debug log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SIGSTORE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "sigstore"


@pytest.mark.corpus
def test_verbose_keeps_library_debug_logs_out(tmp_path: Path) -> None:
    # sigstore-python logs several DEBUG lines while it verifies a bundle.
    if not (SIGSTORE / "bundle_v3.txt.sigstore").is_file():
        pytest.skip("../shared/corpora/sigstore is absent")
    argv = [sys.executable, "-m", "margo_ssdf", "-v", "verify-bundle",
            str(SIGSTORE / "bundle_v3.txt.sigstore"), "--artifact", str(SIGSTORE / "bundle_v3.txt"),
            "--identity", "william@yossarian.net", "--issuer", "https://github.com/login/oauth",
            "--trusted-root", str(SIGSTORE / "trusted_root.staging.json")]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "VERIFIED" in done.stdout
    debug = [line for line in done.stderr.splitlines() if line.startswith("DEBUG ")]
    assert [line for line in debug if not line.startswith("DEBUG margo_ssdf")] == []
