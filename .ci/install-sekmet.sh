#!/usr/bin/env bash
# Install the sekmet-fhir test server (FastAPI + SQLite, FHIR R4) into its own virtual environment,
# so its dependencies never clash with fhirconv's. Idempotent: quick when already installed.
#   SEKMET_VENV  where the environment lives (default: <repo>/.sekmet/venv)
#   SEKMET_SPEC  what to install (default: sekmet-fhir==0.1.1, the version the tests were written against)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${SEKMET_VENV:-$repo/.sekmet/venv}"
spec="${SEKMET_SPEC:-sekmet-fhir==0.1.1}"
python="${PYTHON:-python3}"

if [[ -x "$venv/bin/sekmet" ]]; then
    echo "sekmet-fhir already installed: $venv/bin/sekmet"
    exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
    echo "creating virtual environment $venv"
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$spec"

if [[ ! -x "$venv/bin/sekmet" ]]; then
    echo "error: $spec installed but $venv/bin/sekmet is missing" >&2
    exit 1
fi
echo "sekmet-fhir installed: $venv/bin/sekmet"
