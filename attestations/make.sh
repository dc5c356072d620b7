#!/usr/bin/env bash
# Regenerate margo-ssdf's own signed attestation in attestations/current/.
#   MARGO_SSDF_RELEASE_KEY=/path/to/release.key attestations/make.sh
# The private key stays with the maintainers; attestations/margo-ssdf.pub is its public half.
# Needs the OSV corpora imported (margo-ssdf db import ...) and a venv with the test extra.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${VENV:-.venv}"
key="${MARGO_SSDF_RELEASE_KEY:?set MARGO_SSDF_RELEASE_KEY to the release private key}"

rm -rf dist
"$venv/bin/pip" wheel --quiet --no-deps --no-build-isolation -w dist .
# Tests of the committed attestation wait for the new one (audited below); CI runs them all.
"$venv/bin/python" -m pytest -q -p no:cacheprovider -m "not own_attestation"  # writes junit.xml
"$venv/bin/margo-ssdf" attest . --artifact 'dist/*.whl' --test-report test-results/junit.xml \
  --sign key --key "$key" --out attestations/current --no-cache
"$venv/bin/margo-ssdf" audit attestations/current/*.dsse.json --key attestations/margo-ssdf.pub \
  --artifact dist/*.whl --evidence-dir attestations/current
