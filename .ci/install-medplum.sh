#!/usr/bin/env bash
# Install the Medplum FHIR engine the push tests run (tests/push/medplum: @medplum/fhir-router with its
# in-memory repository behind a small Node HTTP front), pinned by its package-lock.json.
# Idempotent: quick when already installed. Needs Node.js 18+ and npm (Debian: apt-get install nodejs npm).
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/push/medplum"

if [[ -d "$dir/node_modules/@medplum/fhir-router" ]]; then
    echo "Medplum engine already installed: $dir/node_modules"
    exit 0
fi
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "error: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
    exit 1
fi
(cd "$dir" && npm ci --no-audit --no-fund)
echo "Medplum engine installed: $dir/node_modules"
