#!/usr/bin/env bash
# Creates ./.venv and installs the Python tools into it when missing or changed: everything
# (requirements-dev.txt: moto, cfn-lint, checkov) by default, or with `moto` only the emulator
# (requirements-moto.txt), for `npm run demo` and `npm run moto`.
# Idempotent and quick when present: a stamp per set records the hash of what it installed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
if [ "${1:-all}" = "moto" ]; then
  set_name="moto"; files=("$root/requirements-moto.txt"); what="moto"
else
  set_name="dev"; files=("$root/requirements-dev.txt" "$root/requirements-moto.txt"); what="moto, cfn-lint and checkov"
fi
stamp="$venv/.requirements-$set_name.sha256"
want="$(cat "${files[@]}" | sha256sum | cut -d' ' -f1)"

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "python-tools: $python not found. Install Python 3.9+ with venv and pip (Debian: apt-get install python3 python3-venv python3-pip), or set PYTHON." >&2
  exit 1
fi
if ! "$python" -m venv --help >/dev/null 2>&1; then
  echo "python-tools: '$python -m venv' is unavailable. Install the venv module (Debian: apt-get install python3-venv)." >&2
  exit 1
fi
echo "python-tools: installing $what into .venv (first run takes a minute)" >&2
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "${files[0]}" >&2
echo "$want" > "$stamp"
echo "python-tools: ready ($what)" >&2
