#!/usr/bin/env bash
# Install margo-ssdf from a checkout of a pinned commit into a new virtual environment:
#   install.sh VENV SOURCE
# Every dependency (and the build backend) comes from SOURCE/workflows/requirements.lock and is
# hash-checked by pip; margo-ssdf itself is built from SOURCE without fetching anything, so the
# only unhashed input is SOURCE, which the caller pinned by commit.
set -euo pipefail

venv="${1:?usage: install.sh VENV SOURCE}"
source="${2:?usage: install.sh VENV SOURCE}"
lock="$source/workflows/requirements.lock"
python="${PYTHON:-python3}"

fail() {
  printf '::error title=margo-ssdf::%s\n' "$1"
  exit 2
}

[ -f "$lock" ] || fail "$lock is missing: this margo-ssdf commit has no hash-locked dependencies."
version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
supported="$(sed -n 's/^# Pythons: \([0-9. ]*\);.*/\1/p' "$lock")"
case " $supported " in
  *" $version "*) ;;
  *) fail "Python $version is not one the dependency lock covers ($supported): set python-version to one of them." ;;
esac

"$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install --require-hashes --only-binary=:all: --no-deps -r "$lock"
"${pip[@]}" install --no-deps --no-build-isolation --no-index "$source"
"${pip[@]}" check  # the lock is complete: every requirement is installed at an accepted version
