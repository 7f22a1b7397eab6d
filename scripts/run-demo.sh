#!/usr/bin/env bash
# Set up (first time only) and open CareLog on the embedded default database in your data folder.
# A new, empty database is filled with fictional demo data first. Extra arguments go to carelog.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/carelog --demo "$@"
