#!/usr/bin/env bash
# Every test, from a fresh clone: lint gates, then all test projects with coverage.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/prerequisites.sh
exec ./build.sh --target=Test "$@"
