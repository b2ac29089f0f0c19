#!/usr/bin/env bash
# Creates ./.venv and installs requirements-dev.txt into it when missing or changed.
# Idempotent and quick when present: a stamp records the hash of requirements-dev.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$root/requirements-dev.txt" | cut -d' ' -f1)"

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
echo "python-tools: installing moto, cfn-lint and checkov into .venv (first run takes a minute)" >&2
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/requirements-dev.txt" >&2
echo "$want" > "$stamp"
echo "python-tools: ready ($("$venv/bin/moto_server" --version 2>/dev/null || echo moto), $("$venv/bin/cfn-lint" --version), checkov $("$venv/bin/checkov" --version))" >&2
