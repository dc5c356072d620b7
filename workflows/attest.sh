#!/usr/bin/env bash
# The composite action's logic, kept in a file so it can be tested with a simulated GitHub
# environment. Inputs arrive as INPUT_* variables; errors become `::error` annotations.
set -uo pipefail

margo="${MARGO_SSDF_BIN:-$RUNNER_TEMP/margo-ssdf/bin/margo-ssdf}"
out="${INPUT_OUT:-margo-ssdf-out}"
# Unique per step, so matrix jobs, repeated uses and the caller's own artifacts never collide.
nonce="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
artifact="${INPUT_ARTIFACT_NAME:-margo-ssdf-${GITHUB_RUN_ID:-0}-${GITHUB_RUN_ATTEMPT:-1}-${GITHUB_JOB:-job}-$nonce}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

annotate() {  # one ::error annotation per margo-ssdf error line
  local text
  text="$(sed -n 's/^margo-ssdf: error: //p' "$log")"
  [ -n "$text" ] || text="margo-ssdf exited with status $1; see the log above."
  while IFS= read -r line; do
    printf '::error title=margo-ssdf::%s\n' "$line"
  done <<< "$text"
}

fail() {
  printf '::error title=margo-ssdf::%s\n' "$1"
  exit 2
}

case "${INPUT_SIGN:-sigstore}" in
  sigstore)
    if [ -z "${MARGO_SSDF_IDENTITY_TOKEN:-}" ] && [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ]; then
      fail "sign: sigstore needs an OIDC token, and this job cannot request one. Add 'permissions: id-token: write' to the job (or use sign: key / none)."
    fi ;;
  key)
    [ -n "${INPUT_KEY_FILE:-}" ] || fail "sign: key needs the key-file input (a PEM private key)." ;;
  none) ;;
  *) fail "sign must be sigstore, key or none, not '${INPUT_SIGN}'." ;;
esac

# With db-update the database lives where the action caches it, one entry per day.
if [ "${INPUT_DB_UPDATE:-false}" = "true" ]; then
  export MARGO_SSDF_DB="${RUNNER_TEMP}/margo-ssdf-osv/osv.sqlite3"
fi

if [ -n "${INPUT_OSV_SOURCE:-}" ]; then
  if ! "$margo" db import "$INPUT_OSV_SOURCE" 2> >(tee "$log" >&2); then
    annotate 2
    fail "osv-source '${INPUT_OSV_SOURCE}' could not be imported."
  fi
fi

# A failed update is not fatal here: the checks then judge the data the cache restored, and
# data missing or older than the policy's max_database_age makes the verdict incomplete.
if [ "${INPUT_DB_UPDATE:-false}" = "true" ]; then
  if "$margo" db update 2> >(tee "$log" >&2); then
    echo "db-updated=true" >> "${GITHUB_OUTPUT:-/dev/null}"
  else
    sleep 0.1
    while IFS= read -r line; do
      printf '::warning title=margo-ssdf::%s\n' "$line"
    done <<< "$(sed -n 's/^margo-ssdf: error: //p' "$log")"
    printf '::warning title=margo-ssdf::%s\n' "db update failed; auditing with the vulnerability data at hand (set db-update: \"false\" and give osv-source on a runner without network)."
  fi
fi

args=(attest "${INPUT_PATH:-.}" --out "$out" --sign "${INPUT_SIGN:-sigstore}" --format text)
[ -n "${INPUT_POLICY:-}" ] && args+=(--policy "$INPUT_POLICY")
[ -n "${INPUT_KEY_FILE:-}" ] && args+=(--key "$INPUT_KEY_FILE")
while IFS= read -r item; do
  [ -n "$item" ] && args+=(--artifact "$item")
done <<< "${INPUT_ARTIFACTS:-}"
while IFS= read -r item; do
  [ -n "$item" ] && args+=(--subject "$item")
done <<< "${INPUT_IMAGES:-}"
while IFS= read -r item; do
  [ -n "$item" ] && args+=(--test-report "$item")
done <<< "${INPUT_TEST_REPORTS:-}"

"$margo" "${args[@]}" 2> >(tee "$log" >&2)
status=$?
sleep 0.1  # let tee finish writing the log
if [ "$status" -eq 2 ] || { [ "$status" -eq 3 ] && [ ! -f "$out/summary.json" ]; }; then
  annotate "$status"
  exit "$status"
fi

verdict="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["evaluation"]["verdict"])' "$out/summary.json")"
attestation="$(find "$out" -maxdepth 1 \( -name '*.dsse.json' -o -name '*.sigstore.json' \) | head -n 1)"
statements="$(find "$out" -maxdepth 1 -name '*.intoto.jsonl' | head -n 1)"
{
  echo "verdict=$verdict"
  echo "out-dir=$out"
  echo "attestation=$attestation"
  echo "statements=$statements"
  echo "artifact-name=$artifact"
} >> "${GITHUB_OUTPUT:-/dev/null}"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  summary="$(mktemp)"
  trust=()
  case "${INPUT_SIGN:-sigstore}" in
    key) trust=(--key "${INPUT_KEY_FILE%.key}.pub") ;;
    sigstore) trust=(--identity "${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_WORKFLOW_REF:-}"
                     --issuer https://token.actions.githubusercontent.com) ;;
  esac
  if [ -n "$attestation" ] && "$margo" report "$attestation" --evidence-dir "$out" \
      --format md -o "$summary" "${trust[@]}" >/dev/null 2>&1; then
    cat "$summary" >> "$GITHUB_STEP_SUMMARY"
  else
    python3 - "$out/summary.json" >> "$GITHUB_STEP_SUMMARY" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
ev = s["evaluation"]
counts = {}
for t in ev["tasks"]:
    counts[t["state"]] = counts.get(t["state"], 0) + 1
print(f"## margo-ssdf: {ev['verdict'].replace('_', ' ')}\n")
print(f"Policy `{ev['policy_name']}` (sha256 `{ev['policy_sha256'][:12]}`): "
      + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + "\n")
if ev["reasons"]:
    print("| Required task not met |\n|---|")
    for reason in ev["reasons"][:20]:
        print("| " + reason.replace("|", "\\|") + " |")
PY
  fi
  rm -f "$summary"
fi

if [ "$status" -ne 0 ]; then
  annotate_text="release is ${verdict//_/ } (exit $status)"
  if [ "${INPUT_FAIL_ON_NONCOMPLIANT:-true}" = "true" ]; then
    printf '::error title=margo-ssdf::%s\n' "$annotate_text"
    exit "$status"
  fi
  printf '::warning title=margo-ssdf::%s\n' "$annotate_text"
fi
exit 0
